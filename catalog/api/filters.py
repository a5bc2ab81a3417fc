"""Filters of the product and variant lists (django-filter). Every bad value is a 400 naming the parameter."""

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from catalog.api.bounds import MAX_ID
from catalog.api.sync import MomentField, updated_since_check
from catalog.gtin import gtin_normalise
from catalog.models import Category, Product, Variant
from catalog.queries import product_search_filter, products_in_category


@extend_schema_field({"type": "string", "format": "date-time",
                      "description": "ISO 8601 / RFC 3339 instant (inclusive). Older than the tombstone retention "
                                     "window: 410 Gone."})
class UpdatedSinceFilter(django_filters.Filter):
    """``updated_since``: rows changed at or after the instant; before the retention window, 410 Gone."""

    field_class = MomentField

    def __init__(self, *args, also: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.also = also  # other timestamps that count as a change of the row (its product's, for a variant)

    def filter(self, queryset: QuerySet, value) -> QuerySet:
        if value is None:
            return queryset
        updated_since_check(value)
        condition = Q()
        for name in (self.field_name, *self.also):
            condition |= Q(**{f"{name}__gte": value})
        return queryset.filter(condition)


def id_filter(field_name: str, help_text: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name=field_name, min_value=1, max_value=MAX_ID, help_text=help_text)


class ProductFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Product.Status.choices,
                                                 help_text="Repeat for several: ?status=active&status=draft.")
    code = django_filters.CharFilter(field_name="code", lookup_expr="iexact")
    family = django_filters.CharFilter(field_name="family__code", help_text="A family code.")
    brand = django_filters.CharFilter(field_name="brand__code", help_text="A brand code.")
    category = django_filters.CharFilter(method="in_category",
                                         help_text="A category code: products in it or in any category below it "
                                                   "(as primary or other category).")
    sku = django_filters.CharFilter(method="with_sku", help_text="Products with a variant of this SKU.")
    gtin = django_filters.CharFilter(method="with_gtin", help_text="Products with a variant of this GTIN.")
    search = django_filters.CharFilter(method="matching", help_text="Code, SKU, GTIN or title contains this.")
    updated_since = UpdatedSinceFilter(field_name="updated_at")

    class Meta:
        model = Product
        fields = ()

    def in_category(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        category = Category.objects.filter(code=value).first()
        if category is None:
            raise ValidationError({"category": [_("%(value)s is not a category code.") % {"value": value}]})
        return products_in_category(queryset, category=category)

    def with_sku(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Exists(Variant.objects.filter(product=OuterRef("pk"), sku=value)))

    def with_gtin(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Exists(Variant.objects.filter(product=OuterRef("pk"), gtin=gtin_normalise(value))))

    def matching(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(product_search_filter(value)) if value.strip() else queryset


class VariantFilter(django_filters.FilterSet):
    product = id_filter("product_id", "A product id.")
    product_code = django_filters.CharFilter(field_name="product__code", lookup_expr="iexact")
    sku = django_filters.CharFilter(field_name="sku")
    gtin = django_filters.CharFilter(method="with_gtin")
    status = django_filters.MultipleChoiceFilter(field_name="product__status", choices=Product.Status.choices,
                                                 help_text="The product's status.")
    # Prices and stock move their product's updated_at, not the variant's.
    updated_since = UpdatedSinceFilter(field_name="updated_at", also=("product__updated_at",), help_text=(
        "Variants changed at or after the instant, or whose product, prices or stock did."))

    class Meta:
        model = Variant
        fields = ()

    def with_gtin(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(gtin=gtin_normalise(value))
