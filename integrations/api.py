"""Tombstones in the API: what an incremental reader must forget since its last ``updated_since``.

Shaped like the web JSON feed's deletions (FEEDS.md §3): ``{"@type": "DataFeedItem", "dateDeleted": ...,
"item": {"@type": "Product", "sku": ..., "inProductGroupWithID": ...}}``, plus why (``reason``) and, for an
exclusion, from which channel.
"""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers
from rest_framework.exceptions import ValidationError

from catalog.api.filters import UpdatedSinceFilter
from catalog.api.schema import ERROR
from catalog.api.viewsets import ApiViewSet
from integrations.models import Tombstone
from syndication.models import Channel


class TombstoneItemSerializer(serializers.Serializer):
    def get_fields(self) -> dict:
        return {"@type": serializers.CharField(default="Product"), "sku": serializers.CharField(),
                "inProductGroupWithID": serializers.CharField(help_text="The product code.")}


class TombstoneSerializer(serializers.Serializer):
    """Field names with "@" follow schema.org, so they are declared here rather than as attributes."""

    def get_fields(self) -> dict:
        return {
            "id": serializers.IntegerField(),
            "@type": serializers.CharField(default="DataFeedItem"),
            "dateDeleted": serializers.DateTimeField(help_text="When the item left."),
            "reason": serializers.ChoiceField(choices=Tombstone.Kind.choices, help_text=(
                "deleted: gone from the catalog; archived: gone from every channel (the product may come back, "
                "then it is listed again by updated_since); excluded: gone from one channel.")),
            "channel": serializers.CharField(allow_null=True, help_text="The channel code, for exclusions."),
            "item": TombstoneItemSerializer(),
        }

    def to_representation(self, tombstone: Tombstone) -> dict:
        return {"id": tombstone.pk, "@type": "DataFeedItem", "dateDeleted": tombstone.at.isoformat(),
                "reason": tombstone.kind, "channel": tombstone.channel.code if tombstone.channel else None,
                "item": {"@type": "Product", "sku": tombstone.sku, "inProductGroupWithID": tombstone.product_code}}


class TombstoneFilter(django_filters.FilterSet):
    updated_since = UpdatedSinceFilter(field_name="at")
    channel = django_filters.CharFilter(method="for_channel", help_text=(
        "A channel code: that channel's exclusions and every deletion and archiving (what a reader of that "
        "channel must forget)."))
    reason = django_filters.ChoiceFilter(field_name="kind", choices=Tombstone.Kind.choices)
    sku = django_filters.CharFilter()

    class Meta:
        model = Tombstone
        fields = ()

    def for_channel(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        channel = Channel.objects.filter(code=value).first()
        if channel is None:
            raise ValidationError({"channel": [_("%(value)s is not a channel code.") % {"value": value}]})
        return queryset.filter(Q(channel__isnull=True) | Q(channel=channel))


class TombstoneViewSet(ApiViewSet, mixins.ListModelMixin):
    """Deletions, archivings and channel exclusions, oldest first, kept for PIM_TOMBSTONE_RETENTION_DAYS.

    Read them with the same ``updated_since`` as the product list and keep the ``sync_cutoff``.
    """

    queryset = Tombstone.objects.select_related("channel")
    serializer_class = TombstoneSerializer
    filterset_class = TombstoneFilter
    orderings = {"at": ("at", "id")}
    default_ordering = "at"
    sync_cutoff = True
    error_responses = {"list": {"410": ERROR}}
