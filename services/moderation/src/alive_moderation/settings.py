from __future__ import annotations

from pathlib import Path

from pydantic_settings import SettingsConfigDict

from alive_blobstore import BlobSettings
from alive_messaging import KafkaSettings
from alive_observability.settings import ObservabilitySettings


class Settings(ObservabilitySettings, KafkaSettings, BlobSettings):
    model_config = SettingsConfigDict(env_prefix="ALIVE_", extra="ignore")

    # A policy file to use instead of the bundled one (e.g. from a ConfigMap).
    moderation_policy_file: Path | None = None
    video_samples: int = 8
