"""factory_boy factories. Defaults pass the catalog's validation."""

import itertools
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from catalog import services
from catalog.gtin import gtin_with_check_digit
from catalog.models import (
    Attribute,
    AttributeOption,
    Brand,
    Category,
    Family,
    FamilyAttribute,
    Locale,
    Location,
    Price,
    PriceList,
    Product,
    ProductMedia,
    ProductTranslation,
    StockLevel,
    Variant,
)
from tests.images import image_upload

_asset_colors = itertools.count(1)


def gtin13_for(n: int) -> str:
    """A valid, unique GTIN-13 per sequence number (prefix 590 = GS1 Poland)."""
    return gtin_with_check_digit(f"590{n:09d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    is_staff = True
    password = factory.django.Password("correct-horse-battery")


class SuperUserFactory(UserFactory):
    is_superuser = True


class LocaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locale
        django_get_or_create = ("code",)

    code = "en"
    name = factory.LazyAttribute(lambda locale: locale.code.upper())


class AttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribute
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"attribute_{n}")
    name = factory.LazyAttribute(lambda attribute: attribute.code.replace("_", " ").title())
    type = Attribute.Type.TEXT


class AttributeOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttributeOption
        django_get_or_create = ("attribute", "code")

    attribute = factory.SubFactory(AttributeFactory, type=Attribute.Type.SINGLE_SELECT)
    code = factory.Sequence(lambda n: f"option_{n}")
    name = factory.LazyAttribute(lambda option: option.code.title())


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"family_{n}")
    name = factory.LazyAttribute(lambda family: family.code.title())


class FamilyAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyAttribute

    family = factory.SubFactory(FamilyFactory)
    attribute = factory.SubFactory(AttributeFactory)


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"brand_{n}")
    name = factory.LazyAttribute(lambda brand: brand.code.replace("_", " ").title())


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"category_{n}")
    name = factory.LazyAttribute(lambda category: category.code.replace("_", " ").title())
    parent = None


class ProductFactory(factory.django.DjangoModelFactory):
    """A draft product with one variant and an English title (``variants=0`` for none, ``variants=3`` for three)."""

    class Meta:
        model = Product
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"PRODUCT-{n:06d}")
    family = factory.SubFactory(FamilyFactory)
    brand = factory.SubFactory(BrandFactory)
    status = Product.Status.DRAFT

    @factory.post_generation
    def variants(self, create, extracted, **kwargs):
        if create and not self.variants.exists():
            VariantFactory.create_batch(1 if extracted is None else extracted, product=self, **kwargs)

    @factory.post_generation
    def title(self, create, extracted, **kwargs):
        if create and extracted is not False and not self.translations.exists():
            ProductTranslationFactory(product=self, title=extracted or f"Product {self.code}")


class ProductTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductTranslation
        django_get_or_create = ("product", "locale")

    product = factory.SubFactory(ProductFactory, title=False)
    locale = factory.SubFactory(LocaleFactory)
    title = factory.LazyAttribute(lambda translation: f"Product {translation.product.code}")
    slug = factory.LazyAttribute(lambda translation: translation.product.code.lower())


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Variant

    product = factory.SubFactory(ProductFactory, variants=0)
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    gtin = factory.Sequence(gtin13_for)  # valid check digit, unique per sequence number
    mpn = factory.LazyAttribute(lambda variant: f"MPN-{variant.sku}")
    position = 0


class PriceListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceList
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"price_list_{n}")
    name = factory.LazyAttribute(lambda price_list: price_list.code.replace("_", " ").title())
    currency = "PLN"


class PriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Price

    variant = factory.SubFactory(VariantFactory)
    price_list = factory.SubFactory(PriceListFactory)
    amount = Decimal("199.00")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"location_{n}")
    name = factory.LazyAttribute(lambda location: location.code.replace("_", " ").title())
    kind = Location.Kind.WAREHOUSE
    country = "PL"


class StockLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockLevel

    variant = factory.SubFactory(VariantFactory)
    location = factory.SubFactory(LocationFactory)
    quantity = 10


def asset_create(**kwargs):
    """An Asset through the real upload service (Pillow checks, sha256, thumbnail); each call a distinct image."""
    color = f"#{(next(_asset_colors) * 2654435761) % 0xFFFFFF:06x}"
    return services.asset_create(file=image_upload(color=color, **kwargs))


class ProductMediaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductMedia

    product = factory.SubFactory(ProductFactory)
    asset = factory.LazyFunction(asset_create)
    position = factory.Sequence(lambda n: n)


