"""Composition root of the generation stage."""

from __future__ import annotations

from alive_blobstore import open_blob_store
from alive_contracts import topics
from alive_generation.animator import TritonAnimator
from alive_generation.settings import Settings
from alive_generation.stage import STAGE, GenerationStage
from alive_lifecycle import Service, refusing_to_start
from alive_messaging import Publisher, stage_worker
from alive_observability.logs import configure_logging


def main() -> int:
    with refusing_to_start(STAGE):
        settings = Settings()
        configure_logging(STAGE, settings.log_format, settings.log_level)
        publisher = Publisher(settings.kafka_bootstrap, STAGE)
        animator = TritonAnimator(
            settings.triton_url, settings.triton_model, settings.triton_timeout_s
        )
        stage = GenerationStage(open_blob_store(settings), animator, publisher)
        worker = stage_worker(settings, STAGE, [topics.APPROVED], publisher, stage.handle)
        service = Service(
            name=STAGE,
            settings=settings,
            workers=[worker],
            on_stop=[publisher.close, animator.close],
        )
    return service.run()


if __name__ == "__main__":
    raise SystemExit(main())
