"""Every gRPC call is traced (continuing the caller's trace) and counted."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent import futures

import grpc
import pytest
from opentelemetry import trace

from alive_observability.grpc_server import ObservingInterceptor
from alive_observability.metrics import GRPC_REQUESTS
from alive_observability.tracing import trace_headers


def echo(request: bytes, context: grpc.ServicerContext) -> bytes:
    if request == b"bad":
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "bad request")
    return request


@pytest.fixture
def channel() -> Iterator[grpc.Channel]:
    server = grpc.server(futures.ThreadPoolExecutor(2), interceptors=[ObservingInterceptor()])
    handler = grpc.method_handlers_generic_handler(
        "test.Echo", {"Say": grpc.unary_unary_rpc_method_handler(echo)}
    )
    server.add_generic_rpc_handlers((handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with grpc.insecure_channel(f"127.0.0.1:{port}") as chan:
        yield chan
    server.stop(0)


def count(code: str) -> float:
    return GRPC_REQUESTS.labels("Say", code)._value.get()


def test_calls_are_counted_by_status_code(channel: grpc.Channel, spans) -> None:
    say = channel.unary_unary("/test.Echo/Say")
    ok, invalid = count("OK"), count("INVALID_ARGUMENT")
    assert say(b"hello", timeout=5) == b"hello"
    with pytest.raises(grpc.RpcError):
        say(b"bad", timeout=5)
    assert count("OK") == ok + 1
    assert count("INVALID_ARGUMENT") == invalid + 1


def test_server_span_continues_the_callers_trace(channel: grpc.Channel, spans) -> None:
    say = channel.unary_unary("/test.Echo/Say")
    with trace.get_tracer("test").start_as_current_span("caller") as caller:
        metadata = [(k, v.decode()) for k, v in trace_headers()]
        say(b"hi", metadata=metadata, timeout=5)
    [server_span] = [s for s in spans.get_finished_spans() if s.name == "Say"]
    assert server_span.context.trace_id == caller.get_span_context().trace_id
    assert server_span.kind == trace.SpanKind.SERVER
