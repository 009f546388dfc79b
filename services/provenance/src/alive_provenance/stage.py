"""The provenance stage's handler: a cleared result becomes a published video
with a visible label, an invisible watermark and a signed C2PA manifest.

The watermark's payload is derived from the job id; the registry entry that leads
it back to the job is written before the video is published, so no published video
carries a payload that Verify cannot resolve.

Idempotent: the published video has a key derived from the job id; a
redelivered message finds it and re-announces it instead of publishing a
second video.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from importlib.metadata import version

from alive.events.v1 import events_pb2 as ev
from alive_blobstore import BlobNotFound, BlobStore
from alive_contracts import topics
from alive_contracts.convert import timestamp
from alive_messaging import Incoming, Outgoing, PermanentError
from alive_observability.metrics import JOBS, STAGE_DURATION
from alive_provenance.credentials import SigningCredentials
from alive_provenance.finishing import FinishingError, finish_video
from alive_provenance.label import LabelStyle
from alive_provenance.signing import ManifestInfo, SigningError, sign_video
from alive_provenance.watermark import DEFAULT_KEY, Embedder, Payload, WatermarkRegistry
from alive_provenance.watermark.embed import DEFAULT_STRENGTH

log = logging.getLogger(__name__)

STAGE = "provenance"
PUBLISHED_CONTENT_TYPE = "video/mp4"


def published_key(job_id: str) -> str:
    return f"jobs/{job_id}/story.mp4"


class ProvenanceStage:
    def __init__(
        self,
        blobs: BlobStore,
        credentials: SigningCredentials,
        label: LabelStyle,
        include_prompt: bool = False,
        tsa_url: str | None = None,
        watermark_strength: float = DEFAULT_STRENGTH,
        watermark_key: bytes = DEFAULT_KEY,
    ) -> None:
        self._blobs = blobs
        self._registry = WatermarkRegistry(blobs)
        self._watermark_strength = watermark_strength
        self._watermark_key = watermark_key
        self._credentials = credentials
        self._label = label
        self._include_prompt = include_prompt
        self._tsa_url = tsa_url
        self._generator_version = version("alive-provenance")

    def handle(self, incoming: Incoming) -> list[Outgoing]:
        cleared: ev.OutputCleared = incoming.message  # type: ignore[assignment]
        spec = cleared.spec
        started = time.perf_counter()
        key = published_key(spec.job_id)
        if self._blobs.exists(key):
            log.info("already published; re-announcing")
            JOBS.labels(STAGE, "duplicate").inc()
            uri = self._blobs.uri(key)
            size = self._blobs.size(key)
        else:
            signed = self._publishable(cleared)
            uri = self._blobs.put(key, signed)
            size = len(signed)
            JOBS.labels(STAGE, "published").inc()
            log.info(
                "published",
                extra={"bytes": size, "seconds": round(time.perf_counter() - started, 3)},
            )
        STAGE_DURATION.labels(STAGE).observe(time.perf_counter() - started)
        published = ev.JobPublished(
            spec=spec,
            video_uri=uri,
            video_bytes=size,
            result=cleared.result,
            output_checks=cleared.checks,
            input_checks=cleared.input_checks,
            occurred_at=timestamp(),
        )
        return [Outgoing(topics.PUBLISHED, spec.job_id, published)]

    def _publishable(self, cleared: ev.OutputCleared) -> bytes:
        spec, result = cleared.spec, cleared.result
        try:
            raw = self._blobs.get(result.raw_video_uri)
            photo = self._blobs.get(spec.photo_uri)
        except (BlobNotFound, ValueError) as exc:
            raise PermanentError(f"an input of the job cannot be read: {exc}") from exc
        payload = Payload.for_job(spec.job_id)
        embedder = Embedder(
            payload, self._watermark_strength, keep_clear=self._label, key=self._watermark_key
        )
        try:
            finished = finish_video(raw, self._label, embedder)
        except FinishingError as exc:
            raise PermanentError(f"the generated video cannot be finished: {exc}") from exc
        info = ManifestInfo(
            job_id=spec.job_id,
            title=f"Alive story {spec.job_id}",
            generator_version=self._generator_version,
            model_name=result.model_name or "animate",
            model_version=result.model_version or "unknown",
            prompt=spec.prompt,
            include_prompt=self._include_prompt,
            watermark=payload,
        )
        try:
            self._registry.record(payload, spec.job_id, dt.datetime.now(dt.UTC))
        except ValueError as exc:  # a 48-bit hash collision: refuse rather than mislead
            raise PermanentError(str(exc)) from exc
        try:
            return sign_video(
                finished, photo, spec.photo_content_type, info, self._credentials, self._tsa_url
            )
        except SigningError as exc:
            if exc.retryable:  # e.g. the timestamp authority is down: retry, bounded
                raise
            raise PermanentError(f"the video cannot be signed: {exc}") from exc
