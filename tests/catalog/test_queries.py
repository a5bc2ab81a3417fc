"""catalog.queries: locale fallback chains, bulk translation reads, title annotation and category filters."""

import pytest
from django.core.exceptions import ValidationError

from catalog import queries
from catalog.models import Category, Locale, Product
from tests.catalog.refusals import messages_of
from tests.factories import CategoryFactory, LocaleFactory, ProductFactory, ProductTranslationFactory

pytestmark = pytest.mark.django_db


# -- locales and their fallback chains ---------------------------------------------------------------------------


def test_locale_chains_follow_fallbacks(locales):
    LocaleFactory(code="pt-BR", name="Português", fallback=LocaleFactory(code="pt", name="Português",
                                                                         fallback=locales["en"]))

    chains = queries.locale_chains()

    assert chains["en"] == ["en"]
    assert chains["pl"] == ["pl", "en"]
    assert chains["pt-BR"] == ["pt-BR", "pt", "en"]
    assert queries.locale_chain("it") == ["it", "en"]
    assert queries.locale_chain("xx") == ["xx"]


@pytest.mark.parametrize(("code", "fallback"), [("en", "en"), ("en", "pl"), ("en", "it")])
def test_fallback_loops_are_refused(locales, code, fallback):
    locale = locales[code]
    locale.fallback = locales[fallback]

    with pytest.raises(ValidationError) as caught:
        locale.full_clean()

    assert any(fallback in message and code in message for message in messages_of(caught.value, "fallback"))


def test_longer_fallback_loops_are_refused(locales):
    locales["pl"].fallback = locales["it"]
    locales["pl"].save()  # pl -> it -> en is fine
    locales["pl"].full_clean()
    locales["en"].fallback = locales["pl"]  # en -> pl -> it -> en is not

    with pytest.raises(ValidationError) as caught:
        locales["en"].full_clean()

    assert "fallback" in caught.value.message_dict


def test_a_loop_saved_without_validation_does_not_hang_reads(locales):
    Locale.objects.filter(code="en").update(fallback=locales["pl"])

    assert queries.locale_chains()["pl"] == ["pl", "en"]


@pytest.mark.parametrize("code", ["EN", "english", "e", "pl_PL", ""])
def test_locale_codes_are_bcp_47(code):
    with pytest.raises(ValidationError) as caught:
        Locale(code=code, name="Bad").full_clean()

    assert "code" in caught.value.message_dict


# -- translations with per-field fallback ------------------------------------------------------------------------


def test_translation_falls_back_per_field(locales):
    product = ProductFactory(title=False)
    ProductTranslationFactory(product=product, locale=locales["en"], title="Shirt", description="<p>Soft cotton</p>",
                              short_description="Soft", slug="shirt")
    ProductTranslationFactory(product=product, locale=locales["pl"], title="Koszula", description="",
                              short_description="", slug="")

    resolved = queries.translations_resolved(product_ids=[product.pk], locale_code="pl")[product.pk]

    assert (resolved.title, resolved.description, resolved.short_description, resolved.slug) == (
        "Koszula", "<p>Soft cotton</p>", "Soft", "shirt")
    assert resolved.sources == {"title": "pl", "description": "en", "short_description": "en", "slug": "en"}


def test_localizable_values_fall_back_per_attribute(locales):
    from tests.factories import apparel_family

    product = ProductFactory(family=apparel_family(), title=False)
    ProductTranslationFactory(product=product, locale=locales["en"], attributes={"material": "Cotton"})
    ProductTranslationFactory(product=product, locale=locales["it"], title="Camicia", attributes={})

    resolved = queries.translations_resolved(product_ids=[product.pk], locale_code="it")[product.pk]

    assert resolved.attributes == {"material": "Cotton"}
    assert resolved.sources["attributes.material"] == "en"
    assert resolved.sources["title"] == "it"


def test_translation_of_the_locale_itself_wins_and_missing_products_are_absent(locales):
    translated = ProductFactory(title=False)
    ProductTranslationFactory(product=translated, locale=locales["ru"], title="Рубашка")
    ProductTranslationFactory(product=translated, locale=locales["en"], title="Shirt")
    untranslated = ProductFactory(title=False)
    italian_only = ProductFactory(title=False)
    ProductTranslationFactory(product=italian_only, locale=locales["it"], title="Camicia")

    resolved = queries.translations_resolved(
        product_ids=[translated.pk, untranslated.pk, italian_only.pk], locale_code="ru")

    assert set(resolved) == {translated.pk}  # it is not on ru's chain
    assert (resolved[translated.pk].title, resolved[translated.pk].sources["title"]) == ("Рубашка", "ru")


def products_translated(count: int, locales: dict[str, Locale]) -> list[int]:
    ids = []
    for _index in range(count):
        product = ProductFactory(title=False, variants=0)
        ProductTranslationFactory(product=product, locale=locales["en"], description="<p>English</p>")
        ProductTranslationFactory(product=product, locale=locales["pl"], title=f"Polski {product.code}")
        ids.append(product.pk)
    return ids


