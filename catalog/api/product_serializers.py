"""Products and variants in the API. Read serializers show what catalog.queries prefetched; write serializers only
parse types (codes to rows, numbers, dates): the rules are the models' and services', the same as the admin's."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.api.bounds import MAX_ID, MAX_POSITIVE_INT
from catalog.currencies import currency_decimals
from catalog.models import Brand, Category, Family, Price, Product, ProductMedia, Variant


def money_text(amount: Decimal | None, currency: str) -> str | None:
    """199.0000 PLN -> "199.00": the currency's own decimals (0 for JPY)."""
    if amount is None:
        return None
    return str(amount.quantize(Decimal(1).scaleb(-currency_decimals(currency))))


@extend_schema_field({"type": "string", "nullable": True, "example": "199.00"})
class MoneyField(serializers.Field):
    """An amount of the row's price list, as a string with the currency's decimals."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, price: Price) -> str | None:
        return money_text(getattr(price, self.field_name), price.price_list.currency)


class PriceSerializer(serializers.Serializer):
    price_list = serializers.CharField(source="price_list.code")
    currency = serializers.CharField(source="price_list.currency")
    amount = MoneyField()
    sale_amount = MoneyField()
    sale_start = serializers.DateTimeField(allow_null=True)
    sale_end = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class StockLevelSerializer(serializers.Serializer):
    location = serializers.CharField(source="location.code")
    quantity = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class VariantSerializer(serializers.ModelSerializer):
    product_code = serializers.CharField(source="product.code", read_only=True)
    prices = PriceSerializer(many=True, read_only=True)
    stock = StockLevelSerializer(source="stock_levels", many=True, read_only=True)

    class Meta:
        model = Variant
        fields = ("id", "product", "product_code", "sku", "gtin", "mpn", "axis_values", "attributes", "weight",
                  "position", "availability_override", "available_from", "created_at", "updated_at", "prices", "stock")
        read_only_fields = fields


class MediaSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    width = serializers.IntegerField(source="asset.width")
    height = serializers.IntegerField(source="asset.height")
    mime_type = serializers.CharField(source="asset.mime_type")
    alt_texts = serializers.DictField(source="asset.alt_texts", child=serializers.CharField())
    variant = serializers.SlugRelatedField(slug_field="sku", read_only=True, allow_null=True,
                                           help_text="The variant the image is only for, or null.")

    class Meta:
        model = ProductMedia
        fields = ("id", "url", "thumbnail_url", "width", "height", "mime_type", "alt_texts", "position", "variant")
        read_only_fields = fields

    def _absolute(self, file) -> str | None:
        if not file:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(file.url) if request else file.url

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, media: ProductMedia) -> str | None:
        return self._absolute(media.asset.file)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_thumbnail_url(self, media: ProductMedia) -> str | None:
        return self._absolute(media.asset.thumbnail)


class TranslationSerializer(serializers.Serializer):
    """One locale's texts. With ``?locale=`` there is one, each field taken along the fallback chain, and
    ``sources`` says which locale each value came from; without it, every stored translation and no sources."""

    locale = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    short_description = serializers.CharField(allow_blank=True)
    slug = serializers.CharField(allow_blank=True)
    attributes = serializers.DictField()
    sources = serializers.DictField(child=serializers.CharField(), allow_null=True)


class ProductSerializer(serializers.ModelSerializer):
    family = serializers.SlugRelatedField(slug_field="code", read_only=True)
    brand = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    primary_category = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    categories = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True,
                                              help_text="Other categories (codes).")
    translations = serializers.SerializerMethodField()
    variants = VariantSerializer(many=True, read_only=True)
    media = MediaSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = ("id", "code", "family", "brand", "primary_category", "categories", "status", "attributes",
                  "version", "created_at", "updated_at", "translations", "variants", "media")
        read_only_fields = fields

    @extend_schema_field(TranslationSerializer(many=True))
    def get_translations(self, product: Product) -> list[dict]:
        chain = self.context.get("locale_chain")
        if chain:
            resolved = self.context.get("resolved_translations", {}).get(product.pk)
            texts = {name: getattr(resolved, name, "") for name in ("title", "description", "short_description",
                                                                      "slug")}
            return [{"locale": chain[0], **texts, "attributes": resolved.attributes if resolved else {},
                     "sources": resolved.sources if resolved else {}}]
        return [{"locale": translation.locale.code, "title": translation.title,
                 "description": translation.description, "short_description": translation.short_description,
                 "slug": translation.slug, "attributes": translation.attributes, "sources": None}
                for translation in product.translations.all()]


# -- writes -------------------------------------------------------------------------------------------------------


class TranslationInputSerializer(serializers.Serializer):
    locale = serializers.CharField(help_text="A locale code; the translation in it is created or replaced.")
    title = serializers.CharField(allow_blank=True, default="")
    description = serializers.CharField(allow_blank=True, default="", help_text="Simple HTML is allowed.")
    short_description = serializers.CharField(allow_blank=True, default="")
    slug = serializers.CharField(allow_blank=True, default="")
    attributes = serializers.DictField(default=dict, help_text="Localizable attribute values by attribute code.")


class VariantInputSerializer(serializers.Serializer):
    sku = serializers.CharField()
    gtin = serializers.CharField(allow_null=True, allow_blank=True, required=False)
    mpn = serializers.CharField(allow_blank=True, required=False)
    axis_values = serializers.DictField(required=False, help_text="Axis attribute code -> value, e.g. "
                                                                  "{\"color\": \"blue\", \"size\": \"m\"}.")
    attributes = serializers.DictField(required=False)
    weight = serializers.DecimalField(max_digits=10, decimal_places=3, allow_null=True, required=False)
    position = serializers.IntegerField(min_value=0, max_value=MAX_POSITIVE_INT, required=False)
    availability_override = serializers.ChoiceField(choices=Variant.AvailabilityOverride.choices, allow_blank=True,
                                                    required=False)
    available_from = serializers.DateTimeField(allow_null=True, required=False)


class VariantCreateSerializer(VariantInputSerializer):
    product = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The product's id.")


class ProductUpdateSerializer(serializers.Serializer):
    """PATCH changes the fields sent; PUT replaces the product's own fields (left-out brand, categories and
    attributes are cleared). Translations sent are created or replaced per locale; others are kept. Variants
    are written through /variants/, prices and stock through the bulk endpoints."""

    code = serializers.CharField()
    family = serializers.SlugRelatedField(slug_field="code", queryset=Family.objects.all())
    status = serializers.ChoiceField(choices=Product.Status.choices)
    brand = serializers.SlugRelatedField(slug_field="code", queryset=Brand.objects.all(), allow_null=True,
                                         required=False)
    primary_category = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.all(),
                                                    allow_null=True, required=False)
    categories = serializers.SlugRelatedField(slug_field="code", queryset=Category.objects.all(), many=True,
                                              required=False, help_text="Other categories (codes).")
    attributes = serializers.DictField(required=False, help_text="Product attribute values by attribute code.")
    translations = TranslationInputSerializer(many=True, required=False)
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_POSITIVE_INT, required=False,
        help_text="The version you read. Required unless If-Match is sent; a stale one is refused with 409.")


class ProductCreateSerializer(ProductUpdateSerializer):
    version = None
    status = serializers.ChoiceField(choices=Product.Status.choices, default=Product.Status.DRAFT)
    variants = VariantInputSerializer(many=True, help_text="At least one.")
