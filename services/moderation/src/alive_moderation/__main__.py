"""Composition root of the moderation stage."""

from __future__ import annotations

from PIL import Image

from alive.moderation.v1 import moderation_pb2_grpc
from alive_blobstore import open_blob_store
from alive_contracts import topics
from alive_lifecycle import Service, refusing_to_start
from alive_messaging import Publisher, stage_worker
from alive_moderation.api import ModerationServicer
from alive_moderation.image import ImageModerator
from alive_moderation.policy import Policy
from alive_moderation.settings import Settings
from alive_moderation.stage import STAGE, ModerationStage
from alive_moderation.text import TextModerator
from alive_moderation.video import VideoModerator
from alive_observability.logs import configure_logging


def main() -> int:
    with refusing_to_start(STAGE):
        settings = Settings()
        configure_logging(STAGE, settings.log_format, settings.log_level)
        policy = Policy.load(settings.moderation_policy_file)
        text = TextModerator(policy)
        image = ImageModerator(policy)
        video = VideoModerator(image, policy, samples=settings.video_samples)
        # Exercise every model before serving, so the first job doesn't pay for
        # loading them and the service reports SERVING only once it is fast.
        text.check("a calm sea at sunset")
        image.check(Image.new("RGB", (256, 256), (90, 140, 200)))
        publisher = Publisher(settings.kafka_bootstrap, STAGE)
        stage = ModerationStage(open_blob_store(settings), text, image, video)
        worker = stage_worker(
            settings, STAGE, [topics.SUBMITTED, topics.GENERATED], publisher, stage.handle
        )
        servicer = ModerationServicer(text, image, video)
        service = Service(
            name=STAGE,
            settings=settings,
            servicers=[
                (
                    "alive.moderation.v1.ModerationService",
                    lambda server: moderation_pb2_grpc.add_ModerationServiceServicer_to_server(
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
