"""Job events from the pipeline keep the stored job current, forward only."""

from __future__ import annotations

from pathlib import Path

from alive.events.v1 import events_pb2 as ev
from alive.jobs.v1 import jobs_pb2
from alive_contracts import topics
from alive_contracts.convert import timestamp
from alive_ingest.adapters.store import JobStore, open_job_store
from alive_ingest.domain.jobs import Job, JobState
from alive_ingest.domain.request import JobOptions
from alive_ingest.events import JobEventHandler
from alive_ingest.wire import job_to_wire
from alive_messaging import Incoming


def _store_with_jobs(tmp_path: Path, *job_ids: str) -> JobStore:
    """A fresh SQLite store holding one submitted job of tenant "t" per id."""
    store = open_job_store(f"sqlite:///{tmp_path / 'jobs.db'}")
    for job_id in job_ids:
        store.create(
            Job.submit(
                job_id=job_id,
                tenant="t",
                prompt="p",
                options=JobOptions(seed=1),
                photo_uri="file:///x",
                photo_content_type="image/jpeg",
            )
        )
    return store


def animated(plan_json: str) -> ev.GeneratedVideo:
    return ev.GeneratedVideo(plan_json=plan_json, model_name="animate", model_version="1")


def deliver(handler: JobEventHandler, topic, message) -> None:
    message.occurred_at.CopyFrom(timestamp())
    handler.handle(Incoming(topic, "job-1", message, 0, 0))


def test_events_move_the_job_forward_and_never_back(tmp_path: Path) -> None:
    store = _store_with_jobs(tmp_path, "job-1")
    handler = JobEventHandler(store)
    check = jobs_pb2.ModerationResult(
        checkpoint="prompt",
        allowed=True,
        policy_version="v1",
        categories=[jobs_pb2.CategoryScore(category="sexual", score=0.01)],
    )
    deliver(handler, topics.APPROVED, ev.InputApproved(checks=[check]))
    deliver(
        handler,
        topics.GENERATED,
        ev.JobGenerated(result=animated('{"effects": []}')),
    )
    # Late and repeated events change nothing.
    deliver(handler, topics.GENERATING, ev.GenerationStarted())
    deliver(handler, topics.APPROVED, ev.InputApproved(checks=[check]))
    deliver(handler, topics.PUBLISHED, ev.JobPublished(video_uri="file:///v.mp4", video_bytes=123))
    deliver(handler, topics.FAILED, ev.JobFailed(stage="provenance", reason="too late"))

    job = store.get("t", "job-1")
    assert job is not None and job.state == JobState.PUBLISHED
    states = [h.state for h in store.history("t", "job-1")]
    assert states == [
        JobState.SUBMITTED,
        JobState.INPUT_APPROVED,
        JobState.GENERATED,
        JobState.PUBLISHED,
    ]
    wire = job_to_wire(job)
    assert wire.video_bytes == 123 and wire.plan_json == '{"effects": []}'
    assert wire.moderation[0].policy_version == "v1"
    assert wire.moderation[0].categories[0].category == "sexual"


def test_rejection_and_failure_carry_their_reason(tmp_path: Path) -> None:
    store = _store_with_jobs(tmp_path, "job-1", "job-2")
    handler = JobEventHandler(store)
    deliver(handler, topics.REJECTED, ev.JobRejected(reason="prompt asks for gore"))
    job = store.get("t", "job-1")
    assert (
        job is not None and job.state == JobState.REJECTED and job.reason == "prompt asks for gore"
    )

    failed = ev.JobFailed(stage="generation", reason="generation could not process the job: boom")
    failed.occurred_at.CopyFrom(timestamp())
    handler.handle(Incoming(topics.FAILED, "job-2", failed, 0, 0))
    job = store.get("t", "job-2")
    assert job is not None and job.state == JobState.FAILED and "boom" in job.reason


def test_input_verdicts_survive_when_generated_overtakes_approved(tmp_path: Path) -> None:
    store = _store_with_jobs(tmp_path, "job-1")
    handler = JobEventHandler(store)
    checks = [
        jobs_pb2.ModerationResult(checkpoint="prompt", allowed=True, policy_version="v1"),
        jobs_pb2.ModerationResult(checkpoint="photo", allowed=True, policy_version="v1"),
    ]
    deliver(handler, topics.GENERATED, ev.JobGenerated(input_checks=checks))
    deliver(handler, topics.APPROVED, ev.InputApproved(checks=checks))  # late: ignored

    job = store.get("t", "job-1")
    assert job is not None and job.state == JobState.GENERATED
    assert [h.state for h in store.history("t", "job-1")] == [
        JobState.SUBMITTED,
        JobState.GENERATED,
    ]
    assert [m.checkpoint for m in job_to_wire(job).moderation] == ["prompt", "photo"]


def test_a_published_job_is_complete_before_the_earlier_events_arrive(tmp_path: Path) -> None:
    store = _store_with_jobs(tmp_path, "job-1")
    handler = JobEventHandler(store)
    prompt_check, photo_check, result_check = (
        jobs_pb2.ModerationResult(checkpoint=checkpoint, allowed=True, policy_version="v1")
        for checkpoint in ("prompt", "photo", "result")
    )
    deliver(
        handler,
        topics.PUBLISHED,
        ev.JobPublished(
            video_uri="file:///v.mp4",
            video_bytes=9,
            result=animated('{"understood": ["sunset"]}'),
            output_checks=[result_check],
            input_checks=[prompt_check, photo_check],
        ),
    )

    job = store.get("t", "job-1")
    assert job is not None and job.state == JobState.PUBLISHED
    assert job.details["model"] == "animate/1"
    wire = job_to_wire(job)
    assert wire.plan_json == '{"understood": ["sunset"]}'
    assert [m.checkpoint for m in wire.moderation] == ["prompt", "photo", "result"]


def test_a_late_generated_event_still_records_the_plan(tmp_path: Path) -> None:
    store = _store_with_jobs(tmp_path, "job-1")
    handler = JobEventHandler(store)
    deliver(handler, topics.PUBLISHED, ev.JobPublished(video_uri="file:///v.mp4", video_bytes=9))
    deliver(
        handler,
        topics.GENERATED,
        ev.JobGenerated(result=animated('{"understood": ["sunset"]}')),
    )

    job = store.get("t", "job-1")
    assert job is not None and job.state == JobState.PUBLISHED
    assert [h.state for h in store.history("t", "job-1")] == [
        JobState.SUBMITTED,
        JobState.PUBLISHED,
    ]
    wire = job_to_wire(job)
    assert wire.plan_json == '{"understood": ["sunset"]}' and wire.video_bytes == 9
