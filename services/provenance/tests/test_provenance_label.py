"""The visible label: placed clear of story UI and legible on any background."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from alive_provenance.label import LabelPatch, LabelStyle, render_label


def _composite(background: NDArray[np.uint8], patch: LabelPatch) -> NDArray[np.float64]:
    region = background[patch.y : patch.y + patch.height, patch.x : patch.x + patch.width]
    alpha = patch.alpha[:, :, None].astype(np.float64)
    return region * (1 - alpha) + patch.rgb * alpha


def _relative_luminance(rgb: NDArray[np.float64]) -> NDArray[np.float64]:
    c = rgb / 255
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


@pytest.mark.parametrize("size", [(720, 1280), (1080, 1920), (540, 960)])
def test_label_sits_clear_of_story_ui(size: tuple[int, int]) -> None:
    width, height = size
    patch = render_label(width, height, LabelStyle())
    assert patch.y >= 0.10 * height, "overlaps the progress bar / avatar band"
    assert patch.y + patch.height <= 0.85 * height, "overlaps the reply bar"
    assert patch.x + patch.width <= 0.65 * width, "runs into the right-edge buttons"
    assert patch.x > 0
    assert all(v % 2 == 0 for v in (patch.x, patch.y, patch.width, patch.height))


def test_label_scales_with_frame_height() -> None:
    small = render_label(540, 960, LabelStyle())
    large = render_label(1080, 1920, LabelStyle())
    assert large.height > small.height * 1.6


@pytest.mark.parametrize("background", ["white", "black", "noise"])
def test_text_is_legible_on_any_background(background: str) -> None:
    width, height = 720, 1280
    rng = np.random.default_rng(3)
    frames = {
        "white": np.full((height, width, 3), 255, np.uint8),
        "black": np.zeros((height, width, 3), np.uint8),
        "noise": rng.integers(0, 256, (height, width, 3), dtype=np.uint8),
    }
    style = LabelStyle()
    patch = render_label(width, height, style)
    shown = _composite(frames[background], patch)
    luminance = _relative_luminance(shown)
    glyph = (patch.rgb[:, :, 0] > 240) & (patch.alpha > 0.99)
    behind_text = (patch.rgb[:, :, 0] < 16) & (patch.alpha >= style.pill_opacity * 0.99)
    assert glyph.sum() > 200 and behind_text.sum() > 2000
    # Worst case: the dimmest glyph pixel against the brightest pill pixel.
    contrast = (luminance[glyph].min() + 0.05) / (luminance[behind_text].max() + 0.05)
    assert contrast >= 4.5, f"WCAG AA contrast {contrast:.2f} on {background}"


def test_long_translation_shrinks_to_stay_clear_of_buttons() -> None:
    short = render_label(720, 1280, LabelStyle(text="KI"))
    long = render_label(720, 1280, LabelStyle(text="Mit künstlicher Intelligenz erzeugt"))
    assert long.x + long.width <= 0.6 * 720
    assert long.height < short.height  # the font got smaller to fit


def test_render_is_cached_per_size_and_style() -> None:
    style = LabelStyle(text="KI-generiert")
    assert render_label(720, 1280, style) is render_label(720, 1280, style)
    assert render_label(720, 1280, style) is not render_label(1080, 1920, style)


def test_localised_text_changes_the_pixels() -> None:
    english = render_label(720, 1280, LabelStyle())
    german = render_label(720, 1280, LabelStyle(text="KI-generiert"))
    assert english.alpha.shape != german.alpha.shape or not np.array_equal(
        english.alpha, german.alpha
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": "  "}, "text"),
        ({"text": "two\nlines"}, "text"),
        ({"pill_opacity": 1.5}, "pill_opacity"),
        ({"text_opacity": 0.2}, "text_opacity"),
        ({"font_scale": 0.5}, "font_scale"),
    ],
)
def test_bad_style_names_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=f"LabelStyle.{field}"):
        LabelStyle(**kwargs)  # type: ignore[arg-type]


def test_tiny_frame_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="too small"):
        render_label(32, 32, LabelStyle())
