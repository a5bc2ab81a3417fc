"""Image uploads: Pillow checks every file before it becomes an Asset, and draws the admin thumbnail."""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
THUMBNAIL_SIZE = (160, 160)


@dataclass(frozen=True)
class CheckedImage:
    content: bytes
    sha256: str
    width: int
    height: int
    mime_type: str
    extension: str


def image_check(*, content: bytes, name: str) -> CheckedImage:
    """Refuse anything that is not a whole, reasonably sized JPEG, PNG, WebP or GIF; errors name the file."""
    if len(content) > settings.PIM_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": ValidationError(
            _("%(value)s is %(size)s bytes, above the limit of %(max)s."), code="too_large",
            params={"value": name, "size": len(content), "max": settings.PIM_MAX_UPLOAD_BYTES},
        )})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image_format, (width, height) = image.format, image.size
                # The header's size is checked before any pixel is decoded, so a bomb never expands in memory.
                if width * height > settings.PIM_MAX_IMAGE_PIXELS:
                    raise ValidationError({"file": ValidationError(
                        _("%(value)s is %(width)sx%(height)s pixels, above the limit of %(max)s pixels."),
                        code="too_many_pixels",
                        params={"value": name, "width": width, "height": height, "max": settings.PIM_MAX_IMAGE_PIXELS},
                    )})
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()  # verify() does not decode; load() catches truncated pixel data
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own guard fires inside open() for headers far above its limit, before our check sees the size.
        raise ValidationError({"file": ValidationError(
            _("%(value)s has too many pixels (%(reason)s); the limit is %(max)s pixels."), code="too_many_pixels",
            params={"value": name, "reason": str(error), "max": settings.PIM_MAX_IMAGE_PIXELS},
        )}) from None
    except UnidentifiedImageError:
        raise ValidationError({"file": ValidationError(
            _("%(value)s is not an image Pillow can read (JPEG, PNG, WebP or GIF)."), code="not_an_image",
            params={"value": name},
        )}) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError({"file": ValidationError(
            _("%(value)s is damaged or truncated: %(reason)s."), code="damaged_image",
            params={"value": name, "reason": str(error)},
        )}) from None
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError({"file": ValidationError(
            _("%(value)s is a %(format)s image; use JPEG, PNG, WebP or GIF."), code="unsupported_format",
            params={"value": name, "format": image_format},
        )})
    return CheckedImage(
        content=content, sha256=hashlib.sha256(content).hexdigest(), width=width, height=height,
        mime_type=ALLOWED_FORMATS[image_format], extension={"JPEG": "jpg"}.get(image_format, image_format.lower()),
    )


def image_thumbnail(content: bytes) -> ContentFile:
    with Image.open(io.BytesIO(content)) as image:
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode not in {"RGB", "RGBA"}:
            image = image.convert("RGBA")
        buffer = io.BytesIO()
        image.save(buffer, format="WEBP", quality=80)
    return ContentFile(buffer.getvalue(), name="thumbnail.webp")
