from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.currencies import currency_decimals, validate_currency
from catalog.history.records import PimHistoricalRecords

from .attributes import code_validator
from .variants import Variant


class PriceList(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency],
                                help_text=_("ISO 4217 code, e.g. PLN, EUR, USD."))

    class Meta:
        ordering = ("code",)
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")

    def __str__(self) -> str:
        return f"{self.name} ({self.currency})"


class Price(models.Model):
    """A variant's price in one price list, with an optional promotion window shown on every channel using it."""

    # No index of its own: price_variant_list_unique starts with the variant (a second index slowed every write).
    variant = models.ForeignKey(Variant, verbose_name=_("variant"), on_delete=models.CASCADE, related_name="prices",
                                db_index=False)
    price_list = models.ForeignKey(PriceList, verbose_name=_("price list"), on_delete=models.PROTECT,
                                   related_name="prices")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=4)
    sale_amount = models.DecimalField(_("sale amount"), max_digits=14, decimal_places=4, null=True, blank=True)
    sale_start = models.DateTimeField(_("sale starts"), null=True, blank=True)
    sale_end = models.DateTimeField(_("sale ends"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    history = PimHistoricalRecords(no_db_index=["price_list"])

    class Meta:
        ordering = ("variant", "price_list")
        constraints = [models.UniqueConstraint(fields=("variant", "price_list"), name="price_variant_list_unique")]
        verbose_name = _("price")
        verbose_name_plural = _("prices")

    def __str__(self) -> str:
        return f"{self.amount} {self.price_list.currency}" if self.price_list_id else str(self.amount)

    def clean(self) -> None:
        problems: dict[str, ValidationError] = {}
        decimals = currency_decimals(self.price_list.currency) if self.price_list_id else None
        for field in ("amount", "sale_amount"):
            value = getattr(self, field)
            if value is None:
                continue
            if value <= 0:
                problems[field] = ValidationError(
                    _("%(value)s must be above zero."), code="not_positive", params={"value": value},
                )
            elif decimals is not None and -value.normalize().as_tuple().exponent > decimals:
                problems[field] = ValidationError(
                    _("%(value)s has more decimals than %(currency)s allows (%(decimals)s)."), code="too_many_decimals",
                    params={"value": value, "currency": self.price_list.currency, "decimals": decimals},
                )
        if "sale_amount" not in problems and self.sale_amount is not None and self.amount is not None \
                and self.sale_amount >= self.amount:
            problems["sale_amount"] = ValidationError(
                _("Sale amount %(value)s must be below the amount %(amount)s."), code="sale_not_below_amount",
                params={"value": self.sale_amount, "amount": self.amount},
            )
        if self.sale_start and self.sale_end and self.sale_start >= self.sale_end:
            problems["sale_end"] = ValidationError(
                _("Sale end %(value)s must be after the sale start %(start)s."), code="sale_end_before_start",
                params={"value": self.sale_end.isoformat(), "start": self.sale_start.isoformat()},
            )
        if (self.sale_start or self.sale_end) and self.sale_amount is None:
            problems["sale_amount"] = ValidationError(
                _("A sale window needs a sale amount."), code="sale_window_without_amount",
            )
        if problems:
            raise ValidationError(problems)
