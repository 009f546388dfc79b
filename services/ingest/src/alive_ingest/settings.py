from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from alive_blobstore import BlobSettings
from alive_messaging import KafkaSettings
from alive_observability.settings import ObservabilitySettings


class Settings(ObservabilitySettings, KafkaSettings, BlobSettings):
    model_config = SettingsConfigDict(env_prefix="ALIVE_", extra="ignore")

    # sqlite:///path/jobs.db (embedded default) or postgresql://user@host/db
    database_url: str = "sqlite:////var/lib/alive/jobs.db"