def test_translations_resolved_costs_the_same_queries_for_5_and_50_products(locales, django_assert_num_queries):
    product_ids: list[int] = []
    for count in (5, 50):
        product_ids += products_translated(count - len(product_ids), locales)
        with django_assert_num_queries(2):  # the locale table, then every translation on the chain
            resolved = queries.translations_resolved(product_ids=product_ids, locale_code="pl")
        with django_assert_num_queries(1):
            queries.translations_resolved(product_ids=product_ids, locale_code="pl", chain=["pl", "en"])
        assert len(resolved) == count
        assert all(item.description == "<p>English</p>" and item.sources["description"] == "en"
                   for item in resolved.values())


# -- title annotation and the "missing translation" filter -------------------------------------------------------


def test_products_with_title_fall_back_in_sql(locales, django_assert_num_queries):
    polish = ProductFactory(code="A-PL", title=False)
    ProductTranslationFactory(product=polish, locale=locales["pl"], title="Polski")
    ProductTranslationFactory(product=polish, locale=locales["en"], title="English")
    english_only = ProductFactory(code="B-EN", title=False)
    ProductTranslationFactory(product=english_only, locale=locales["en"], title="Only English")
    empty_polish = ProductFactory(code="C-EMPTY", title=False)
    ProductTranslationFactory(product=empty_polish, locale=locales["pl"], title="")
    ProductTranslationFactory(product=empty_polish, locale=locales["en"], title="English again")
    ProductFactory(code="D-NONE", title=False)

    with django_assert_num_queries(2):
        titles = dict(queries.products_with_title(Product.objects.all(), locale_code="pl")
                      .values_list("code", "title"))

    assert titles == {"A-PL": "Polski", "B-EN": "Only English", "C-EMPTY": "English again", "D-NONE": ""}
    english = dict(queries.products_with_title(Product.objects.all(), locale_code="en").values_list("code", "title"))
    assert english["A-PL"] == "English"


def test_products_with_title_can_be_ordered_and_searched(locales):
    for code, title in [("A", "Zebra"), ("B", "Apple"), ("C", "Mango")]:
        ProductTranslationFactory(product=ProductFactory(code=code, title=False), locale=locales["en"], title=title)

    annotated = queries.products_with_title(Product.objects.all(), locale_code="pl")

    assert list(annotated.order_by("title").values_list("code", flat=True)) == ["B", "C", "A"]
    assert list(annotated.filter(title__icontains="ang").values_list("code", flat=True)) == ["C"]


def test_products_missing_translation_ignores_fallbacks(locales):
    translated = ProductFactory(code="TRANSLATED", title=False)
    ProductTranslationFactory(product=translated, locale=locales["pl"], title="Polski")
    ProductTranslationFactory(product=ProductFactory(code="EN-ONLY", title=False), locale=locales["en"])
    ProductTranslationFactory(product=ProductFactory(code="PL-EMPTY", title=False), locale=locales["pl"], title="")
    ProductFactory(code="NONE", title=False)

    missing = queries.products_missing_translation(Product.objects.all(), locale_code="pl")

    assert set(missing.values_list("code", flat=True)) == {"EN-ONLY", "PL-EMPTY", "NONE"}


# -- categories --------------------------------------------------------------------------------------------------


@pytest.fixture
def category_tree(db) -> dict[str, Category]:
    """clothing > tops > shirts, clothing > shoes, and an unrelated garden tree."""
    clothing = CategoryFactory(code="clothing")
    tops = CategoryFactory(code="tops", parent=clothing)
    return {"clothing": clothing, "tops": tops, "shirts": CategoryFactory(code="shirts", parent=tops),
            "shoes": CategoryFactory(code="shoes", parent=clothing), "garden": CategoryFactory(code="garden")}


def test_products_in_category_include_descendants_and_other_categories(locales, category_tree):
    ProductFactory(code="SHIRT", primary_category=category_tree["shirts"])
    ProductFactory(code="TOP", primary_category=category_tree["tops"])
    ProductFactory(code="SHOE", primary_category=category_tree["shoes"])
    ProductFactory(code="RAKE", primary_category=category_tree["garden"])
    ProductFactory(code="APRON", primary_category=category_tree["garden"]).categories.set([category_tree["shirts"]])
    ProductFactory(code="NONE")

    def codes(category_code: str) -> set[str]:
        filtered = queries.products_in_category(Product.objects.all(), category=category_tree[category_code])
        return set(filtered.values_list("code", flat=True))

    assert codes("clothing") == {"SHIRT", "TOP", "SHOE", "APRON"}
    assert codes("tops") == {"SHIRT", "TOP", "APRON"}
    assert codes("shirts") == {"SHIRT", "APRON"}
    assert codes("shoes") == {"SHOE"}
    assert codes("garden") == {"RAKE", "APRON"}


def test_products_in_category_lists_each_product_once(locales, category_tree):
    product = ProductFactory(code="MANY", primary_category=category_tree["tops"])
    product.categories.set([category_tree["shirts"], category_tree["tops"], category_tree["shoes"]])

    filtered = queries.products_in_category(Product.objects.all(), category=category_tree["clothing"])

    assert list(filtered.values_list("code", flat=True)) == ["MANY"]


def test_category_tree_is_depth_first_with_depths(category_tree):
    tree = [(category.code, category.tree_depth) for category in queries.category_tree()]

    assert tree == [("clothing", 0), ("shoes", 1), ("tops", 1), ("shirts", 2), ("garden", 0)]
