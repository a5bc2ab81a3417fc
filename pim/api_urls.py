"""The REST API for integrations, mounted at /api/v1/ (README: "REST API for integrations")."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from catalog.api.bulk import PricesBulkView, StockLevelsBulkView
from catalog.api.products import ProductViewSet, VariantViewSet
from catalog.api.reference import (
    AttributeViewSet,
    BrandViewSet,
    CategoryViewSet,
    FamilyViewSet,
    LocaleViewSet,
    LocationViewSet,
    PriceListViewSet,
)
from integrations.api import TombstoneViewSet
from syndication.api import ChannelViewSet, FeedIssueViewSet, FeedRunViewSet

app_name = "api"

router = DefaultRouter()
router.register("products", ProductViewSet, basename="product")
router.register("variants", VariantViewSet, basename="variant")
router.register("tombstones", TombstoneViewSet, basename="tombstone")
router.register("categories", CategoryViewSet, basename="category")
router.register("brands", BrandViewSet, basename="brand")
router.register("families", FamilyViewSet, basename="family")
router.register("attributes", AttributeViewSet, basename="attribute")
router.register("locales", LocaleViewSet, basename="locale")
router.register("locations", LocationViewSet, basename="location")
router.register("price-lists", PriceListViewSet, basename="price-list")
router.register("channels", ChannelViewSet, basename="channel")
router.register("feed-runs", FeedRunViewSet, basename="feed-run")
router.register("feed-issues", FeedIssueViewSet, basename="feed-issue")

urlpatterns = [
    path("stock-levels/bulk/", StockLevelsBulkView.as_view(), name="stock-levels-bulk"),
    path("prices/bulk/", PricesBulkView.as_view(), name="prices-bulk"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    *router.urls,
]
