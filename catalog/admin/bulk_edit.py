"""Changelist bulk edits with a confirmation page: pick products, choose the change on a form, confirm.

A bulk edit is a form plus a service call; apps contribute their own (syndication adds channel exclusions and
custom labels) with ``bulk_edit_action``. The whole change is one service call, so one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from catalog import bulk, services
from catalog.forms.product import CategoryPathChoiceField
from catalog.history.context import HistorySource, history_context
from catalog.models import Category, Product

CONFIRM_FIELD = "bulk_edit_confirmed"
PREVIEW_CODES = 20


@dataclass(frozen=True)
class BulkEdit:
    name: str
    title: str  # "Set status", shown as the page title and the action's label
    form_class: type[forms.Form]
    apply: Callable[..., int]  # apply(product_ids=[...], data=form.cleaned_data, user=request.user) -> count
    done_message: str  # "%(count)s products changed."


def bulk_edit_action(edit: BulkEdit):
    """An admin action that shows the confirmation page, then applies the edit through its service."""

    @admin.action(description=edit.title + "…", permissions=["change"])
    def action(model_admin, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        product_ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        form = edit.form_class(request.POST if CONFIRM_FIELD in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                with history_context(source=HistorySource.BULK, reason=edit.title):
                    count = edit.apply(product_ids=product_ids, data=form.cleaned_data, user=request.user)
            except ValidationError as error:
                model_admin.message_user(request, _("Nothing was changed. %(problems)s") % {
                    "problems": " ".join(error.messages)}, messages.ERROR)
                return None
            model_admin.message_user(request, edit.done_message % {"count": count}, messages.SUCCESS)
            return None
        codes = list(queryset.order_by("code").values_list("code", flat=True)[:PREVIEW_CODES])
        return TemplateResponse(request, "admin/catalog/product/bulk_edit.html", {
            **model_admin.admin_site.each_context(request),
            "title": edit.title, "opts": model_admin.model._meta, "form": form, "action_name": edit.name,
            "product_ids": product_ids, "count": len(product_ids), "codes": codes,
            "more": max(0, len(product_ids) - len(codes)), "confirm_field": CONFIRM_FIELD,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        })

    action.__name__ = edit.name
    return action


# -- the catalog's own bulk edits -------------------------------------------------------------------------------


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=Product.Status.choices)


class CategoryForm(forms.Form):
    category = CategoryPathChoiceField(label=_("category"), queryset=Category.objects.with_tree_fields())


SET_STATUS = BulkEdit(
    name="bulk_status_set", title=_("Set status"), form_class=StatusForm, done_message=_("%(count)s products changed."),
    apply=lambda *, product_ids, data, user: services.product_status_set(
        product_ids=product_ids, status=data["status"], user=user))
ADD_TO_CATEGORY = BulkEdit(
    name="bulk_category_add", title=_("Add to a category"), form_class=CategoryForm,
    done_message=_("%(count)s products added to the category."),
    apply=lambda *, product_ids, data, user: bulk.product_categories_add(
        product_ids=product_ids, category=data["category"], user=user))
REMOVE_FROM_CATEGORY = BulkEdit(
    name="bulk_category_remove", title=_("Remove from a category"), form_class=CategoryForm,
    done_message=_("%(count)s products removed from the category (primary categories are changed on the product)."),
    apply=lambda *, product_ids, data, user: bulk.product_categories_remove(
        product_ids=product_ids, category=data["category"], user=user))

CATALOG_BULK_EDITS = (SET_STATUS, ADD_TO_CATEGORY, REMOVE_FROM_CATEGORY)
