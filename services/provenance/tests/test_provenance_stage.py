"""The provenance stage: a cleared result in, one published, signed video out."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import av
import pytest

from alive.events.v1 import events_pb2 as ev
from alive.jobs.v1 import jobs_pb2
from alive.provenance.v1 import provenance_pb2
from alive_blobstore import LocalBlobStore
from alive_contracts import topics
from alive_messaging import Incoming, PermanentError
from alive_provenance.api import ProvenanceServicer
from alive_provenance.bench_clips import reencode
from alive_provenance.credentials import SigningCredentials
from alive_provenance.dev_chain import DevChain
from alive_provenance.label import LabelStyle
from alive_provenance.stage import ProvenanceStage
from alive_provenance.verification import NO_PROVENANCE, verify_video
from alive_provenance.watermark import Payload, WatermarkRegistry


def cleared(blobs: LocalBlobStore, raw: bytes, photo: bytes, job_id: str = "job-9") -> Incoming:
    spec = ev.JobSpec(
        job_id=job_id,
        tenant="t",
        prompt="a private prompt",
        photo_uri=blobs.put(f"jobs/{job_id}/photo.jpg", photo),
        photo_content_type="image/jpeg",
    )
    result = ev.GeneratedVideo(
        raw_video_uri=blobs.put(f"jobs/{job_id}/raw.mp4", raw),
        plan_json='{"effects": ["wind"]}',
        model_name="animate",
        model_version="1",
    )
    prompt, result_check = (
        jobs_pb2.ModerationResult(checkpoint=checkpoint, allowed=True, policy_version="v1")
        for checkpoint in ("prompt", "result")
    )
    message = ev.OutputCleared(
        spec=spec, result=result, checks=[result_check], input_checks=[prompt]
    )
    return Incoming(topics.CLEARED, job_id, message, 0, 0)


def test_cleared_result_is_published_labelled_and_signed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    raw_video: bytes,
    photo_jpeg: bytes,
    dev_chain: DevChain,
    dev_credentials: SigningCredentials,
) -> None:
    blobs = LocalBlobStore(tmp_path)
    stage = ProvenanceStage(blobs, dev_credentials, LabelStyle())
    [out] = stage.handle(cleared(blobs, raw_video, photo_jpeg))
    assert out.topic == topics.PUBLISHED and out.key == "job-9"
    # The plan and the verdicts travel on, so the job is complete once published.
    assert out.message.result.plan_json == '{"effects": ["wind"]}'
    assert [c.checkpoint for c in out.message.output_checks] == ["result"]
    assert [c.checkpoint for c in out.message.input_checks] == ["prompt"]
    video = blobs.get(out.message.video_uri)
    assert out.message.video_bytes == len(video)
    report = verify_video(video, dev_chain.root_path.read_bytes())
    assert report.trusted and report.ai_generated and report.job_id == "job-9"
    assert b"a private prompt" not in video  # the prompt stays out by default

    # Redelivery: the same video is announced again, nothing is re-signed, and
    # its size comes from the store's metadata: the published video is not read.
    message = cleared(blobs, raw_video, photo_jpeg)
    read = blobs.get

    def get_inputs_only(uri: str) -> bytes:
        assert uri != out.message.video_uri, "the published video was read back"
        return read(uri)

    monkeypatch.setattr(blobs, "get", get_inputs_only)
    [again] = stage.handle(message)
    assert again.message.video_uri == out.message.video_uri
    assert again.message.video_bytes == len(video)
    assert read(again.message.video_uri) == video


def test_unreadable_result_fails_permanently(
    tmp_path: Path, photo_jpeg: bytes, dev_credentials: SigningCredentials
) -> None:
    blobs = LocalBlobStore(tmp_path)
    stage = ProvenanceStage(blobs, dev_credentials, LabelStyle())
    with pytest.raises(PermanentError, match="cannot be finished"):
        stage.handle(cleared(blobs, b"not a video", photo_jpeg))


def remux(video: bytes) -> bytes:
    """Copy the packets into a new MP4, as a re-upload that keeps the pixels does."""
    sink = io.BytesIO()
    with av.open(io.BytesIO(video)) as source, av.open(sink, "w", format="mp4") as target:
        streams = {s.index: target.add_stream_from_template(s) for s in source.streams}
        for packet in source.demux():
            if packet.dts is not None:
                packet.stream = streams[packet.stream.index]
                target.mux(packet)
    return sink.getvalue()


WATERMARK_KEY = b"test-only-watermark-key-0123456789"
"""The stage below marks with this key, as production marks with its secret."""


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory,
    raw_video: bytes,
    photo_jpeg: bytes,
    dev_credentials: SigningCredentials,
) -> tuple[bytes, WatermarkRegistry]:
    blobs = LocalBlobStore(tmp_path_factory.mktemp("blobs"))
    stage = ProvenanceStage(blobs, dev_credentials, LabelStyle(), watermark_key=WATERMARK_KEY)
    [out] = stage.handle(cleared(blobs, raw_video, photo_jpeg, job_id="job-wm"))
    return blobs.get(out.message.video_uri), WatermarkRegistry(blobs)


def test_published_video_is_watermarked_and_bound_to_its_manifest(
    published: tuple[bytes, WatermarkRegistry], dev_chain: DevChain
) -> None:
    video, registry = published
    report = verify_video(
        video, dev_chain.root_path.read_bytes(), registry, watermark_key=WATERMARK_KEY
    )
    assert report.trusted and report.issues == []
    assert report.watermark_found and report.watermark_job_id == "job-wm"
    assert report.watermark_payload == Payload.for_job("job-wm").hex
    assert report.soft_binding_payload == report.watermark_payload


def test_stripped_manifest_still_identifies_the_job(
    published: tuple[bytes, WatermarkRegistry], dev_chain: DevChain
) -> None:
    video, registry = published
    report = verify_video(
        remux(video), dev_chain.root_path.read_bytes(), registry, watermark_key=WATERMARK_KEY
    )
    assert not report.manifest_present and not report.signature_valid
    assert report.ai_generated and report.watermark_found
    assert report.job_id == "job-wm" and report.watermark_job_id == "job-wm"
    assert NO_PROVENANCE not in report.issues
    assert "removed" in report.issues[0]


def test_re_encoded_and_downscaled_copy_is_still_identified(
    published: tuple[bytes, WatermarkRegistry], dev_chain: DevChain
) -> None:
    video, registry = published
    copy = reencode(video, 28, size=(540, 960))
    report = verify_video(
        copy, dev_chain.root_path.read_bytes(), registry, watermark_key=WATERMARK_KEY
    )
    assert report.watermark_found and report.job_id == "job-wm" and report.ai_generated


def test_without_the_registry_the_payload_is_still_reported(
    published: tuple[bytes, WatermarkRegistry],
) -> None:
    report = verify_video(remux(published[0]), None, watermark_key=WATERMARK_KEY)
    assert report.watermark_found and report.ai_generated
    assert report.watermark_payload == Payload.for_job("job-wm").hex
    assert report.watermark_job_id is None and report.job_id is None


def test_foreign_video_has_no_provenance(
    video_factory: Callable[..., bytes], tmp_path: Path
) -> None:
    registry = WatermarkRegistry(LocalBlobStore(tmp_path))
    report = verify_video(video_factory(2.0, audio=False), None, registry)
    assert report.issues == [NO_PROVENANCE]
    assert not report.watermark_found and not report.ai_generated


def test_verify_api_reports_the_watermark_of_a_stripped_copy(
    published: tuple[bytes, WatermarkRegistry], dev_chain: DevChain
) -> None:
    video, registry = published
    servicer = ProvenanceServicer(dev_chain.root_path.read_bytes(), registry, WATERMARK_KEY)
    reply = servicer.Verify(provenance_pb2.VerifyRequest(video=remux(video)), None)  # type: ignore[arg-type]
    assert not reply.manifest_present and reply.ai_generated
    assert reply.watermark_found and reply.watermark_job_id == "job-wm" and reply.job_id == "job-wm"
    assert reply.watermark_payload == Payload.for_job("job-wm").hex


def test_a_stripped_copy_is_anonymous_to_anyone_without_the_key(
    published: tuple[bytes, WatermarkRegistry], dev_chain: DevChain
) -> None:
    video, registry = published
    report = verify_video(remux(video), dev_chain.root_path.read_bytes(), registry)
    assert not report.watermark_found and report.issues == [NO_PROVENANCE]
