"""Kafka plumbing: publish protobuf events, consume them at least once."""

from alive_messaging.kafka import KafkaSettings, Publisher, ensure_topics
from alive_messaging.worker import (
    Incoming,
    Outgoing,
    PermanentError,
    RetryPolicy,
    Worker,
    stage_worker,
)

__all__ = [
    "Incoming",
    "KafkaSettings",
    "Outgoing",
    "PermanentError",
    "Publisher",
    "RetryPolicy",
    "Worker",
    "ensure_topics",
    "stage_worker",
]
