"""A catalog service's ValidationError as the import's problems: each keyed by the file's column it is about
(``variants[2].gtin`` -> ``gtin``, ``translations[1].slug`` -> ``slug@pl``, a required attribute -> its column),
with that row's cell as the value."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from catalog.services import ProductVersionConflict

from . import columns as kinds
from .differences import RowPlan
from .outcome import Problem
from .rows import Layout
from .state import FamilyLayout

PRODUCT_ERROR_COLUMNS = {"code": kinds.PRODUCT_CODE, NON_FIELD_ERRORS: kinds.PRODUCT_CODE, "variants": kinds.SKU}
VARIANT_ERROR_COLUMNS = {NON_FIELD_ERRORS: kinds.SKU, "variants": kinds.SKU, "product": kinds.SKU}


class ErrorColumns:
    def __init__(self, layout: Layout):
        self.layout = layout

    def variant_errors(self, error: ValidationError, candidates: list[RowPlan], family_layout: FamilyLayout
                        ) -> dict[int, list[Problem]]:
        refused: dict[int, list[Problem]] = {}
        for key, errors in getattr(error, "error_dict", {}).items():
            if not key.startswith("variants["):
                continue
            index = int(key[len("variants["):key.index("]")])
            field_name = key.partition(".")[2] or NON_FIELD_ERRORS
            refused.setdefault(index, []).extend(self.problems(
                ValidationError({field_name: errors}), cells=candidates[index].wish.cells,
                family_layout=family_layout, columns=VARIANT_ERROR_COLUMNS))
        return refused

    def _attribute_column(self, family_layout: FamilyLayout, code: str, locale: str) -> str:
        column = family_layout.column_for(code, locale=locale)
        if column not in self.layout.position and code in family_layout.localized:
            # "material is required" on activation names no locale: point at the file's first material column
            column = next((name for name in self.layout.position if name.startswith(f"attr:{code}@")), column)
        return column

    def problems(self, error: Exception, *, cells: tuple[str, ...], family_layout: FamilyLayout,
                  columns: dict[str, str], locale: str = "", translations: list | None = None) -> list[Problem]:
        """A service's ValidationError as problems keyed by the file's columns, with the cell's value."""
        if isinstance(error, ProductVersionConflict):
            return [Problem(kinds.PRODUCT_CODE, error.code, str(error))]
        error_dict = getattr(error, "error_dict", None) or {NON_FIELD_ERRORS: error.error_list}
        problems = []
        for key, errors in error_dict.items():
            name, key_locale = key, locale
            if key.startswith("translations[") and translations:
                key_locale = translations[int(key[len("translations["):key.index("]")])].locale_code
                name = key.partition(".")[2]
            for item in errors:
                params = item.params or {}
                column = columns.get(name, name)
                if name in ("attributes", "axis_values", "status") and params.get("attribute"):
                    column = self._attribute_column(family_layout, str(params["attribute"]), key_locale)
                elif name == "axis_values":  # two variants with the same axes: the file's first axis column
                    column = next((column.name for _index, column in self.layout.axes), "axis")
                elif name in kinds.TRANSLATION_FIELDS or name == "locale":
                    column = f"{kinds.TITLE if name == 'locale' else name}@{key_locale}"
                position = self.layout.position.get(column)
                if position is not None:
                    value = cells[position]
                else:
                    value = "" if params.get("value") is None else str(params["value"])
                problems.append(Problem(column, value, " ".join(item.messages)))
        return problems
