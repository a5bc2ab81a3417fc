from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.validators import compiled_now

code_validator = compiled_now(RegexValidator(
    r"^[a-z][a-z0-9_]*$", message=_("Use lower-case letters, digits and underscores, starting with a letter."),
    code="invalid_code",
))


class LabelledMixin(models.Model):
    """A name in the default language plus optional names per locale code, read with a fallback chain."""

    name = models.CharField(_("name"), max_length=200)
    labels = models.JSONField(_("names per locale"), default=dict, blank=True)

    class Meta:
        abstract = True

    def label_for(self, locale_chain: list[str]) -> str:
        for locale_code in locale_chain:
            if label := self.labels.get(locale_code):
                return label
        return self.name


class Attribute(LabelledMixin):
    class Type(models.TextChoices):
        TEXT = "text", _("Text")
        RICH_TEXT = "rich_text", _("Rich text")
        NUMBER = "number", _("Number")
        MEASUREMENT = "measurement", _("Measurement")
        BOOLEAN = "boolean", _("Yes / no")
        DATE = "date", _("Date")
        SINGLE_SELECT = "single_select", _("Single select")
        MULTI_SELECT = "multi_select", _("Multi select")
        URL = "url", _("URL")

    code = models.CharField(_("code"), max_length=64, unique=True, validators=[code_validator])
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    localizable = models.BooleanField(
        _("localizable"), default=False, help_text=_("Has a value per language, edited with the translations."),
    )
    units = models.CharField(
        _("units"), max_length=100, blank=True,
        help_text=_("Measurements only: allowed units, comma-separated, the first is the default (e.g. cm, mm, m)."),
    )
    min_value = models.DecimalField(_("minimum"), max_digits=18, decimal_places=6, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=18, decimal_places=6, null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def unit_list(self) -> list[str]:
        return [unit.strip() for unit in self.units.split(",") if unit.strip()]

    @property
    def has_options(self) -> bool:
        return self.type in {self.Type.SINGLE_SELECT, self.Type.MULTI_SELECT}

    def clean(self) -> None:
        problems = {}
        if self.type == self.Type.MEASUREMENT and not self.unit_list:
            problems["units"] = ValidationError(_("A measurement needs at least one unit."), code="required")
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            problems["max_value"] = ValidationError(
                _("Maximum %(value)s is below the minimum %(min)s."), code="below_min",
                params={"value": self.max_value, "min": self.min_value},
            )
        if problems:
            raise ValidationError(problems)


class AttributeOption(LabelledMixin):
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("code"), max_length=64, validators=[code_validator])
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("attribute", "position", "code")
        constraints = [models.UniqueConstraint(fields=("attribute", "code"), name="attribute_option_code_unique")]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.name


class Family(LabelledMixin):
    """A product type: which attributes its products carry, which are required, which make variants differ."""

    code = models.CharField(_("code"), max_length=64, unique=True, validators=[code_validator])
    attributes = models.ManyToManyField(Attribute, through="FamilyAttribute", related_name="families")

    class Meta:
        ordering = ("code",)
        verbose_name = _("family")
        verbose_name_plural = _("families")

    def __str__(self) -> str:
        return self.name


class FamilyAttribute(models.Model):
    class Level(models.TextChoices):
        PRODUCT = "product", _("Product")
        VARIANT = "variant", _("Variant")
        AXIS = "axis", _("Variant axis")

    AXIS_TYPES = frozenset({Attribute.Type.SINGLE_SELECT, Attribute.Type.TEXT, Attribute.Type.NUMBER,
                            Attribute.Type.MEASUREMENT})

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="family_attributes")
    attribute = models.ForeignKey(Attribute, on_delete=models.PROTECT, related_name="family_attributes")
    level = models.CharField(
        _("level"), max_length=8, choices=Level.choices, default=Level.PRODUCT,
        help_text=_("Variant axes (e.g. colour, size) tell the variants of one product apart."),
    )
    required = models.BooleanField(_("required"), default=False, help_text=_("Required before a product is active."))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("family", "position", "id")
        constraints = [models.UniqueConstraint(fields=("family", "attribute"), name="family_attribute_unique")]
        verbose_name = _("family attribute")
        verbose_name_plural = _("family attributes")

    def __str__(self) -> str:
        return f"{self.family.code}.{self.attribute.code}"

    def clean(self) -> None:
        if self.level == self.Level.PRODUCT or not self.attribute_id:
            return
        if self.attribute.localizable:
            raise ValidationError({"attribute": ValidationError(
                _("%(value)s is localizable; variant attributes and axes are not translated."),
                code="localizable_on_variant", params={"value": self.attribute.code},
            )})
        if self.level == self.Level.AXIS and self.attribute.type not in self.AXIS_TYPES:
            raise ValidationError({"attribute": ValidationError(
                _("%(value)s is a %(type)s attribute; an axis must be a single select, text, number or measurement."),
                code="invalid_axis_type", params={"value": self.attribute.code, "type": self.attribute.type},
            )})
