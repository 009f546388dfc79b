"""The stage worker against the real broker: at-least-once, retries, dead letters."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Sequence

import pytest

from alive.events.v1 import events_pb2 as ev
from alive_contracts import topics
from alive_messaging import (
    Incoming,
    KafkaSettings,
    Outgoing,
    PermanentError,
    Publisher,
    ensure_topics,
    stage_worker,
)

pytestmark = pytest.mark.integration


def submitted(job_id: str) -> ev.JobSubmitted:
    return ev.JobSubmitted(spec=ev.JobSpec(job_id=job_id, tenant="t", prompt="windy day"))


def run_worker(
    bootstrap: str, group: str, handler: Callable[[Incoming], Sequence[Outgoing]]
) -> tuple[threading.Event, threading.Thread, Publisher]:
    settings = KafkaSettings(kafka_bootstrap=bootstrap, retry_backoff_s=0.05)
    publisher = Publisher(bootstrap, group)
    worker = stage_worker(settings, group, [topics.SUBMITTED], publisher, handler)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,))
    thread.start()
    return stop, thread, publisher


@pytest.fixture(scope="module")
def bootstrap(kafka_bootstrap: str) -> str:
    ensure_topics(kafka_bootstrap, topics.ALL, partitions=2)
    return kafka_bootstrap


def test_handler_output_is_published_and_offset_committed(bootstrap: str, read_topic) -> None:
    job_id = uuid.uuid4().hex
    group = f"g-{job_id}"
    seen: list[str] = []

    def handler(incoming: Incoming) -> list[Outgoing]:
        if incoming.key != job_id:  # the topic is shared with other tests
            return []
        seen.append(incoming.key)
        spec = incoming.message.spec
        return [Outgoing(topics.APPROVED, incoming.key, ev.InputApproved(spec=spec))]

    stop, thread, publisher = run_worker(bootstrap, group, handler)
    producer = Publisher(bootstrap, "test-producer")
    producer.publish([Outgoing(topics.SUBMITTED, job_id, submitted(job_id))])
    approved = read_topic(bootstrap, topics.APPROVED.name, job_id, expect=1)
    stop.set()
    thread.join(15)
    assert len(approved) == 1
    assert topics.APPROVED.decode(approved[0].value).spec.prompt == "windy day"

    # A second worker in the same group starts after the committed offset:
    # the message is not handled twice.
    seen_again: list[str] = []
    stop2, thread2, _ = run_worker(bootstrap, group, lambda i: seen_again.append(i.key) or [])
    time.sleep(5)
    stop2.set()
    thread2.join(15)
    assert seen == [job_id]
    assert job_id not in seen_again
    producer.close()
    publisher.close()


def test_failing_message_is_retried_then_dead_lettered_and_job_failed(
    bootstrap: str, read_topic
) -> None:
    job_id = uuid.uuid4().hex
    attempts: list[int] = []

    def handler(incoming: Incoming) -> list[Outgoing]:
        if incoming.key != job_id:
            return []
        attempts.append(1)
        raise RuntimeError("triton unavailable")

    stop, thread, publisher = run_worker(bootstrap, f"g-{job_id}", handler)
    producer = Publisher(bootstrap, "test-producer")
    producer.publish([Outgoing(topics.SUBMITTED, job_id, submitted(job_id))])
    letters = read_topic(bootstrap, topics.DEAD_LETTER.name, job_id, expect=1)
    failed = read_topic(bootstrap, topics.FAILED.name, job_id, expect=1)
    stop.set()
    thread.join(15)
    assert len(attempts) == 3
    letter = topics.DEAD_LETTER.decode(letters[0].value)
    assert letter.source_topic == topics.SUBMITTED.name
    assert "triton unavailable" in letter.error
    assert letter.attempts == 3
    assert topics.SUBMITTED.decode(letter.payload).spec.job_id == job_id
    assert "triton unavailable" in topics.FAILED.decode(failed[0].value).reason
    producer.close()
    publisher.close()


def test_poison_message_is_dead_lettered_at_once_and_partition_moves_on(
    bootstrap: str, read_topic
) -> None:
    job_id = uuid.uuid4().hex
    handled: list[str] = []

    def handler(incoming: Incoming) -> list[Outgoing]:
        if incoming.key != job_id:
            return []
        if incoming.message.spec.prompt == "permanent":
            raise PermanentError("photo blob is missing")
        handled.append(incoming.key)
        return []

    stop, thread, publisher = run_worker(bootstrap, f"g-{job_id}", handler)
    producer = Publisher(bootstrap, "test-producer")
    # Same key -> same partition: the good message queues behind the poison.
    producer._producer.send(topics.SUBMITTED.name, key=job_id.encode(), value=b"\xff\xfe garbage")
    bad = submitted(job_id)
    bad.spec.prompt = "permanent"
    producer.publish(
        [
            Outgoing(topics.SUBMITTED, job_id, bad),
            Outgoing(topics.SUBMITTED, job_id, submitted(job_id)),
        ]
    )
    letters = read_topic(bootstrap, topics.DEAD_LETTER.name, job_id, expect=2)
    deadline = time.monotonic() + 10
    while not handled and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    thread.join(15)
    errors = sorted(topics.DEAD_LETTER.decode(r.value).error for r in letters)
    assert len(errors) == 2
    assert errors[0].startswith("photo blob is missing")
    assert errors[1].startswith("undecodable JobSubmitted")
    assert handled == [job_id]
    producer.close()
    publisher.close()


def test_trace_context_travels_with_the_message(bootstrap: str, spans) -> None:
    from opentelemetry import trace

    job_id = uuid.uuid4().hex
    seen: list[int] = []

    def handler(incoming: Incoming) -> list[Outgoing]:
        if incoming.key == job_id:
            seen.append(trace.get_current_span().get_span_context().trace_id)
        return []

    stop, thread, publisher = run_worker(bootstrap, f"g-{job_id}", handler)
    producer = Publisher(bootstrap, "test-producer")
    with trace.get_tracer("test").start_as_current_span("submit") as submit:
        producer.publish([Outgoing(topics.SUBMITTED, job_id, submitted(job_id))])
    deadline = time.monotonic() + 15
    while not seen and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    thread.join(15)
    assert seen == [submit.get_span_context().trace_id]
    producer.close()
    publisher.close()
