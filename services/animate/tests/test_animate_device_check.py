"""The CPU-vs-device check (`python -m alive_animate.device_check --device cuda`).

CI has no GPU, so here the "device" is the CPU again: the check must call that the
same story, and must call two different stories different. The real comparison runs
on a GPU machine; docs/operations.md records its numbers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from alive_animate import device_check
from alive_animate.engine import Engine
from alive_animate.params import RenderParams

SMALL = RenderParams(duration_s=2, aspect="1:1", sound=False, seed=3)


def test_the_same_render_on_the_same_device_matches(photo_bytes: dict[str, bytes]) -> None:
    photo = photo_bytes["landscape-temple"]
    [comparison], [(cpu, other)] = device_check.run("cpu", photo, ["windy day"], SMALL, repeat=1)
    assert comparison.matches and comparison.same_plan
    assert comparison.max_levels == 0 and comparison.frames == 48
    assert comparison.worst_frame_psnr_db == device_check.IDENTICAL_DB
    assert cpu.video == other.video
    sheet = device_check.sheet([(cpu, other)], per_row=3)
    assert sheet.height == 2 * (cpu_height := 720 // 4) and cpu_height > 0


def test_a_different_story_is_called_different(photo_bytes: dict[str, bytes]) -> None:
    engine = Engine(device="cpu")
    photo = photo_bytes["landscape-temple"]
    calm = engine.render(photo, "windy day", SMALL)
    other_seed = engine.render(photo, "windy day", RenderParams(**{**vars(SMALL), "seed": 4}))
    storm = engine.render(photo, "snow storm at night", SMALL)

    noisy = device_check.compare("windy day", calm, other_seed, (1.0, 1.0))
    assert noisy.same_plan is False or noisy.worst_frame_psnr_db < device_check.IDENTICAL_DB
    changed = device_check.compare("windy day", calm, storm, (1.0, 1.0))
    assert not changed.matches and not changed.same_plan


def test_psnr_follows_its_definition() -> None:
    one_level = np.ones((4, 4, 3), dtype=np.int16)  # MSE 1 -> 20 log10(255) = 48.13 dB
    assert device_check.psnr_db(one_level) == pytest.approx(48.13, abs=0.01)
    assert device_check.psnr_db(np.zeros((4, 4, 3), dtype=np.int16)) == 100.0


def test_main_writes_the_sheet_and_json_and_exits_0_when_all_match(
    tmp_path: Path, monkeypatch, photo_bytes: dict[str, bytes]
) -> None:
    monkeypatch.setattr(device_check, "PROMPTS", ("windy day",))
    monkeypatch.setattr(device_check, "PARAMS", SMALL)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(photo_bytes["landscape-temple"])
    code = device_check.main(
        [
            "--device",
            "cpu",
            "--photo",
            str(photo),
            "--repeat",
            "1",
            "--sheet",
            str(tmp_path / "s.png"),
            "--json",
            str(tmp_path / "c.json"),
        ]
    )
    assert code == 0
    assert (tmp_path / "s.png").stat().st_size > 0
    assert '"same_plan": true' in (tmp_path / "c.json").read_text()
