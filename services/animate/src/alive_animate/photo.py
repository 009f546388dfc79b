"""Decoding the uploaded photo into an RGB tensor.

Ingest already normalises photos, but the model is also reachable directly, so
it defends itself: unreadable bytes, absurd sizes and decompression bombs become
a `PhotoError` with a reason instead of a crash inside the batch.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import torch
from PIL import Image, ImageOps

MAX_PHOTO_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_SIDE = 16
# Decode large photos straight to about this size; the canvas is at most 1280 px.
DECODE_LONG_SIDE = 1440


class PhotoError(ValueError):
    """The photo bytes cannot be used; the message says why in one sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"photo: {reason}")
        self.reason = reason


def decode_photo(data: bytes) -> torch.Tensor:
    """Return the photo as float32 RGB in [0, 1], shape (3, H, W), EXIF orientation applied."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise PhotoError("must be the encoded image bytes")
    if len(data) == 0:
        raise PhotoError("is empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(f"is larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MiB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(bytes(data)))
            if opened.width * opened.height > MAX_PIXELS:
                raise PhotoError(f"has more than {MAX_PIXELS} pixels")
            opened.draft("RGB", (DECODE_LONG_SIDE, DECODE_LONG_SIDE))
            image: Image.Image = ImageOps.exif_transpose(opened).convert("RGB")
    except PhotoError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(f"is not a readable image ({type(exc).__name__})") from exc
    if min(image.size) < MIN_SIDE:
        raise PhotoError(f"is too small ({image.width}x{image.height}, need {MIN_SIDE} px a side)")
    if max(image.size) > DECODE_LONG_SIDE:
        image.thumbnail((DECODE_LONG_SIDE, DECODE_LONG_SIDE), Image.Resampling.LANCZOS)
    array = np.asarray(image, dtype=np.uint8)
    return torch.from_numpy(array.copy()).permute(2, 0, 1).float().div_(255.0)
