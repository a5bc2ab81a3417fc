"""Channels, feed runs and their issues in the API (read), and "generate now" (POST, 202 with the run)."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from catalog.api.filters import id_filter
from catalog.api.viewsets import ApiViewSet
from catalog.models import Product
from syndication.links import channel_feed_url
from syndication.models import Channel, FeedIssue, FeedRun
from syndication.services import feed_run_request

# The feed URL carries the channel's secret token: only those who may change the channel see it (as in the admin).
FEED_URL_PERMISSION = "syndication.change_channel"


class ChannelSerializer(serializers.ModelSerializer):
    locale = serializers.SlugRelatedField(slug_field="code", read_only=True)
    price_list = serializers.SlugRelatedField(slug_field="code", read_only=True)
    currency = serializers.CharField(source="price_list.currency", read_only=True)
    stock_locations = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    categories = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True,
                                              help_text="Category scope (codes; sub-categories included). Empty: all.")
    statuses = serializers.ListField(child=serializers.ChoiceField(choices=Product.Status.choices))
    feed_url = serializers.SerializerMethodField()

    class Meta:
        model = Channel
        fields = ("id", "code", "name", "format", "active", "locale", "price_list", "currency", "country",
                  "stock_locations", "categories", "statuses", "link_template", "follows_catalog",
                  "debounce_seconds", "current_run", "updated_at", "feed_url")
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True,
                          "description": "Only for users who may change channels (it holds the secret token); "
                                         "null for everyone else."})
    def get_feed_url(self, channel: Channel) -> str | None:
        request = self.context.get("request")
        if request is None or not request.user.has_perm(FEED_URL_PERMISSION):
            return None
        return channel_feed_url(channel)


class FeedRunSerializer(serializers.ModelSerializer):
    channel = serializers.SlugRelatedField(slug_field="code", read_only=True)
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = FeedRun
        fields = ("id", "channel", "trigger", "status", "created_at", "started_at", "finished_at", "duration_seconds",
                  "items_written", "items_skipped", "warnings", "bytes", "sha256", "file_name", "error")
        read_only_fields = fields


class FeedIssueSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedIssue
        fields = ("id", "run", "sku", "product_code", "field", "severity", "code", "message")
        read_only_fields = fields


class ChannelFilter(django_filters.FilterSet):
    # Not "format": DRF reads ?format= to choose the renderer.
    feed_format = django_filters.CharFilter(field_name="format", help_text="A feed format, e.g. google_merchant.")

    class Meta:
        model = Channel
        fields = ("code", "active")


class ChannelViewSet(ApiViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Sales channels. ``feed_url`` is filled in for users who may change channels."""

    queryset = Channel.objects.select_related("locale", "price_list").prefetch_related("stock_locations",
                                                                                        "categories")
    serializer_class = ChannelSerializer
    filterset_class = ChannelFilter
    orderings = {"id": ("id",), "-id": ("-id",), "code": ("code",), "-code": ("-code",)}
    action_permissions = {"generate": ["syndication.view_channel", "syndication.add_feedrun"]}

    @extend_schema(request=None, responses={202: OpenApiResponse(FeedRunSerializer, description=(
        "The run queued for the worker, or the one already waiting (requests coalesce)."))})
    @action(detail=True, methods=["post"])
    def generate(self, request: Request, pk: str | None = None) -> Response:
        """Generate the channel's feed now: queues a run (or returns the one already waiting)."""
        channel = self.get_object()
        if not channel.active:
            raise ValidationError({"channel": [_("Channel %(value)s is not active.") % {"value": channel.code}]})
        run = feed_run_request(channel=channel, trigger=FeedRun.Trigger.API)
        run = FeedRun.objects.select_related("channel").get(pk=run.pk)
        return Response(FeedRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class FeedRunFilter(django_filters.FilterSet):
    channel = django_filters.CharFilter(field_name="channel__code", help_text="A channel code.")
    status = django_filters.ChoiceFilter(choices=FeedRun.Status.choices)
    trigger = django_filters.ChoiceFilter(choices=FeedRun.Trigger.choices)

    class Meta:
        model = FeedRun
        fields = ()


class FeedRunViewSet(ApiViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Feed runs, newest first."""

    queryset = FeedRun.objects.select_related("channel")
    serializer_class = FeedRunSerializer
    filterset_class = FeedRunFilter
    default_ordering = "-id"


class FeedIssueFilter(django_filters.FilterSet):
    run = id_filter("run_id", "A feed run id.")
    channel = django_filters.CharFilter(field_name="run__channel__code", help_text="A channel code.")
    severity = django_filters.ChoiceFilter(choices=FeedIssue.Severity.choices)
    code = django_filters.CharFilter()
    sku = django_filters.CharFilter()

    class Meta:
        model = FeedIssue
        fields = ()


class FeedIssueViewSet(ApiViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """What runs found wrong with items: an error left the item out, a warning kept it. Filter by ``run``."""

    queryset = FeedIssue.objects.all()
    serializer_class = FeedIssueSerializer
    filterset_class = FeedIssueFilter
