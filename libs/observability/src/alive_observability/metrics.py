"""The platform's Prometheus metrics, named once.

Stages share these families and tell themselves apart by the ``stage``
label, so one dashboard shows the whole pipeline.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

STAGE_DURATION = Histogram(
    "alive_stage_duration_seconds",
    "Time a stage spent on one job, from message received to output published.",
    ["stage"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 8, 13, 20, 30, 60),
)
JOBS = Counter(
    "alive_jobs_total",
    "Jobs handled by a stage, by outcome (e.g. approved, rejected, published, failed, duplicate).",
    ["stage", "outcome"],
)
KAFKA_CONSUME_ERRORS = Counter(
    "alive_kafka_consume_errors_total",
    "Messages a stage failed to process on one attempt (retried or dead-lettered).",
    ["stage", "topic"],
)
KAFKA_PRODUCE_ERRORS = Counter(
    "alive_kafka_produce_errors_total",
    "Messages that could not be published to Kafka.",
    ["topic"],
)
DEAD_LETTERS = Counter(
    "alive_dead_letters_total",
    "Messages moved to the dead-letter topic after bounded retries.",
    ["stage", "topic"],
)
SIGNING_CERTIFICATE_EXPIRY = Gauge(
    "alive_signing_certificate_expiry_timestamp_seconds",
    "When the signing leaf certificate expires (Unix time). Without a timestamp "
    "authority, videos signed with it read Invalid after that moment.",
)
GRPC_REQUESTS = Counter(
    "alive_grpc_requests_total",
    "gRPC calls served, by method and status code.",
    ["method", "code"],
)
GRPC_DURATION = Histogram(
    "alive_grpc_request_duration_seconds",
    "Time to answer a unary gRPC call.",
    ["method"],
)


def serve_metrics(port: int, addr: str = "0.0.0.0") -> None:
    """Expose /metrics on ``port`` from a background thread."""
    start_http_server(port, addr=addr)
