"""The visible "AI-generated" label: style, placement and rendering.

Placement avoids what story apps draw on top of a vertical video: the progress bar
and avatar (top ~10%), the reply bar (bottom ~15%) and the action buttons on the
right edge. The label therefore sits top-left, just under the top band, and never
reaches past 60% of the width.

Legibility on any background (bright sky, night, busy texture) comes from white
text with a black outline on a translucent black rounded pill. The colours are
neutral on purpose: grey has the same chroma (U = V = 128) under every YUV matrix,
so `finishing` can blend in YUV without knowing whether a video is BT.601 or BT.709.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

TOP_UI_FRACTION = 0.10
BOTTOM_UI_FRACTION = 0.15
MAX_WIDTH_FRACTION = 0.60
MAX_TEXT_LENGTH = 40
MIN_FONT_PX = 10


@dataclass(frozen=True)
class LabelStyle:
    """How the label looks. Hashable, so rendered patches are cached per style and size.

    text: what the label says; localise it per audience ("KI-generiert").
    font_scale: font size as a fraction of the frame height.
    text_opacity, pill_opacity: 0..1; the pill darkens what lies behind the text.
    """

    text: str = "AI-generated"
    font_scale: float = 0.024
    text_opacity: float = 1.0
    pill_opacity: float = 0.6

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("LabelStyle.text: must not be empty")
        if len(self.text) > MAX_TEXT_LENGTH or "\n" in self.text:
            raise ValueError(
                f"LabelStyle.text: must be one line of at most {MAX_TEXT_LENGTH} characters"
            )
        if not 0.005 <= self.font_scale <= 0.1:
            raise ValueError("LabelStyle.font_scale: must be between 0.005 and 0.1")
        for name in ("text_opacity", "pill_opacity"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"LabelStyle.{name}: must be between 0 and 1, got {value}")
        if self.text_opacity < 0.5:
            raise ValueError("LabelStyle.text_opacity: below 0.5 the label is not legible")


@dataclass(frozen=True, eq=False)
class LabelPatch:
    """A rendered label: straight (not premultiplied) RGB, alpha 0..1, and its top-left.

    x, y, width and height are even so the patch lines up with 4:2:0 chroma samples.
    """

    rgb: NDArray[np.uint8]
    alpha: NDArray[np.float32]
    x: int
    y: int

    @property
    def width(self) -> int:
        return int(self.alpha.shape[1])

    @property
    def height(self) -> int:
        return int(self.alpha.shape[0])


def label_region(width: int, height: int) -> tuple[int, int, int, int]:
    """The box (x0, y0, x1, y1) a label may occupy: clear of the story UI bands."""
    return (
        _even(width * 0.04),
        _even(height * TOP_UI_FRACTION) + 2,
        _even(width * MAX_WIDTH_FRACTION),
        _even(height * (1 - BOTTOM_UI_FRACTION)),
    )


@functools.lru_cache(maxsize=32)
def render_label(width: int, height: int, style: LabelStyle) -> LabelPatch:
    """Render the label for a `width` x `height` frame (cached per size and style)."""
    if width < 64 or height < 64:
        raise ValueError(f"frame size {width}x{height}: too small for a legible label")
    x0, y0, x1, _ = label_region(width, height)
    font_px = max(MIN_FONT_PX, round(height * style.font_scale))
    while True:
        font = ImageFont.load_default(size=font_px)
        stroke = max(1, round(font_px / 14))
        left, top, right, bottom = font.getbbox(style.text, stroke_width=stroke)
        pad_x, pad_y = round(font_px * 0.6), round(font_px * 0.35)
        pill_w = _even_up(right - left + 2 * pad_x)
        pill_h = _even_up(bottom - top + 2 * pad_y)
        if x0 + pill_w <= x1 or font_px <= MIN_FONT_PX:
            break
        font_px -= 1  # long translations shrink instead of running into the buttons
    if x0 + pill_w > width or y0 + pill_h > height:
        raise ValueError(f"LabelStyle.text: {style.text!r} does not fit a {width}x{height} frame")

    pill = Image.new("L", (pill_w, pill_h), 0)
    ImageDraw.Draw(pill).rounded_rectangle(
        (0, 0, pill_w - 1, pill_h - 1), radius=pill_h // 2, fill=255
    )
    fill = Image.new("L", (pill_w, pill_h), 0)
    outline = Image.new("L", (pill_w, pill_h), 0)
    origin = (pad_x - left, pad_y - top)
    ImageDraw.Draw(outline).text(
        origin, style.text, font=font, fill=255, stroke_width=stroke, stroke_fill=255
    )
    ImageDraw.Draw(fill).text(origin, style.text, font=font, fill=255)

    a_pill = np.asarray(pill, dtype=np.float32) / 255 * style.pill_opacity
    a_outline = np.asarray(outline, dtype=np.float32) / 255 * style.text_opacity
    a_text = np.asarray(fill, dtype=np.float32) / 255 * style.text_opacity
    # Composite black pill, black outline, white text ("over"), keeping straight alpha.
    a_dark = a_outline + a_pill * (1 - a_outline)
    alpha = a_text + a_dark * (1 - a_text)
    white = np.divide(a_text, alpha, out=np.zeros_like(alpha), where=alpha > 0)
    grey = np.round(white * 255).astype(np.uint8)
    rgb = np.repeat(grey[:, :, None], 3, axis=2)
    rgb.setflags(write=False)  # cached and shared: nobody may edit it
    alpha.setflags(write=False)
    return LabelPatch(rgb=rgb, alpha=alpha, x=x0, y=y0)


def _even(value: float) -> int:
    return int(value) // 2 * 2


def _even_up(value: float) -> int:
    return (int(np.ceil(value)) + 1) // 2 * 2
