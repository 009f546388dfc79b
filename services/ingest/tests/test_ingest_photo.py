"""Photo validation and normalisation, with the sample photographs and generated files."""

from __future__ import annotations

import io
import random
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms

from alive_ingest.domain.errors import InvalidInput
from alive_ingest.domain.photo import PhotoLimits, normalise_photo

SAMPLES = sorted((Path(__file__).resolve().parents[3] / "samples" / "photos").glob("*.jpg"))
RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **params)
    return out.getvalue()


def two_halves(
    size: tuple[int, int], left: tuple[int, ...], right: tuple[int, ...], mode: str
) -> Image.Image:
    """An image whose left half is one colour and right half another."""
    image = Image.new(mode, size, left)
    image.paste(right, (size[0] // 2, 0, size[0], size[1]))
    return image


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def rejection(data: bytes, limits: PhotoLimits | None = None) -> str:
    """The reason given for refusing ``data``; fails the test if it is accepted."""
    with pytest.raises(InvalidInput) as caught:
        normalise_photo(data, limits)
    assert caught.value.fields == ["photo"]
    return caught.value.violations[0].description


def near(pixel: object, colour: tuple[int, ...], tolerance: int = 40) -> bool:
    """Whether an RGB pixel (as Pillow's getpixel returns it) is close to ``colour``."""
    assert isinstance(pixel, tuple), f"expected an RGB pixel, got {pixel!r}"
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_photos_become_clean_jpegs_of_the_same_size(path: Path) -> None:
    original = Image.open(path)
    result = normalise_photo(path.read_bytes())

    decoded = Image.open(io.BytesIO(result.data))
    assert result.content_type == "image/jpeg"
    assert decoded.format == "JPEG"
    assert (result.width, result.height) == decoded.size == original.size
    assert result.source_format == "JPEG"
    assert "comment" not in decoded.info
    assert not decoded.getexif()


def test_samples_are_present() -> None:
    assert len(SAMPLES) >= 5, "the sample photographs in samples/photos are missing"


def test_png_alpha_is_flattened_on_white() -> None:
    image = two_halves((200, 100), (0, 0, 0, 0), (*RED, 255), "RGBA")
    result = normalise_photo(encode(image, "PNG"))

    decoded = Image.open(io.BytesIO(result.data)).convert("RGB")
    assert result.source_format == "PNG"
    assert near(decoded.getpixel((20, 50)), WHITE)
    assert near(decoded.getpixel((180, 50)), RED)


def test_webp_is_accepted() -> None:
    image = two_halves((160, 90), RED, BLUE, "RGB")
    result = normalise_photo(encode(image, "WEBP", quality=90))

    decoded = Image.open(io.BytesIO(result.data)).convert("RGB")
    assert result.source_format == "WebP"
    assert (result.width, result.height) == (160, 90)
    assert near(decoded.getpixel((10, 45)), RED)
    assert near(decoded.getpixel((150, 45)), BLUE)


def test_camera_mpo_uses_the_primary_picture() -> None:
    first, second = Image.new("RGB", (128, 96), RED), Image.new("RGB", (128, 96), BLUE)
    result = normalise_photo(encode(first, "MPO", save_all=True, append_images=[second]))

    decoded = Image.open(io.BytesIO(result.data)).convert("RGB")
    assert result.source_format == "JPEG"
    assert near(decoded.getpixel((64, 48)), RED)


def test_sixteen_bit_greyscale_png_keeps_its_brightness() -> None:
    image = Image.new("I;16", (100, 100), 32768)  # half of full scale
    result = normalise_photo(encode(image, "PNG"))

    grey = Image.open(io.BytesIO(result.data)).convert("L").getpixel((50, 50))
    assert isinstance(grey, int) and 110 <= grey <= 145


def test_gif_is_refused_naming_the_format_and_the_accepted_ones() -> None:
    reason = rejection(encode(Image.new("RGB", (100, 100), RED), "GIF"))
    assert "GIF" in reason
    assert all(name in reason for name in ("JPEG", "PNG", "WebP"))


def test_bmp_is_refused_naming_the_format() -> None:
    assert "BMP" in rejection(encode(Image.new("RGB", (100, 100)), "BMP"))


def test_random_bytes_are_not_an_image() -> None:
    noise = random.Random(7).randbytes(4096)
    assert "not a recognisable image" in rejection(noise)


def test_empty_upload_is_refused() -> None:
    assert "empty" in rejection(b"")


def test_upload_over_the_byte_limit_is_refused_without_decoding() -> None:
    blob = b"\xff\xd8\xff" + bytes(21 * 1024 * 1024)
    started = time.perf_counter()
    reason = rejection(blob)
    assert "21.0 MiB" in reason and "20.0 MiB" in reason
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_jpeg_is_refused(keep: float) -> None:
    data = SAMPLES[0].read_bytes()
    reason = rejection(data[: int(len(data) * keep)])
    assert "truncated" in reason


def test_truncated_png_is_refused() -> None:
    data = encode(Image.effect_noise((300, 300), 50), "PNG")
    assert "truncated" in rejection(data[: len(data) // 2])


def test_decompression_bomb_is_refused_from_its_header() -> None:
    limit_before = Image.MAX_IMAGE_PIXELS
    started = time.perf_counter()
    reason = rejection(png_declaring(30000, 30000))
    assert "pixels" in reason
    assert time.perf_counter() - started < 0.5
    assert limit_before == Image.MAX_IMAGE_PIXELS  # the process-wide limit is left alone


def test_size_above_our_limit_but_below_pillows_is_refused_before_decoding() -> None:
    # 48 Mpx is under Pillow's own bomb limit; only the declared size can catch it, since
    # decoding the tiny payload would report a truncated file instead.
    reason = rejection(png_declaring(8000, 6000))
    assert "8000x6000" in reason and "40,000,000" in reason


def test_overlong_side_is_refused() -> None:
    reason = rejection(png_declaring(12001, 100))
    assert "12000" in reason


def test_tiny_image_is_refused() -> None:
    reason = rejection(encode(Image.new("RGB", (63, 200)), "PNG"))
    assert "63x200" in reason and "64" in reason


def test_animated_images_are_refused() -> None:
    frames = [Image.new("RGB", (100, 100), colour) for colour in (RED, BLUE)]
    for fmt in ("PNG", "WEBP"):
        data = encode(frames[0], fmt, save_all=True, append_images=frames[1:])
        assert "animated" in rejection(data)


def test_exif_orientation_is_applied_to_the_pixels() -> None:
    # Stored landscape, left half red; orientation 6 means "rotate 90 degrees clockwise to
    # display", which brings the left edge to the top.
    image = two_halves((200, 100), RED, BLUE, "RGB")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    result = normalise_photo(encode(image, "JPEG", exif=exif, quality=95))

    decoded = Image.open(io.BytesIO(result.data)).convert("RGB")
    assert (result.width, result.height) == decoded.size == (100, 200)
    assert near(decoded.getpixel((50, 20)), RED)
    assert near(decoded.getpixel((50, 180)), BLUE)
    assert not decoded.getexif()


def test_all_metadata_is_stripped() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "EOS R5"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 3.0)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    source = encode(
        Image.new("RGB", (300, 200), (90, 140, 200)),
        "JPEG",
        exif=exif,
        icc_profile=srgb,
        xmp=xmp,
        comment=b"shot at home",
    )
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # sanity

    result = normalise_photo(source)

    decoded = Image.open(io.BytesIO(result.data))
    assert not decoded.getexif()
    assert not set(decoded.info) & {"exif", "icc_profile", "xmp", "comment"}
    for marker in (b"Exif", b"Canon", b"http://ns.adobe.com/xap", b"ICC_PROFILE", b"shot at"):
        assert marker not in result.data
    assert near(decoded.convert("RGB").getpixel((150, 100)), (90, 140, 200), tolerance=6)


def test_broken_icc_profile_does_not_cost_the_photo() -> None:
    source = encode(Image.new("RGB", (100, 100), RED), "PNG", icc_profile=b"not a profile")
    result = normalise_photo(source)
    assert near(Image.open(io.BytesIO(result.data)).convert("RGB").getpixel((50, 50)), RED)


def test_large_photo_is_downscaled_to_the_output_limit() -> None:
    image = two_halves((3000, 1500), RED, BLUE, "RGB")
    result = normalise_photo(encode(image, "JPEG", quality=85))
    assert (result.width, result.height) == (2048, 1024)

    small = normalise_photo(encode(image, "PNG"), PhotoLimits(output_max_side=600))
    assert (small.width, small.height) == (600, 300)


def test_non_bytes_input_is_refused() -> None:
    assert "bytes" in rejection("a photo")  # type: ignore[arg-type]
