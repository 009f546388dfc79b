"""The moderation stage's handler: the input checkpoint (photo and prompt,
before generation) and the output checkpoint (the result, before
publication). Every verdict also goes to the audit topic."""

from __future__ import annotations

import logging
import time

from alive.events.v1 import events_pb2 as ev
from alive_blobstore import BlobNotFound, BlobStore
from alive_contracts import topics
from alive_contracts.convert import moderation_to_wire, timestamp
from alive_messaging import Incoming, Outgoing, PermanentError
from alive_moderation.errors import ModerationInputError
from alive_moderation.image import ImageModerator
from alive_moderation.text import TextModerator
from alive_moderation.verdict import Verdict
from alive_moderation.video import VideoModerator
from alive_observability.metrics import JOBS, STAGE_DURATION

log = logging.getLogger(__name__)

STAGE = "moderation"


def rejection_reason(verdicts: list[Verdict]) -> str:
    reasons = [r for v in verdicts if not v.allowed for r in v.reasons]
    return "; ".join(reasons) or "blocked by the moderation policy"


class ModerationStage:
    def __init__(
        self, blobs: BlobStore, text: TextModerator, image: ImageModerator, video: VideoModerator
    ) -> None:
        self._blobs = blobs
        self._text = text
        self._image = image
        self._video = video

    def handle(self, incoming: Incoming) -> list[Outgoing]:
        started = time.perf_counter()
        if incoming.topic == topics.SUBMITTED:
            out = self._check_input(incoming.message)  # type: ignore[arg-type]
        else:
            out = self._check_output(incoming.message)  # type: ignore[arg-type]
        STAGE_DURATION.labels(STAGE).observe(time.perf_counter() - started)
        return out

    def _read(self, uri: str) -> bytes:
        try:
            return self._blobs.get(uri)
        except (BlobNotFound, ValueError) as exc:
            raise PermanentError(f"cannot read {uri}: {exc}") from exc

    def _check_input(self, submitted: ev.JobSubmitted) -> list[Outgoing]:
        spec = submitted.spec
        try:
            verdicts = [
                self._text.check(spec.prompt),
                self._image.check(self._read(spec.photo_uri), checkpoint="photo"),
            ]
        except ModerationInputError as exc:
            raise PermanentError(str(exc)) from exc
        checks = [moderation_to_wire(v.to_dict()) for v in verdicts]
        out = self._audit(spec, checks)
        if all(v.allowed for v in verdicts):
            JOBS.labels(STAGE, "input_approved").inc()
            approved = ev.InputApproved(spec=spec, checks=checks, occurred_at=timestamp())
            out.append(Outgoing(topics.APPROVED, spec.job_id, approved))
        else:
            JOBS.labels(STAGE, "input_rejected").inc()
            reason = rejection_reason(verdicts)
            log.info("input rejected", extra={"reason": reason})
            rejected = ev.JobRejected(
                spec=spec, checks=checks, reason=reason, occurred_at=timestamp()
            )
            out.append(Outgoing(topics.REJECTED, spec.job_id, rejected))
        return out

    def _check_output(self, generated: ev.JobGenerated) -> list[Outgoing]:
        spec = generated.spec
        photo_scores = next(
            (
                {c.category: c.score for c in check.categories}
                for check in generated.input_checks
                if check.checkpoint == "photo"
            ),
            None,
        )
        try:
            verdict = self._video.check(self._read(generated.result.raw_video_uri), photo_scores)
        except ModerationInputError as exc:
            raise PermanentError(str(exc)) from exc
        checks = [moderation_to_wire(verdict.to_dict())]
        out = self._audit(spec, checks)
        if verdict.allowed:
            JOBS.labels(STAGE, "output_approved").inc()
            cleared = ev.OutputCleared(
                spec=spec,
                result=generated.result,
                checks=checks,
                input_checks=generated.input_checks,
                occurred_at=timestamp(),
            )
            out.append(Outgoing(topics.CLEARED, spec.job_id, cleared))
        else:
            JOBS.labels(STAGE, "output_rejected").inc()
            reason = rejection_reason([verdict])
            log.info("result rejected", extra={"reason": reason})
            rejected = ev.JobRejected(
                spec=spec, checks=checks, reason=reason, occurred_at=timestamp()
            )
            out.append(Outgoing(topics.REJECTED, spec.job_id, rejected))
        return out

    @staticmethod
    def _audit(spec: ev.JobSpec, checks: list) -> list[Outgoing]:
        return [
            Outgoing(
                topics.MODERATION_DECISIONS,
                spec.job_id,
                ev.ModerationDecision(
                    job_id=spec.job_id, tenant=spec.tenant, result=check, occurred_at=timestamp()
                ),
            )
            for check in checks
        ]
