"""The at-least-once stage worker every Kafka consumer in Alive runs.

For each message, in partition order: decode it, hand it to the stage's
handler, publish what the handler returns and wait for the broker's acks,
and only then commit the offset. A crash anywhere before the commit means
the message is delivered again, so handlers must be idempotent (and are:
deterministic blob keys, forward-only job states).

A message that keeps failing is retried a bounded number of times with
backoff, then moved to the dead-letter topic with the error, and the job is
marked FAILED with a reason; the partition moves on. A message that cannot
even be decoded is dead-lettered at once: retrying cannot fix it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from google.protobuf.message import DecodeError, Message
from kafka import KafkaConsumer
from kafka.errors import CommitFailedError
from kafka.structs import OffsetAndMetadata, TopicPartition

from alive.events.v1 import events_pb2 as ev
from alive_contracts import topics
from alive_contracts.topics import Topic
from alive_messaging.kafka import KafkaSettings, Publisher, new_consumer
from alive_observability.logs import job_context
from alive_observability.metrics import DEAD_LETTERS, JOBS, KAFKA_CONSUME_ERRORS
from alive_observability.tracing import consuming

log = logging.getLogger(__name__)


class PermanentError(Exception):
    """Retrying will not help (bad payload, missing input): dead-letter at once."""


@dataclass(frozen=True)
class Incoming:
    topic: Topic
    key: str
    message: Message
    partition: int
    offset: int


@dataclass(frozen=True)
class Outgoing:
    topic: Topic
    key: str
    message: Message


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 3
    backoff_s: float = 0.5

    def delay(self, attempt: int) -> float:
        return self.backoff_s * 2 ** (attempt - 1)


Handler = Callable[[Incoming], Sequence[Outgoing]]


class _HandBack(Exception):
    """Stop was requested while retrying: leave the message uncommitted."""


@dataclass
class Worker:
    """Consume ``consumer``'s topics for ``stage`` until ``stop`` is set."""

    stage: str
    consumer: KafkaConsumer
    publisher: Publisher
    handler: Handler
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # Stages mark the job FAILED when they give up; ingest, which owns the
    # job store, records failures itself instead.
    fail_jobs: bool = True
    poll_timeout_ms: int = 250
    # Set once the consumer has joined its group and holds partitions (or,
    # with more replicas than partitions, once joining had ample time), so the
    # service reports SERVING only when a message would be handled at once.
    ready: threading.Event = field(default_factory=threading.Event)
    join_grace_s: float = 20.0

    def run(self, stop: threading.Event) -> None:
        log.info("worker started", extra={"stage": self.stage})
        started = time.monotonic()
        try:
            while not stop.is_set():
                batches = self.consumer.poll(timeout_ms=self.poll_timeout_ms)
                if not self.ready.is_set() and (
                    self.consumer.assignment() or time.monotonic() - started > self.join_grace_s
                ):
                    self.ready.set()
                for records in batches.values():
                    for record in records:
                        if stop.is_set():
                            return
                        try:
                            self._process(record, stop)
                        except _HandBack:
                            return
                        self._commit(record)
        finally:
            log.info("worker draining", extra={"stage": self.stage})
            self.consumer.close(autocommit=False)

    def _process(self, record, stop: threading.Event) -> None:
        topic = topics.by_name(record.topic)
        key = record.key.decode(errors="replace") if record.key else ""
        with job_context(key), consuming(record.topic, record.headers, key):
            try:
                message = topic.decode(record.value)
            except DecodeError as exc:
                self._dead_letter(record, key, f"undecodable {topic.payload.__name__}: {exc}", 1)
                return
            incoming = Incoming(topic, key, message, record.partition, record.offset)
            attempt = 0
            while True:
                attempt += 1
                try:
                    self.publisher.publish(self.handler(incoming))
                    return
                except PermanentError as exc:
                    KAFKA_CONSUME_ERRORS.labels(self.stage, topic.name).inc()
                    self._dead_letter(record, key, str(exc), attempt)
                    return
                except Exception as exc:
                    KAFKA_CONSUME_ERRORS.labels(self.stage, topic.name).inc()
                    if attempt >= self.retry.max_attempts:
                        log.exception("giving up on message", extra={"attempts": attempt})
                        self._dead_letter(record, key, f"{type(exc).__name__}: {exc}", attempt)
                        return
                    delay = self.retry.delay(attempt)
                    log.warning(
                        "processing failed, will retry",
                        extra={"attempt": attempt, "retry_in_s": delay, "error": str(exc)},
                    )
                    if stop.wait(delay):
                        raise _HandBack from exc

    def _dead_letter(self, record, key: str, error: str, attempts: int) -> None:
        now = datetime.now(UTC)
        letter = ev.DeadLetter(
            source_topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            key=record.key or b"",
            payload=record.value or b"",
            stage=self.stage,
            error=error,
            attempts=attempts,
        )
        letter.occurred_at.FromDatetime(now)
        out = [Outgoing(topics.DEAD_LETTER, key, letter)]
        if self.fail_jobs and key:
            failed = ev.JobFailed(
                job_id=key,
                stage=self.stage,
                reason=f"{self.stage} could not process the job: {error}",
            )
            failed.occurred_at.FromDatetime(now)
            out.append(Outgoing(topics.FAILED, key, failed))
        # If this raises, the offset stays uncommitted and the message comes back.
        self.publisher.publish(out)
        DEAD_LETTERS.labels(self.stage, record.topic).inc()
        JOBS.labels(self.stage, "failed").inc()
        log.error("message dead-lettered", extra={"topic": record.topic, "error": error})

    def _commit(self, record) -> None:
        tp = TopicPartition(record.topic, record.partition)
        try:
            self.consumer.commit({tp: OffsetAndMetadata(record.offset + 1, None, -1)})
        except CommitFailedError:
            # The partition moved to another consumer during a rebalance; it
            # will see this message again and, handlers being idempotent,
            # change nothing.
            log.warning("commit lost to a rebalance", extra={"topic": record.topic})


def stage_worker(
    settings: KafkaSettings,
    stage: str,
    follows: Sequence[Topic],
    publisher: Publisher,
    handler: Handler,
    *,
    fail_jobs: bool = True,
) -> Worker:
    """The worker of ``stage``: its consumer group is the stage name, its
    retries come from the settings."""
    return Worker(
        stage=stage,
        consumer=new_consumer(settings, stage, follows),
        publisher=publisher,
        handler=handler,
        retry=RetryPolicy(settings.max_attempts, settings.retry_backoff_s),
        fail_jobs=fail_jobs,
    )
