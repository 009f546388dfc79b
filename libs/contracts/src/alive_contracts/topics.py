"""Every Kafka topic, named once, beside the payload it carries.

Pattern: ``alive.<entity>.<event>.v1``. Messages are keyed by job id, so all
events of one job land on one partition, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from google.protobuf.message import Message

from alive.events.v1 import events_pb2 as ev

M = TypeVar("M", bound=Message)


@dataclass(frozen=True)
class Topic(Generic[M]):
    name: str
    payload: type[M]

    def decode(self, data: bytes) -> M:
        """Parse a payload; raises ``google.protobuf.message.DecodeError`` on garbage."""
        message = self.payload()
        message.ParseFromString(data)
        return message


SUBMITTED = Topic("alive.jobs.submitted.v1", ev.JobSubmitted)
APPROVED = Topic("alive.jobs.approved.v1", ev.InputApproved)
REJECTED = Topic("alive.jobs.rejected.v1", ev.JobRejected)
GENERATING = Topic("alive.jobs.generating.v1", ev.GenerationStarted)
GENERATED = Topic("alive.jobs.generated.v1", ev.JobGenerated)
CLEARED = Topic("alive.jobs.cleared.v1", ev.OutputCleared)
PUBLISHED = Topic("alive.jobs.published.v1", ev.JobPublished)
FAILED = Topic("alive.jobs.failed.v1", ev.JobFailed)
MODERATION_DECISIONS = Topic("alive.moderation.decisions.v1", ev.ModerationDecision)
DEAD_LETTER = Topic("alive.jobs.deadletter.v1", ev.DeadLetter)

ALL: tuple[Topic[Message], ...] = (
    SUBMITTED,
    APPROVED,
    REJECTED,
    GENERATING,
    GENERATED,
    CLEARED,
    PUBLISHED,
    FAILED,
    MODERATION_DECISIONS,
    DEAD_LETTER,
)

# The events that move a job forward; ingest follows all of them.
JOB_EVENTS: tuple[Topic[Message], ...] = (
    APPROVED,
    REJECTED,
    GENERATING,
    GENERATED,
    CLEARED,
    PUBLISHED,
    FAILED,
)


def by_name(name: str) -> Topic[Message]:
    for topic in ALL:
        if topic.name == name:
            return topic
    raise KeyError(f"unknown topic {name!r}")
