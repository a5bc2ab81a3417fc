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
