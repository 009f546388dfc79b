"""``ModerationService``: the pipeline's policy and classifiers for other teams."""

from __future__ import annotations

import grpc

from alive.jobs.v1 import jobs_pb2
from alive.moderation.v1 import moderation_pb2, moderation_pb2_grpc
from alive_contracts.convert import moderation_to_wire
from alive_lifecycle.errors import abort_invalid
from alive_moderation.errors import ModerationInputError
from alive_moderation.image import ImageModerator
from alive_moderation.text import MAX_PROMPT_CHARS, TextModerator
from alive_moderation.verdict import Verdict
from alive_moderation.video import VideoModerator


class ModerationServicer(moderation_pb2_grpc.ModerationServiceServicer):
    def __init__(self, text: TextModerator, image: ImageModerator, video: VideoModerator) -> None:
        self._text = text
        self._image = image
        self._video = video

    @staticmethod
    def _answer(verdict: Verdict) -> jobs_pb2.ModerationResult:
        return moderation_to_wire(verdict.to_dict())

    def CheckText(self, request: moderation_pb2.CheckTextRequest, context: grpc.ServicerContext):
        if not request.text.strip():
            abort_invalid(context, [("text", "is empty")])
        if len(request.text) > MAX_PROMPT_CHARS:
            abort_invalid(context, [("text", f"is longer than {MAX_PROMPT_CHARS} characters")])
        return self._answer(self._text.check(request.text))

    def CheckImage(self, request: moderation_pb2.CheckImageRequest, context: grpc.ServicerContext):
        try:
            return self._answer(self._image.check(request.image, checkpoint="photo"))
        except ModerationInputError as exc:
            abort_invalid(context, [("image", exc.reason)])

    def CheckVideo(self, request: moderation_pb2.CheckVideoRequest, context: grpc.ServicerContext):
        try:
            return self._answer(self._video.check(request.video))
        except ModerationInputError as exc:
            abort_invalid(context, [("video", exc.reason)])
