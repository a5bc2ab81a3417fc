"""One product's rows -> what they ask for, read with the catalog's own parsers and checked in memory.

Nothing here touches the database: codes are looked up in the import's reference data, attribute values are
cleaned by catalog.attribute_values against the family's rules. Problems name the column, the cell and the reason.
The rule for cells: a column that is absent leaves its value untouched; a present but empty cell clears the value
(except family and status, which cannot be empty: empty keeps them, and a new product is a draft).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.attribute_values import attribute_value_clean
from catalog.gtin import gtin_normalise
from catalog.models import Attribute, Family, Locale, Product, Variant
from catalog.services import UNSET

from . import columns as kinds
from .cells import CellProblem, attribute_input, codes_read, datetime_read, decimal_read, integer_read
from .columns import Column
from .outcome import Problem
from .reading import Row
from .state import FamilyLayout, Reference

PRODUCT_STATUSES = frozenset(Product.Status.values)  # .values builds a new list on every call
# Translated only when a lookup fails: translating them for every product was a twentieth of an import.
NO_FAMILY, NO_BRAND = gettext_lazy("There is no family %(value)s."), gettext_lazy("There is no brand %(value)s.")
NO_CATEGORY = gettext_lazy("There is no category %(value)s.")
# Cleaned attribute values of these types are shared between the rows that have the same cell (see _value_clean).
IMMUTABLE = (str, int, float, bool, Decimal, type(None))
AVAILABILITY_OVERRIDES = frozenset(Variant.AvailabilityOverride.values)
VARIANT_READERS = {
    kinds.WEIGHT: decimal_read, kinds.POSITION: integer_read, kinds.AVAILABLE_FROM: datetime_read,
    kinds.SALE_START: datetime_read, kinds.SALE_END: datetime_read, kinds.PRICE: decimal_read,
    kinds.SALE_PRICE: decimal_read,
}


class Layout:
    """The columns of one file, grouped by what they fill (positions in each row's cells)."""

    def __init__(self, columns: list[Column]):
        self.columns = columns
        self.position = position = {column.name: index for index, column in enumerate(columns)}
        self.code_index, self.sku_index = position[kinds.PRODUCT_CODE], position[kinds.SKU]
        self.shared = [(index, column) for index, column in enumerate(columns)
                       if column.product_level and column.kind != kinds.PRODUCT_CODE]
        self.product_fields = {column.kind: index for index, column in enumerate(columns)
                               if column.kind in kinds.PRODUCT_FIELDS}
        self.attributes = self._of(kinds.ATTRIBUTE)
        self.translations: dict[str, list[tuple[int, Column]]] = {}
        for index, column in enumerate(columns):
            if column.locale:
                self.translations.setdefault(column.locale, []).append((index, column))
        self.variant_fields = {column.kind: index for index, column in enumerate(columns)
                               if column.kind in kinds.VARIANT_FIELDS}
        self.axes, self.variant_attributes = self._of(kinds.AXIS), self._of(kinds.VARIANT_ATTRIBUTE)
        self.prices: dict[str, dict[str, int]] = {}
        for index, column in enumerate(columns):
            if column.kind in kinds.PRICE_FIELDS:
                self.prices.setdefault(column.code, {})[column.kind] = index
        self.stock = self._of(kinds.STOCK)

    def resolve(self, reference: Reference) -> None:
        """Look up the price lists and locations the columns name, once per import rather than once per row."""
        self.price_specs = [
            (reference.price_lists[code].pk if code in reference.price_lists else None, code,
             [(kind, index, VARIANT_READERS[kind]) for kind, index in positions.items()])
            for code, positions in self.prices.items()
        ]
        self.stock_specs = [(reference.locations[column.code].pk if column.code in reference.locations else None,
                             column, index) for index, column in self.stock]
        self.variant_specs = [(kind, index) for kind, index in self.variant_fields.items()]
        shared = [index for index, _column in self.shared]
        self.shared_values = itemgetter(*shared) if len(shared) > 1 else (
            (lambda cells: (cells[shared[0]],)) if shared else (lambda cells: ()))

    def _of(self, kind: str) -> list[tuple[int, Column]]:
        return [(index, column) for index, column in enumerate(self.columns) if column.kind == kind]


@dataclass
class TranslationWish:
    locale: Locale
    fields: dict[str, str]  # present columns among title, description, short_description, slug
    attributes: dict[str, object | None]  # None: clear the value


@dataclass
class ProductWish:
    key: str  # the code in lower case
    code: str
    line: int  # the product's first row
    family: Family | None = None
    status: object = UNSET
    brand: object = UNSET
    primary_category: object = UNSET
    categories: object = UNSET
    attributes: dict[str, object | None] = field(default_factory=dict)
    translations: dict[str, TranslationWish] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class RowWish:
    line: int
    cells: tuple[str, ...]
    sku: str
    fields: dict[str, object] = field(default_factory=dict)  # present variant columns, read
    axes: dict[str, object | None] = field(default_factory=dict)
    attributes: dict[str, object | None] = field(default_factory=dict)
    prices: dict[int, dict[str, object]] = field(default_factory=dict)  # price list id -> present price columns
    stock: dict[int, int | None] = field(default_factory=dict)  # location id -> quantity, None: no stock record
    problems: list[Problem] = field(default_factory=list)


def group_read(*, key: str, rows: list[Row], layout: Layout, reference: Reference, product: Product | None
               ) -> tuple[ProductWish, list[RowWish]]:
    """What one product's rows ask for; the product's columns are read from its first row, and a later row whose
    product columns differ from the first is refused (one product cannot have two titles)."""
    first_line, first = rows[0]
    wish = ProductWish(key=key, code=first[layout.code_index], line=first_line)
    family_layout = _product_read(wish, first, layout, reference, product)
    row_wishes = []
    first_shared = layout.shared_values(first)
    for line, cells in rows:
        row = RowWish(line=line, cells=cells, sku=cells[layout.sku_index])
        for index, column in layout.shared if layout.shared_values(cells) != first_shared else ():
            if cells[index] != first[index]:
                row.problems.append(Problem(column.name, cells[index], _(
                    "differs from line %(line)s, the first row of product %(code)s, which has \"%(value)s\"; a "
                    "product's columns must be the same on each of its rows.")
                    % {"line": first_line, "code": wish.code, "value": first[index][:60]}))
        if not row.sku:
            row.problems.append(Problem(kinds.SKU, "", _("A row needs a SKU.")))
        if family_layout is not None:
            _variant_read(row, layout, reference, family_layout)
        row_wishes.append(row)
    return wish, row_wishes


def _lookup(problems: list[Problem], column: str, text: str, table: dict, message: str) -> object:
    found = table.get(text)
    if found is None:
        problems.append(Problem(column, text, message % {"value": text}))
    return found


def _product_read(wish: ProductWish, cells: tuple[str, ...], layout: Layout, reference: Reference,
                  product: Product | None) -> FamilyLayout | None:
    problems, fields = wish.problems, layout.product_fields
    family_text = cells[fields[kinds.FAMILY]] if kinds.FAMILY in fields else ""
    if family_text:
        wish.family = _lookup(problems, kinds.FAMILY, family_text, reference.families, NO_FAMILY)
        if wish.family is not None and product is not None and wish.family.pk != product.family_id:
            problems.append(Problem(kinds.FAMILY, family_text, _(
                "Product %(code)s is in the family %(current)s; an import cannot move it to another family.")
                % {"code": product.code, "current": product.family.code}))
    elif product is not None:
        wish.family = product.family
    else:
        problems.append(Problem(kinds.FAMILY, "", _("A new product needs a family code.")))
    if status := cells[fields[kinds.STATUS]] if kinds.STATUS in fields else "":
        if status in PRODUCT_STATUSES:
            wish.status = status
        else:
            problems.append(Problem(kinds.STATUS, status, _("%(value)s is not a product status (%(statuses)s).")
                                    % {"value": status, "statuses": ", ".join(Product.Status.values)}))
    if kinds.BRAND in fields:
        text = cells[fields[kinds.BRAND]]
        wish.brand = _lookup(problems, kinds.BRAND, text, reference.brands, NO_BRAND) \
            if text else None
    if kinds.PRIMARY_CATEGORY in fields:
        text = cells[fields[kinds.PRIMARY_CATEGORY]]
        wish.primary_category = _lookup(problems, kinds.PRIMARY_CATEGORY, text, reference.categories,
                                        NO_CATEGORY) if text else None
    if kinds.CATEGORIES in fields:
        text = cells[fields[kinds.CATEGORIES]]
        codes = codes_read(text)
        unknown = [code for code in codes if code not in reference.categories]
        if unknown:
            problems.append(Problem(kinds.CATEGORIES, text, NO_CATEGORY % {"value": ", ".join(unknown)}))
        wish.categories = [reference.categories[code] for code in dict.fromkeys(codes) if code not in unknown]
    if wish.family is None or problems:
        return None
    family_layout = reference.layout(wish.family)
    wish.attributes = _attributes_read(cells, layout.attributes, family_layout.product, family_layout, reference,
                                       problems, level="product")
    for locale_code, pairs in layout.translations.items():
        locale = reference.locales.get(locale_code)
        if locale is None:
            if filled := [(index, column) for index, column in pairs if cells[index]]:
                index, column = filled[0]
                problems.append(Problem(column.name, cells[index], _("There is no locale %(value)s.")
                                        % {"value": locale_code}))
            continue
        attribute_pairs = [(index, column) for index, column in pairs if column.kind == kinds.LOCALE_ATTRIBUTE]
        wish.translations[locale_code] = TranslationWish(
            locale=locale,
            fields={column.kind: cells[index] for index, column in pairs if column.kind in kinds.TRANSLATION_FIELDS},
            attributes=_attributes_read(cells, attribute_pairs, family_layout.localized, family_layout, reference,
                                        problems, level="localizable"),
        )
    return family_layout


def _attributes_read(cells: tuple[str, ...], pairs: list[tuple[int, Column]], allowed: dict[str, Attribute],
                     family_layout: FamilyLayout, reference: Reference, problems: list[Problem], *, level: str
                     ) -> dict[str, object | None]:
    """Cleaned values of the attribute columns the family has; an empty cell is None (clear). A column of an
    attribute the family does not have is fine while empty (exports list the attributes of several families)."""
    values: dict[str, object | None] = {}
    for index, column in pairs:
        text, attribute = cells[index], allowed.get(column.code)
        if attribute is None:
            if text and column.code not in reference.attributes:
                problems.append(Problem(column.name, text, _("There is no attribute %(value)s.")
                                        % {"value": column.code}))
            elif text:
                problems.append(Problem(column.name, text, _(
                    "%(attribute)s is not a %(level)s attribute of the family %(family)s.")
                    % {"attribute": column.code, "level": level, "family": family_layout.family.code}))
            continue
        if not text:
            values[column.code] = None
            continue
        value, message = _value_clean(reference, family_layout, attribute, text)
        if message is None:
            values[column.code] = value
        else:
            problems.append(Problem(column.name, text, message))
    return values


def _value_clean(reference: Reference, family_layout: FamilyLayout, attribute: Attribute, text: str
                 ) -> tuple[object, str | None]:
    """The cell cleaned for the attribute (value, None), or (None, the problem): once per distinct cell of the
    import, a file repeats the same few materials and sizes on thousands of rows. A list or dict value is cleaned
    again for every row, so no two rows share one that could be changed in place."""
    key = (family_layout.family.pk, attribute.pk, text)
    found = reference.value_checks.get(key)
    if found is not None:
        return found
    try:
        found = (attribute_value_clean(attribute, attribute_input(attribute, text), family_layout.options(attribute)),
                 None)
    except ValidationError as error:
        found = (None, " ".join(error.messages))
    if isinstance(found[0], IMMUTABLE):
        reference.value_checks[key] = found
    return found


def _variant_read(row: RowWish, layout: Layout, reference: Reference, family_layout: FamilyLayout) -> None:
    cells, problems, fields = row.cells, row.problems, row.fields
    for kind, index in layout.variant_specs:
        text = cells[index]
        try:
            if kind == kinds.GTIN:  # digits only already (nearly always): nothing to normalise
                fields[kind] = (text if text.isascii() and text.isdigit() else gtin_normalise(text) or None) \
                    if text else None
            elif kind == kinds.MPN:
                fields[kind] = text
            elif kind == kinds.AVAILABILITY_OVERRIDE:
                if text not in AVAILABILITY_OVERRIDES:
                    raise CellProblem(_("%(value)s is not an availability (preorder, backorder, or empty for "
                                        "\"from stock\").") % {"value": text})
                fields[kind] = text
            elif kind == kinds.POSITION:
                fields[kind] = integer_read(text) if text else 0
            else:
                fields[kind] = VARIANT_READERS[kind](text) if text else None
        except CellProblem as problem:
            problems.append(Problem(kind, text, str(problem)))
    if layout.axes:
        row.axes = _attributes_read(cells, layout.axes, family_layout.axis, family_layout, reference, problems,
                                    level="axis")
    if layout.variant_attributes:
        row.attributes = _attributes_read(cells, layout.variant_attributes, family_layout.variant, family_layout,
                                          reference, problems, level="variant")
    for price_list_id, price_list_code, specs in layout.price_specs:
        if price_list_id is None:
            if filled := [(kind, cells[index]) for kind, index, _reader in specs if cells[index]]:
                kind, text = filled[0]
                problems.append(Problem(f"{kind}@{price_list_code}", text, _("There is no price list %(value)s.")
                                        % {"value": price_list_code}))
            continue
        values: dict[str, object] = {}
        for kind, index, reader in specs:
            text = cells[index]
            if not text:
                values[kind] = None
                continue
            try:
                values[kind] = reader(text)
            except CellProblem as problem:
                problems.append(Problem(f"{kind}@{price_list_code}", text, str(problem)))
        row.prices[price_list_id] = values
    for location_id, column, index in layout.stock_specs:
        text = cells[index]
        if location_id is None:
            if text:
                problems.append(Problem(column.name, text, _("There is no location %(value)s.")
                                        % {"value": column.code}))
            continue
        try:
            row.stock[location_id] = integer_read(text) if text else None
        except CellProblem as problem:
            problems.append(Problem(column.name, text, str(problem)))
