"""Image uploads (catalog.images through services.asset_create): Pillow checks, one Asset per content, no leftovers."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog import services
from catalog.models import Asset
from tests.catalog.refusals import refused
from tests.images import image_bytes

pytestmark = pytest.mark.django_db


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def noisy_image_bytes(image_format: str, size: tuple[int, int] = (200, 150)) -> bytes:
    """Noise does not compress, so cutting the file really loses pixel data."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, format=image_format)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims width x height pixels: a decompression bomb's calling card."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def stored_files(media_root: Path) -> list[Path]:
    return [path for path in Path(media_root).rglob("*") if path.is_file()]


@pytest.mark.parametrize(("image_format", "mime_type", "extension"), [
    ("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg"), ("WEBP", "image/webp", "webp"),
    ("GIF", "image/gif", "gif"),
])
def test_valid_images_are_stored_with_their_facts_and_a_thumbnail(media_root, image_format, mime_type, extension):
    content = image_bytes(width=640, height=480, image_format=image_format)

    asset = services.asset_create(file=upload(f"photo.{extension}", content), alt_texts={"en": "A photo"})

    asset.refresh_from_db()
    assert (asset.width, asset.height, asset.mime_type, asset.size) == (640, 480, mime_type, len(content))
    assert asset.original_name == f"photo.{extension}"
    assert asset.file.name.endswith(f"{asset.sha256}.{extension}")
    assert Path(asset.file.path).read_bytes() == content
    import hashlib

    assert asset.sha256 == hashlib.sha256(content).hexdigest()
    with Image.open(asset.thumbnail.path) as thumbnail:
        assert thumbnail.format == "WEBP"
        assert max(thumbnail.size) == 160 and thumbnail.size == (160, 120)
    assert len(stored_files(media_root)) == 2


def test_palette_and_greyscale_images_get_thumbnails(media_root):
    for mode in ("P", "L", "LA", "1"):
        buffer = io.BytesIO()
        Image.new(mode, (50, 40)).save(buffer, format="PNG")
        asset = services.asset_create(file=upload(f"{mode}.png", buffer.getvalue()))
        assert asset.thumbnail and (asset.width, asset.height) == (50, 40)


def test_the_same_bytes_twice_are_one_asset(media_root):
    content = image_bytes(image_format="PNG")

    first = services.asset_create(file=upload("a.png", content), alt_texts={"en": "Shirt"})
    second = services.asset_create(file=upload("copy-of-a.png", content), alt_texts={"pl": "Koszula"})

    assert second.pk == first.pk
    assert Asset.objects.count() == 1
    assert Asset.objects.get().alt_texts == {"en": "Shirt", "pl": "Koszula"}
    assert len(stored_files(media_root)) == 2  # one original, one thumbnail


def refused_upload(media_root: Path, name: str, content: bytes, code: str, *named: str) -> None:
    with refused("file", name, *named) as caught:
        services.asset_create(file=upload(name, content))

    assert [error.code for error in caught.value.error_dict["file"]] == [code]
    assert Asset.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_text_file_is_refused(media_root):
    refused_upload(media_root, "notes.png", b"just some text, not an image\n" * 10, "not_an_image")


def test_an_empty_file_is_refused(media_root):
    refused_upload(media_root, "empty.jpg", b"", "not_an_image")


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_a_truncated_image_is_refused(media_root, image_format):
    content = noisy_image_bytes(image_format)

    refused_upload(media_root, f"cut.{image_format.lower()}", content[:len(content) // 2], "damaged_image")


def test_an_image_missing_only_its_last_bytes_is_refused(media_root):
    content = noisy_image_bytes("JPEG")

    refused_upload(media_root, "almost.jpg", content[:-200], "damaged_image")


@pytest.mark.parametrize(("image_format", "extension"), [("BMP", "bmp"), ("TIFF", "tif"), ("ICO", "ico")])
def test_unsupported_formats_are_refused(media_root, image_format, extension):
    refused_upload(media_root, f"scan.{extension}", image_bytes(image_format=image_format), "unsupported_format",
                   image_format)


def test_a_file_over_the_upload_limit_is_refused(media_root, settings):
    content = noisy_image_bytes("PNG")
    settings.PIM_MAX_UPLOAD_BYTES = len(content) - 1

    refused_upload(media_root, "huge.png", content, "too_large", str(len(content)), str(len(content) - 1))


def test_a_header_claiming_20000_by_20000_pixels_is_refused(media_root):
    content = png_claiming(20_000, 20_000)
    assert len(content) < 200

    refused_upload(media_root, "bomb.png", content, "too_many_pixels")


def test_a_real_image_above_the_pixel_limit_is_refused(media_root, settings):
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG", optimize=True)  # 48 Mpx, a few kB on disk
    assert settings.PIM_MAX_IMAGE_PIXELS < 48_000_000

    refused_upload(media_root, "flat.png", buffer.getvalue(), "too_many_pixels", "8000x6000",
                   str(settings.PIM_MAX_IMAGE_PIXELS))


def test_the_pixel_limit_is_read_from_settings(media_root, settings):
    settings.PIM_MAX_IMAGE_PIXELS = 1000

    refused_upload(media_root, "small.png", image_bytes(width=40, height=30), "too_many_pixels", "40x30", "1000")
    services.asset_create(file=upload("tiny.png", image_bytes(width=20, height=20)))
