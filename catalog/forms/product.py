"""The product's own form: general fields, typed attribute values from the family, and the version it was
loaded at, so a save made by someone else in the meantime is shown instead of overwritten."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.attribute_values import FamilyRules, Level
from catalog.models import Category, Product
from catalog.queries import category_paths

from .attribute_fields import (
    ATTRIBUTE_PREFIX,
    AttributeErrorRoutingMixin,
    attribute_field,
    attribute_initial,
    attribute_values_from,
)
from .conflicts import VersionConflict, version_conflict_describe


class CategoryPathLabels:
    """Choice labels of categories as their path from the root (one query for all paths per field)."""

    def label_from_instance(self, obj: Category) -> str:
        if not hasattr(self, "_paths"):
            self._paths = category_paths()
        return self._paths.get(obj.pk, obj.name)


class CategoryPathChoiceField(CategoryPathLabels, forms.ModelChoiceField):
    pass


class CategoryPathMultipleChoiceField(CategoryPathLabels, forms.ModelMultipleChoiceField):
    pass


class CategoryTreeAutocompleteMixin:
    """The admin's select2 autocomplete, fed by the category admin's view that answers with tree paths."""

    def get_url(self) -> str:
        return reverse(f"{self.admin_site.name}:catalog_category_tree_autocomplete")


class CategoryTreeAutocomplete(CategoryTreeAutocompleteMixin, AutocompleteSelect):
    pass


class CategoryTreeAutocompleteMultiple(CategoryTreeAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class ProductForm(AttributeErrorRoutingMixin, forms.ModelForm):
    """Built per page by ``product_form_class`` with one typed field per product-level attribute of the family."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    family_rules: FamilyRules | None = None
    page_family_id: int | None = None
    page_problems: dict[str, ValidationError] = {}

    class Meta:
        model = Product
        fields = ("code", "family", "brand", "status", "primary_category", "categories")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.version_conflict: VersionConflict | None = None
        if "family" in self.fields and self.page_family_id and not self.instance.pk:
            self.fields["family"].initial = self.page_family_id  # a disabled field's value is its initial
        if "family" in self.fields and (self.instance.pk or self.page_family_id):
            # The typed fields below belong to this family; changing it would orphan their values.
            self.fields["family"].disabled = True
            self.fields["family"].help_text = (
                _("Chosen when the product was created; it decides the attributes.") if self.instance.pk
                else _("Chosen in the previous step; it decides the attributes."))
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        stored = self.instance.attributes or {}
        for family_attribute in self.product_attributes:
            attribute = family_attribute.attribute
            self.fields[ATTRIBUTE_PREFIX + attribute.code].initial = attribute_initial(
                attribute, stored.get(attribute.code))

    @property
    def product_attributes(self) -> tuple:
        if self.family_rules is None:
            return ()
        return self.family_rules.of(Level.PRODUCT, localizable=False)

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if self.family_rules is not None:
            family_id = getattr(cleaned_data.get("family"), "pk", None) or self.instance.family_id
            self.instance._family_rules = (family_id, self.family_rules)  # validation reuses the page's rules
        if self.instance.pk and cleaned_data.get("version") != self.instance.version:
            # Before the instance takes the submitted values: the comparison needs the saved ones.
            self.version_conflict_show(submitted_version=cleaned_data.get("version"))
        self.instance.attributes = attribute_values_from(cleaned_data, self.product_attributes,
                                                         prefix=ATTRIBUTE_PREFIX)
        if problem := self.page_problems.get(self.prefix or ""):
            self.add_error(None, problem)
        return cleaned_data

    def version_conflict_show(self, *, submitted_version: int | None) -> None:
        """Someone saved since this page was opened: say who, when and what differs; keep the user's input."""
        self.version_conflict = version_conflict_describe(form=self, submitted_version=submitted_version)
        self.add_error(None, ValidationError(
            _("%(user)s saved this product at %(when)s (version %(found)s) after you opened it (version "
              "%(expected)s). Nothing was saved. Your input is shown below: compare it with theirs and save again "
              "to keep yours."),
            code="version_conflict",
            params={"user": self.version_conflict.updated_by or _("someone else"),
                    "when": self.version_conflict.updated_at_text, "found": self.instance.version,
                    "expected": submitted_version if submitted_version is not None else "?"},
        ))
        # The next save is a deliberate overwrite by someone who has now seen the other version.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(self.instance.version)


def product_form_class(
    base: type[ProductForm], *, family_id: int | None, family_rules: FamilyRules | None, language_chain: list[str],
    page_problems: dict[str, ValidationError],
) -> type[ProductForm]:
    fields: dict[str, forms.Field] = {}
    if family_rules is not None:
        for family_attribute in family_rules.of(Level.PRODUCT, localizable=False):
            fields[ATTRIBUTE_PREFIX + family_attribute.attribute.code] = attribute_field(
                family_attribute, language_chain=language_chain)
    return type(f"{base.__name__}ForFamily", (base,), {
        **fields, "family_rules": family_rules, "page_family_id": family_id, "page_problems": page_problems,
    })
