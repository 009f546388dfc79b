"""Service lifecycle: gRPC server with health, metrics, workers, SIGTERM drain."""

from alive_lifecycle.service import GRPC_MAX_MESSAGE_BYTES, Service
from alive_lifecycle.startup import refusing_to_start

__all__ = ["GRPC_MAX_MESSAGE_BYTES", "Service", "refusing_to_start"]
