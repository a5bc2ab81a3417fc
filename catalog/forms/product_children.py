"""Forms and formsets of a product's children on its admin page: translations (one per locale), variants (with
a price per price list and a quantity per location) and media. Each only parses and checks; the admin saves
through catalog.services."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from catalog.attribute_values import (
    FamilyRules,
    Level,
    axis_key,
    product_activation_problems,
    translation_attributes_clean,
    variant_attributes_clean,
)
from catalog.images import image_check
from catalog.models import Locale, Location, Price, PriceList, Product, ProductMedia, ProductTranslation, Variant

from .attribute_fields import (
    ATTRIBUTE_PREFIX,
    AXIS_PREFIX,
    AttributeErrorRoutingMixin,
    attribute_initial,
    attribute_values_from,
)

PRICE_PREFIX = "price__"
STOCK_PREFIX = "stock__"


class PageChildForm(AttributeErrorRoutingMixin, forms.ModelForm):
    """A child row of the product page; errors from a failed save come back through ``page_problems``."""

    family_rules: FamilyRules | None = None
    page_problems: dict[str, ValidationError] = {}

    @property
    def parent_product(self) -> Product:
        return self.fields["product"].parent_instance

    def clean(self) -> dict:
        cleaned_data = super().clean()
        self.instance.product = self.parent_product  # shares the product's in-memory values and family rules
        if problem := self.page_problems.get(self.prefix):
            self.add_error(None, problem)
        return cleaned_data

    def typed_values(self, level_attributes: tuple, prefix: str) -> dict[str, object]:
        return attribute_values_from(self.cleaned_data, level_attributes, prefix=prefix)


class PageChildFormSet(BaseInlineFormSet):
    page_problems: dict[str, ValidationError] = {}

    def kept_forms(self) -> list[forms.ModelForm]:
        """Rows that will exist after the save: saved rows not deleted, and new rows with input."""
        return [
            form for form in self.forms
            if hasattr(form, "cleaned_data") and not self._should_delete_form(form)
            and (form.instance.pk or form.has_changed())
        ]

    def clean(self) -> None:
        super().clean()
        if problem := self.page_problems.get(self.prefix):
            raise problem


# -- translations -------------------------------------------------------------------------------------------


class TranslationForm(PageChildForm):
    locale: Locale | None = None

    class Meta:
        model = ProductTranslation
        fields = ("title", "short_description", "description", "slug")
        widgets = {"short_description": forms.Textarea(attrs={"rows": 2}),
                   "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.attributes or {}
        for family_attribute in self.localizable_attributes:
            attribute = family_attribute.attribute
            self.fields[ATTRIBUTE_PREFIX + attribute.code].initial = attribute_initial(
                attribute, stored.get(attribute.code))

    @property
    def localizable_attributes(self) -> tuple:
        return self.family_rules.of(Level.PRODUCT, localizable=True) if self.family_rules else ()

    def clean(self) -> dict:
        cleaned_data = super().clean()
        self.instance.locale = self.locale
        self.instance.attributes = self.typed_values(self.localizable_attributes, ATTRIBUTE_PREFIX)
        if self.parent_product.family_id:
            try:
                self.instance.attributes = translation_attributes_clean(translation=self.instance)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data


class TranslationFormSet(PageChildFormSet):
    """One locale's translation (at most one row); the page's translations are read by one query for all locales."""

    locale: Locale | None = None

    @classmethod
    def get_default_prefix(cls) -> str:
        return f"translation_{cls.locale.code}"

    def get_queryset(self) -> list[ProductTranslation]:
        product = self.instance
        if product.pk is None:
            return []
        if not hasattr(product, "_page_translations"):
            product._page_translations = {
                translation.locale_id: translation for translation in ProductTranslation.objects.filter(product=product)
            }
        translation = product._page_translations.get(self.locale.pk)
        return [translation] if translation else []

    def clean(self) -> None:
        super().clean()
        # The variants formset, validated after every translation, checks activation across the whole page.
        pending = self.instance.__dict__.setdefault("_page_pending_translations", {})
        kept = self.kept_forms()
        pending[self.locale.code] = (kept[0].instance, kept[0]) if kept else None
        if self.forms:
            self.instance.__dict__.setdefault("_page_translation_forms", []).append(self.forms[0])


# -- variants -----------------------------------------------------------------------------------------------


class VariantForm(PageChildForm):
    price_lists: tuple[PriceList, ...] = ()
    locations: tuple[Location, ...] = ()

    class Meta:
        model = Variant
        fields = ("sku", "gtin", "mpn", "weight", "position", "availability_override", "available_from")
        # One compact input: the admin's split date + time widget would double the height of every row.
        widgets = {"available_from": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                        format="%Y-%m-%dT%H:%M")}
        field_classes = {"available_from": forms.DateTimeField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for family_attribute, prefix, stored in self.typed_attributes():
            attribute = family_attribute.attribute
            self.fields[prefix + attribute.code].initial = attribute_initial(attribute, stored.get(attribute.code))
        if self.instance.pk:
            prices = self.saved_prices()
            for price_list in self.price_lists:
                if price := prices.get(price_list.pk):
                    self.fields[PRICE_PREFIX + price_list.code].initial = price.amount.normalize()
            stock = {level.location_id: level.quantity for level in self.instance.stock_levels.all()}
            for location in self.locations:
                self.fields[STOCK_PREFIX + location.code].initial = stock.get(location.pk)

    def typed_attributes(self) -> list[tuple]:
        if self.family_rules is None:
            return []
        return [
            *((item, AXIS_PREFIX, self.instance.axis_values or {}) for item in self.family_rules.of(Level.AXIS)),
            *((item, ATTRIBUTE_PREFIX, self.instance.attributes or {}) for item in self.family_rules.of(Level.VARIANT)),
        ]

    def saved_prices(self) -> dict[int, Price]:
        if not self.instance.pk:
            return {}
        return {price.price_list_id: price for price in self.instance.prices.all()}

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if self.family_rules is not None:
            self.instance.axis_values = self.typed_values(self.family_rules.of(Level.AXIS), AXIS_PREFIX)
            self.instance.attributes = self.typed_values(self.family_rules.of(Level.VARIANT), ATTRIBUTE_PREFIX)
            if self.parent_product.family_id:
                try:
                    variant_attributes_clean(variant=self.instance)
                except ValidationError as error:
                    self.add_error(None, error)
        self._prices_check(cleaned_data)
        return cleaned_data

    def _prices_check(self, cleaned_data: dict) -> None:
        """Check each new amount against the price's saved promotion now, so the save cannot fail half-way."""
        saved = self.saved_prices()
        for price_list in self.price_lists:
            name = PRICE_PREFIX + price_list.code
            amount = cleaned_data.get(name)
            if amount is None:
                continue
            existing = saved.get(price_list.pk)
            price = Price(price_list=price_list, amount=amount,
                          sale_amount=existing.sale_amount if existing else None,
                          sale_start=existing.sale_start if existing else None,
                          sale_end=existing.sale_end if existing else None)
            try:
                price.clean()
            except ValidationError as error:
                self.add_error(name, [message for messages in error.message_dict.values() for message in messages])

    def price_changes(self) -> list[tuple[PriceList, Decimal | None, Price | None]]:
        """(price list, new amount or None to remove, saved price) for every price that the input changes."""
        saved = self.saved_prices()
        changes = []
        for price_list in self.price_lists:
            amount = self.cleaned_data.get(PRICE_PREFIX + price_list.code)
            existing = saved.get(price_list.pk)
            if (existing.amount if existing else None) != amount:
                changes.append((price_list, amount, existing))
        return changes

    def stock_changes(self) -> list[tuple[Location, int]]:
        saved = {level.location_id: level.quantity for level in self.instance.stock_levels.all()} \
            if self.instance.pk else {}
        return [
            (location, quantity) for location in self.locations
            if (quantity := self.cleaned_data.get(STOCK_PREFIX + location.code)) is not None
            and saved.get(location.pk) != quantity
        ]


