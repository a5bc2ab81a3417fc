"""Images: uploaded through services.asset_create (Pillow checks), alt text edited per locale."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from catalog import services
from catalog.forms.labels import LocaleTextsForm
from catalog.images import image_check
from catalog.models import Asset

from .base import LocaleTextsAdminMixin
from .product_inlines import asset_thumbnail_html


class AssetForm(LocaleTextsForm):
    texts_json_field = "alt_texts"
    texts_field_prefix = "alt"
    upload = forms.FileField(label=_("image file"), required=False, widget=forms.ClearableFileInput(
        attrs={"accept": "image/*"}))

    class Meta:
        model = Asset
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].required = self.instance.pk is None


@admin.register(Asset)
class AssetAdmin(LocaleTextsAdminMixin, admin.ModelAdmin):
    locale_texts_form = AssetForm
    locale_texts_label = _("alt text")
    locale_texts_max_length = 300
    list_display = ("thumbnail", "original_name", "width", "height", "mime_type", "size", "created_at")
    search_fields = ("original_name", "sha256")
    readonly_fields = ("thumbnail_large", "original_name", "width", "height", "mime_type", "size", "sha256")

    def get_fields(self, request: HttpRequest, obj: Asset | None = None) -> list[str]:
        form = self.get_form(request, obj, fields=None)
        alt_fields = [name for name in form.base_fields if name.startswith("alt_")]
        if obj is None:
            return ["upload", *alt_fields]
        return ["thumbnail_large", "original_name", "width", "height", "mime_type", "size", "sha256", *alt_fields]

    @admin.display(description="")
    def thumbnail(self, asset: Asset) -> str:
        return asset_thumbnail_html(asset, size=48)

    @admin.display(description=_("image"))
    def thumbnail_large(self, asset: Asset) -> str:
        return asset_thumbnail_html(asset, size=160)

    def save_form(self, request: HttpRequest, form: AssetForm, change: bool) -> Asset:
        """Uploads become Assets through services.asset_create (clean() already ran its Pillow checks)."""
        if change:
            return services.asset_update(asset_id=form.instance.pk, alt_texts=form.instance.alt_texts)
        return services.asset_create(file=form.cleaned_data["upload"], alt_texts=form.instance.alt_texts)

    def save_model(self, request: HttpRequest, obj: Asset, form: AssetForm, change: bool) -> None:
        """Saved by save_form through the services."""

    def save_related(self, request: HttpRequest, form: AssetForm, formsets: list, change: bool) -> None:
        """An asset has no related rows edited here."""

    def get_form(self, request: HttpRequest, obj: Asset | None = None, change: bool = False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class AssetUploadForm(form_class):
            def clean(self) -> dict:
                cleaned_data = super().clean()
                upload = cleaned_data.get("upload")
                if self.instance.pk is None and upload:
                    upload.seek(0)
                    try:
                        image_check(content=upload.read(), name=upload.name)  # the checks asset_create repeats
                    except ValidationError as error:
                        self.add_error("upload", error.message_dict.get("file", error.messages))
                    upload.seek(0)
                return cleaned_data

        return AssetUploadForm
