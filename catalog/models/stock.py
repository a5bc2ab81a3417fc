from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.history.records import PimHistoricalRecords

from .attributes import code_validator
from .variants import Variant


class Location(models.Model):
    class Kind(models.TextChoices):
        WAREHOUSE = "warehouse", _("Warehouse")
        STORE = "store", _("Physical store")

    code = models.CharField(_("code"), max_length=64, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=9, choices=Kind.choices, default=Kind.WAREHOUSE)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2, e.g. PL."))
    address = models.TextField(_("address"), blank=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class StockLevel(models.Model):
    # No index of its own: stock_variant_location_unique starts with the variant (a second one slowed every write).
    variant = models.ForeignKey(Variant, verbose_name=_("variant"), on_delete=models.CASCADE,
                                related_name="stock_levels", db_index=False)
    location = models.ForeignKey(Location, verbose_name=_("location"), on_delete=models.PROTECT,
                                 related_name="stock_levels")
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    history = PimHistoricalRecords(no_db_index=["location"])

    class Meta:
        ordering = ("variant", "location")
        constraints = [models.UniqueConstraint(fields=("variant", "location"), name="stock_variant_location_unique")]
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")

    def __str__(self) -> str:
        return f"{self.quantity}"
