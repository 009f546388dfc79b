"""Inspect and replay the dead-letter topic.

Each dead letter keeps the original topic, key and payload bytes, so a
replay re-publishes exactly what the stage could not process, to the topic
it came from. Replaying uses its own consumer group and commits after each
re-publish, so letters are replayed once even when a replay is interrupted,
and it replays only letters older than the replay itself.

A filtered replay (one stage, one job) never moves the group past a letter it
skipped: that letter stays for a later replay. Letters replayed after a skipped
one may then be offered again by a later run; replaying twice is harmless
(every stage is idempotent), losing a letter is not.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from kafka import KafkaConsumer, KafkaProducer
from kafka.structs import OffsetAndMetadata, TopicPartition

from alive.events.v1 import events_pb2 as ev
from alive_contracts import topics
from alive_contracts.convert import to_datetime

REPLAY_GROUP = "alive-dlq-replay"


@dataclass(frozen=True)
class Letter:
    partition: int
    offset: int
    message: ev.DeadLetter

    @property
    def job_id(self) -> str:
        return self.message.key.decode(errors="replace")


def _letters(
    consumer: KafkaConsumer, idle_s: float, before: datetime, join_timeout_s: float = 30
) -> Iterator[Letter]:
    """Every letter dead-lettered before ``before``, until no such letter has
    arrived for ``idle_s`` after joining the group.

    The cut-off matters for replays: a replayed message that fails again is
    dead-lettered again, and must not be replayed by the same run, or a replay
    would feed itself forever.
    """
    deadline = time.monotonic() + join_timeout_s
    while not consumer.assignment():
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"no partitions of {topics.DEAD_LETTER.name} assigned after {join_timeout_s:.0f} s"
            )
        yield from _older(consumer.poll(timeout_ms=300), before)  # may already return records
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < idle_s:
        for letter in _older(consumer.poll(timeout_ms=300), before):
            quiet_since = time.monotonic()
            yield letter


def _older(batches: dict, before: datetime) -> Iterator[Letter]:
    for records in batches.values():
        for record in records:
            letter = Letter(
                record.partition, record.offset, topics.DEAD_LETTER.decode(record.value)
            )
            if to_datetime(letter.message.occurred_at) <= before:
                yield letter


def _consumer(bootstrap: str, group: str) -> KafkaConsumer:
    return KafkaConsumer(
        topics.DEAD_LETTER.name,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        session_timeout_ms=6000,
        heartbeat_interval_ms=2000,
    )


def list_letters(bootstrap: str, idle_s: float = 3.0) -> list[Letter]:
    consumer = _consumer(bootstrap, f"alive-dlq-list-{uuid.uuid4().hex}")
    try:
        return list(_letters(consumer, idle_s, datetime.now(UTC)))
    finally:
        consumer.close()


def replay(
    bootstrap: str,
    keep: Callable[[Letter], bool] = lambda _: True,
    dry_run: bool = False,
    idle_s: float = 3.0,
) -> list[Letter]:
    """Re-publish the letters ``keep`` selects to their source topics."""
    consumer = _consumer(bootstrap, REPLAY_GROUP)
    producer = (
        None
        if dry_run
        else KafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    )
    replayed = []
    skipped_in: set[int] = set()  # partitions where the group must not move on
    try:
        for letter in _letters(consumer, idle_s, datetime.now(UTC)):
            if not keep(letter):
                skipped_in.add(letter.partition)
                continue
            replayed.append(letter)
            if producer is None:
                continue
            m = letter.message
            headers = [
                (
                    "alive-replayed-from",
                    f"{topics.DEAD_LETTER.name}/{letter.partition}/{letter.offset}".encode(),
                )
            ]
            producer.send(m.source_topic, key=m.key or None, value=m.payload, headers=headers).get(
                15
            )
            if letter.partition in skipped_in:
                continue
            consumer.commit(
                {
                    TopicPartition(topics.DEAD_LETTER.name, letter.partition): OffsetAndMetadata(
                        letter.offset + 1, None, -1
                    )
                }
            )
    finally:
        consumer.close(autocommit=False)
        if producer is not None:
            producer.close()
    return replayed