class VariantFormSet(PageChildFormSet):
    def clean(self) -> None:
        super().clean()
        kept = self.kept_forms()
        if not kept:
            raise ValidationError(
                _("A product needs at least one variant: keep %(value)s or add another before deleting it."),
                code="last_variant",
                params={"value": ", ".join(form.instance.sku for form in self.forms if form.instance.pk) or "-"},
            )
        self._axes_unique_in_page(kept)
        self._activation_check(kept)

    def _axes_unique_in_page(self, kept: list[VariantForm]) -> None:
        seen: dict[str, str] = {}
        for form in kept:
            if not form.instance.axis_values or form.errors:
                continue
            key = axis_key(form.instance.axis_values)
            if key in seen:
                form.add_error(None, ValidationError({"axis_values": [ValidationError(
                    _("%(attribute)s: variant %(sku)s on this page already has these axis values (%(value)s)."),
                    code="duplicate_axes",
                    params={"attribute": code, "sku": seen[key], "value": key},
                ) for code in form.instance.axis_values]}))
            seen.setdefault(key, form.instance.sku)

    def _activation_check(self, kept: list[VariantForm]) -> None:
        """An active product must be complete once everything on the page is saved: checked on the page's
        in-memory rows, since the services would only see the rows already in the database."""
        product = self.instance
        if product.status != Product.Status.ACTIVE or product.family_id is None:
            return
        pending = getattr(product, "_page_pending_translations", {})
        translations = [entry[0] for entry in pending.values() if entry]
        translation_forms = [entry[1] for entry in pending.values() if entry]
        first_locale_form = next(iter(getattr(product, "_page_translation_forms", [])), None)
        variants = [form.instance for form in kept]
        problems = product_activation_problems(product=product, translations=translations, variants=variants)
        if not problems:
            return
        # Rows of other formsets were already validated: this formset's error is what keeps the page unsaved.
        untargeted = [ValidationError(_("The product cannot be active yet: correct the problems marked on this "
                                        "page or save it as a draft."), code="not_ready")]
        for problem in problems:
            target = self._problem_target(problem, kept, translation_forms, first_locale_form)
            if target is None:
                untargeted.append(problem)
                continue
            form, field_key = target
            form.add_error(None, ValidationError({field_key: [problem]}))
        raise ValidationError(untargeted)

    @staticmethod
    def _problem_target(problem: ValidationError, kept: list, translation_forms: list,
                        first_locale_form: forms.ModelForm | None) -> tuple[forms.ModelForm, str] | None:
        if problem.code == "no_title":
            form = translation_forms[0] if translation_forms else first_locale_form
            return (form, "title") if form is not None else None
        code = (problem.params or {}).get("attribute")
        if problem.code == "required" and code:
            for form in kept:
                if ATTRIBUTE_PREFIX + code in form.fields and (problem.params or {}).get("value") == form.instance.sku:
                    return form, "attributes"
            form = translation_forms[0] if translation_forms else first_locale_form
            if form is not None and ATTRIBUTE_PREFIX + code in form.fields:
                return form, "attributes"
        return None


