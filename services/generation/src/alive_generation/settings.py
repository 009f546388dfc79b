from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from alive_blobstore import BlobSettings
from alive_messaging import KafkaSettings
from alive_observability.settings import ObservabilitySettings


class Settings(ObservabilitySettings, KafkaSettings, BlobSettings):
    model_config = SettingsConfigDict(env_prefix="ALIVE_", extra="ignore")

    triton_url: str = "127.0.0.1:8001"
    triton_model: str = "animate"
    triton_timeout_s: float = 120.0
