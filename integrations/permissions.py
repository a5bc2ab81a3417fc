"""API permissions: the user's model permissions (view ones for reads) and the token's read-only flag."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions
from rest_framework.request import Request

from integrations.models import ApiToken


class ModelPermissions(DjangoModelPermissions):
    """Django's model permissions, with ``view_<model>`` required for reads, so the roles (roles/groups.py) apply.

    A view may name the permissions of one of its actions (``action_permissions = {"generate":
    ["syndication.add_feedrun"]}``) or of a view without a model (``required_permissions``).
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request: Request, view) -> bool:
        explicit = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if explicit is None:
            explicit = getattr(view, "required_permissions", None)
        if explicit is None:
            return super().has_permission(request, view)
        return bool(request.user and request.user.is_authenticated and request.user.has_perms(explicit))


class TokenScope(BasePermission):
    """A read-only token may only read."""

    message = _("This API token is read-only.")

    def has_permission(self, request: Request, view) -> bool:
        token = request.auth
        return not (isinstance(token, ApiToken) and token.read_only and request.method not in SAFE_METHODS)
