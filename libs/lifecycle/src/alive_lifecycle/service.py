"""One way to run a service: serve gRPC (with grpc.health.v1) and /metrics,
run its Kafka workers, and drain cleanly on SIGTERM or Ctrl-C.

Drain order: health goes NOT_SERVING (load balancers stop sending), workers
stop polling and finish or hand back the message in hand, in-flight gRPC calls
get a grace period, then the process exits 0.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent import futures
from dataclasses import dataclass, field
from typing import Protocol

import grpc

from alive_lifecycle.startup import refusing_to_start
from alive_observability.grpc_server import ObservingInterceptor
from alive_observability.health import Health
from alive_observability.metrics import serve_metrics
from alive_observability.settings import ObservabilitySettings
from alive_observability.tracing import configure_tracing

log = logging.getLogger(__name__)

# Photos of up to 20 MB plus protobuf framing.
GRPC_MAX_MESSAGE_BYTES = 24 * 1024 * 1024


class Runnable(Protocol):
    # Set when the worker would handle a message at once (e.g. joined its group).
    ready: threading.Event

    def run(self, stop: threading.Event) -> None: ...


@dataclass
class Service:
    name: str
    settings: ObservabilitySettings
    # Each registers a servicer on the server; the strings are the gRPC
    # service names reported by health checks.
    servicers: Sequence[tuple[str, Callable[[grpc.Server], None]]] = ()
    workers: Sequence[Runnable] = ()
    on_stop: Sequence[Callable[[], None]] = ()
    grace_s: float = 10.0
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> int:
        self._install_signal_handlers()
        configure_tracing(self.name, self.settings.otel_enabled)
        with refusing_to_start(self.name):  # a port already taken is a start-up failure too
            serve_metrics(self.settings.metrics_port, self.settings.bind_host)
        server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=16, thread_name_prefix=f"{self.name}-grpc"),
            interceptors=[ObservingInterceptor()],
            options=[
                ("grpc.max_receive_message_length", GRPC_MAX_MESSAGE_BYTES),
                ("grpc.max_send_message_length", GRPC_MAX_MESSAGE_BYTES),
            ],
        )
        for _, register in self.servicers:
            register(server)
        health = Health(server, [name for name, _ in self.servicers])
        address = f"{self.settings.bind_host}:{self.settings.grpc_port}"
        with refusing_to_start(self.name):
            # grpcio raises on a taken port; older releases returned 0.
            if server.add_insecure_port(address) == 0:
                raise OSError(f"cannot listen on {address}")
        server.start()

        failed = threading.Event()
        threads = [
            threading.Thread(
                target=self._run_worker, args=(w, failed), name=f"{self.name}-worker-{i}"
            )
            for i, w in enumerate(self.workers)
        ]
        for thread in threads:
            thread.start()
        for worker in self.workers:
            while not (worker.ready.wait(0.1) or self.stop.is_set()):
                pass
        health.set_serving(not self.stop.is_set())
        log.info(
            "service ready",
            extra={"grpc": address, "metrics_port": self.settings.metrics_port},
        )

        self.stop.wait()
        log.info("draining")
        health.shutdown()
        for thread in threads:
            thread.join()
        server.stop(self.grace_s).wait()
        for callback in self.on_stop:
            callback()
        log.info("stopped")
        return 1 if failed.is_set() else 0

    def _run_worker(self, worker: Runnable, failed: threading.Event) -> None:
        try:
            worker.run(self.stop)
        except Exception:
            # A worker that cannot reach the broker or store is a dead
            # service: stop everything and let the orchestrator restart us.
            log.exception("worker crashed; stopping the service")
            failed.set()
            self.stop.set()

    def _install_signal_handlers(self) -> None:
        def request_stop(signum: int, _frame: object) -> None:
            log.info("stop requested", extra={"signal": signal.Signals(signum).name})
            self.stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
