from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalog")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from catalog.history.timeline import catalog_history_kinds_register

        catalog_history_kinds_register()  # the product history page lists these models' versions
