from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Roles")

    def ready(self) -> None:
        from roles.groups import groups_sync_after_migrate

        # Models added by later migrations get their permissions after migrate: keep the groups in step.
        post_migrate.connect(groups_sync_after_migrate, dispatch_uid="roles_groups_sync")
