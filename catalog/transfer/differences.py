"""What a product's rows would change, compared with the catalog as it is: only what differs is written, so
importing the same file twice changes nothing the second time (and costs no writes).

Prices are checked here in full with Price's own validation (they are written in bulk, not by price_save); the
product, its translations and variants are checked by the catalog services when they are written.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.models import Price, PriceList, Product
from catalog.richtext import rich_text_clean
from catalog.services import UNSET, TranslationInput, VariantInput

from . import columns as kinds
from .bulk import PriceWrite, StockWrite
from .outcome import Problem
from .rows import ProductWish, RowWish
from .state import ChunkState, Reference, VariantRow

PRICE_MODEL_FIELDS = {kinds.PRICE: "amount", kinds.SALE_PRICE: "sale_amount", kinds.SALE_START: "sale_start",
                      kinds.SALE_END: "sale_end"}
PRICE_COLUMN_KINDS = {model_field: kind for kind, model_field in PRICE_MODEL_FIELDS.items()}
VARIANT_MODEL_FIELDS = (kinds.GTIN, kinds.MPN, kinds.WEIGHT, kinds.POSITION, kinds.AVAILABILITY_OVERRIDE,
                        kinds.AVAILABLE_FROM)


@dataclass
class ProductPlan:
    create: bool = False
    update: dict[str, object] = field(default_factory=dict)  # product_update arguments that differ
    activate: bool = False  # set status active after the translations and variants are written
    translations: list[TranslationInput] = field(default_factory=list)  # those that differ, complete
    columns: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.create or self.update or self.activate or self.translations)


@dataclass
class RowPlan:
    wish: RowWish
    variant: VariantRow | None = None
    variant_input: VariantInput | None = None  # complete, when the variant is new or differs
    price_writes: list[PriceWrite] = field(default_factory=list)
    price_deletes: list[int] = field(default_factory=list)
    stock_writes: list[StockWrite] = field(default_factory=list)
    stock_deletes: list[int] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.variant_input or self.price_writes or self.price_deletes or self.stock_writes
                    or self.stock_deletes)


def _merged(current: dict[str, object], wished: dict[str, object | None]) -> dict[str, object]:
    merged = dict(current)
    for code, value in wished.items():
        if value is None:
            merged.pop(code, None)
        else:
            merged[code] = value
    return merged


def _changed_codes(current: dict[str, object], merged: dict[str, object]) -> list[str]:
    return sorted(code for code in current.keys() | merged.keys() if current.get(code) != merged.get(code))


def product_plan(*, wish: ProductWish, product: Product | None, state: ChunkState) -> ProductPlan:
    if product is None:
        return _new_product_plan(wish)
    plan = ProductPlan()
    if wish.status is not UNSET and wish.status != product.status:
        if wish.status == Product.Status.ACTIVE:
            plan.activate = True  # after the children: activation checks the translations and variants
        else:
            plan.update["status"] = wish.status
        plan.columns.append(kinds.STATUS)
    for name, current_id in (("brand", product.brand_id), ("primary_category", product.primary_category_id)):
        wished = getattr(wish, name)
        if wished is not UNSET and (wished.pk if wished else None) != current_id:
            plan.update[name] = wished
            plan.columns.append(name)
    if wish.categories is not UNSET and {category.pk for category in wish.categories} \
            != state.category_ids.get(product.pk, set()):
        plan.update["categories"] = wish.categories
        plan.columns.append(kinds.CATEGORIES)
    attributes = _merged(product.attributes, wish.attributes)
    if changed := _changed_codes(product.attributes, attributes):
        plan.update["attributes"] = attributes
        plan.columns += [f"attr:{code}" for code in changed]
    for locale_code, translation_wish in wish.translations.items():
        existing = state.translations.get((product.pk, translation_wish.locale.pk))
        current = {name: getattr(existing, name) if existing else "" for name in kinds.TRANSLATION_FIELDS}
        texts = {**current, **translation_wish.fields}
        # A description equal to the stored (already cleaned) one is left alone: cleaning it again costs a parse.
        texts = {name: text if text == current[name] else rich_text_clean(text) if name == kinds.DESCRIPTION
                 else text.strip() for name, text in texts.items()}
        current_attributes = existing.attributes if existing else {}
        attributes = _merged(current_attributes, translation_wish.attributes)
        changed = [f"{name}@{locale_code}" for name in kinds.TRANSLATION_FIELDS if texts[name] != current[name]]
        changed += [f"attr:{code}@{locale_code}" for code in _changed_codes(current_attributes, attributes)]
        if changed:
            plan.translations.append(TranslationInput(locale_code=locale_code, attributes=attributes, **texts))
            plan.columns += changed
    return plan


def _new_product_plan(wish: ProductWish) -> ProductPlan:
    plan = ProductPlan(create=True)
    plan.update = {
        "status": Product.Status.DRAFT if wish.status is UNSET else wish.status,
        "brand": None if wish.brand is UNSET else wish.brand,
        "primary_category": None if wish.primary_category is UNSET else wish.primary_category,
        "categories": [] if wish.categories is UNSET else wish.categories,
        "attributes": _merged({}, wish.attributes),
    }
    for locale_code, translation_wish in wish.translations.items():
        texts = {name: translation_wish.fields.get(name, "") for name in kinds.TRANSLATION_FIELDS}
        attributes = _merged({}, translation_wish.attributes)
        if any(texts.values()) or attributes:
            plan.translations.append(TranslationInput(locale_code=locale_code, attributes=attributes, **texts))
    return plan


def row_plan(*, wish: RowWish, product: Product | None, state: ChunkState, reference: Reference) -> RowPlan:
    """The row's variant, prices and stock compared with the catalog; price problems are added to the wish."""
    plan = RowPlan(wish=wish)
    variant = state.variants.get(wish.sku)
    if variant is not None and (product is None or variant.product_id != product.pk):
        wish.problems.append(Problem(kinds.SKU, wish.sku, _(
            "SKU %(value)s belongs to product %(product)s; an import cannot move a variant to another product.")
            % {"value": wish.sku, "product": variant.product_code}))
        return plan
    plan.variant = variant
    _variant_plan(plan, wish, variant)
    for price_list_id, values in wish.prices.items():
        _price_plan(plan, wish, variant, state, reference, price_list_id, values)
    for location_id, quantity in wish.stock.items():
        existing = state.stock_levels.get((variant.pk, location_id)) if variant else None
        if quantity is None:
            if existing is not None:
                plan.stock_deletes.append(existing.pk)
        elif existing is None or existing.quantity != quantity:
            plan.stock_writes.append((location_id, quantity))
        else:
            continue
        if existing is not None or quantity is not None:
            plan.columns.append(f"stock@{reference.locations_by_id[location_id].code}")
    return plan


