from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from catalog.history.records import PimHistoricalRecords, ProductHistoryBase
from catalog.validators import compiled_now

from .attributes import Family
from .locales import Locale
from .taxonomy import Brand, Category

# Product.code is the feeds' item group id; Google compares those ignoring case, so codes are unique ignoring case.
product_code_validator = compiled_now(RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$",
    message=_("Use 1-50 letters, digits, dots, dashes or underscores, starting with a letter or digit."),
    code="invalid_code",
))


def _categories_snapshot(products) -> dict[int, dict[str, object]]:
    """The other categories of each product, for its history row: one query for all of them."""
    product_ids = [product.pk for product in products]
    found: dict[int, list[int]] = {product_id: [] for product_id in product_ids}
    for product_id, category_id in Product.categories.through.objects.filter(product_id__in=product_ids).order_by(
            "category_id").values_list("product_id", "category_id"):
        found[product_id].append(category_id)
    return {product_id: {"category_ids": category_ids} for product_id, category_ids in found.items()}


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    code = models.CharField(_("code"), max_length=50, db_index=True, validators=[product_code_validator])
    family = models.ForeignKey(Family, verbose_name=_("family"), on_delete=models.PROTECT, related_name="products")
    brand = models.ForeignKey(
        Brand, verbose_name=_("brand"), null=True, blank=True, on_delete=models.PROTECT, related_name="products",
    )
    primary_category = models.ForeignKey(
        Category, verbose_name=_("primary category"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="primary_products",
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("other categories"), blank=True, related_name="products",
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    attributes = models.JSONField(_("attribute values"), default=dict, blank=True)
    # Optimistic locking: every save bumps it, and a save that carries an older value is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Every save, bulk edit and import writes a version (catalog.history); a save changing only the bookkeeping
    # (a page saved for a price change still bumps the version) writes none.
    history = PimHistoricalRecords(bases=(ProductHistoryBase,), snapshot=_categories_snapshot, skip_unchanged=True,
                                   bookkeeping=("version", "created_at", "updated_at", "updated_by_id"),
                                   no_db_index=["family", "brand", "primary_category", "updated_by"])

    class Meta:
        ordering = ("code",)
        constraints = [models.UniqueConstraint(
            Lower("code"), name="product_code_unique_ignoring_case",
            violation_error_message=_("A product with this code already exists (codes are compared ignoring case)."),
            violation_error_code="duplicate_code",
        )]
        indexes = [models.Index(fields=("status", "id")), models.Index(fields=("-updated_at", "-id"))]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.code

    def clean_fields(self, exclude=None) -> None:
        # clean() turns the values into their stored JSON shapes (a typed form gives dates and decimals); the
        # JSON check before it would refuse those with "Value must be valid JSON.", naming neither.
        super().clean_fields(exclude={*(exclude or ()), "attributes"})

    def validate_constraints(self, exclude=None) -> None:
        # clean() checks the code ignoring case with a message naming it; the database index still enforces it.
        super().validate_constraints(exclude={*(exclude or ()), "code"})

    def clean(self) -> None:
        # LOWER(code) = ..., the expression the unique index is built on (iexact's UPPER() would scan the table).
        same_code = Product.objects.annotate(code_lower=Lower("code")).filter(code_lower=(self.code or "").lower())
        if self.code and same_code.exclude(pk=self.pk).exists():
            raise ValidationError({"code": ValidationError(
                _("A product with the code %(value)s already exists (codes are compared ignoring case)."),
                code="duplicate_code", params={"value": self.code},
            )})
        self.clean_values()

    def clean_values(self) -> None:
        """clean() without its query: a bulk import runs this per product and checks uniqueness once per chunk."""
        from catalog.attribute_values import product_attributes_clean

        if self.family_id:
            self.attributes = product_attributes_clean(product=self)


class ProductTranslation(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="translations")
    locale = models.ForeignKey(Locale, verbose_name=_("locale"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Simple HTML is allowed."))
    short_description = models.TextField(_("short description"), blank=True)
    slug = models.SlugField(_("slug"), max_length=200, blank=True, allow_unicode=True)
    attributes = models.JSONField(_("localizable attribute values"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = PimHistoricalRecords(no_db_index=["locale"])

    class Meta:
        ordering = ("product", "locale__position")
        constraints = [
            models.UniqueConstraint(fields=("product", "locale"), name="translation_product_locale_unique"),
            models.UniqueConstraint(
                fields=("locale", "slug"), condition=~models.Q(slug=""), name="translation_slug_unique_per_locale",
                violation_error_message=_("Another product already uses this slug in this locale."),
                violation_error_code="duplicate_slug",
            ),
        ]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return f"{self.product_id}/{self.locale_id}: {self.title}"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        try:
            self.clean_values()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.slug and self.locale_id and ProductTranslation.objects.filter(
            locale_id=self.locale_id, slug=self.slug,
        ).exclude(pk=self.pk).exists():
            errors = self.slug_taken_error().update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean_values(self) -> None:
        """clean() without its query: a bulk import runs this per translation and checks slugs once per chunk."""
        from catalog.attribute_values import translation_attributes_clean
        from catalog.richtext import rich_text_clean

        self.description = rich_text_clean(self.description)
        if self.product_id:
            self.attributes = translation_attributes_clean(translation=self)

    def slug_taken_error(self) -> ValidationError:
        return ValidationError({"slug": ValidationError(
            _("Another product already uses the slug %(value)s in this locale."), code="duplicate_slug",
            params={"value": self.slug},
        )})

    def clean_fields(self, exclude=None) -> None:
        # clean() turns the values into their stored JSON shapes (a typed form gives dates and decimals); the
        # JSON check before it would refuse those with "Value must be valid JSON.", naming neither.
        super().clean_fields(exclude={*(exclude or ()), "attributes"})

    def validate_constraints(self, exclude=None) -> None:
        # clean() checks the slug with a message naming it and keyed by the field; the database index still enforces it.
        super().validate_constraints(exclude={*(exclude or ()), "slug"})

    @property
    def is_empty(self) -> bool:
        return not (self.title or self.description or self.short_description or self.attributes)
