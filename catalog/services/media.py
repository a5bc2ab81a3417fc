"""Images: assets and their place on products and variants."""


from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from catalog.changes import products_changed_mark
from catalog.images import image_check, image_thumbnail
from catalog.models import (
    Asset,
    Product,
    ProductMedia,
    Variant,
)
from catalog.services.base import (
    _full_clean,
    _product_touch,
    _save_or_explain,
)

# -- images -----------------------------------------------------------------------------------------------------


@transaction.atomic
def asset_create(*, file: UploadedFile, alt_texts: dict[str, str] | None = None) -> Asset:
    """Store a verified image once: uploading the same bytes again returns the existing asset."""
    name = getattr(file, "name", "") or "upload"
    file.seek(0)
    checked = image_check(content=file.read(), name=name)
    existing = Asset.objects.filter(sha256=checked.sha256).first()
    if existing is not None:
        if alt_texts:
            existing.alt_texts = {**existing.alt_texts, **alt_texts}
            existing.save(update_fields=["alt_texts"])
        return existing
    asset = Asset(sha256=checked.sha256, mime_type=checked.mime_type, size=len(checked.content),
                  original_name=name.rsplit("/", 1)[-1][:255], alt_texts=alt_texts or {})
    from django.core.files.base import ContentFile

    # The content needs a name: since Django 5.1 the width and height fields are read from it, and a nameless
    # ContentFile counts as "no file", which leaves them empty.
    file_name = f"upload.{checked.extension}"
    asset.file.save(file_name, ContentFile(checked.content, name=file_name), save=False)
    asset.thumbnail.save("thumbnail.webp", image_thumbnail(checked.content), save=False)
    _save_or_explain(asset)
    return asset


@transaction.atomic
def asset_update(*, asset_id: int, alt_texts: dict[str, str]) -> Asset:
    asset = Asset.objects.get(pk=asset_id)
    asset.alt_texts = {code: text.strip() for code, text in alt_texts.items() if text and text.strip()}
    asset.save(update_fields=["alt_texts"])
    product_ids = set(ProductMedia.objects.filter(asset=asset).values_list("product_id", flat=True))
    # The API shows alt texts with the product: its incremental readers (and ETags) must see the change.
    Product.objects.filter(pk__in=product_ids).update(updated_at=timezone.now())
    products_changed_mark(product_ids=product_ids)
    return asset


@transaction.atomic
def product_media_save(
    *, product: Product, asset: Asset, position: int = 0, variant: Variant | None = None,
    media: ProductMedia | None = None,
) -> ProductMedia:
    media = media or ProductMedia(product=product)
    media.product, media.asset, media.variant, media.position = product, asset, variant, position
    _full_clean(media)
    _save_or_explain(media)
    _product_touch(product.pk)
    return media


@transaction.atomic
def product_media_delete(*, media_id: int) -> None:
    media = ProductMedia.objects.get(pk=media_id)
    media.delete()
    _product_touch(media.product_id)
