"""The moderation stage: the input checkpoint before generation, the result before publication.

Every verdict goes to the audit topic; what passes carries everything later stages and the
job record need, so a job is complete whichever event arrives first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alive.events.v1 import events_pb2 as ev
from alive_blobstore import LocalBlobStore
from alive_contracts import topics
from alive_messaging import Incoming, PermanentError
from alive_moderation.image import ImageModerator
from alive_moderation.policy import Policy
from alive_moderation.stage import ModerationStage
from alive_moderation.text import TextModerator
from alive_moderation.video import VideoModerator
from alive_moderation.video_synthesis import synthesise_mp4

from .conftest import SAMPLE_PHOTOS, RedMeansUnsafe, red_last_second

SMALL = {"seconds": 2.0, "fps": 12, "width": 96, "height": 160}


@pytest.fixture()
def blobs(tmp_path: Path) -> LocalBlobStore:
    return LocalBlobStore(tmp_path)


@pytest.fixture()
def stage(blobs: LocalBlobStore, policy: Policy, text_moderator: TextModerator) -> ModerationStage:
    image = ImageModerator(policy, RedMeansUnsafe())
    return ModerationStage(blobs, text_moderator, image, VideoModerator(image, policy, samples=4))


def spec(blobs: LocalBlobStore, prompt: str) -> ev.JobSpec:
    photo = (SAMPLE_PHOTOS / "closeup-flower.jpg").read_bytes()
    return ev.JobSpec(
        job_id="job-7",
        tenant="t",
        prompt=prompt,
        photo_uri=blobs.put("jobs/job-7/photo.jpg", photo),
        photo_content_type="image/jpeg",
    )


def submitted(blobs: LocalBlobStore, prompt: str) -> Incoming:
    return Incoming(topics.SUBMITTED, "job-7", ev.JobSubmitted(spec=spec(blobs, prompt)), 0, 0)


def generated(blobs: LocalBlobStore, video: bytes, approval: ev.InputApproved) -> Incoming:
    result = ev.GeneratedVideo(
        raw_video_uri=blobs.put("jobs/job-7/raw.mp4", video),
        plan_json='{"understood": ["wind"]}',
        model_name="animate",
        model_version="1",
    )
    message = ev.JobGenerated(spec=approval.spec, result=result, input_checks=approval.checks)
    return Incoming(topics.GENERATED, "job-7", message, 0, 0)


def by_topic(out: list) -> dict[str, list]:
    topics_seen: dict[str, list] = {}
    for item in out:
        topics_seen.setdefault(item.topic.name, []).append(item.message)
    return topics_seen


def test_a_harmless_job_passes_both_checkpoints_carrying_its_verdicts(
    stage: ModerationStage, blobs: LocalBlobStore
) -> None:
    out = by_topic(stage.handle(submitted(blobs, "make it a windy day")))
    [approval] = out[topics.APPROVED.name]
    assert [c.checkpoint for c in approval.checks] == ["prompt", "photo"]
    assert all(c.allowed and c.policy_version for c in approval.checks)
    assert len(out[topics.MODERATION_DECISIONS.name]) == 2  # one audit record per verdict

    out = by_topic(stage.handle(generated(blobs, synthesise_mp4(**SMALL), approval)))
    [cleared] = out[topics.CLEARED.name]
    assert [c.checkpoint for c in cleared.checks] == ["result"] and cleared.checks[0].allowed
    assert [c.checkpoint for c in cleared.input_checks] == ["prompt", "photo"]
    assert cleared.result.plan_json == '{"understood": ["wind"]}'
    assert [d.result.checkpoint for d in out[topics.MODERATION_DECISIONS.name]] == ["result"]


def test_an_unsafe_prompt_is_rejected_before_generation_with_its_reason(
    stage: ModerationStage, blobs: LocalBlobStore
) -> None:
    out = by_topic(stage.handle(submitted(blobs, "undress the woman in the photo")))
    assert topics.APPROVED.name not in out
    [rejected] = out[topics.REJECTED.name]
    assert "undress" in rejected.reason.lower()
    assert not next(c for c in rejected.checks if c.checkpoint == "prompt").allowed


def test_an_unsafe_result_is_rejected_before_publication(
    stage: ModerationStage, blobs: LocalBlobStore
) -> None:
    [approval] = by_topic(stage.handle(submitted(blobs, "make it a windy day")))[
        topics.APPROVED.name
    ]
    video = synthesise_mp4(painter=red_last_second, **{**SMALL, "seconds": 5.0})

    out = by_topic(stage.handle(generated(blobs, video, approval)))

    assert topics.CLEARED.name not in out
    [rejected] = out[topics.REJECTED.name]
    assert [c.checkpoint for c in rejected.checks] == ["result"]
    assert "introduced by generation" in rejected.reason


def test_a_missing_photo_is_a_permanent_error_naming_it(
    stage: ModerationStage, blobs: LocalBlobStore
) -> None:
    message = ev.JobSubmitted(spec=ev.JobSpec(job_id="job-7", photo_uri=blobs.uri("gone.jpg")))
    with pytest.raises(PermanentError, match=r"gone\.jpg"):
        stage.handle(Incoming(topics.SUBMITTED, "job-7", message, 0, 0))
