from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from alive_blobstore import BlobSettings
from alive_messaging import KafkaSettings
from alive_observability.settings import ObservabilitySettings


class Settings(ObservabilitySettings, KafkaSettings, BlobSettings):
    model_config = SettingsConfigDict(env_prefix="ALIVE_", extra="ignore")

    # Mounted from a Kubernetes Secret in production; the local stack points
    # these at its development chain.
    signing_key_file: Path = Path("/var/run/secrets/alive/signing/tls.key")
    signing_chain_file: Path = Path("/var/run/secrets/alive/signing/chain.pem")
    trust_anchors_file: Path | None = None
    tsa_url: str | None = None
    label_text: str = "AI-generated"
    # The prompt may be personal: it enters the manifest only when allowed.
    manifest_include_prompt: bool = False
    # RMS change of luma codes; 2.6 ~ 39.8 dB luma / 38.5 dB RGB PSNR. Lower is less robust.
    watermark_strength: float = Field(default=2.6, gt=0, le=8)
    # Secret that places the watermark's pattern; unset = the public development
    # key (anyone could read or forge those marks). Never change it once videos
    # are out: marks made with another key are not found.
    watermark_key_file: Path | None = None
