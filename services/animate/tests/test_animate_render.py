"""Renderer behaviour on small canvases (no encoding): where motion goes, what effects and styles do.

The renderer is called directly at a small size so these run in a fraction of a second;
the engine tests cover the same path end to end at real output sizes.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from alive_animate.canvas import frame_photo
from alive_animate.params import RenderParams
from alive_animate.photo import decode_photo
from alive_animate.plan import plan_story
from alive_animate.render import StoryRenderer
from alive_animate.scene import analyse
from alive_animate.timeline import Timeline

SIZE = (240, 320)  # output size; the renderer works at half of it
FRAMES = 24


@pytest.fixture(scope="module")
def frames_of(photo_bytes: dict[str, bytes]):  # type: ignore[no-untyped-def]
    cache: dict[tuple[str, str, bool], np.ndarray] = {}

    def _frames(photo: str, prompt: str, loop: bool = False) -> np.ndarray:
        key = (photo, prompt, loop)
        if key not in cache:
            image = decode_photo(photo_bytes[photo])
            scene = analyse(image)
            plan = plan_story(prompt, scene, RenderParams(sound=False))
            canvas = frame_photo(image, scene, SIZE, torch.device("cpu"))
            renderer = StoryRenderer(canvas, plan, Timeline(FRAMES, 24, loop), seed=1)
            cache[key] = renderer.render(0, FRAMES).numpy().astype(np.float32)
        return cache[key]

    return _frames


def _motion(frames: np.ndarray) -> np.ndarray:
    """Per-pixel mean absolute change between consecutive frames, (h, w)."""
    return np.abs(np.diff(frames.mean(-1), axis=0)).mean(0)


def test_frames_have_render_size_and_type(frames_of) -> None:  # type: ignore[no-untyped-def]
    frames = frames_of("pet-cat", "zoom in")
    assert frames.shape == (FRAMES, SIZE[1] // 2, SIZE[0] // 2, 3)


def test_clouds_move_the_sky_not_the_foreground(frames_of) -> None:  # type: ignore[no-untyped-def]
    motion = _motion(frames_of("landscape-temple", "clouds drifting, static camera"))
    h = motion.shape[0]
    sky, ground = motion[: h // 6].mean(), motion[-h // 4 :].mean()
    assert sky > 0.3, "the sky visibly moves"
    assert sky > 5 * ground, f"sky {sky:.2f} vs foreground {ground:.2f}"


def test_wind_moves_vegetation_not_the_sky(frames_of) -> None:  # type: ignore[no-untyped-def]
    motion = _motion(frames_of("landscape-temple", "windy, static camera"))
    h = motion.shape[0]
    assert motion[-h // 5 :].mean() > 3 * motion[: h // 6].mean()


def test_static_camera_without_effects_is_still(frames_of) -> None:  # type: ignore[no-untyped-def]
    assert _motion(frames_of("pet-cat", "cartoon, static camera")).max() == 0
    assert _motion(frames_of("pet-cat", "zoom in")).mean() > 0.3


def test_motion_field_is_smooth_at_region_borders(frames_of) -> None:  # type: ignore[no-untyped-def]
    """No tearing: the change between frames never jumps from row to row at the sky edge."""
    frames = frames_of("landscape-temple", "clouds drifting, static camera")
    diff = np.abs(frames[-1] - frames[0]).mean(-1)
    row_profile = diff.mean(1)
    assert np.abs(np.diff(row_profile)).max() < 12


@pytest.mark.parametrize("style", ["cartoon", "vintage", "noir", "watercolour"])
def test_styles_visibly_change_the_image(frames_of, style: str) -> None:  # type: ignore[no-untyped-def]
    plain = frames_of("pet-cat", "static camera")[0]
    styled = frames_of("pet-cat", f"{style}, static camera")[0]
    assert np.abs(styled - plain).mean() > 8, style


def test_noir_is_black_and_white(frames_of) -> None:  # type: ignore[no-untyped-def]
    frame = frames_of("pet-cat", "noir, static camera")[0]
    assert np.abs(frame - frame.mean(-1, keepdims=True)).max() < 1


@pytest.mark.parametrize(
    "prompt",
    [
        "heavy rain",
        "snow",
        "falling leaves",
        "petals",
        "sparkles",
        "fog",
        "light rays",
        "night",
        "sunset",
        "fireflies",
        "glow",
    ],
)
def test_each_effect_changes_the_video(frames_of, prompt: str) -> None:  # type: ignore[no-untyped-def]
    base = frames_of("landscape-temple", "static camera")
    fx = frames_of("landscape-temple", f"{prompt}, static camera")
    changed = (np.abs(fx - base).max(-1) > 24).mean()  # share of clearly changed pixels
    assert changed > 0.003, prompt


def test_particles_fall(frames_of) -> None:  # type: ignore[no-untyped-def]
    """Snow drifts downwards: frame t+1 matches frame t shifted down better than shifted up."""
    snow = frames_of("pet-cat", "snow, static camera") - frames_of("pet-cat", "static camera")
    a, b = snow[10].mean(-1), snow[11].mean(-1)
    down = np.abs(b[1:] - a[:-1]).mean()
    up = np.abs(b[:-1] - a[1:]).mean()
    assert down < up


def test_loop_ends_where_it_starts(frames_of) -> None:  # type: ignore[no-untyped-def]
    frames = frames_of("landscape-temple", "clouds, wind, zoom in", loop=True)
    step = np.abs(frames[1] - frames[0]).mean()
    seam = np.abs(frames[0] - frames[-1]).mean()
    middle = np.abs(frames[len(frames) // 2] - frames[0]).mean()
    assert seam < 2 * step + 0.5
    assert middle > 2 * seam


def test_looping_particles_wrap_seamlessly(frames_of) -> None:  # type: ignore[no-untyped-def]
    frames = frames_of("landscape-temple", "snow, rain, static camera", loop=True)
    steps = np.abs(np.diff(frames, axis=0)).mean((1, 2, 3))
    seam = np.abs(frames[0] - frames[-1]).mean()
    assert seam < 1.5 * steps.max()
