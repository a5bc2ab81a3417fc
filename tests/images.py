"""Image files drawn with Pillow for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(*, width: int = 64, height: int = 48, image_format: str = "PNG", color: str = "#3366cc") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=image_format)
    return buffer.getvalue()


def image_upload(name: str = "shirt.png", **kwargs) -> SimpleUploadedFile:
    content = image_bytes(**kwargs)
    return SimpleUploadedFile(name, content, content_type="image/png")
