"""Keyset ("cursor") pagination for every API list: deep pages cost the same as the first, and rows changing
between two pages neither repeat nor vanish from the walk.

A page is ``WHERE (a, b) > (last a, last b) ORDER BY a, b LIMIT n`` over an ordering that ends in a unique column,
never OFFSET. The cursor in ``next`` carries the last row's values, the ordering it belongs to and, for lists that
support ``updated_since``, the walk's sync cut-off, so every page of one walk hands back the same ``sync_cutoff``.
"""

import base64
import binascii
import datetime
import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from catalog.api.sync import moment_parse, sync_cutoff_now

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class Cursor:
    ordering: str
    position: tuple
    cutoff: datetime.datetime | None


class KeysetPagination(BasePagination):
    """Views declare ``orderings`` (name -> model fields, all ascending or all descending, the last one unique) and
    ``default_ordering``; ``sync_cutoff = True`` adds the walk's cut-off to the response."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None) -> list[Model | dict]:
        self.request, self.view = request, view
        self.page_size = self._page_size(request)
        self.ordering_name, fields = self._ordering(request, view)
        cursor = self._cursor(request, self.ordering_name, queryset.model, fields)
        self.cutoff = None
        if getattr(view, "sync_cutoff", False):
            self.cutoff = cursor.cutoff if cursor and cursor.cutoff else sync_cutoff_now()
        queryset = queryset.order_by(*fields)
        if cursor is not None:
            queryset = queryset.filter(_after(fields, cursor.position))
        rows = list(queryset[:self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        rows = rows[:self.page_size]
        self.last_position = _position(rows[-1], fields) if rows else None
        return rows

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        payload = {"o": self.ordering_name, "p": self.last_position}
        if self.cutoff is not None:
            payload["c"] = self.cutoff.isoformat()
        token = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, token)

    def get_paginated_response(self, data) -> Response:
        body = OrderedDict(next=self.get_next_link())
        if self.cutoff is not None:
            body["sync_cutoff"] = self.cutoff.isoformat().replace("+00:00", "Z")
        body["results"] = data
        return Response(body)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        properties = {
            "next": {"type": "string", "nullable": True, "format": "uri",
                     "description": "The next page, or null on the last one."},
            "sync_cutoff": {"type": "string", "format": "date-time",
                            "description": "Lists with updated_since only: keep it as your next updated_since "
                                           "(the same on every page of one walk)."},
            "results": schema,
        }
        return {"type": "object", "required": ["next", "results"], "properties": properties}

    def get_schema_operation_parameters(self, view) -> list[dict]:
        orderings = list(getattr(view, "orderings", {}))
        parameters = [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "description": "Opaque position from the previous page's next link.", "schema": {"type": "string"}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": f"Rows per page (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}).",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}},
        ]
        if orderings:
            parameters.append({"name": self.ordering_query_param, "required": False, "in": "query",
                               "description": f"Sort order (default {view.default_ordering}).",
                               "schema": {"type": "string", "enum": orderings}})
        return parameters

    def _page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return DEFAULT_PAGE_SIZE
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError({self.page_size_query_param: [
                _("%(value)s is not a whole number from 1 to %(max)s.") % {"value": raw, "max": MAX_PAGE_SIZE}]})
        return int(raw)

    def _ordering(self, request: Request, view) -> tuple[str, Sequence[str]]:
        orderings = getattr(view, "orderings", None) or {"id": ("id",)}
        name = request.query_params.get(self.ordering_query_param) or getattr(view, "default_ordering", "id")
        if name not in orderings:
            raise ValidationError({self.ordering_query_param: [
                _("%(value)s is not a sort order here (%(choices)s).") % {"value": name,
                                                                          "choices": ", ".join(orderings)}]})
        return name, orderings[name]

    def _cursor(self, request: Request, ordering_name: str, model: type[Model], fields: Sequence[str]
                ) -> Cursor | None:
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None
        invalid = ValidationError({self.cursor_query_param: [_("Invalid cursor: use the next link as it is.")]})
        try:
            payload = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)))
            position, cutoff = payload["p"], payload.get("c")
            if payload["o"] != ordering_name or not isinstance(position, list) or len(position) != len(fields):
                raise invalid
            # Each value is checked as its field would check it: a tampered cursor is a 400, never a 500.
            values = tuple(_field(model, name).to_python(value) for name, value in zip(fields, position, strict=True))
            if any(value is None for value in values):
                raise invalid
            return Cursor(ordering_name, values, moment_parse(cutoff) if cutoff else None)
        except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error, DjangoValidationError,
                FieldDoesNotExist):
            raise invalid from None


def _field(model: type[Model], name: str):
    return model._meta.get_field(name.lstrip("-"))


def _after(fields: Sequence[str], position: tuple) -> Q:
    """Rows after ``position`` in the order of ``fields``: a >= x and ((a > x) or (a = x and b > y) or ...).

    The leading ``a >= x`` is what lets the database start an index range scan at the position; the OR alone
    would be filtered row by row from the start of the index.
    """
    def beyond(name: str) -> str:
        return f"{name.lstrip('-')}__{'lt' if name.startswith('-') else 'gt'}"

    condition = Q()
    for index, name in enumerate(fields):
        step = Q(**{beyond(name): position[index]})
        for earlier_name, earlier_value in zip(fields[:index], position[:index], strict=True):
            step &= Q(**{earlier_name.lstrip("-"): earlier_value})
        condition |= step
    first = fields[0]
    start = Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": position[0]})
    return start & condition


def _position(row: Model | dict, fields: Sequence[str]) -> list:
    values = []
    for name in fields:
        # A page of .values() rows (the product read path) or of model instances
        value = row[name.lstrip("-")] if isinstance(row, dict) else getattr(row, name.lstrip("-"))
        values.append(value.isoformat() if isinstance(value, datetime.datetime | datetime.date) else value)
    return values
