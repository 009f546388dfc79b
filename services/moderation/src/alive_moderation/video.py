"""The result checkpoint: sample the generated video, score the frames, compare with the photo."""

from __future__ import annotations

import math
from collections.abc import Mapping

from alive_moderation.errors import ModerationInputError
from alive_moderation.image import ImageModerator
from alive_moderation.policy import Policy
from alive_moderation.verdict import Verdict
from alive_moderation.video_frames import sample_frames


class VideoModerator:
    """Moderates a generated MP4 at the `result` checkpoint.

    The video score per category is the maximum over `samples` evenly spaced
    frames: one unsafe frame is enough to block. Reasons name the frame time
    and, given the photo's scores, whether generation introduced the content.
    Audio is not checked (no audio classifier ships yet).
    """

    checkpoint = "result"

    def __init__(self, image_moderator: ImageModerator, policy: Policy, samples: int = 8) -> None:
        if isinstance(samples, bool) or not isinstance(samples, int) or not 1 <= samples <= 64:
            raise ModerationInputError("samples", f"must be an integer in 1..64, got {samples!r}")
        self._images = image_moderator
        self._policy = policy
        self._samples = samples

    def check(self, video: bytes, photo_scores: Mapping[str, float] | None = None) -> Verdict:
        """Moderate MP4 bytes; `photo_scores` are the photo verdict's `categories`, if known."""
        photo = _validated_photo_scores(photo_scores)
        frames, _duration = sample_frames(video, self._samples, max_side=self._images.max_side)
        per_frame = self._images.score_frames([frame.image for frame in frames])

        scores: dict[str, float] = {}
        worst_time: dict[str, float] = {}
        for frame, frame_scores in zip(frames, per_frame, strict=True):
            for category, score in frame_scores.items():
                if category not in scores or score > scores[category]:
                    scores[category] = score
                    worst_time[category] = frame.time

        evidence = {
            category: self._evidence(
                category, scores[category], worst_time[category], len(frames), photo
            )
            for category in scores
        }
        return self._policy.decide(self.checkpoint, scores, evidence)

    def _evidence(
        self,
        category: str,
        score: float,
        time: float,
        sampled: int,
        photo: Mapping[str, float] | None,
    ) -> str:
        description = self._policy.descriptions.get(category) or category.replace("_", " ")
        sentence = (
            f"result shows {description} at {time:.2f} s "
            f"(frame score {score:.2f}, worst of {sampled} sampled frames)"
        )
        rule = self._policy.rule(category, self.checkpoint)
        if photo is None or category not in photo or rule is None:
            return sentence
        if photo[category] < rule.threshold:
            return (
                f"{sentence}; the photo scored {photo[category]:.2f}, "
                "so the unsafe content was introduced by generation"
            )
        return f"{sentence}; the photo already scored {photo[category]:.2f}"


def _validated_photo_scores(raw: Mapping[str, float] | None) -> dict[str, float] | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ModerationInputError("photo_scores", f"must be a mapping, got {type(raw).__name__}")
    checked: dict[str, float] = {}
    for category, score in raw.items():
        if (
            isinstance(score, bool)
            or not isinstance(score, int | float)
            or math.isnan(score)
            or not 0.0 <= score <= 1.0
        ):
            raise ModerationInputError(
                f"photo_scores.{category}", f"must be in 0..1, got {score!r}"
            )
        checked[str(category)] = float(score)
    return checked
