"""The job and its state machine.

States move only forward. Events reach ingest through Kafka, at least once and not always in
order, so a later state may arrive before an earlier one (``GENERATED`` before
``GENERATING``): the job then skips ahead, and the late, earlier event is ignored. Repeats are
ignored too. This makes every event handler idempotent without bookkeeping of event ids.

::

    SUBMITTED -> INPUT_APPROVED | REJECTED -> GENERATING -> GENERATED
              -> OUTPUT_APPROVED | REJECTED -> PUBLISHED
    FAILED and CANCELLED from any state that is not final.

``REJECTED`` is the negative outcome of either moderation step, so it is accepted from any
state before ``OUTPUT_APPROVED`` (an output rejection may overtake the ``GENERATED`` event),
never after the output was cleared.

``FAILED`` is final with one exception (``can_revive``): a stage that gave up on a job
dead-letters its message, and when an operator replays that letter after fixing the cause,
the events of the successful retry happened after the failure and move the job on again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

from alive_ingest.domain.request import JobOptions


class JobState(StrEnum):
    """Where a job is in the pipeline. The value is the name used on the wire and in storage."""

    SUBMITTED = "SUBMITTED"
    INPUT_APPROVED = "INPUT_APPROVED"
    GENERATING = "GENERATING"
    GENERATED = "GENERATED"
    OUTPUT_APPROVED = "OUTPUT_APPROVED"
    PUBLISHED = "PUBLISHED"
    REJECTED = "REJECTED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"

    @property
    def is_final(self) -> bool:
        """True when nothing can change this job any more."""
        return self in FINAL_STATES


FINAL_STATES: Final = frozenset(
    {JobState.PUBLISHED, JobState.REJECTED, JobState.FAILED, JobState.CANCELLED}
)

# Position along the happy path; higher is later.
_RANK: Final[dict[JobState, int]] = {
    JobState.SUBMITTED: 0,
    JobState.INPUT_APPROVED: 1,
    JobState.GENERATING: 2,
    JobState.GENERATED: 3,
    JobState.OUTPUT_APPROVED: 4,
    JobState.PUBLISHED: 5,
}
_ALWAYS_REACHABLE: Final = frozenset({JobState.FAILED, JobState.CANCELLED})


def can_transition(current: JobState, new: JobState) -> bool:
    """Whether an event moving a job from ``current`` to ``new`` should be applied.

    False means "ignore the event": it is a repeat, stale, or the job is already final.
    """
    if current in FINAL_STATES or new == current:
        return False
    if new in _ALWAYS_REACHABLE:
        return True
    if new == JobState.REJECTED:
        return _RANK[current] < _RANK[JobState.OUTPUT_APPROVED]
    return _RANK[new] > _RANK[current]


def can_revive(current: JobState, failed_at: datetime, new: JobState, at: datetime) -> bool:
    """Whether an event at ``at`` brings a job that FAILED at ``failed_at`` back to life.

    Only progress that happened after the failure counts (a replayed dead letter that
    succeeded); a late event from before it is still ignored, and so are the other
    outcomes (REJECTED, CANCELLED, another FAILED): a failed job stays failed unless it
    actually moves on.
    """
    return current == JobState.FAILED and _RANK.get(new, 0) > 0 and at > failed_at


def new_job_id() -> str:
    """A fresh, unguessable job id (UUID4, canonical text form)."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    """The current time as an aware UTC datetime, the only kind the job store accepts."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Job:
    """One photo-to-story request and everything the pipeline has learned about it.

    ``details`` accumulates what later stages report (moderation categories, the plan
    summary, blob URIs such as ``video_uri``); each applied event merges its details in.
    """

    job_id: str
    tenant: str
    state: JobState
    prompt: str
    options: JobOptions
    photo_uri: str
    photo_content_type: str
    idempotency_key: str | None
    created_at: datetime
    updated_at: datetime
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def submit(
        cls,
        *,
        tenant: str,
        prompt: str,
        options: JobOptions,
        photo_uri: str,
        photo_content_type: str,
        idempotency_key: str | None = None,
        job_id: str | None = None,
        at: datetime | None = None,
    ) -> Job:
        """A new job in state SUBMITTED, created now unless ``at`` says otherwise."""
        created = at or utc_now()
        return cls(
            job_id=job_id or new_job_id(),
            tenant=tenant,
            state=JobState.SUBMITTED,
            prompt=prompt,
            options=options,
            photo_uri=photo_uri,
            photo_content_type=photo_content_type,
            idempotency_key=idempotency_key,
            created_at=created,
            updated_at=created,
        )


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One applied state change; the job's creation is the first entry."""

    job_id: str
    state: JobState
    at: datetime
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)
