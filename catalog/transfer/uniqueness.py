"""Uniqueness within the file, across its chunks: a SKU, a GTIN or a slug (per locale) on two products' rows
rejects the later rows with the line of the first. The catalog's own uniqueness is the services' and the chunk-level
path's (catalog.transfer.batches) to check."""

from django.utils.translation import gettext as _

from . import columns as kinds
from .outcome import Problem
from .rows import ProductWish, RowWish


class InFileUniqueness:
    def __init__(self) -> None:
        self.skus: dict[str, int] = {}  # SKU -> first line
        self.gtins: dict[str, tuple[int, str]] = {}  # GTIN -> (first line, its SKU)
        self.slugs: dict[tuple[str, str], tuple[str, int]] = {}  # (locale, slug) -> (product key, line)

    def row_check(self, row: RowWish) -> None:
        first = self.skus.setdefault(row.sku, row.line)
        if first != row.line:
            row.problems.append(Problem(kinds.SKU, row.sku, _("SKU %(value)s is also on line %(line)s.")
                                        % {"value": row.sku, "line": first}))
            return
        if gtin := row.fields.get(kinds.GTIN):
            first_line, sku = self.gtins.setdefault(gtin, (row.line, row.sku))
            if sku != row.sku:
                row.problems.append(Problem(kinds.GTIN, gtin, _("GTIN %(value)s is also on line %(line)s (SKU "
                                                                "%(sku)s).") % {"value": gtin, "line": first_line,
                                                                                "sku": sku}))

    def slugs_check(self, wish: ProductWish) -> None:
        for locale_code, translation in wish.translations.items():
            slug = translation.fields.get(kinds.SLUG, "").strip()
            if not slug:
                continue
            key, line = self.slugs.setdefault((locale_code, slug), (wish.key, wish.line))
            if key != wish.key:
                wish.problems.append(Problem(f"slug@{locale_code}", slug, _(
                    "%(value)s is also the slug of another product in this file (line %(line)s).")
                    % {"value": slug, "line": line}))
