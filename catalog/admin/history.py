"""The product page's History (every version of the product and its rows, with what changed) and Restore.

Anyone who may view a product sees its history; restoring needs the permission to change it. Reads are
catalog.history.timeline / restore_plan (a fixed number of queries per page); the restore is
catalog.services.product_restore.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from catalog import services
from catalog.history.restore import restore_plan
from catalog.history.timeline import Cursor, product_history_page
from catalog.models import Product


class ProductHistoryAdminMixin:
    """For ProductAdmin: replaces the admin's History page and adds the restore confirmation page."""

    def get_urls(self) -> list:
        name = f"{self.opts.app_label}_{self.opts.model_name}_restore"
        return [
            path("<path:object_id>/history/<int:history_id>/restore/",
                 self.admin_site.admin_view(self.restore_view), name=name),
            *super().get_urls(),
        ]

    def _history_context(self, request: HttpRequest, product: Product, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "title": title, "subtitle": None, "opts": self.opts, "object": product,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "preserved_filters": self.get_preserved_filters(request),
        }

    def _product_for(self, request: HttpRequest, object_id: str) -> Product | None:
        return Product.objects.select_related("updated_by").filter(pk=unquote(object_id)).first() \
            if unquote(object_id).isdigit() else None

    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None) -> HttpResponse:
        product = self._product_for(request, object_id)
        if product is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, product):
            raise PermissionDenied
        cursor = Cursor.parse(request.GET.get("before"))
        page = product_history_page(product_id=product.pk, before=cursor)
        context = {
            **self._history_context(request, product, _("History: %(product)s") % {"product": product}),
            "page": page, "newest_page": cursor is None,
            "can_restore": self.has_change_permission(request, product),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/catalog/product/history.html", context)

    def restore_view(self, request: HttpRequest, object_id: str, history_id: int) -> HttpResponse:
        product = self._product_for(request, object_id)
        if product is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, product):
            raise PermissionDenied
        error = ""
        if request.method == "POST":
            version = request.POST.get("version", "")
            try:
                restored = services.product_restore(product=product, history_id=history_id, user=request.user,
                                                    expected_version=int(version) if version.isdigit() else 0)
            except services.ProductVersionConflict as conflict:
                error = _("%(user)s saved this product at %(when)s, after you opened this page. Nothing was "
                          "restored: check below what restoring changes now, and confirm again.") % {
                    "user": conflict.updated_by or _("Someone else"),
                    "when": formats.date_format(timezone.localtime(conflict.updated_at), "Y-m-d H:i")}
            except ValidationError as refused:
                error = _("Nothing was restored. %(problems)s") % {"problems": " ".join(refused.messages)}
            else:
                message = _("Restored the version of %(when)s; the product is now at version %(version)s.") % {
                    "when": formats.date_format(timezone.localtime(self._version_date(product, history_id)),
                                                "Y-m-d H:i"), "version": restored.version}
                self.log_change(request, restored, message)
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                                                    args=[product.pk], current_app=self.admin_site.name))
            product = Product.objects.select_related("updated_by").get(pk=product.pk)
        try:
            plan = restore_plan(product=product, history_id=history_id)
        except ValidationError:
            raise Http404(_("No such version of this product.")) from None
        context = {
            **self._history_context(request, product, _("Restore %(product)s") % {"product": product}),
            "plan": plan, "record": plan.record, "version": product.version, "error": error,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/catalog/product/restore.html", context)

    @staticmethod
    def _version_date(product: Product, history_id: int):
        return Product.history.filter(history_id=history_id).values_list("history_date", flat=True).first() \
            or timezone.now()
