"""Settings every service shares: where to log, serve metrics and gRPC."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from alive_observability.logs import LogFormat


class ObservabilitySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ALIVE_", extra="ignore")

    log_format: LogFormat = "json"
    log_level: str = "INFO"
    grpc_port: int = 50051
    metrics_port: int = 9464
    bind_host: str = "0.0.0.0"
    # Export OpenTelemetry traces (endpoint: OTEL_EXPORTER_OTLP_ENDPOINT).
    otel_enabled: bool = False
