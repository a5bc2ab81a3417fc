"""Import and export in the admin.

- Catalog imports (ImportJob): the "add" page is the upload form (file, mode); the job's page is the preview (counts,
  rejected rows with line / field / value / reason, the first changes), with an Apply button once the dry run is
  done, a link to the rejected rows as CSV and a progress bar while the worker plans or applies.
- Export on the product list: two actions ("Export selected products to CSV / XLSX", which also work with
  "select all") and two links above the list that carry its current filters, search and ordering
  (``admin:catalog_importjob_export``). The actions are added to ProductAdmin here, so products.py needs no edit.
"""

import datetime
import tempfile

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from catalog.models import ImportJob, Product
from catalog.transfer.exporting import XLSX_CONTENT_TYPE, CatalogExport, csv_stream, xlsx_write
from catalog.transfer.services import import_job_apply_start, import_job_create

from .products import ProductAdmin

PREVIEW_CHANGES = 50


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8; comma, semicolon or tab separated) or Excel .xlsx, in the layout "
                                     "of the product list's export."))
    mode = forms.ChoiceField(label=_("When a row is rejected"), choices=ImportJob.Mode.choices,
                             initial=ImportJob.Mode.SKIP_BAD_ROWS, widget=forms.RadioSelect)


class ImportApplyForm(forms.Form):
    mode = forms.ChoiceField(label=_("When a row is rejected"), choices=ImportJob.Mode.choices,
                             widget=forms.RadioSelect)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "status", "mode", "total_rows", "created_count", "updated_count",
                    "unchanged_count", "rejected_count", "user", "created_at")
    list_filter = ("status",)
    list_select_related = ("user",)
    search_fields = ("original_name",)

    class Media:
        css = {"all": ("pim/admin.css", "pim/imports.css")}

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("<int:job_id>/apply/", view(self.apply_view), name="catalog_importjob_apply"),
            path("<int:job_id>/rejected/", view(self.rejected_view), name="catalog_importjob_rejected"),
            path("<int:job_id>/progress/", view(self.progress_view), name="catalog_importjob_progress"),
            path("export/<str:file_format>/", view(self.export_view), name="catalog_importjob_export"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title,
                "media": self.media, **extra}

    # -- upload -------------------------------------------------------------------------------------------------

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = import_job_create(file=form.cleaned_data["file"], mode=form.cleaned_data["mode"],
                                        user=request.user)
            except ValidationError as error:
                form.add_error("file", error.message_dict.get("file") or error.messages)
            else:
                return HttpResponseRedirect(reverse("admin:catalog_importjob_change", args=[job.pk]))
        return TemplateResponse(request, "admin/catalog/importjob/upload.html", self._context(
            request, _("Import products"), form=form,
            export_url=reverse("admin:catalog_importjob_export", args=["csv"])))

    # -- the preview / result page ------------------------------------------------------------------------------

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict | None = None) -> HttpResponse:
        job = get_object_or_404(ImportJob.objects.select_related("user"), pk=object_id)
        if not self.has_view_or_change_permission(request, job):
            raise PermissionDenied
        can_apply = job.status == ImportJob.Status.PLANNED and self.has_change_permission(request, job)
        return TemplateResponse(request, "admin/catalog/importjob/preview.html", self._context(
            request, _("Import of %(name)s") % {"name": job.original_name}, job=job, original=job,
            apply_form=ImportApplyForm(initial={"mode": job.mode}) if can_apply else None,
            changes=job.changes[:PREVIEW_CHANGES], more_changes=max(0, len(job.changes) - PREVIEW_CHANGES),
            rejected_rows_hidden=max(0, job.rejected_count - len({row["line"] for row in job.rejections})),
        ))

    def apply_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = get_object_or_404(ImportJob, pk=job_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:catalog_importjob_change", args=[job.pk]))
        if not self.has_change_permission(request, job):
            raise PermissionDenied
        form = ImportApplyForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(" ".join(form.errors.get("mode", [])))
            job = import_job_apply_start(job_id=job.pk, mode=form.cleaned_data["mode"], user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            if job.status == ImportJob.Status.DONE:
                self.message_user(request, _("Import applied: %(created)s rows created, %(updated)s updated, "
                                             "%(unchanged)s unchanged, %(rejected)s rejected.") % {
                    "created": job.created_count, "updated": job.updated_count,
                    "unchanged": job.unchanged_count, "rejected": job.rejected_count}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:catalog_importjob_change", args=[job.pk]))

    def rejected_view(self, request: HttpRequest, job_id: int) -> FileResponse:
        job = get_object_or_404(ImportJob, pk=job_id)
        if not self.has_view_or_change_permission(request, job):
            raise PermissionDenied
        if not job.rejected_file:
            raise Http404(_("This import has no rejected rows."))
        name = job.rejected_file.name.rsplit("/", 1)[-1]
        return FileResponse(job.rejected_file.open("rb"), as_attachment=True, filename=name,
                            content_type="text/csv; charset=utf-8")

    def progress_view(self, request: HttpRequest, job_id: int) -> JsonResponse:
        job = get_object_or_404(ImportJob, pk=job_id)
        if not self.has_view_or_change_permission(request, job):
            raise PermissionDenied
        return JsonResponse({"status": job.status, "busy": job.busy, "rows_done": job.rows_done,
                             "total_rows": job.total_rows, "percent": job.progress_percent})

    # -- export of the product list with its current filters ----------------------------------------------------

    def export_view(self, request: HttpRequest, file_format: str) -> HttpResponse:
        product_admin = self.admin_site._registry.get(Product)
        if product_admin is None or not product_admin.has_view_permission(request):
            raise PermissionDenied
        if file_format not in ("csv", "xlsx"):
            raise Http404
        try:
            # The product list's own filters, search and permissions, read from this request's query string.
            queryset = product_admin.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            self.message_user(request, _("The list's filters could not be read; nothing was exported."),
                              messages.ERROR)
            return HttpResponseRedirect(reverse("admin:catalog_product_changelist"))
        return export_response(queryset, file_format=file_format)

    def delete_model(self, request: HttpRequest, obj: ImportJob) -> None:
        for stored in (obj.file, obj.rejected_file):
            if stored:
                stored.delete(save=False)
        obj.delete()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for job in queryset:
            self.delete_model(request, job)


def export_response(queryset: QuerySet[Product], *, file_format: str) -> HttpResponse:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M")
    export = CatalogExport(queryset)
    if file_format == "csv":
        response = StreamingHttpResponse(csv_stream(export), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="products-{stamp}.csv"'
        return response
    # write-only openpyxl keeps rows out of memory but must finish the file before it can be sent
    stream = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    xlsx_write(export, stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=f"products-{stamp}.xlsx", content_type=XLSX_CONTENT_TYPE)


# "change", not "view": the action menu stays a tool of people who edit (viewers get none, see tests/roles); viewers
# export with the links above the list, which carry its filters.
@admin.action(description=_("Export selected products to CSV"), permissions=["change"])
def export_selected_csv(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
    return export_response(queryset, file_format="csv")


@admin.action(description=_("Export selected products to Excel (.xlsx)"), permissions=["change"])
def export_selected_xlsx(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
    return export_response(queryset, file_format="xlsx")


# The hook: ProductAdmin (and subclasses defined after this import, such as syndication's) gain the two actions.
ProductAdmin.actions = (*ProductAdmin.actions, export_selected_csv, export_selected_xlsx)

