"""The generation stage's handler: one approved job in, one raw video out.

Idempotent: the raw video and plan live at keys derived from the job id, so a
redelivered message finds them and re-announces the result instead of
rendering a second video.
"""

from __future__ import annotations

import json
import logging
import time

from alive.events.v1 import events_pb2 as ev
from alive_blobstore import BlobNotFound, BlobStore
from alive_contracts import topics
from alive_contracts.convert import render_params, timestamp
from alive_generation.animator import AnimationRejected, Animator
from alive_messaging import Incoming, Outgoing, PermanentError, Publisher
from alive_observability.metrics import JOBS, STAGE_DURATION

log = logging.getLogger(__name__)

STAGE = "generation"


def raw_video_key(job_id: str) -> str:
    return f"jobs/{job_id}/raw.mp4"


def plan_key(job_id: str) -> str:
    return f"jobs/{job_id}/plan.json"


class GenerationStage:
    def __init__(self, blobs: BlobStore, animator: Animator, events: Publisher) -> None:
        self._blobs = blobs
        self._animator = animator
        self._events = events

    def handle(self, incoming: Incoming) -> list[Outgoing]:
        approved: ev.InputApproved = incoming.message  # type: ignore[assignment]
        spec = approved.spec
        started = time.perf_counter()
        result = self._existing(spec.job_id)
        if result is None:
            result = self._generate(spec)
            JOBS.labels(STAGE, "generated").inc()
        else:
            log.info("result already stored; re-announcing it")
            JOBS.labels(STAGE, "duplicate").inc()
        generated = ev.JobGenerated(
            spec=spec, result=result, input_checks=approved.checks, occurred_at=timestamp()
        )
        STAGE_DURATION.labels(STAGE).observe(time.perf_counter() - started)
        return [Outgoing(topics.GENERATED, spec.job_id, generated)]

    def _existing(self, job_id: str) -> ev.GeneratedVideo | None:
        if not (self._blobs.exists(raw_video_key(job_id)) and self._blobs.exists(plan_key(job_id))):
            return None
        stored = json.loads(self._blobs.get(self._blobs.uri(plan_key(job_id))))
        return ev.GeneratedVideo(
            raw_video_uri=self._blobs.uri(raw_video_key(job_id)),
            plan_json=json.dumps(stored["plan"]),
            model_name=stored["model_name"],
            model_version=stored["model_version"],
        )

    def _generate(self, spec: ev.JobSpec) -> ev.GeneratedVideo:
        try:
            photo = self._blobs.get(spec.photo_uri)
        except (BlobNotFound, ValueError) as exc:
            raise PermanentError(f"the job's photo cannot be read: {exc}") from exc
        # Announce the state first, so watchers see GENERATING while it renders.
        started = ev.GenerationStarted(spec=spec, occurred_at=timestamp())
        self._events.publish([Outgoing(topics.GENERATING, spec.job_id, started)])
        began = time.perf_counter()
        try:
            animation = self._animator.animate(photo, spec.prompt, render_params(spec.options))
        except AnimationRejected as exc:
            raise PermanentError(f"the model refused the job: {exc}") from exc
        log.info(
            "rendered",
            extra={"seconds": round(time.perf_counter() - began, 3), "bytes": len(animation.video)},
        )
        # Plan last: its presence marks the result complete for redeliveries.
        video_uri = self._blobs.put(raw_video_key(spec.job_id), animation.video)
        record = {
            "plan": animation.plan,
            "model_name": animation.model_name,
            "model_version": animation.model_version,
        }
        self._blobs.put(plan_key(spec.job_id), json.dumps(record).encode())
        return ev.GeneratedVideo(
            raw_video_uri=video_uri,
            plan_json=json.dumps(animation.plan),
            model_name=animation.model_name,
            model_version=animation.model_version,
        )