def _variant_plan(plan: RowPlan, wish: RowWish, variant: VariantRow | None) -> None:
    fields = wish.fields
    if variant is None:
        plan.variant_input = VariantInput(
            sku=wish.sku, gtin=fields.get(kinds.GTIN), mpn=fields.get(kinds.MPN) or "",
            axis_values=_merged({}, wish.axes), attributes=_merged({}, wish.attributes),
            weight=fields.get(kinds.WEIGHT), position=fields.get(kinds.POSITION) or 0,
            availability_override=fields.get(kinds.AVAILABILITY_OVERRIDE) or "",
            available_from=fields.get(kinds.AVAILABLE_FROM),
        )
        return
    values = {name: fields[name] if name in fields else getattr(variant, name) for name in VARIANT_MODEL_FIELDS}
    changed = [name for name in VARIANT_MODEL_FIELDS if values[name] != getattr(variant, name)]
    axis_values, attributes = _merged(variant.axis_values, wish.axes), _merged(variant.attributes, wish.attributes)
    changed += [f"axis:{code}" for code in _changed_codes(variant.axis_values, axis_values)]
    changed += [f"vattr:{code}" for code in _changed_codes(variant.attributes, attributes)]
    if changed:
        plan.variant_input = VariantInput(sku=variant.sku, axis_values=axis_values, attributes=attributes, **values)
        plan.columns += changed


def _price_plan(plan: RowPlan, wish: RowWish, variant: VariantRow | None, state: ChunkState, reference: Reference,
                price_list_id: int, values: dict[str, object]) -> None:
    existing = state.prices.get((variant.pk, price_list_id)) if variant else None
    if existing is None and all(value is None for value in values.values()):
        return  # an empty price column of a price list the variant has no price in
    price_list = reference.price_lists_by_id[price_list_id]
    current = existing[3:] if existing is not None else (None, None, None, None)  # amount, sale amount, start, end
    # An absent column keeps the current value; a present empty one is None (dict.get's default is for absent keys).
    get = values.get
    wanted_values = (get(kinds.PRICE, current[0]), get(kinds.SALE_PRICE, current[1]), get(kinds.SALE_START, current[2]),
                     get(kinds.SALE_END, current[3]))
    if existing is not None and wanted_values == current:  # the common case, decided without building anything
        return
    wanted = dict(zip(PRICE_MODEL_FIELDS.values(), wanted_values, strict=True))
    if wanted["amount"] is None:
        if sale := [name for name in ("sale_amount", "sale_start", "sale_end") if wanted[name] is not None]:
            column = f"{PRICE_COLUMN_KINDS[sale[0]]}@{price_list.code}"
            value = wanted[sale[0]]
            wish.problems.append(Problem(column, value.isoformat() if hasattr(value, "isoformat") else str(value),
                                         _("A sale needs a price: price@%(code)s is empty.")
                                         % {"code": price_list.code}))
        elif existing is not None:
            plan.price_deletes.append(existing.pk)
            plan.columns.append(f"price@{price_list.code}")
        return
    problems = _price_problems(reference, price_list, wanted)
    if problems:
        for name, messages in problems:
            kind = PRICE_COLUMN_KINDS.get(name, kinds.PRICE)
            value = values.get(kind)
            wish.problems.append(Problem(f"{kind}@{price_list.code}", "" if value is None else str(value), messages))
        return
    plan.price_writes.append((price_list_id, wanted["amount"], wanted["sale_amount"], wanted["sale_start"],
                              wanted["sale_end"]))
    plan.columns += [f"{PRICE_COLUMN_KINDS[name]}@{price_list.code}" for name, value in wanted.items()
                     if (existing is None and value is not None)
                     or (existing is not None and getattr(existing, name) != value)]


def _price_problems(reference: Reference, price_list: PriceList, wanted: dict[str, object]
                    ) -> tuple[tuple[str, str], ...]:
    """Price's own validation (every rule of Price.clean and its fields), remembered per distinct price: a file
    repeats the same few price points thousands of times."""
    key = (price_list.pk, *map(str, wanted.values()))  # by text: 19.9 and 19.90000 are equal Decimals, not both valid
    problems = reference.price_checks.get(key)
    if problems is None:
        price = Price(price_list=price_list, **wanted)
        try:
            # The variant may not exist yet and the price list comes from the import's reference data: their
            # foreign key checks (a query each) are left out.
            price.full_clean(exclude=["variant", "price_list"], validate_unique=False, validate_constraints=False)
            problems = ()
        except ValidationError as error:
            problems = tuple((name, " ".join(messages)) for name, messages in error.message_dict.items())
        reference.price_checks[key] = problems
    return problems
