from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .products import Product
from .variants import Variant


def asset_upload_to(asset: "Asset", filename: str) -> str:
    # Content-addressed: the same image uploaded twice is one file, and names never collide.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"assets/{asset.sha256[:2]}/{asset.sha256}.{extension}"


def asset_thumbnail_upload_to(asset: "Asset", filename: str) -> str:
    return f"assets/thumbs/{asset.sha256[:2]}/{asset.sha256}.webp"


class Asset(models.Model):
    """An image, verified by Pillow on upload. Alt text per locale code."""

    file = models.ImageField(_("file"), upload_to=asset_upload_to, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to=asset_thumbnail_upload_to, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    mime_type = models.CharField(_("MIME type"), max_length=32, editable=False)
    size = models.PositiveBigIntegerField(_("bytes"), editable=False)
    alt_texts = models.JSONField(_("alt text per locale"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ("-id",)
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.original_name or self.sha256[:12]

    def alt_text_for(self, locale_chain: list[str]) -> str:
        return next((self.alt_texts[code] for code in locale_chain if self.alt_texts.get(code)), "")


class ProductMedia(models.Model):
    """An image of a product, or of one of its variants (e.g. the red one), in display order."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="media")
    variant = models.ForeignKey(
        Variant, verbose_name=_("only for variant"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="media",
    )
    asset = models.ForeignKey(Asset, verbose_name=_("image"), on_delete=models.PROTECT, related_name="placements")
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ("product", "position", "id")
        constraints = [
            models.UniqueConstraint(fields=("product", "variant", "asset"), name="product_media_unique"),
        ]
        indexes = [models.Index(fields=("product", "position"))]
        verbose_name = _("product image")
        verbose_name_plural = _("product images")

    def __str__(self) -> str:
        return f"{self.product_id}#{self.position}"

    def clean(self) -> None:
        if self.variant_id and self.product_id and self.variant.product_id != self.product_id:
            raise ValidationError({"variant": ValidationError(
                _("Variant %(value)s belongs to another product."), code="foreign_variant",
                params={"value": self.variant.sku},
            )})
