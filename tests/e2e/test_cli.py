"""The `alive` command as a person uses it against the running stack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alive_cli.main import main
from alive_cli.stack import LocalStack

pytestmark = pytest.mark.e2e

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "photos"


def alive(stack: LocalStack, *args: str) -> int:
    return main(["--home", str(stack.home), *args])


def test_status_lists_every_component_healthy(
    stack: LocalStack, capsys: pytest.CaptureFixture[str]
) -> None:
    assert alive(stack, "status", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["name"] for r in rows} == {
        "broker",
        "triton",
        "ingest",
        "moderation",
        "generation",
        "provenance",
    }
    assert all(r["healthy"] for r in rows)


def test_submit_saves_a_video_that_verifies(
    stack: LocalStack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "story.mp4"
    code = alive(
        stack,
        "submit",
        str(SAMPLES / "pet-cat.jpg"),
        "turn this into a cartoon, snow falling",
        "--duration",
        "2",
        "--no-sound",
        "--out",
        str(out),
    )
    assert code == 0, capsys.readouterr().err
    assert "PUBLISHED" in capsys.readouterr().err
    assert alive(stack, "verify", str(out), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["trusted"] and report["ai_generated"]


def test_submit_exits_non_zero_with_the_reason(
    stack: LocalStack, capsys: pytest.CaptureFixture[str]
) -> None:
    code = alive(stack, "submit", str(SAMPLES / "pet-cat.jpg"), "make it n a k e d")
    assert code != 0
    err = capsys.readouterr().err
    assert "rejected" in err and "sexual" in err.lower()

    assert alive(stack, "submit", str(SAMPLES / "pet-cat.jpg"), "windy", "--duration", "42") == 2
    assert "options.duration_s" in capsys.readouterr().err


def test_verify_reports_a_foreign_video_as_without_provenance(
    stack: LocalStack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import av
    import numpy as np

    path = tmp_path / "foreign.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=24)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(12):
            frame = av.VideoFrame.from_ndarray(
                np.full((64, 64, 3), i * 20, np.uint8), format="rgb24"
            )
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    assert alive(stack, "verify", str(path), "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert not report["manifest_present"] and "no provenance found" in report["issues"]
