"""The four roles, as auth groups: Merchandiser, Channel manager, Viewer, Integration.

A role is a list of permission patterns (app label, model or "*", actions); the groups' permissions are rebuilt
from them by the roles migration and after every `migrate`, so a model added later joins the roles it belongs to.
Users get a role by being put in its group (admin: Authentication and authorization -> Users).
"""

from dataclasses import dataclass

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)


@dataclass(frozen=True)
class Grant:
    app_label: str
    model: str  # a model name in lower case, or "*" for every model of the app
    actions: tuple[str, ...]


MERCHANDISER = "Merchandiser"
CHANNEL_MANAGER = "Channel manager"
VIEWER = "Viewer"
INTEGRATION = "Integration"

# Feed tokens and destination secrets are shown only to users who may change channels: channel managers.
# API tokens (integrations.apitoken) belong to no role: superusers create them.
ROLES: dict[str, tuple[Grant, ...]] = {
    MERCHANDISER: (
        Grant("catalog", "*", ALL),
        Grant("syndication", "channellisting", ALL),  # exclusions, overrides and labels on the product page
        Grant("syndication", "channel", (VIEW,)),
        Grant("syndication", "feedrun", (VIEW,)),
        Grant("syndication", "feedissue", (VIEW,)),
        Grant("integrations", "tombstone", (VIEW,)),
    ),
    CHANNEL_MANAGER: (
        Grant("catalog", "*", (VIEW,)),
        Grant("syndication", "*", ALL),
        Grant("integrations", "tombstone", (VIEW,)),
    ),
    VIEWER: (
        Grant("catalog", "*", (VIEW,)),
        Grant("syndication", "channel", (VIEW,)),
        Grant("syndication", "channellisting", (VIEW,)),
        Grant("syndication", "feedrun", (VIEW,)),
        Grant("syndication", "feedissue", (VIEW,)),
        Grant("integrations", "tombstone", (VIEW,)),
    ),
    # API only: integration users are not staff, so the admin refuses them whatever their permissions.
    INTEGRATION: (
        Grant("catalog", "*", (VIEW, ADD, CHANGE)),
        Grant("syndication", "channel", (VIEW,)),
        Grant("syndication", "feedrun", (VIEW, ADD)),
        Grant("syndication", "feedissue", (VIEW,)),
        Grant("integrations", "tombstone", (VIEW,)),  # deletions, archivings and exclusions for incremental sync
    ),
}


def groups_sync(*, apps) -> dict[str, int]:
    """Create the role groups and set exactly their permissions (``apps``: the migration's or the real registry)."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    permissions = list(permission_model.objects.select_related("content_type").filter(
        content_type__app_label__in={grant.app_label for grants in ROLES.values() for grant in grants}))
    counts = {}
    for name, grants in ROLES.items():
        granted = [permission for permission in permissions if any(_grants(grant, permission) for grant in grants)]
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.set(granted)
        counts[name] = len(granted)
    return counts


def _grants(grant: Grant, permission) -> bool:
    content_type = permission.content_type
    action, _separator, model = permission.codename.partition("_")
    return (content_type.app_label == grant.app_label and (grant.model in ("*", content_type.model))
            and model == content_type.model and action in grant.actions)


def groups_sync_after_migrate(sender, app_config=None, using: str = "default", apps=None, **kwargs) -> None:
    # post_migrate is sent once per app; syncing after the last one (ours is installed last) sees every model.
    if app_config is None or app_config.label != "roles":
        return
    from django.apps import apps as registry

    groups_sync(apps=registry)
