"""The column layout of import and export files: one row per variant, the product's columns repeated on each row.

    product_code, family, status, brand, primary_category, categories, attr:<code>,
    per locale:      title@<locale>, description@<locale>, short_description@<locale>, slug@<locale>,
                     attr:<code>@<locale>
    sku, gtin, mpn, axis:<code>, vattr:<code>, weight, position, availability_override, available_from,
    per price list:  price@<code>, sale_price@<code>, sale_start@<code>, sale_end@<code>
    per location:    stock@<code>

``line`` and ``reason`` (added to rejected-rows files) are read and ignored, so a fixed rejected-rows file imports
as it is. Only product_code and sku are required; a column that is absent leaves its value untouched.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from catalog.models import FamilyAttribute, Locale, Location, PriceList

# Kinds of column. Product level: the same value on every row of a product.
PRODUCT_CODE, FAMILY, STATUS, BRAND, PRIMARY_CATEGORY, CATEGORIES = (
    "product_code", "family", "status", "brand", "primary_category", "categories")
ATTRIBUTE, LOCALE_ATTRIBUTE = "attr", "attr@"
TITLE, DESCRIPTION, SHORT_DESCRIPTION, SLUG = "title", "description", "short_description", "slug"
# Variant level: one value per row.
SKU, GTIN, MPN, AXIS, VARIANT_ATTRIBUTE = "sku", "gtin", "mpn", "axis", "vattr"
WEIGHT, POSITION, AVAILABILITY_OVERRIDE, AVAILABLE_FROM = "weight", "position", "availability_override", \
    "available_from"
PRICE, SALE_PRICE, SALE_START, SALE_END, STOCK = "price", "sale_price", "sale_start", "sale_end", "stock"
# Written into rejected-rows files; ignored when read.
LINE, REASON = "line", "reason"

PRODUCT_FIELDS = (FAMILY, STATUS, BRAND, PRIMARY_CATEGORY, CATEGORIES)
TRANSLATION_FIELDS = (TITLE, DESCRIPTION, SHORT_DESCRIPTION, SLUG)
VARIANT_FIELDS = (GTIN, MPN, WEIGHT, POSITION, AVAILABILITY_OVERRIDE, AVAILABLE_FROM)
PRICE_FIELDS = (PRICE, SALE_PRICE, SALE_START, SALE_END)
PRODUCT_KINDS = frozenset({PRODUCT_CODE, *PRODUCT_FIELDS, ATTRIBUTE, LOCALE_ATTRIBUTE, *TRANSLATION_FIELDS})
IGNORED_KINDS = frozenset({LINE, REASON})
REQUIRED = (PRODUCT_CODE, SKU)

_PLAIN = {name: name for name in (PRODUCT_CODE, *PRODUCT_FIELDS, SKU, *VARIANT_FIELDS, LINE, REASON)}
_PATTERNS = (
    (re.compile(r"^attr:(?P<code>[^@\s]+)@(?P<locale>\S+)$"), LOCALE_ATTRIBUTE),
    (re.compile(r"^attr:(?P<code>[^@\s]+)$"), ATTRIBUTE),
    (re.compile(r"^axis:(?P<code>[^@\s]+)$"), AXIS),
    (re.compile(r"^vattr:(?P<code>[^@\s]+)$"), VARIANT_ATTRIBUTE),
    (re.compile(rf"^(?P<kind>{'|'.join(TRANSLATION_FIELDS)})@(?P<locale>\S+)$"), None),
    (re.compile(rf"^(?P<kind>{'|'.join(PRICE_FIELDS)})@(?P<code>\S+)$"), None),
    (re.compile(r"^(?P<kind>stock)@(?P<code>\S+)$"), None),
)


@dataclass(frozen=True)
class Column:
    name: str  # the header as written in the file
    kind: str
    code: str = ""  # attribute, price list or location code
    locale: str = ""

    @property
    def product_level(self) -> bool:
        return self.kind in PRODUCT_KINDS

    @property
    def ignored(self) -> bool:
        return self.kind in IGNORED_KINDS


def column_parse(name: str) -> Column | None:
    """The column a header names, or None when the header is not part of the layout."""
    name = name.strip()
    if name in _PLAIN:
        return Column(name, _PLAIN[name])
    for pattern, kind in _PATTERNS:
        if match := pattern.match(name):
            groups = match.groupdict()
            return Column(name, kind or groups["kind"], code=groups.get("code") or "",
                          locale=groups.get("locale") or "")
    return None


def header_parse(names: list[str]) -> tuple[list[Column], list[str]]:
    """The columns of a header row, and the problems that make the whole file unreadable (named by column)."""
    columns: list[Column] = []
    problems: list[str] = []
    seen: set[str] = set()
    for position, raw_name in enumerate(names, start=1):
        name = raw_name.strip()
        if not name:
            problems.append(str(_("Column %(position)s has no name in the header row.") % {"position": position}))
            continue
        column = column_parse(name)
        if column is None:
            problems.append(str(_(
                "%(column)s is not a column this import reads (see the layout: product_code, sku, title@en, "
                "attr:<code>, price@<price list>, stock@<location>, ...).") % {"column": name}))
            continue
        if name in seen:
            problems.append(str(_("%(column)s appears twice in the header row.") % {"column": name}))
        seen.add(name)
        columns.append(column)
    for required in REQUIRED:
        if required not in seen:
            problems.append(str(_("The required column %(column)s is missing.") % {"column": required}))
    return columns, problems


# -- the export layout ------------------------------------------------------------------------------------------


def export_columns(*, family_ids: Iterable[int]) -> list[Column]:
    """Every column the exported families can fill, in the import's layout: attributes of those families (in their
    family order), every locale, price list and location. Four queries, whatever the number of products."""
    family_attributes = list(
        FamilyAttribute.objects.filter(family_id__in=list(family_ids)).select_related("attribute", "family")
        .order_by("family__code", "position", "id")
    )
    locales = list(Locale.objects.order_by("position", "code").values_list("code", flat=True))

    def codes(level: str, localizable: bool | None = None) -> list[str]:
        found = [item.attribute.code for item in family_attributes if item.level == level
                 and (localizable is None or item.attribute.localizable == localizable)]
        return list(dict.fromkeys(found))

    columns = [Column(PRODUCT_CODE, PRODUCT_CODE), *(Column(name, name) for name in PRODUCT_FIELDS)]
    columns += [Column(f"attr:{code}", ATTRIBUTE, code=code) for code in codes(FamilyAttribute.Level.PRODUCT, False)]
    localizable = codes(FamilyAttribute.Level.PRODUCT, True)
    for locale in locales:
        columns += [Column(f"{field}@{locale}", field, locale=locale) for field in TRANSLATION_FIELDS]
        columns += [Column(f"attr:{code}@{locale}", LOCALE_ATTRIBUTE, code=code, locale=locale) for code in localizable]
    columns += [Column(SKU, SKU), Column(GTIN, GTIN), Column(MPN, MPN)]
    columns += [Column(f"axis:{code}", AXIS, code=code) for code in codes(FamilyAttribute.Level.AXIS)]
    columns += [Column(f"vattr:{code}", VARIANT_ATTRIBUTE, code=code) for code in codes(FamilyAttribute.Level.VARIANT)]
    columns += [Column(name, name) for name in (WEIGHT, POSITION, AVAILABILITY_OVERRIDE, AVAILABLE_FROM)]
    for price_list_code in PriceList.objects.order_by("code").values_list("code", flat=True):
        columns += [Column(f"{field}@{price_list_code}", field, code=price_list_code) for field in PRICE_FIELDS]
    columns += [Column(f"stock@{code}", STOCK, code=code)
                for code in Location.objects.order_by("code").values_list("code", flat=True)]
    return columns
