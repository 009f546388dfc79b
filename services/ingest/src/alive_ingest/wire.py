"""Translation between the ingest domain and the protobuf contracts."""

from __future__ import annotations

from alive.events.v1 import events_pb2 as ev
from alive.jobs.v1 import jobs_pb2
from alive_contracts.convert import ASPECT_VALUES, ASPECTS, moderation_to_wire, timestamp
from alive_ingest.domain.jobs import HistoryEntry, Job, JobState
from alive_ingest.domain.request import JobOptions

STATE_TO_WIRE: dict[JobState, jobs_pb2.JobState] = {
    state: jobs_pb2.JobState.Value(f"JOB_STATE_{state.value}") for state in JobState
}
STATE_FROM_WIRE: dict[jobs_pb2.JobState, JobState] = {
    value: state for state, value in STATE_TO_WIRE.items()
}


def options_to_wire(options: JobOptions) -> jobs_pb2.JobOptions:
    return jobs_pb2.JobOptions(
        duration_s=options.duration_s,
        aspect=ASPECT_VALUES[options.aspect],
        fps=options.fps,
        seed=options.seed if options.seed is not None else 0,
        sound=options.sound,
    )


def options_from_wire(options: jobs_pb2.JobOptions) -> dict[str, object]:
    """Keyword arguments for ``validate_submission``: unset fields stay None (default)."""
    aspect: object = None
    if options.aspect in ASPECTS:
        aspect = ASPECTS[options.aspect]
    elif options.aspect != jobs_pb2.ASPECT_UNSPECIFIED:
        aspect = f"Aspect({options.aspect})"  # an enum value this server does not know
    return {
        "duration_s": options.duration_s if options.HasField("duration_s") else None,
        "aspect": aspect,
        "fps": options.fps if options.HasField("fps") else None,
        "seed": options.seed if options.HasField("seed") else None,
        "sound": options.sound if options.HasField("sound") else None,
    }


def change_to_wire(entry: HistoryEntry) -> jobs_pb2.StateChange:
    return jobs_pb2.StateChange(
        state=STATE_TO_WIRE[entry.state], at=timestamp(entry.at), reason=entry.reason
    )


def job_to_wire(job: Job, history: list[HistoryEntry] | None = None) -> jobs_pb2.Job:
    details = job.details
    return jobs_pb2.Job(
        job_id=job.job_id,
        tenant=job.tenant,
        state=STATE_TO_WIRE[job.state],
        prompt=job.prompt,
        options=options_to_wire(job.options),
        reason=job.reason,
        created_at=timestamp(job.created_at),
        updated_at=timestamp(job.updated_at),
        history=[change_to_wire(e) for e in history or []],
        moderation=[
            moderation_to_wire(m)
            for m in [*details.get("input_moderation", []), *details.get("output_moderation", [])]
        ],
        plan_json=details.get("plan_json", ""),
        video_bytes=int(details.get("video_bytes", 0)),
        idempotency_key=job.idempotency_key or "",
    )


def spec_for(job: Job) -> ev.JobSpec:
    return ev.JobSpec(
        job_id=job.job_id,
        tenant=job.tenant,
        prompt=job.prompt,
        options=options_to_wire(job.options),
        photo_uri=job.photo_uri,
        photo_content_type=job.photo_content_type,
    )
