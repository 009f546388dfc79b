"""A gRPC server interceptor that gives every call a trace span, a request
counter by status code and, for unary calls, a latency histogram."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import grpc

from alive_observability.metrics import GRPC_DURATION, GRPC_REQUESTS
from alive_observability.tracing import serving


def _code(context: grpc.ServicerContext, error: BaseException | None) -> str:
    code = context.code() if hasattr(context, "code") else None
    if code is not None and code != grpc.StatusCode.OK:
        return code.name
    return "UNKNOWN" if error is not None and not isinstance(error, grpc.RpcError) else "OK"


class ObservingInterceptor(grpc.ServerInterceptor):
    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler | None],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = continuation(details)
        if handler is None or details.method.startswith("/grpc.health."):
            return handler
        method = details.method.rsplit("/", 1)[-1]
        metadata = list(details.invocation_metadata or ())
        if handler.unary_unary:
            return handler._replace(unary_unary=self._unary(handler.unary_unary, method, metadata))
        if handler.unary_stream:
            return handler._replace(
                unary_stream=self._stream(handler.unary_stream, method, metadata)
            )
        return handler

    @staticmethod
    def _unary(behaviour: Callable[..., Any], method: str, metadata: list) -> Callable[..., Any]:
        def observed(request: Any, context: grpc.ServicerContext) -> Any:
            began = time.perf_counter()
            error: BaseException | None = None
            with serving(method, metadata):
                try:
                    return behaviour(request, context)
                except BaseException as exc:
                    error = exc
                    raise
                finally:
                    GRPC_DURATION.labels(method).observe(time.perf_counter() - began)
                    GRPC_REQUESTS.labels(method, _code(context, error)).inc()

        return observed

    @staticmethod
    def _stream(
        behaviour: Callable[..., Iterator[Any]], method: str, metadata: list
    ) -> Callable[..., Any]:
        def observed(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            error: BaseException | None = None
            with serving(method, metadata):
                try:
                    yield from behaviour(request, context)
                except BaseException as exc:
                    error = exc
                    raise
                finally:
                    GRPC_REQUESTS.labels(method, _code(context, error)).inc()

        return observed
