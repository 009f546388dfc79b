"""A small client of the public IngestService, as the CLI and tests use it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import grpc

from alive.ingest.v1 import ingest_pb2, ingest_pb2_grpc
from alive.jobs.v1 import jobs_pb2
from alive_lifecycle import GRPC_MAX_MESSAGE_BYTES

TENANT_HEADER = "x-alive-tenant"

FINAL = {
    jobs_pb2.JOB_STATE_PUBLISHED,
    jobs_pb2.JOB_STATE_REJECTED,
    jobs_pb2.JOB_STATE_FAILED,
    jobs_pb2.JOB_STATE_CANCELLED,
}


def state_name(state: int) -> str:
    return jobs_pb2.JobState.Name(state).removeprefix("JOB_STATE_")


@dataclass
class IngestClient:
    address: str
    tenant: str = "local"

    def __post_init__(self) -> None:
        self._channel = grpc.insecure_channel(
            self.address,
            options=[
                ("grpc.max_send_message_length", GRPC_MAX_MESSAGE_BYTES),
                ("grpc.max_receive_message_length", GRPC_MAX_MESSAGE_BYTES),
            ],
        )
        self.stub = ingest_pb2_grpc.IngestServiceStub(self._channel)
        self.metadata = ((TENANT_HEADER, self.tenant),)

    def submit(
        self,
        photo: bytes,
        prompt: str,
        options: jobs_pb2.JobOptions | None = None,
        idempotency_key: str = "",
        timeout_s: float = 30,
    ) -> ingest_pb2.SubmitJobResponse:
        request = ingest_pb2.SubmitJobRequest(
            photo=photo, prompt=prompt, options=options, idempotency_key=idempotency_key
        )
        return self.stub.SubmitJob(request, metadata=self.metadata, timeout=timeout_s)

    def get(self, job_id: str) -> jobs_pb2.Job:
        return self.stub.GetJob(
            ingest_pb2.GetJobRequest(job_id=job_id), metadata=self.metadata, timeout=10
        )

    def watch(self, job_id: str, timeout_s: float = 300) -> Iterator[ingest_pb2.JobUpdate]:
        yield from self.stub.WatchJob(
            ingest_pb2.WatchJobRequest(job_id=job_id), metadata=self.metadata, timeout=timeout_s
        )

    def wait(self, job_id: str, timeout_s: float = 300) -> jobs_pb2.Job:
        """Block until the job reaches a final state; returns it with its history."""
        for update in self.watch(job_id, timeout_s):
            if update.job.state in FINAL:
                break
        return self.get(job_id)

    def video(self, job_id: str, timeout_s: float = 60) -> bytes:
        chunks = self.stub.GetVideo(
            ingest_pb2.GetVideoRequest(job_id=job_id), metadata=self.metadata, timeout=timeout_s
        )
        return b"".join(chunk.data for chunk in chunks)

    def close(self) -> None:
        self._channel.close()
