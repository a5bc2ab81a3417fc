from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "syndication"
    verbose_name = _("Syndication")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import syndication.delivery_tasks  # noqa: F401  (Celery's autodiscovery imports only syndication.tasks)
        from syndication import following, receivers  # noqa: F401  (connect the catalog signal receivers)
        from syndication.formats import formats_load

        formats_load()
        _listing_history_register()


def _listing_history_register() -> None:
    """Channel listings on the catalog's product history page (catalog does not know channels exist)."""
    from django.db.models import Q

    from catalog.history.timeline import HistoryKind, history_kind_register
    from syndication.models import ChannelListing

    history_kind_register(HistoryKind("listing", ChannelListing, 10, lambda product_id: Q(product_id=product_id),
                                      ("channel_id",), frozenset({"product_id", "channel_id"})))
