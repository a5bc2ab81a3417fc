"""The product list: filters, search without duplicate rows, and a paginator that does not COUNT 100k rows."""

import json

from django.conf import settings
from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Locale
from catalog.queries import category_tree, products_in_category, products_missing_translation


class CategoryListFilter(admin.SimpleListFilter):
    """A category and everything below it, chosen from the indented tree."""

    title = _("category")
    parameter_name = "category"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [(str(category.pk), "\u00a0\u00a0\u00a0" * category.tree_depth + category.name)
                for category in category_tree()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        category = Category.objects.filter(pk=self.value()).first()
        return products_in_category(queryset, category=category) if category else queryset.none()


class MissingTranslationListFilter(admin.SimpleListFilter):
    """Products with no title in exactly this locale: what is left for translators."""

    title = _("missing translation")
    parameter_name = "missing_translation"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [(locale.code, str(locale)) for locale in Locale.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        return products_missing_translation(queryset, locale_code=self.value())


class EstimatedCountPaginator(Paginator):
    """Exact counts are slow on large PostgreSQL tables (a full scan); above
    settings.PIM_ADMIN_EXACT_COUNT_LIMIT rows the planner's estimate is shown instead."""

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return super().count
        estimate = self._planner_estimate(queryset, connection)
        limit = settings.PIM_ADMIN_EXACT_COUNT_LIMIT
        if estimate is not None and estimate > limit:
            return estimate
        return super().count

    @staticmethod
    def _planner_estimate(queryset: QuerySet, connection) -> int | None:
        # EXPLAIN plans without running; its row estimate comes from pg_class.reltuples and column statistics.
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        try:
            return int(plan[0]["Plan"]["Plan Rows"])
        except (KeyError, IndexError, TypeError, ValueError):
            return None
