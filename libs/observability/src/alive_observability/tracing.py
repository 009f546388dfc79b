"""Distributed tracing with OpenTelemetry across gRPC and Kafka.

W3C trace context travels in gRPC metadata and in Kafka message headers, so
one trace follows a job from ``SubmitJob`` through every stage. Exporting is
off by default (``ALIVE_OTEL_ENABLED=true`` turns it on; the OTLP exporter reads
the standard ``OTEL_EXPORTER_OTLP_ENDPOINT``). With exporting off, spans are
not recorded but the context still passes through, so a traced caller's
trace is never broken by an untraced stage.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence

from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind

log = logging.getLogger(__name__)

Headers = Sequence[tuple[str, bytes]]


def configure_tracing(service: str, enabled: bool) -> None:
    """Install an exporting tracer provider for ``service`` when enabled."""
    if not enabled:
        return
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": f"alive-{service}"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    log.info("tracing enabled")


def _tracer() -> trace.Tracer:
    return trace.get_tracer("alive")


def trace_headers() -> list[tuple[str, bytes]]:
    """The current trace context as Kafka headers (``traceparent``, ``tracestate``)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return [(key, value.encode()) for key, value in carrier.items()]


@contextlib.contextmanager
def consuming(topic: str, headers: Headers | None, job_id: str) -> Iterator[trace.Span]:
    """A consumer span for one Kafka message, continuing its producer's trace."""
    carrier = {
        key: value.decode(errors="replace") for key, value in headers or () if value is not None
    }
    with _tracer().start_as_current_span(
        f"{topic} process",
        context=propagate.extract(carrier),
        kind=SpanKind.CONSUMER,
        attributes={
            "messaging.system": "kafka",
            "messaging.destination.name": topic,
            "alive.job_id": job_id,
        },
    ) as span:
        yield span


@contextlib.contextmanager
def serving(method: str, metadata: Sequence[tuple[str, str | bytes]]) -> Iterator[trace.Span]:
    """A server span for one gRPC call, continuing the caller's trace."""
    carrier = {k: v if isinstance(v, str) else v.decode(errors="replace") for k, v in metadata}
    with _tracer().start_as_current_span(
        method,
        context=propagate.extract(carrier),
        kind=SpanKind.SERVER,
        attributes={"rpc.system": "grpc", "rpc.method": method},
    ) as span:
        yield span
