"""gRPC health checking (grpc.health.v1) for every service."""

from __future__ import annotations

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

OVERALL = ""  # the empty service name means "the whole server"


class Health:
    """Serving status of a server and of the named services it hosts."""

    def __init__(self, server: grpc.Server, services: list[str]) -> None:
        self._servicer = health.HealthServicer()
        self._services = [OVERALL, *services]
        health_pb2_grpc.add_HealthServicer_to_server(self._servicer, server)
        self.set_serving(False)

    def set_serving(self, serving: bool) -> None:
        status = (
            health_pb2.HealthCheckResponse.SERVING
            if serving
            else health_pb2.HealthCheckResponse.NOT_SERVING
        )
        for name in self._services:
            self._servicer.set(name, status)

    def shutdown(self) -> None:
        """Mark everything NOT_SERVING for good, so load balancers drain us."""
        self._servicer.enter_graceful_shutdown()


def check(address: str, timeout: float = 2.0) -> bool:
    """True when the server at ``address`` answers SERVING."""
    try:
        with grpc.insecure_channel(address) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            reply = stub.Check(health_pb2.HealthCheckRequest(service=OVERALL), timeout=timeout)
    except grpc.RpcError:
        return False
    return reply.status == health_pb2.HealthCheckResponse.SERVING
