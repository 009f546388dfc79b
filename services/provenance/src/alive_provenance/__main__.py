"""Composition root of the provenance stage."""

from __future__ import annotations

import logging

from alive.provenance.v1 import provenance_pb2_grpc
from alive_blobstore import open_blob_store
from alive_contracts import topics
from alive_lifecycle import Service, refusing_to_start
from alive_messaging import Publisher, stage_worker
from alive_observability.logs import configure_logging
from alive_observability.metrics import SIGNING_CERTIFICATE_EXPIRY
from alive_provenance.api import ProvenanceServicer
from alive_provenance.credentials import SigningCredentials
from alive_provenance.label import LabelStyle
from alive_provenance.settings import Settings
from alive_provenance.stage import STAGE, ProvenanceStage
from alive_provenance.watermark import WatermarkRegistry, load_key

log = logging.getLogger(__name__)


def main() -> int:
    with refusing_to_start(STAGE):
        settings = Settings()
        configure_logging(STAGE, settings.log_format, settings.log_level)
        credentials = SigningCredentials.from_files(
            settings.signing_key_file, settings.signing_chain_file
        )
        log.info("signing credentials loaded", extra={"credentials": repr(credentials)})
        SIGNING_CERTIFICATE_EXPIRY.set(credentials.not_after.timestamp())
        if credentials.expires_soon:
            log.warning(
                "signing certificate expires soon: rotate the key",
                extra={"not_after": credentials.not_after.isoformat()},
            )
        if not settings.tsa_url:
            log.warning(
                "no timestamp authority configured: signed videos read Invalid once the signing "
                "certificate expires",
                extra={"not_after": credentials.not_after.isoformat()},
            )
        watermark_key = load_key(settings.watermark_key_file)
        if settings.watermark_key_file is None:
            log.warning(
                "no watermark key configured (ALIVE_WATERMARK_KEY_FILE): marks use the public "
                "development key, so anyone can read or forge them"
            )
        anchors = settings.trust_anchors_file.read_bytes() if settings.trust_anchors_file else None
        publisher = Publisher(settings.kafka_bootstrap, STAGE)
        blobs = open_blob_store(settings)
        stage = ProvenanceStage(
            blobs,
            credentials,
            LabelStyle(text=settings.label_text),
            include_prompt=settings.manifest_include_prompt,
            tsa_url=settings.tsa_url,
            watermark_strength=settings.watermark_strength,
            watermark_key=watermark_key,
        )
        worker = stage_worker(settings, STAGE, [topics.CLEARED], publisher, stage.handle)
        servicer = ProvenanceServicer(anchors, WatermarkRegistry(blobs), watermark_key)
        service = Service(
            name=STAGE,
            settings=settings,
            servicers=[
                (
                    "alive.provenance.v1.ProvenanceService",
                    lambda server: provenance_pb2_grpc.add_ProvenanceServiceServicer_to_server(
                        servicer, server
                    ),
                )
            ],
            workers=[worker],
            on_stop=[publisher.close],
        )
    return service.run()


if __name__ == "__main__":
    raise SystemExit(main())