# -- media --------------------------------------------------------------------------------------------------


class MediaForm(PageChildForm):
    upload = forms.FileField(label=_("or upload an image"), required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    variant = forms.TypedChoiceField(label=_("only for variant"), required=False, coerce=int, empty_value=None)
    variant_choices: tuple[tuple[int, str], ...] = ()

    class Meta:
        model = ProductMedia
        fields = ("asset", "upload", "variant", "position")
        widgets = {"position": forms.NumberInput(attrs={"class": "pim-position", "min": 0})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].required = False
        self.fields["variant"].choices = [("", _("All variants")), *self.variant_choices]
        if self.instance.pk and self.instance.variant_id:
            self.fields["variant"].initial = self.instance.variant_id

    def clean_upload(self) -> object:
        upload = self.cleaned_data.get("upload")
        if upload:
            upload.seek(0)
            try:
                image_check(content=upload.read(), name=upload.name)
            except ValidationError as error:
                raise ValidationError(error.message_dict.get("file", error.messages)) from None
            upload.seek(0)
        return upload

    def clean(self) -> dict:
        cleaned_data = super().clean()
        variant_id = cleaned_data.get("variant")
        cleaned_data["variant"] = None
        if variant_id is not None:
            known = {pk for pk, _label in self.variant_choices}
            if variant_id not in known:
                self.add_error("variant", _("Choose one of this product's variants."))
            else:
                cleaned_data["variant"] = Variant(pk=variant_id, product_id=self.parent_product.pk)
        if not cleaned_data.get("asset") and not cleaned_data.get("upload") and self.has_changed():
            self.add_error("asset", _("Choose an image or upload one."))
        return cleaned_data


class MediaFormSet(PageChildFormSet):
    pass
