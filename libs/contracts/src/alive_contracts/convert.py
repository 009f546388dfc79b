"""Conversions between protobuf contract types and plain Python values, kept
in one place so every service reads the wire format the same way."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from alive.jobs.v1 import jobs_pb2

ASPECTS: dict[jobs_pb2.Aspect, str] = {
    jobs_pb2.ASPECT_9_16: "9:16",
    jobs_pb2.ASPECT_1_1: "1:1",
    jobs_pb2.ASPECT_16_9: "16:9",
}
ASPECT_VALUES: dict[str, jobs_pb2.Aspect] = {name: value for value, name in ASPECTS.items()}


def aspect_name(value: jobs_pb2.Aspect) -> str:
    """The "W:H" name of an Aspect; ASPECT_UNSPECIFIED means the 9:16 default."""
    return ASPECTS.get(value, "9:16")


def render_params(options: jobs_pb2.JobOptions) -> dict[str, object]:
    """The ``params`` JSON the animate model takes, from resolved job options."""
    return {
        "duration_s": options.duration_s,
        "fps": options.fps,
        "aspect": aspect_name(options.aspect),
        "seed": options.seed,
        "sound": options.sound,
    }


def timestamp(at: datetime | None = None) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(at or datetime.now(UTC))
    return stamp


def to_datetime(stamp: Timestamp) -> datetime:
    return stamp.ToDatetime(tzinfo=UTC)


def moderation_to_wire(result: dict[str, Any]) -> jobs_pb2.ModerationResult:
    """A verdict as a plain dict (the shape moderation's ``Verdict.to_dict`` gives)."""
    return jobs_pb2.ModerationResult(
        checkpoint=result.get("checkpoint", ""),
        allowed=bool(result.get("allowed")),
        categories=[
            jobs_pb2.CategoryScore(category=name, score=score)
            for name, score in sorted(result.get("categories", {}).items())
        ],
        flagged=result.get("flagged", []),
        reasons=result.get("reasons", []),
        policy_version=result.get("policy_version", ""),
    )


def moderation_from_wire(result: jobs_pb2.ModerationResult) -> dict[str, Any]:
    return {
        "checkpoint": result.checkpoint,
        "allowed": result.allowed,
        "categories": {c.category: round(c.score, 4) for c in result.categories},
        "flagged": list(result.flagged),
        "reasons": list(result.reasons),
        "policy_version": result.policy_version,
    }
