"""The generation handler with a fake model: what reaches the next stage."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from alive.events.v1 import events_pb2 as ev
from alive.jobs.v1 import jobs_pb2
from alive_blobstore import LocalBlobStore
from alive_contracts import topics
from alive_generation.animator import Animation, AnimationRejected
from alive_generation.stage import GenerationStage
from alive_messaging import Incoming, Outgoing, PermanentError


class FakeAnimator:
    def __init__(self, error: Exception | None = None) -> None:
        self.calls: list[tuple[bytes, str, dict]] = []
        self.error = error

    def animate(self, photo: bytes, prompt: str, params: dict) -> Animation:
        self.calls.append((photo, prompt, params))
        if self.error:
            raise self.error
        return Animation(b"MP4:" + photo, {"understood": [prompt]}, "animate", "1")


class RecordingPublisher:
    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    def publish(self, messages: Sequence[Outgoing]) -> None:
        self.sent.extend(messages)


def approved(blobs: LocalBlobStore, job_id: str = "job1") -> Incoming:
    photo_uri = blobs.put(f"jobs/{job_id}/photo.jpg", b"JPEG")
    options = jobs_pb2.JobOptions(
        duration_s=3, aspect=jobs_pb2.ASPECT_1_1, fps=30, seed=7, sound=False
    )
    spec = ev.JobSpec(
        job_id=job_id, tenant="t", prompt="snow", options=options, photo_uri=photo_uri
    )
    check = jobs_pb2.ModerationResult(checkpoint="photo", allowed=True)
    return Incoming(topics.APPROVED, job_id, ev.InputApproved(spec=spec, checks=[check]), 0, 0)


def test_approved_job_is_rendered_stored_and_announced(tmp_path: Path) -> None:
    blobs, animator, events = LocalBlobStore(tmp_path), FakeAnimator(), RecordingPublisher()
    out = GenerationStage(blobs, animator, events).handle(approved(blobs))

    assert animator.calls == [
        (
            b"JPEG",
            "snow",
            {"duration_s": 3.0, "fps": 30, "aspect": "1:1", "seed": 7, "sound": False},
        )
    ]
    assert [m.topic for m in events.sent] == [topics.GENERATING]
    [generated] = out
    assert generated.topic == topics.GENERATED and generated.key == "job1"
    result = generated.message.result
    assert blobs.get(result.raw_video_uri) == b"MP4:JPEG"
    assert json.loads(result.plan_json) == {"understood": ["snow"]}
    assert (result.model_name, result.model_version) == ("animate", "1")
    assert generated.message.input_checks[0].checkpoint == "photo"


def test_redelivered_job_is_not_rendered_twice(tmp_path: Path) -> None:
    blobs, animator, events = LocalBlobStore(tmp_path), FakeAnimator(), RecordingPublisher()
    stage = GenerationStage(blobs, animator, events)
    first = stage.handle(approved(blobs))
    second = stage.handle(approved(blobs))
    assert len(animator.calls) == 1
    assert second[0].message.result == first[0].message.result
    assert len(list((tmp_path / "jobs" / "job1").glob("raw*"))) == 1


def test_missing_photo_and_refused_input_are_permanent(tmp_path: Path) -> None:
    blobs = LocalBlobStore(tmp_path)
    incoming = approved(blobs)
    (tmp_path / "jobs" / "job1" / "photo.jpg").unlink()
    with pytest.raises(PermanentError, match="photo cannot be read"):
        GenerationStage(blobs, FakeAnimator(), RecordingPublisher()).handle(incoming)

    refusing = FakeAnimator(AnimationRejected("params.fps must be 24 or 30"))
    with pytest.raises(PermanentError, match="fps must be 24 or 30"):
        GenerationStage(blobs, refusing, RecordingPublisher()).handle(approved(blobs, "job2"))


def test_model_outage_is_left_to_retry(tmp_path: Path) -> None:
    blobs = LocalBlobStore(tmp_path)
    with pytest.raises(ConnectionError):
        GenerationStage(blobs, FakeAnimator(ConnectionError("down")), RecordingPublisher()).handle(
            approved(blobs)
        )
    assert not list((tmp_path / "jobs" / "job1").glob("raw*"))
