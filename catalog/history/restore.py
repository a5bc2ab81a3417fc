"""Restoring a product as it was at one of its versions (a historical Product row).

What comes back: the product's own fields (code, family, brand, categories, status, attribute values) and its
translations exactly as they were then (translations added since are removed, removed ones come back); the fields of
the variants that existed then and still exist. What stays as it is: variants added since (kept), variants deleted
since (not recreated: their prices, stock and feed item ids are gone), prices and stock (operational data, changed
daily by other systems), images and channel listings. The confirmation page says so.

Rows whose history starts after the version with a change rather than a creation existed then with values that
were never recorded (they predate the history): they are kept as they are, and the page lists them.

The restore goes through the same services as an edit: the same validation, a version check against the version
the person looked at (ProductVersionConflict), a new version, feeds following. Its history rows carry the reason
"restored from version N".
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from catalog.models import Brand, Category, Family, Locale, Product, ProductTranslation, Variant

from .context import history_context, history_scope
from .diffs import FieldChange, Labels, field_changes, shown_fields
from .records import history_rows_write

PRODUCT_HIDDEN = frozenset({"version", "updated_by_id"})
TRANSLATION_HIDDEN = frozenset({"product_id", "locale_id"})
VARIANT_HIDDEN = frozenset({"product_id", "axis_key"})


@dataclass
class RowRestore:
    subject: str
    changes: list[FieldChange]
    row: models.Model | None = None  # the historical row to put back; None: remove the current one
    current: models.Model | None = None


@dataclass
class RestorePlan:
    """What restoring ``record`` would change, compared with the product as it is now."""

    record: models.Model  # the historical Product row
    product_changes: list[FieldChange] = field(default_factory=list)
    translations: list[RowRestore] = field(default_factory=list)  # changed, recreated (no current) or removed
    variants: list[RowRestore] = field(default_factory=list)  # changed
    variants_kept: list[str] = field(default_factory=list)  # SKUs added since: kept as they are
    variants_not_recreated: list[str] = field(default_factory=list)  # SKUs deleted since
    not_recorded: list[str] = field(default_factory=list)  # rows with no recorded state then: kept as they are

    @property
    def changes_anything(self) -> bool:
        return bool(self.product_changes or self.translations or self.variants)

    @property
    def translations_removed(self) -> list[RowRestore]:
        return [item for item in self.translations if item.row is None]


def version_record(*, product: Product, history_id: int) -> models.Model:
    """The product's historical row ``history_id``; a ValidationError if it is not a version of this product."""
    record = Product.history.filter(id=product.pk, history_id=history_id).exclude(history_type="-").first()
    if record is None:
        raise ValidationError({"history_id": ValidationError(
            _("%(value)s is not a version of product %(code)s."), code="unknown_version",
            params={"value": history_id, "code": product.code})})
    return record


def restore_plan(*, product: Product, history_id: int) -> RestorePlan:
    """Compare the product now with version ``history_id``: a bounded number of queries however long its history."""
    record = version_record(product=product, history_id=history_id)
    plan = RestorePlan(record=record)
    translations_now = {translation.locale_id: translation for translation in product.translations.all()}
    variants_now = {variant.pk: variant for variant in product.variants.all()}
    translations_then, translations_unknown = _rows_as_of(ProductTranslation, product.pk, record.history_date,
                                                          list(translations_now.values()))
    translations_then = {row.locale_id: row for row in translations_then.values()}
    variants_then, variants_unknown = _rows_as_of(Variant, product.pk, record.history_date,
                                                  list(variants_now.values()))
    current = SimpleNamespace(**{model_field.attname: getattr(product, model_field.attname)
                                 for model_field in Product._meta.concrete_fields},
                              category_ids=sorted(product.categories.values_list("pk", flat=True)))

    labels = Labels()
    product_fields = shown_fields(Product, PRODUCT_HIDDEN)
    translation_fields = shown_fields(ProductTranslation, TRANSLATION_HIDDEN)
    variant_fields = shown_fields(Variant, VARIANT_HIDDEN)
    for row in (current, record):
        labels.want_row(product_fields, row)
    for row in [*translations_now.values(), *translations_then.values()]:
        labels.want_row(translation_fields, row)
    for row in [*variants_now.values(), *variants_then.values()]:
        labels.want_row(variant_fields, row)
    labels.want(Locale, translations_now.keys() | translations_then.keys())
    labels.load()

    plan.product_changes = field_changes(fields=product_fields, old=current, new=record, labels=labels,
                                         categories=True)
    for locale_id in sorted(translations_now.keys() | translations_then.keys()):
        now_row, then_row = translations_now.get(locale_id), translations_then.get(locale_id)
        subject = labels.text(Locale, locale_id)
        if then_row is None and now_row.pk in translations_unknown:
            plan.not_recorded.append(_("Translation %(locale)s") % {"locale": subject})
            continue
        if then_row is None:
            plan.translations.append(RowRestore(subject, [], row=None, current=now_row))
            continue
        changes = field_changes(fields=translation_fields, old=now_row, new=then_row, labels=labels)
        if changes:
            plan.translations.append(RowRestore(subject, changes, row=then_row, current=now_row))
    for variant_id, then_row in sorted(variants_then.items()):
        now_row = variants_now.get(variant_id)
        if now_row is None:
            plan.variants_not_recreated.append(then_row.sku)
        elif changes := field_changes(fields=variant_fields, old=now_row, new=then_row, labels=labels):
            plan.variants.append(RowRestore(now_row.sku, changes, row=then_row, current=now_row))
    plan.variants_kept = [variant.sku for variant_id, variant in sorted(variants_now.items())
                          if variant_id not in variants_then and variant_id not in variants_unknown]
    plan.not_recorded += [_("Variant %(sku)s") % {"sku": variant.sku} for variant_id, variant
                          in sorted(variants_now.items()) if variant_id in variants_unknown]
    return plan


