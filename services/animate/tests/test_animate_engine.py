"""End-to-end engine behaviour as a viewer would notice it, decoded with PyAV."""

from __future__ import annotations

import json

import numpy as np
import pytest

from alive_animate.engine import ENGINE_VERSION, Engine, PhotoError, Rendered
from alive_animate.params import RenderParams

SHORT = RenderParams(duration_s=2.0, aspect="1:1", sound=False)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(device="cpu")


@pytest.fixture(scope="module")
def render(engine: Engine, photo_bytes: dict[str, bytes]):  # type: ignore[no-untyped-def]
    cache: dict[tuple[str, str, RenderParams], Rendered] = {}

    def _render(photo: str, prompt: str, params: RenderParams = SHORT) -> Rendered:
        key = (photo, prompt, params)
        if key not in cache:
            cache[key] = engine.render(photo_bytes[photo], prompt, params)
        return cache[key]

    return _render


def _motion(frames: np.ndarray) -> np.ndarray:
    """Per-pixel mean absolute change between consecutive frames, (h, w)."""
    return np.abs(np.diff(frames.mean(-1), axis=0)).mean(0)


def test_plan_has_the_contracted_fields(render) -> None:  # type: ignore[no-untyped-def]
    plan = render("landscape-temple", "sunset, clouds drifting, sea sounds").plan
    json.dumps(plan)  # JSON-serialisable
    assert plan["engine"] == {"name": "alive-animate", "version": ENGINE_VERSION}
    assert plan["scene"]["sky"]["present"]
    assert plan["understood"] == ["sunset", "clouds drifting", "sea sounds"]
    assert {e["name"] for e in plan["effects"]} >= {"sunset", "clouds"}
    assert all({"name", "strength", "region"} <= set(e) for e in plan["effects"])
    expected = {
        "width": 720,
        "height": 720,
        "fps": 24,
        "frames": 48,
        "duration_s": 2.0,
        "loop": False,
    }
    assert {k: plan["output"][k] for k in expected} == expected
    assert plan["sound"]["enabled"] is False and plan["style"] is None and plan["seed"] == 0
    assert {"move", "strength", "parallax"} <= set(plan["camera"])


def test_sound_on_has_audible_aac_and_off_has_none(render, decode) -> None:  # type: ignore[no-untyped-def]
    on = RenderParams(duration_s=2.0, aspect="1:1")
    with_sound = decode(render("landscape-temple", "rain", on).video)
    assert with_sound.has_audio and with_sound.audio_codec == "aac"
    assert with_sound.audio.shape[0] == 2
    assert float(np.sqrt(np.mean(with_sound.audio**2))) > 0.02
    assert abs(with_sound.audio.shape[1] / 48_000 - 2.0) < 0.1
    assert not decode(render("landscape-temple", "rain").video).has_audio


def test_fallback_music_bed_when_prompt_has_no_sound(render) -> None:  # type: ignore[no-untyped-def]
    plan = render("pet-cat", "cartoon", RenderParams(duration_s=2.0, aspect="1:1")).plan
    assert plan["sound"]["layers"] == ["music"]
    assert -18 < plan["sound"]["loudness_lufs"] < -14


def test_same_seed_same_bytes_and_different_inputs_differ(
    engine: Engine, photo_bytes: dict[str, bytes]
) -> None:
    photo = photo_bytes["landscape-temple"]
    params = RenderParams(duration_s=2.0, aspect="1:1", seed=3)
    first = engine.render(photo, "rain and wind", params).video
    assert engine.render(photo, "rain and wind", params).video == first
    other_seed = RenderParams(duration_s=2.0, aspect="1:1", seed=4)
    assert engine.render(photo, "rain and wind", other_seed).video != first
    assert engine.render(photo, "snow", params).video != first


@pytest.mark.parametrize(("aspect", "fps"), [("16:9", 30), ("9:16", 24)])
def test_size_fps_and_duration_as_requested(engine, photo_bytes, decode, aspect, fps) -> None:  # type: ignore[no-untyped-def]
    params = RenderParams(duration_s=2.0, aspect=aspect, fps=fps, sound=False)
    video = decode(engine.render(photo_bytes["closeup-flower"], "petals", params).video)
    assert video.size == params.size
    assert video.fps == fps
    assert len(video.frames) == params.frame_count
    assert video.codec == "h264" and video.pix_fmt == "yuv420p"


def test_faststart_moov_before_mdat(render) -> None:  # type: ignore[no-untyped-def]
    video = render("pet-cat", "zoom in").video
    assert 0 <= video.find(b"moov") < video.find(b"mdat")


def test_bad_photo_is_a_photo_error(engine: Engine) -> None:
    with pytest.raises(PhotoError, match="photo"):
        engine.render(b"GIF89a nonsense", "rain", SHORT)


def test_reference_story_full_size(engine: Engine, photo_bytes, decode) -> None:  # type: ignore[no-untyped-def]
    rendered = engine.render(
        photo_bytes["landscape-temple"], "sunset, clouds drifting, sea sounds", RenderParams()
    )
    video = decode(rendered.video)
    assert video.size == (720, 1280)
    assert len(video.frames) == 120 and video.fps == 24
    assert video.has_audio and abs(video.audio.shape[1] / 48_000 - 5.0) < 0.1
    assert rendered.plan["sound"]["layers"] == ["waves"]
