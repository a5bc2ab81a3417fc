"""What every API viewset shares: id lookups that answer 404 (never a database error), and ``?locale=``."""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError

from catalog.api.bounds import id_parse
from catalog.queries import locale_chains

LOCALE_PARAMETER = OpenApiParameter(
    "locale", OpenApiTypes.STR, OpenApiParameter.QUERY,
    description="A locale code (en, pl, it, ...): texts in that locale, each field falling back along the locale's "
                "chain (it -> en). Without it, every stored translation and every label.",
)


class ApiViewSet(viewsets.GenericViewSet):
    orderings = {"id": ("id",), "-id": ("-id",)}
    default_ordering = "id"

    def get_object(self):
        if id_parse(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")) is None:
            raise NotFound()
        return super().get_object()

    @cached_property
    def locale_chain(self) -> list[str] | None:
        """The ``?locale=`` chain (["it", "en"]), or None for every locale. An unknown code is a 400."""
        code = self.request.query_params.get("locale")
        if not code:
            return None
        chains = locale_chains()  # one query over the locale table, never a lookup with the client's text
        if code not in chains:
            raise ValidationError({"locale": [_("%(value)s is not a configured locale (%(codes)s).")
                                              % {"value": code, "codes": ", ".join(sorted(chains))}]})
        return chains[code]

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "locale_chain": self.locale_chain if self.request else None}
