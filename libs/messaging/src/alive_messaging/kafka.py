"""Kafka clients configured the one way Alive uses them."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError
from pydantic_settings import BaseSettings, SettingsConfigDict

from alive_contracts.topics import Topic
from alive_observability.metrics import KAFKA_PRODUCE_ERRORS
from alive_observability.tracing import trace_headers

if TYPE_CHECKING:
    from alive_messaging.worker import Outgoing

log = logging.getLogger(__name__)

CONTENT_TYPE = b"application/x-protobuf"


class KafkaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ALIVE_", extra="ignore")

    kafka_bootstrap: str = "127.0.0.1:9092"
    # Group join takes about half the session timeout; keep it short so a
    # restarted stage is back in seconds, long enough to survive a GC pause.
    kafka_session_timeout_ms: int = 6000
    kafka_partitions: int = 3
    # Attempts per message before it goes to the dead-letter topic.
    max_attempts: int = 3
    retry_backoff_s: float = 0.5


class PublishError(RuntimeError):
    """The broker did not acknowledge a message."""


class Publisher:
    """Idempotent producer with ``acks=all``: a message is either durably
    written once or ``publish`` raises."""

    def __init__(self, bootstrap: str, client_id: str) -> None:
        self._producer = KafkaProducer(
            bootstrap_servers=bootstrap,
            client_id=client_id,
            acks="all",
            enable_idempotence=True,
            linger_ms=0,
            max_in_flight_requests_per_connection=5,
            request_timeout_ms=15000,
        )

    def publish(self, messages: Sequence[Outgoing], timeout_s: float = 15.0) -> None:
        """Send all messages and wait until the broker has acknowledged each."""
        pending = []
        for out in messages:
            headers = [
                ("content-type", CONTENT_TYPE),
                ("alive-payload", out.message.DESCRIPTOR.full_name.encode()),
                *trace_headers(),
            ]
            future = self._producer.send(
                out.topic.name,
                key=out.key.encode(),
                value=out.message.SerializeToString(),
                headers=headers,
            )
            pending.append((out.topic.name, future))
        for topic, future in pending:
            try:
                future.get(timeout=timeout_s)
            except KafkaError as exc:
                KAFKA_PRODUCE_ERRORS.labels(topic).inc()
                raise PublishError(f"could not publish to {topic}: {exc}") from exc

    def close(self, timeout_s: float = 10.0) -> None:
        self._producer.flush(timeout=timeout_s)
        self._producer.close(timeout=timeout_s)


def new_consumer(settings: KafkaSettings, group_id: str, topics: Iterable[Topic]) -> KafkaConsumer:
    """A consumer that never commits by itself: stages commit after their output is safe."""
    consumer = KafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=group_id,
        client_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=settings.kafka_session_timeout_ms,
        heartbeat_interval_ms=max(500, settings.kafka_session_timeout_ms // 3),
        max_poll_records=16,
    )
    consumer.subscribe([t.name for t in topics])
    return consumer


def ensure_topics(bootstrap: str, topics: Iterable[Topic], partitions: int) -> list[str]:
    """Create the topics that don't exist yet; returns the names it created."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="alive-admin")
    created = []
    try:
        for topic in topics:
            try:
                admin.create_topics([NewTopic(topic.name, partitions, 1)])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass
    finally:
        admin.close()
    if created:
        log.info("created topics", extra={"topics": created})
    return created
