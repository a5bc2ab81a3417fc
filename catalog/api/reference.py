"""Reference data in the API: locales, families and attributes (read), brands, categories, locations and price
lists (read and write, through catalog.services' reference-row functions like the admin)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from catalog import services
from catalog.api.viewsets import LOCALE_PARAMETER, ApiViewSet
from catalog.models import (
    Attribute,
    AttributeOption,
    Brand,
    Category,
    Family,
    FamilyAttribute,
    Locale,
    Location,
    PriceList,
)

CODE_ORDERINGS = {"id": ("id",), "-id": ("-id",), "code": ("code",), "-code": ("-code",)}


class LabelledField(serializers.CharField):
    """``name`` in the ``?locale=`` chain (its label there, or the default name)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance) -> str:
        chain = self.context.get("locale_chain")
        return instance.label_for(chain) if chain else instance.name

    def to_internal_value(self, data) -> dict:
        return {"name": super().to_internal_value(data)}


class ReferenceSerializer(serializers.ModelSerializer):
    """Writes go through services.reference_row_save: full_clean, one transaction, every following feed told."""

    def create(self, validated_data: dict):
        return services.reference_row_save(instance=self.Meta.model(**validated_data))

    def update(self, instance, validated_data: dict):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.reference_row_save(instance=instance)


class LocaleSerializer(serializers.ModelSerializer):
    fallback = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Locale
        fields = ("id", "code", "name", "fallback", "position")


class BrandSerializer(ReferenceSerializer):
    class Meta:
        model = Brand
        fields = ("id", "code", "name", "website")


class CategorySerializer(ReferenceSerializer):
    name = LabelledField(max_length=200)
    labels = serializers.DictField(child=serializers.CharField(max_length=200), required=False)
    parent = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.all(), allow_null=True,
                                          required=False)
    path = serializers.SerializerMethodField(help_text="Codes from the root down to this category.")

    class Meta:
        model = Category
        fields = ("id", "code", "name", "labels", "parent", "position", "google_product_category", "path")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_path(self, category: Category) -> list[str]:
        parents = self.context.get("category_parents")
        if parents is None:  # a single category (detail, write): its ancestors, one query
            return [*category.ancestors().values_list("code", flat=True), category.code] if category.pk else []
        codes, cursor, seen = [], category.pk, set()
        while cursor is not None and cursor not in seen:
            seen.add(cursor)
            parent_id, code = parents[cursor]
            codes.append(code)
            cursor = parent_id
        return codes[::-1]


class LocationSerializer(ReferenceSerializer):
    class Meta:
        model = Location
        fields = ("id", "code", "name", "kind", "country", "address")


class PriceListSerializer(ReferenceSerializer):
    class Meta:
        model = PriceList
        fields = ("id", "code", "name", "currency")


class AttributeOptionSerializer(serializers.ModelSerializer):
    name = LabelledField()

    class Meta:
        model = AttributeOption
        fields = ("code", "name", "labels", "position")


class AttributeSerializer(serializers.ModelSerializer):
    name = LabelledField()
    options = AttributeOptionSerializer(many=True, read_only=True)

    class Meta:
        model = Attribute
        fields = ("id", "code", "name", "labels", "type", "localizable", "units", "min_value", "max_value",
                  "max_length", "help_text", "options")


class FamilyAttributeSerializer(serializers.ModelSerializer):
    attribute = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = FamilyAttribute
        fields = ("attribute", "level", "required", "position")


class FamilySerializer(serializers.ModelSerializer):
    name = LabelledField()
    attributes = FamilyAttributeSerializer(source="family_attributes", many=True, read_only=True)

    class Meta:
        model = Family
        fields = ("id", "code", "name", "labels", "attributes")


class ReferenceViewSet(ApiViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    orderings = CODE_ORDERINGS
    filterset_fields = ("code",)


class ReferenceWriteViewSet(ReferenceViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                            mixins.DestroyModelMixin):
    def perform_destroy(self, instance) -> None:
        services.reference_row_delete(instance=instance)  # still in use: a 400 naming the row


class LocaleViewSet(ReferenceViewSet):
    """Content languages and their fallbacks."""

    queryset = Locale.objects.select_related("fallback")
    serializer_class = LocaleSerializer


class BrandViewSet(ReferenceWriteViewSet):
    queryset = Brand.objects.all()
    serializer_class = BrandSerializer


@extend_schema_view(list=extend_schema(parameters=[LOCALE_PARAMETER]),
                    retrieve=extend_schema(parameters=[LOCALE_PARAMETER]))
class CategoryViewSet(ReferenceWriteViewSet):
    """The category tree: ``parent`` and ``path`` hold codes; ``?parent=<code>`` lists one level."""

    queryset = Category.objects.select_related("parent")
    serializer_class = CategorySerializer
    filterset_fields = {"code": ["exact"], "parent__code": ["exact"]}

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # Paths from one query over (id, parent, code): the tree is small next to the catalog.
        parents = {pk: (parent_id, code) for pk, parent_id, code in Category.objects.values_list(
            "pk", "parent_id", "code")}
        serializer = self.get_serializer(page, many=True, context={**self.get_serializer_context(),
                                                                    "category_parents": parents})
        return self.get_paginated_response(serializer.data)


class LocationViewSet(ReferenceWriteViewSet):
    """Warehouses and physical stores: where stock levels are kept."""

    queryset = Location.objects.all()
    serializer_class = LocationSerializer


class PriceListViewSet(ReferenceWriteViewSet):
    queryset = PriceList.objects.all()
    serializer_class = PriceListSerializer


@extend_schema_view(list=extend_schema(parameters=[LOCALE_PARAMETER]),
                    retrieve=extend_schema(parameters=[LOCALE_PARAMETER]))
class FamilyViewSet(ReferenceViewSet):
    """Product types: their attributes, which are required, which are the variant axes."""

    queryset = Family.objects.prefetch_related(
        Prefetch("family_attributes", queryset=FamilyAttribute.objects.select_related("attribute")))
    serializer_class = FamilySerializer


@extend_schema_view(list=extend_schema(parameters=[LOCALE_PARAMETER]),
                    retrieve=extend_schema(parameters=[LOCALE_PARAMETER]))
class AttributeViewSet(ReferenceViewSet):
    queryset = Attribute.objects.prefetch_related("options")
    serializer_class = AttributeSerializer
