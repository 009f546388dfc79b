"""The public ``IngestService`` gRPC API: translates calls into domain
operations and domain errors into gRPC status codes."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator

import grpc

from alive.ingest.v1 import ingest_pb2, ingest_pb2_grpc
from alive.jobs.v1 import jobs_pb2
from alive_blobstore import BlobNotFound, BlobStore
from alive_contracts import topics
from alive_contracts.convert import timestamp
from alive_ingest.adapters.store import JobStore
from alive_ingest.domain.errors import InvalidInput
from alive_ingest.domain.jobs import Job, JobState
from alive_ingest.domain.paging import validate_page_size
from alive_ingest.domain.photo import PhotoLimits
from alive_ingest.domain.request import validate_submission
from alive_ingest.wire import (
    STATE_FROM_WIRE,
    change_to_wire,
    job_to_wire,
    options_from_wire,
    spec_for,
)
from alive_lifecycle.errors import abort_invalid
from alive_messaging import Outgoing, Publisher
from alive_observability.logs import job_context
from alive_observability.metrics import JOBS

log = logging.getLogger(__name__)

TENANT_HEADER = "x-alive-tenant"
VIDEO_CHUNK_BYTES = 1024 * 1024
# A job id derived from (tenant, idempotency key): a repeated submission maps
# to the same job and the same photo blob, never to a second one.
_IDEMPOTENCY_NAMESPACE = uuid.UUID("5f0b7c8e-3c1e-4a59-9b57-8d1f0a6a2c11")


def photo_key(job_id: str) -> str:
    return f"jobs/{job_id}/photo.jpg"


class IngestServicer(ingest_pb2_grpc.IngestServiceServicer):
    def __init__(
        self,
        store: JobStore,
        blobs: BlobStore,
        publisher: Publisher,
        limits: PhotoLimits | None = None,
        watch_poll_s: float = 0.1,
    ) -> None:
        self._store = store
        self._blobs = blobs
        self._publisher = publisher
        self._limits = limits or PhotoLimits()
        self._watch_poll_s = watch_poll_s

    # -- helpers -----------------------------------------------------------
    @staticmethod
    def _tenant(context: grpc.ServicerContext) -> str:
        for key, value in context.invocation_metadata():
            if key == TENANT_HEADER and value.strip():
                return str(value).strip()
        context.abort(
            grpc.StatusCode.UNAUTHENTICATED,
            f"call metadata {TENANT_HEADER!r} is required: it names the tenant the job belongs to",
        )
        raise AssertionError("unreachable")

    def _job(self, context: grpc.ServicerContext, job_id: str) -> Job:
        if not job_id:
            abort_invalid(context, [("job_id", "is required")])
        job = self._store.get(self._tenant(context), job_id)
        if job is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"no job {job_id!r} for this tenant")
        return job  # type: ignore[return-value]

    def _announce(self, job: Job) -> None:
        submitted = topics.SUBMITTED.payload(
            spec=spec_for(job), occurred_at=timestamp(job.created_at)
        )
        self._publisher.publish([Outgoing(topics.SUBMITTED, job.job_id, submitted)])

    # -- API ---------------------------------------------------------------
    def SubmitJob(self, request: ingest_pb2.SubmitJobRequest, context: grpc.ServicerContext):
        tenant = self._tenant(context)
        try:
            valid = validate_submission(
                request.photo,
                request.prompt,
                idempotency_key=request.idempotency_key,
                limits=self._limits,
                **options_from_wire(request.options),
            )
        except InvalidInput as exc:
            JOBS.labels("ingest", "invalid").inc()
            abort_invalid(context, [(v.field, v.description) for v in exc.violations])

        key = valid.idempotency_key
        if key:
            earlier = self._store.find_by_idempotency_key(tenant, key)
            if earlier is not None:
                return self._repeat(earlier)
            job_id = str(uuid.uuid5(_IDEMPOTENCY_NAMESPACE, f"{tenant}\x00{key}"))
        else:
            job_id = str(uuid.uuid4())
        with job_context(job_id):
            photo_uri = self._blobs.put(photo_key(job_id), valid.photo.data)
            job = Job.submit(
                job_id=job_id,
                tenant=tenant,
                prompt=valid.prompt,
                options=valid.options.with_seed(),
                photo_uri=photo_uri,
                photo_content_type=valid.photo.content_type,
                idempotency_key=key,
            )
            job, created = self._store.create(job)
            if not created:
                return self._repeat(job)
            self._announce(job)
            JOBS.labels("ingest", "submitted").inc()
            log.info("job submitted", extra={"tenant": tenant, "bytes": len(valid.photo.data)})
        return ingest_pb2.SubmitJobResponse(job=job_to_wire(job), created=True)

    def _repeat(self, job: Job) -> ingest_pb2.SubmitJobResponse:
        # The first call may have died between storing and announcing the job;
        # announcing again is harmless (every stage is idempotent).
        if job.state == JobState.SUBMITTED:
            self._announce(job)
        return ingest_pb2.SubmitJobResponse(job=job_to_wire(job), created=False)

    def GetJob(self, request: ingest_pb2.GetJobRequest, context: grpc.ServicerContext):
        job = self._job(context, request.job_id)
        return job_to_wire(job, self._store.history(job.tenant, job.job_id))

    def WatchJob(
        self, request: ingest_pb2.WatchJobRequest, context: grpc.ServicerContext
    ) -> Iterator[ingest_pb2.JobUpdate]:
        job = self._job(context, request.job_id)
        sent = 0
        while context.is_active():
            history = self._store.history(job.tenant, job.job_id)
            if len(history) > sent:
                job = self._store.get(job.tenant, job.job_id) or job
                for entry in history[sent:]:
                    yield ingest_pb2.JobUpdate(change=change_to_wire(entry), job=job_to_wire(job))
                sent = len(history)
            if job.state.is_final:
                return
            time.sleep(self._watch_poll_s)

    def CancelJob(self, request: ingest_pb2.CancelJobRequest, context: grpc.ServicerContext):
        job = self._job(context, request.job_id)
        cancelled = self._store.apply(job.job_id, JobState.CANCELLED, "cancelled by the client")
        if cancelled is None:
            current = self._store.get(job.tenant, job.job_id) or job
            context.abort(
                grpc.StatusCode.FAILED_PRECONDITION,
                f"job {job.job_id} is already {current.state.value} and can no longer be cancelled",
            )
        JOBS.labels("ingest", "cancelled").inc()
        return job_to_wire(cancelled, self._store.history(job.tenant, job.job_id))  # type: ignore[arg-type]

    def ListJobs(self, request: ingest_pb2.ListJobsRequest, context: grpc.ServicerContext):
        tenant = self._tenant(context)
        state = None
        if request.state != jobs_pb2.JOB_STATE_UNSPECIFIED:
            state = STATE_FROM_WIRE.get(request.state)
            if state is None:
                abort_invalid(context, [("state", f"unknown job state {request.state}")])
        try:
            size = validate_page_size(request.page_size)
            jobs, token = self._store.list(tenant, size, request.page_token or None, state)
        except InvalidInput as exc:
            abort_invalid(context, [(v.field, v.description) for v in exc.violations])
        return ingest_pb2.ListJobsResponse(
            jobs=[job_to_wire(j) for j in jobs], next_page_token=token or ""
        )

    def GetVideo(
        self, request: ingest_pb2.GetVideoRequest, context: grpc.ServicerContext
    ) -> Iterator[ingest_pb2.VideoChunk]:
        job = self._job(context, request.job_id)
        if job.state != JobState.PUBLISHED:
            context.abort(
                grpc.StatusCode.FAILED_PRECONDITION,
                f"job {job.job_id} is {job.state.value}; its video is available once PUBLISHED",
            )
        try:
            data = self._blobs.get(job.details["video_uri"])
        except (KeyError, BlobNotFound):
            log.exception("published video missing")
            context.abort(grpc.StatusCode.DATA_LOSS, f"the video of job {job.job_id} is missing")
        for start in range(0, len(data), VIDEO_CHUNK_BYTES):
            chunk = ingest_pb2.VideoChunk(data=data[start : start + VIDEO_CHUNK_BYTES])
            if start == 0:
                chunk.content_type = "video/mp4"
                chunk.total_bytes = len(data)
            yield chunk