def _rows_as_of(model: type[models.Model], product_id: int, moment, current: list[models.Model]
                ) -> tuple[dict[int, models.Model], set[int]]:
    """The product's rows of ``model`` as they were at ``moment`` (the latest version of each then, deleted ones
    left out), by id; and the ids of ``current`` rows whose state then was not recorded: not there then, not
    created since either, but changed since (their history starts with a change: they predate the history).
    A current row with no history at all has not changed since the history began: it is as it was then."""
    rows = model.history.filter(product_id=product_id, history_date__lte=moment).latest_of_each()
    then = {row.id: row for row in rows if row.history_type != "-"}
    absent = {row.pk for row in current} - then.keys()
    later: dict[int, set[str]] = {}
    for object_id, history_type in model.history.filter(id__in=absent, history_date__gt=moment).values_list(
            "id", "history_type") if absent else ():
        later.setdefault(object_id, set()).add(history_type)
    for row in current:
        if row.pk in absent and row.pk not in later:
            then[row.pk] = row  # unchanged since before the history: its current values are its values then
    return then, {object_id for object_id, types in later.items() if "+" not in types}


@transaction.atomic
def product_restore(*, product: Product, history_id: int, expected_version: int, user=None) -> Product:
    """Put the product back as it was at version ``history_id`` (see the module's docstring for what comes back).

    ``expected_version`` is the version the person saw when they chose to restore: if the product has been saved
    since, ProductVersionConflict is raised and nothing changes. The restore is a new version of its own.
    """
    from catalog import services

    record = version_record(product=product, history_id=history_id)
    when = formats.date_format(timezone.localtime(record.history_date), "Y-m-d H:i")
    reason = _("Restored from version %(version)s (%(date)s)") % {"version": record.version, "date": when}
    with history_context(reason=reason, user=user), history_scope():
        product = _product_fields_restore(product=product, record=record, expected_version=expected_version,
                                          user=user)
        plan = restore_plan(product=product, history_id=history_id)
        _translations_restore(product=product, plan=plan)
        _variants_restore(plan=plan)
        if record.status == Product.Status.ACTIVE:  # checked against the restored translations and variants
            services.product_status_set(product_ids=[product.pk], status=Product.Status.ACTIVE, user=user)
        product = Product.objects.get(pk=product.pk)
        history_rows_write(model=Product, instances=[product], history_type="~", always=True)
    return product


def _product_fields_restore(*, product: Product, record: models.Model, expected_version: int, user) -> Product:
    from catalog import services

    family = Family.objects.filter(pk=record.family_id).first()
    if family is None:
        raise ValidationError({"family": ValidationError(
            _("The family this version used no longer exists."), code="missing_family")})
    brand = Brand.objects.filter(pk=record.brand_id).first() if record.brand_id else None
    primary_category = Category.objects.filter(pk=record.primary_category_id).first() \
        if record.primary_category_id else None
    if (record.brand_id and brand is None) or (record.primary_category_id and primary_category is None):
        raise ValidationError(_("The brand or primary category this version used no longer exists."),
                              code="missing_reference")
    changes = {"code": record.code, "family": family, "brand": brand, "primary_category": primary_category,
               "attributes": record.attributes,
               # Activated at the end, once the translations and variants it is checked against are back.
               "status": record.status if record.status != Product.Status.ACTIVE else None}
    if changes["status"] is None:
        del changes["status"]
    if record.category_ids is not None:  # None: not recorded for this version; left as they are
        changes["categories"] = list(Category.objects.filter(pk__in=record.category_ids))
    return services.product_update(product_id=product.pk, expected_version=expected_version, user=user, **changes)


def _translations_restore(*, product: Product, plan: RestorePlan) -> None:
    from catalog import services

    locale_codes = dict(Locale.objects.values_list("pk", "code"))
    for item in plan.translations:
        try:
            if item.row is None:
                services.product_translation_delete(translation_id=item.current.pk)
                continue
            row = item.row
            services.product_translation_save(
                product=product, locale_code=locale_codes.get(row.locale_id, ""), title=row.title,
                description=row.description, short_description=row.short_description, slug=row.slug,
                attributes=row.attributes)
        except ValidationError as error:
            raise ValidationError(_("Translation %(locale)s: %(problems)s") % {
                "locale": item.subject, "problems": " ".join(error.messages)}, code="translation_refused") from None


def _variants_restore(*, plan: RestorePlan) -> None:
    from catalog import services

    for item in plan.variants:
        row = item.row
        data = services.VariantInput(
            sku=row.sku, gtin=row.gtin, mpn=row.mpn, axis_values=row.axis_values, attributes=row.attributes,
            weight=row.weight, position=row.position, availability_override=row.availability_override,
            available_from=row.available_from)
        try:
            services.variant_update(variant_id=item.current.pk, data=data)
        except ValidationError as error:
            raise ValidationError(_("Variant %(sku)s: %(problems)s") % {
                "sku": item.subject, "problems": " ".join(error.messages)}, code="variant_refused") from None