def apparel_family() -> Family:
    """A family with colour and size axes, a required localizable material and a measured product value."""
    family = FamilyFactory(code="apparel", name="Apparel")
    color = AttributeFactory(code="color", name="Colour", type=Attribute.Type.SINGLE_SELECT)
    for position, (code, name) in enumerate([("blue", "Blue"), ("red", "Red"), ("black", "Black")]):
        AttributeOptionFactory(attribute=color, code=code, name=name, position=position,
                               labels={"pl": {"blue": "Niebieski", "red": "Czerwony", "black": "Czarny"}[code]})
    size = AttributeFactory(code="size", name="Size", type=Attribute.Type.SINGLE_SELECT)
    for position, code in enumerate(["s", "m", "l", "xl"]):
        AttributeOptionFactory(attribute=size, code=code, name=code.upper(), position=position)
    material = AttributeFactory(code="material", name="Material", type=Attribute.Type.TEXT, localizable=True,
                                max_length=200)
    width = AttributeFactory(code="chest_width", name="Chest width", type=Attribute.Type.MEASUREMENT, units="cm,in",
                             min_value=Decimal("10"), max_value=Decimal("200"))
    season = AttributeFactory(code="season", name="Season", type=Attribute.Type.MULTI_SELECT)
    for code in ("spring", "summer", "autumn", "winter"):
        AttributeOptionFactory(attribute=season, code=code, name=code.title())
    if not family.family_attributes.exists():
        FamilyAttributeFactory(family=family, attribute=color, level=FamilyAttribute.Level.AXIS, position=0)
        FamilyAttributeFactory(family=family, attribute=size, level=FamilyAttribute.Level.AXIS, position=1)
        FamilyAttributeFactory(family=family, attribute=material, required=True, position=2)
        FamilyAttributeFactory(family=family, attribute=width, position=3)
        FamilyAttributeFactory(family=family, attribute=season, position=4)
    return family


def gadget_family() -> Family:
    """A family with one attribute of every type and level, for validation tests.

    Product level: note (text, max 10), details (rich text), battery_hours (number 1..100), screen (measurement
    cm/in, 1..100), waterproof (boolean), released (date), connector (single select), features (multi select),
    manual_url (URL), warranty_years (required number); localizable: tagline (required text); variant level:
    serial_prefix (required text); axes: storage (single select 64gb/128gb) and finish (text).
    """
    family = FamilyFactory(code="gadget", name="Gadget")
    if family.family_attributes.exists():
        return family
    kinds = Attribute.Type
    product_level, variant_level, axis = (FamilyAttribute.Level.PRODUCT, FamilyAttribute.Level.VARIANT,
                                          FamilyAttribute.Level.AXIS)
    specs = [
        ("note", kinds.TEXT, {"max_length": 10}, product_level, False),
        ("details", kinds.RICH_TEXT, {}, product_level, False),
        ("battery_hours", kinds.NUMBER, {"min_value": Decimal("1"), "max_value": Decimal("100")}, product_level,
         False),
        ("screen", kinds.MEASUREMENT, {"units": "cm,in", "min_value": Decimal("1"), "max_value": Decimal("100")},
         product_level, False),
        ("waterproof", kinds.BOOLEAN, {}, product_level, False),
        ("released", kinds.DATE, {}, product_level, False),
        ("connector", kinds.SINGLE_SELECT, {}, product_level, False),
        ("features", kinds.MULTI_SELECT, {}, product_level, False),
        ("manual_url", kinds.URL, {}, product_level, False),
        ("warranty_years", kinds.NUMBER, {}, product_level, True),
        ("tagline", kinds.TEXT, {"localizable": True}, product_level, True),
        ("serial_prefix", kinds.TEXT, {}, variant_level, True),
        ("storage", kinds.SINGLE_SELECT, {}, axis, False),
        ("finish", kinds.TEXT, {}, axis, False),
    ]
    options = {"connector": ["usb_c", "lightning"], "features": ["wifi", "bluetooth", "nfc"],
               "storage": ["64gb", "128gb"]}
    for position, (code, kind, extra, level, required) in enumerate(specs):
        attribute = AttributeFactory(code=code, type=kind, **extra)
        for option_position, option_code in enumerate(options.get(code, ())):
            AttributeOptionFactory(attribute=attribute, code=option_code, position=option_position)
        FamilyAttributeFactory(family=family, attribute=attribute, level=level, required=required, position=position)
    return family
