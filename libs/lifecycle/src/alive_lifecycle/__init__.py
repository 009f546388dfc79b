"""Service lifecycle: gRPC server with health, metrics, workers, SIGTERM drain."""

from alive_lifecycle.service import GRPC_MAX_MESSAGE_BYTES, Service

__all__ = ["GRPC_MAX_MESSAGE_BYTES", "Service"]
