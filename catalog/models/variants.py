from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.gtin import gtin_normalise, validate_gtin
from catalog.history.records import PimHistoricalRecords
from catalog.validators import compiled_now

from .products import Product

sku_validator = compiled_now(RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,49}$",
    message=_("Use 1-50 letters, digits, dots, slashes, dashes or underscores."),
    code="invalid_sku",
))


class Variant(models.Model):
    """The sellable unit. Feeds emit one item per variant; every product has at least one."""

    class AvailabilityOverride(models.TextChoices):
        NONE = "", _("From stock")
        PREORDER = "preorder", _("Preorder (not yet released)")
        BACKORDER = "backorder", _("Backorder (restocking)")

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=50, unique=True, validators=[sku_validator])
    gtin = models.CharField(
        _("GTIN"), max_length=14, null=True, blank=True, unique=True, validators=[validate_gtin],
        help_text=_("EAN / UPC / GTIN-8, -12, -13 or -14, with a valid check digit."),
    )
    mpn = models.CharField(_("MPN"), max_length=70, blank=True)
    axis_values = models.JSONField(_("axis values"), default=dict, blank=True)
    # Sorted "axis=value" pairs: lets the database refuse two variants of one product with the same axes.
    axis_key = models.CharField(max_length=500, blank=True, editable=False)
    attributes = models.JSONField(_("attribute values"), default=dict, blank=True)
    weight = models.DecimalField(
        _("weight (kg)"), max_digits=10, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    availability_override = models.CharField(
        _("availability"), max_length=9, choices=AvailabilityOverride.choices, default="", blank=True,
    )
    available_from = models.DateTimeField(
        _("available from"), null=True, blank=True, help_text=_("Release or restock date for preorder / backorder."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    history = PimHistoricalRecords(no_db_index=["gtin"])

    class Meta:
        ordering = ("product", "position", "id")
        constraints = [models.UniqueConstraint(
            fields=("product", "axis_key"), name="variant_axes_unique_in_product",
            violation_error_message=_("Another variant of this product has the same axis values."),
            violation_error_code="duplicate_axes",
        )]
        verbose_name = _("variant")
        verbose_name_plural = _("variants")

    def __str__(self) -> str:
        return self.sku

    def clean(self) -> None:
        self.clean_values()
        if self.product_id:
            self._axes_unique_check()

    def clean_values(self) -> None:
        """clean() without its query: a bulk import runs this per variant and checks the axes once per chunk."""
        from catalog.attribute_values import variant_attributes_clean

        if self.gtin is not None:
            self.gtin = gtin_normalise(self.gtin) or None
        if self.product_id:
            variant_attributes_clean(variant=self)

    def clean_fields(self, exclude=None) -> None:
        # clean() turns the values into their stored JSON shapes (a typed form gives dates and decimals); the
        # JSON check before it would refuse those with "Value must be valid JSON.", naming neither.
        if self.gtin:  # "590-1234-12345-7" is 16 characters; normalise before the 14-character limit is checked
            self.gtin = gtin_normalise(self.gtin) or None
        super().clean_fields(exclude={*(exclude or ()), "attributes", "axis_values"})

    def validate_constraints(self, exclude=None) -> None:
        # clean() already checked the axes with a message naming the twin; the database index still enforces them.
        super().validate_constraints(exclude={*(exclude or ()), "axis_key"})

    def unique_error_message(self, model_class, unique_check) -> ValidationError:
        # Django's default ("Variant with this SKU already exists.") does not say which SKU or GTIN was refused.
        if tuple(unique_check) in {("sku",), ("gtin",)}:
            field_name = unique_check[0]
            return ValidationError(
                _("Another variant already has the %(field_label)s %(value)s."), code="unique",
                params={"field_label": self._meta.get_field(field_name).verbose_name,
                        "value": getattr(self, field_name)},
            )
        return super().unique_error_message(model_class, unique_check)

    def _axes_unique_check(self) -> None:
        if not self.axis_key:
            return
        twins = Variant.objects.filter(product_id=self.product_id, axis_key=self.axis_key).exclude(pk=self.pk)
        if sku := twins.values_list("sku", flat=True).first():
            raise self.axes_taken_error(twin_sku=sku)

    def axes_taken_error(self, *, twin_sku: str) -> ValidationError:
        return ValidationError({"axis_values": ValidationError(
            _("%(value)s: variant %(sku)s of this product already has these axis values."), code="duplicate_axes",
            params={"value": ", ".join(f"{code}={value}" for code, value in self.axis_values.items()),
                    "sku": twin_sku},
        )})
