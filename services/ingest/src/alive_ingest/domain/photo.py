"""Photo validation and normalisation.

Every uploaded photo is decoded completely and re-encoded, so that nothing the client sent
reaches later stages verbatim: no EXIF (camera serial numbers, GPS position), no XMP, no ICC
profile, no comments, no trailing bytes. The output is always a baseline sRGB JPEG whose long
side is at most ``limits.output_max_side``, already turned upright, so moderation and
generation never have to deal with orientation tags, colour profiles or alpha.

Choices worth knowing:

* Accepted: JPEG (including camera MPO files, of which the primary picture is used), PNG and
  WebP. GIF is refused on purpose: it is a 256-colour animation format, not a photo format,
  and a still GIF is almost always a screenshot or a meme; refusing it gives the user a clear
  message instead of a posterised result.
* Transparent pixels are composited onto white, because the pipeline works in RGB and a white
  background is what most viewers show for transparent PNGs.
* Decompression bombs are caught from the declared size in the header, before any pixel is
  decoded. Pillow's process-wide ``Image.MAX_IMAGE_PIXELS`` is left untouched (mutating it
  would race with other threads); it still acts as an outer limit, and images it refuses are
  reported like any other oversized image.
* Truncated files are refused: the image is fully decoded with Pillow's default
  ``LOAD_TRUNCATED_IMAGES = False``.
* An embedded ICC profile is honoured by converting to sRGB with LittleCMS (``ImageCms``);
  if the profile is broken the pixels are used as they are rather than refusing the photo.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Final

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from alive_ingest.domain.errors import InvalidInput

PHOTO_FIELD: Final = "photo"
OUTPUT_CONTENT_TYPE: Final = "image/jpeg"

# Pillow format name -> the name we show users.
ACCEPTED_FORMATS: Final[dict[str, str]] = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "WEBP": "WebP",
}
_ACCEPTED_LABEL: Final = "JPEG, PNG or WebP"
# The JPEG opener also returns MPO images; "MPO" itself is not an opener name.
_PILLOW_OPENERS: Final = ("JPEG", "PNG", "WEBP")

# Magic numbers of formats we refuse, only to tell the user what they sent.
_KNOWN_SIGNATURES: Final[tuple[tuple[int, bytes, str], ...]] = (
    (0, b"GIF87a", "GIF"),
    (0, b"GIF89a", "GIF"),
    (0, b"BM", "BMP"),
    (0, b"II*\x00", "TIFF"),
    (0, b"MM\x00*", "TIFF"),
    (0, b"%PDF", "PDF"),
    (0, b"8BPS", "Photoshop PSD"),
    (0, b"\x00\x00\x01\x00", "ICO"),
    (0, b"\xff\x0a", "JPEG XL"),
    (0, b"\x00\x00\x00\x0cJXL ", "JPEG XL"),
    (0, b"qoif", "QOI"),
    (0, b"\x89PNG", "PNG"),
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"PK\x03\x04", "ZIP archive"),
)
_HEIF_BRANDS: Final[dict[bytes, str]] = {
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"hevc": "HEIC",
    b"heim": "HEIC",
    b"heis": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
    b"avif": "AVIF",
    b"avis": "AVIF",
}


@dataclass(frozen=True, slots=True)
class PhotoLimits:
    """What an uploaded photo may be, and how large the normalised output gets."""

    max_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 40_000_000
    max_side: int = 12000
    min_side: int = 64
    output_max_side: int = 2048
    jpeg_quality: int = 92


@dataclass(frozen=True, slots=True)
class NormalisedPhoto:
    """A clean, upright sRGB JPEG ready to be stored and passed down the pipeline."""

    data: bytes
    content_type: str
    width: int
    height: int
    source_format: str


def _reject(reason: str) -> InvalidInput:
    return InvalidInput.single(PHOTO_FIELD, reason)


def sniff_format(data: bytes) -> str | None:
    """Name the file format from its magic number, for error messages only."""
    if len(data) >= 12 and data[4:8] == b"ftyp":
        brand = _HEIF_BRANDS.get(data[8:12])
        if brand:
            return brand
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    head = data[:64].lstrip()
    if head.startswith((b"<svg", b"<?xml")):
        return "SVG/XML"
    for offset, magic, name in _KNOWN_SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return name
    return None


def normalise_photo(
    data: bytes | bytearray | memoryview, limits: PhotoLimits | None = None
) -> NormalisedPhoto:
    """Validate an uploaded photo and return it as a clean, upright, bounded sRGB JPEG.

    Raises :class:`InvalidInput` (field ``photo``) with a sentence a user can act on for every
    kind of unacceptable input; never lets a Pillow exception escape.
    """
    limits = limits or PhotoLimits()
    if not isinstance(data, bytes | bytearray | memoryview):  # callers may be untyped
        raise _reject(f"must be bytes, got {type(data).__name__}")
    data = bytes(data)
    if not data:
        raise _reject("is empty; send the image file's bytes")
    if len(data) > limits.max_bytes:
        raise _reject(f"is {_mib(len(data))}, larger than the limit of {_mib(limits.max_bytes)}")

    image = _open_header(data)
    try:
        source_format = ACCEPTED_FORMATS[image.format or ""]
        _check_declared_size(image, limits)
        _check_single_frame(image, source_format)
        _decode_fully(image, limits)
        try:
            clean = _to_clean_rgb(image)
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise _reject(f"decodes but cannot be converted to RGB ({exc})") from exc
    finally:
        image.close()

    clean.thumbnail(
        (limits.output_max_side, limits.output_max_side), Image.Resampling.LANCZOS, reducing_gap=3.0
    )
    out = io.BytesIO()
    # Only the parameters given here are written: no exif, icc_profile, xmp or comment.
    clean.save(out, format="JPEG", quality=limits.jpeg_quality, optimize=False, progressive=False)
    return NormalisedPhoto(
        data=out.getvalue(),
        content_type=OUTPUT_CONTENT_TYPE,
        width=clean.width,
        height=clean.height,
        source_format=source_format,
    )


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def _open_header(data: bytes) -> Image.Image:
    """Parse only the header, restricted to the accepted formats' parsers."""
    try:
        return Image.open(io.BytesIO(data), formats=_PILLOW_OPENERS)
    except Image.DecompressionBombError as exc:
        raise _reject(
            "declares far more pixels than allowed (possible decompression bomb)"
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        detected = sniff_format(data)
        if detected is None:
            raise _reject(
                f"is not a recognisable image; accepted formats are {_ACCEPTED_LABEL}"
            ) from exc
        if detected in ACCEPTED_FORMATS.values():
            raise _reject(f"looks like {detected} but its header is damaged") from exc
        raise _reject(
            f"is {detected}, which is not accepted; accepted formats are {_ACCEPTED_LABEL}"
        ) from exc


def _check_declared_size(image: Image.Image, limits: PhotoLimits) -> None:
    width, height = image.size
    if width * height > limits.max_pixels:
        raise _reject(
            f"declares {width}x{height} = {width * height:,} pixels, more than the limit of "
            f"{limits.max_pixels:,} pixels"
        )
    if max(width, height) > limits.max_side:
        raise _reject(f"is {width}x{height}; the longest side may be at most {limits.max_side} px")
    if min(width, height) < limits.min_side:
        raise _reject(f"is {width}x{height}; each side must be at least {limits.min_side} px")


def _check_single_frame(image: Image.Image, source_format: str) -> None:
    # MPO (camera JPEG with extra pictures) is not an animation: its first frame is the photo.
    if image.format == "MPO":
        return
    frames = getattr(image, "n_frames", 1)
    if getattr(image, "is_animated", False) or frames > 1:
        raise _reject(f"is an animated {source_format} with {frames} frames; send a still image")


def _decode_fully(image: Image.Image, limits: PhotoLimits) -> None:
    """Decode every pixel so that truncated or corrupt data is refused now, not later."""
    if image.format in ("JPEG", "MPO"):
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the output will be smaller anyway:
        # it still reads all of the data, and saves time and memory on large camera photos.
        side = limits.output_max_side
        image.draft("RGB", (side, side))
    try:
        image.load()
    except Image.DecompressionBombError as exc:
        raise _reject(
            "declares far more pixels than allowed (possible decompression bomb)"
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _reject(f"is truncated or corrupt and cannot be decoded ({exc})") from exc


def _to_clean_rgb(image: Image.Image) -> Image.Image:
    """Upright, sRGB, alpha flattened on white, with no metadata attached."""
    try:
        upright = ImageOps.exif_transpose(image) or image
    except (OSError, SyntaxError, ValueError, KeyError, TypeError):
        # A malformed EXIF block: the pixels are fine, the orientation tag is unknowable.
        upright = image.copy()
    icc = image.info.get("icc_profile")
    working = _to_srgb(upright, icc) if icc else upright
    working = _to_rgb_or_rgba(working)
    if working.mode == "RGBA":
        background = Image.new("RGB", working.size, (255, 255, 255))
        background.paste(working, mask=working.getchannel("A"))
        working = background
    elif working.mode != "RGB":
        working = working.convert("RGB")
    if working is image:
        working = working.copy()
    working.info = {}
    return working


def _to_rgb_or_rgba(image: Image.Image) -> Image.Image:
    mode = image.mode
    if mode in ("RGB", "RGBA"):
        return image
    if mode.startswith("I"):
        # 16/32-bit greyscale: scale to 8 bit instead of clipping everything above 255.
        return image.convert("I").point(lambda value: value / 256).convert("L").convert("RGB")
    if mode == "CMYK":
        return image.convert("RGB")
    has_alpha = "A" in mode or "a" in mode or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Convert to sRGB using the embedded profile; on a broken profile keep the pixels as-is."""
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = _to_rgb_or_rgba(image)
    out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(image, source, target, outputMode=out_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted if converted is not None else image
