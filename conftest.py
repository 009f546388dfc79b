"""Fixtures shared by the whole test suite: real infrastructure, started once."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Kafka-protocol broker (Tansu) for this test session."""
    from alive_messaging.embedded import start_broker

    port = free_port()
    log = tmp_path_factory.mktemp("broker") / "tansu.log"
    process = start_broker(port, log)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def _read_topic(
    bootstrap: str, topic: str, key: str, expect: int = 1, timeout_s: float = 30
) -> list:
    """The records keyed ``key`` on ``topic``, read from the start by a fresh
    consumer group, once ``expect`` of them arrived or after ``timeout_s``."""
    import time
    import uuid

    from kafka import KafkaConsumer

    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"test-reader-{uuid.uuid4().hex}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        session_timeout_ms=6000,
        heartbeat_interval_ms=2000,
    )
    found: list = []
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline and len(found) < expect:
            for records in consumer.poll(timeout_ms=300).values():
                found += [r for r in records if r.key == key.encode()]
    finally:
        consumer.close()
    return found


@pytest.fixture(scope="session")
def read_topic():
    """Read a job's records from a topic: ``read_topic(bootstrap, topic, key, expect=1)``."""
    return _read_topic


POSTGRES_DSN = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return Path(__file__).parent / "samples" / "photos"


@pytest.fixture(scope="session")
def _tracer_provider():
    """One recording tracer provider for the process (OpenTelemetry allows one)."""
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return exporter


@pytest.fixture
def spans(_tracer_provider):
    """Spans finished during the test."""
    _tracer_provider.clear()
    return _tracer_provider
