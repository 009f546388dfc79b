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
    # The stack marks with its own secret key, and verify finds the stack's key.
    assert report["watermark_found"] and report["watermark_job_id"] == report["job_id"]
    other_key = tmp_path / "other.key"
    other_key.write_text("not-the-key-the-stack-marked-with\n")
    assert alive(stack, "verify", str(out), "--json", "--watermark-key-file", str(other_key)) == 0
    assert not json.loads(capsys.readouterr().out)["watermark_found"]


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


def test_loadtest_reports_latencies_outcomes_and_a_plot(
    stack: LocalStack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = alive(
        stack,
        "loadtest",
        "--jobs",
        "4",
        "--concurrency",
        "2",
        "--story-seconds",
        "2",
        "--unsafe-fraction",
        "0.5",
        "--no-warmup",
        "--report",
        str(tmp_path),
    )
    out = capsys.readouterr().out
    assert code == 0, out
    result = json.loads((tmp_path / "loadtest.json").read_text())["summary"]
    assert result["jobs"] == 4
    assert set(result["outcomes"]) <= {"PUBLISHED", "REJECTED"}
    assert result["outcomes"].get("PUBLISHED", 0) >= 1
    assert result["latency_s"]["submit -> published"]["p50"] > 0
    assert "generation" in result["latency_s"]
    assert (tmp_path / "loadtest-latency.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "submit -> published" in out


def test_dead_letters_can_be_listed_and_replayed(
    stack: LocalStack, capsys: pytest.CaptureFixture[str]
) -> None:
    import uuid

    from kafka import KafkaProducer

    from alive_cli.stack import StackState
    from alive_contracts import topics

    state = StackState.load(stack.home)
    assert state is not None
    job_id = f"dlq-{uuid.uuid4().hex[:8]}"
    producer = KafkaProducer(bootstrap_servers=state.address("broker"), acks="all")
    producer.send(topics.CLEARED.name, key=job_id.encode(), value=b"\x01not protobuf").get(10)
    producer.close()

    def letters(expect: int) -> list[dict]:
        mine: list[dict] = []
        for _ in range(40):
            assert alive(stack, "dlq", "list", "--json") == 0
            rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
            mine = [r for r in rows if r["job_id"] == job_id]
            if len(mine) >= expect:
                break
        return mine

    # Both consumers of the topic could not read it: provenance and ingest.
    first = letters(2)
    assert sorted(r["stage"] for r in first) == ["ingest", "provenance"]
    assert {r["source_topic"] for r in first} == {topics.CLEARED.name}

    assert (
        alive(
            stack, "dlq", "replay", "--job", job_id, "--stage", "provenance", "--dry-run", "--json"
        )
        == 0
    )
    assert [json.loads(x)["stage"] for x in capsys.readouterr().out.splitlines()] == ["provenance"]
    assert len(letters(2)) == 2  # a dry run changes nothing
    assert alive(stack, "dlq", "replay", "--job", job_id, "--stage", "provenance", "--json") == 0
    assert [json.loads(x)["stage"] for x in capsys.readouterr().out.splitlines()] == ["provenance"]
    # Back on its source topic, still unreadable: dead-lettered again by both.
    assert len(letters(4)) == 4
