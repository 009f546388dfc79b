"""Keeps the job store current from the pipeline's events.

Each event becomes one forward state change; the store ignores repeats and
stale events, so redelivery and reordering are harmless.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from google.protobuf.message import Message

from alive.events.v1 import events_pb2 as ev
from alive_contracts import topics
from alive_contracts.convert import moderation_from_wire, to_datetime
from alive_ingest.adapters.store import JobStore
from alive_ingest.domain.jobs import JobState
from alive_messaging import Incoming, Outgoing
from alive_observability.metrics import JOBS

log = logging.getLogger(__name__)

STAGE = "ingest"


@dataclass(frozen=True)
class Change:
    state: JobState
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def _checks(checks: Any) -> list[dict[str, Any]]:
    return [moderation_from_wire(c) for c in checks]


def _generated(result: ev.GeneratedVideo) -> dict[str, Any]:
    return {
        "plan_json": result.plan_json,
        "model": f"{result.model_name}/{result.model_version}",
    }


def change_for(message: Message) -> Change:
    """The state change an event stands for."""
    match message:
        case ev.InputApproved():
            return Change(
                JobState.INPUT_APPROVED, "", {"input_moderation": _checks(message.checks)}
            )
        case ev.JobRejected():
            output = any(c.checkpoint == "result" for c in message.checks)
            key = "output_moderation" if output else "input_moderation"
            return Change(JobState.REJECTED, message.reason, {key: _checks(message.checks)})
        case ev.GenerationStarted():
            return Change(JobState.GENERATING)
        case ev.JobGenerated():
            details = _generated(message.result)
            # Events on different topics may overtake each other. A late event
            # only fills in details the job lacks (see JobStore.apply); carrying
            # the verdicts of earlier checkpoints forward shows them at once.
            if message.input_checks:
                details["input_moderation"] = _checks(message.input_checks)
            return Change(JobState.GENERATED, "", details)
        case ev.OutputCleared():
            return Change(
                JobState.OUTPUT_APPROVED, "", {"output_moderation": _checks(message.checks)}
            )
        case ev.JobPublished():
            details = {"video_uri": message.video_uri, "video_bytes": message.video_bytes}
            if message.HasField("result"):
                details |= _generated(message.result)
            if message.input_checks:
                details["input_moderation"] = _checks(message.input_checks)
            if message.output_checks:
                details["output_moderation"] = _checks(message.output_checks)
            return Change(JobState.PUBLISHED, "", details)
        case ev.JobFailed():
            return Change(JobState.FAILED, message.reason, {"failed_stage": message.stage})
    raise TypeError(f"not a job event: {type(message).__name__}")


class JobEventHandler:
    def __init__(self, store: JobStore) -> None:
        self._store = store

    def handle(self, incoming: Incoming) -> list[Outgoing]:
        change = change_for(incoming.message)
        at = to_datetime(incoming.message.occurred_at)  # type: ignore[attr-defined]
        job = self._store.apply(incoming.key, change.state, change.reason, change.details, at)
        outcome = "applied" if job else "ignored"
        JOBS.labels(STAGE, f"event_{outcome}").inc()
        log.info(
            "job event %s",
            outcome,
            extra={"event": incoming.topic.name, "state": change.state.value},
        )
        return []


FOLLOWED = topics.JOB_EVENTS
