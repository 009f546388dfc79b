"""Composition root of the ingest service."""

from __future__ import annotations

from alive.ingest.v1 import ingest_pb2_grpc
from alive_blobstore import open_blob_store
from alive_ingest.adapters.store import open_job_store
from alive_ingest.api import IngestServicer
from alive_ingest.events import FOLLOWED, STAGE, JobEventHandler
from alive_ingest.settings import Settings
from alive_lifecycle import Service, refusing_to_start
from alive_messaging import Publisher, stage_worker
from alive_observability.logs import configure_logging


def main() -> int:
    with refusing_to_start(STAGE):
        settings = Settings()
        configure_logging(STAGE, settings.log_format, settings.log_level)
        store = open_job_store(settings.database_url)
        publisher = Publisher(settings.kafka_bootstrap, STAGE)
        servicer = IngestServicer(store, open_blob_store(settings), publisher)
        worker = stage_worker(
            settings, STAGE, FOLLOWED, publisher, JobEventHandler(store).handle, fail_jobs=False
        )
        service = Service(
            name=STAGE,
            settings=settings,
            servicers=[
                (
                    "alive.ingest.v1.IngestService",
                    lambda server: ingest_pb2_grpc.add_IngestServiceServicer_to_server(
                        servicer, server
                    ),
                )
            ],
            workers=[worker],
            on_stop=[publisher.close, store.close],
        )
    return service.run()


if __name__ == "__main__":
    raise SystemExit(main())
