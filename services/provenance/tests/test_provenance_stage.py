"""The provenance stage: a cleared result in, one published, signed video out."""

from __future__ import annotations

from pathlib import Path

import pytest
from alive.events.v1 import events_pb2 as ev
from alive_blobstore import LocalBlobStore
from alive_contracts import topics
from alive_messaging import Incoming, PermanentError
from alive_provenance.credentials import SigningCredentials
from alive_provenance.dev_chain import DevChain
from alive_provenance.label import LabelStyle
from alive_provenance.stage import ProvenanceStage
from alive_provenance.verification import verify_video


def cleared(blobs: LocalBlobStore, raw: bytes, photo: bytes, job_id: str = "job-9") -> Incoming:
    spec = ev.JobSpec(
        job_id=job_id,
        tenant="t",
        prompt="a private prompt",
        photo_uri=blobs.put(f"jobs/{job_id}/photo.jpg", photo),
        photo_content_type="image/jpeg",
    )
    result = ev.GeneratedVideo(
        raw_video_uri=blobs.put(f"jobs/{job_id}/raw.mp4", raw), model_name="animate", model_version="1"
    )
    return Incoming(topics.CLEARED, job_id, ev.OutputCleared(spec=spec, result=result), 0, 0)


def test_cleared_result_is_published_labelled_and_signed(
    tmp_path: Path,
    raw_video: bytes,
    photo_jpeg: bytes,
    dev_chain: DevChain,
    dev_credentials: SigningCredentials,
) -> None:
    blobs = LocalBlobStore(tmp_path)
    stage = ProvenanceStage(blobs, dev_credentials, LabelStyle())
    [out] = stage.handle(cleared(blobs, raw_video, photo_jpeg))
    assert out.topic == topics.PUBLISHED and out.key == "job-9"
    video = blobs.get(out.message.video_uri)
    assert out.message.video_bytes == len(video)
    report = verify_video(video, dev_chain.root_path.read_bytes())
    assert report.trusted and report.ai_generated and report.job_id == "job-9"
    assert b"a private prompt" not in video  # the prompt stays out by default

    # Redelivery: the same video is announced again, nothing is re-signed.
    [again] = stage.handle(cleared(blobs, raw_video, photo_jpeg))
    assert again.message.video_uri == out.message.video_uri
    assert blobs.get(again.message.video_uri) == video


def test_unreadable_result_fails_permanently(
    tmp_path: Path, photo_jpeg: bytes, dev_credentials: SigningCredentials
) -> None:
    blobs = LocalBlobStore(tmp_path)
    stage = ProvenanceStage(blobs, dev_credentials, LabelStyle())
    with pytest.raises(PermanentError, match="cannot be finished"):
        stage.handle(cleared(blobs, b"not a video", photo_jpeg))
