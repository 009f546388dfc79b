"""The public IngestService over a real gRPC channel, with a real SQLite store
and blob directory; only the Kafka publisher is a recording fake."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent import futures
from pathlib import Path

import grpc
import pytest

from alive.ingest.v1 import ingest_pb2, ingest_pb2_grpc
from alive.jobs.v1 import jobs_pb2
from alive_blobstore import LocalBlobStore
from alive_contracts import topics
from alive_ingest.adapters.store import open_job_store
from alive_ingest.api import TENANT_HEADER, IngestServicer
from alive_ingest.domain.jobs import JobState
from alive_lifecycle.errors import field_violations
from alive_messaging import Outgoing

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "photos" / "pet-cat.jpg"


class RecordingPublisher:
    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    def publish(self, messages: Sequence[Outgoing]) -> None:
        self.sent.extend(messages)


class Api:
    def __init__(self, tmp: Path) -> None:
        self.store = open_job_store(f"sqlite:///{tmp / 'jobs.db'}")
        self.blobs = LocalBlobStore(tmp / "blobs")
        self.publisher = RecordingPublisher()
        self.server = grpc.server(futures.ThreadPoolExecutor(4))
        servicer = IngestServicer(self.store, self.blobs, self.publisher, watch_poll_s=0.02)  # type: ignore[arg-type]
        ingest_pb2_grpc.add_IngestServiceServicer_to_server(servicer, self.server)
        port = self.server.add_insecure_port("127.0.0.1:0")
        self.server.start()
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = ingest_pb2_grpc.IngestServiceStub(self.channel)

    def call(self, method: str, request: object, tenant: str = "acme"):
        return getattr(self.stub, method)(request, metadata=((TENANT_HEADER, tenant),), timeout=10)

    def submit(self, tenant: str = "acme", **fields: object) -> ingest_pb2.SubmitJobResponse:
        fields.setdefault("photo", SAMPLE.read_bytes())
        fields.setdefault("prompt", "make it a windy day")
        return self.call("SubmitJob", ingest_pb2.SubmitJobRequest(**fields), tenant)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    api = Api(tmp_path)
    yield api
    api.channel.close()
    api.server.stop(0)
    api.store.close()


def test_submit_stores_a_clean_photo_and_announces_the_job(api: Api) -> None:
    reply = api.submit(options=jobs_pb2.JobOptions(duration_s=3, aspect=jobs_pb2.ASPECT_1_1))
    job = reply.job
    assert reply.created and job.state == jobs_pb2.JOB_STATE_SUBMITTED
    assert job.options.duration_s == 3 and job.options.aspect == jobs_pb2.ASPECT_1_1
    assert job.options.fps == 24 and job.options.sound  # defaults resolved
    [announced] = api.publisher.sent
    assert announced.topic == topics.SUBMITTED and announced.key == job.job_id
    spec = announced.message.spec
    assert spec.prompt == "make it a windy day" and spec.options.seed == job.options.seed
    assert api.blobs.get(spec.photo_uri)[:3] == b"\xff\xd8\xff"  # a JPEG, re-encoded


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"photo": b"not an image at all"}, "photo", "not"),
        ({"photo": b""}, "photo", "empty"),
        ({"prompt": "   "}, "prompt", "empty"),
        ({"prompt": "sunset\x07"}, "prompt", "control"),
        ({"options": jobs_pb2.JobOptions(duration_s=11)}, "options.duration_s", "between"),
        ({"options": jobs_pb2.JobOptions(fps=25)}, "options.fps", "24"),
        ({"options": jobs_pb2.JobOptions(aspect=9)}, "options.aspect", "9:16"),
        ({"idempotency_key": "k" * 200}, "idempotency_key", "128"),
    ],
)
def test_bad_input_is_invalid_argument_naming_the_field(
    api: Api, fields: dict, field: str, words: str
) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        api.submit(**fields)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    violations = dict(field_violations(caught.value))
    assert field in violations, violations
    assert words in violations[field].lower()
    assert not api.publisher.sent


def test_all_violations_are_reported_at_once(api: Api) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        api.submit(photo=b"junk", prompt="", options=jobs_pb2.JobOptions(duration_s=1))
    fields = {f for f, _ in field_violations(caught.value)}
    assert fields == {"photo", "prompt", "options.duration_s"}


def test_missing_tenant_is_refused(api: Api) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        api.stub.GetJob(ingest_pb2.GetJobRequest(job_id="x"), timeout=5)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert TENANT_HEADER in caught.value.details()


def test_idempotency_key_returns_the_first_job(api: Api) -> None:
    first = api.submit(idempotency_key="upload-42")
    again = api.submit(idempotency_key="upload-42", prompt="something else")
    assert not again.created and again.job.job_id == first.job.job_id
    assert again.job.prompt == "make it a windy day"
    other_tenant = api.submit(tenant="globex", idempotency_key="upload-42")
    assert other_tenant.created and other_tenant.job.job_id != first.job.job_id


def test_a_tenant_sees_only_its_own_jobs(api: Api) -> None:
    mine = api.submit().job
    api.submit(tenant="globex")
    with pytest.raises(grpc.RpcError) as caught:
        api.call("GetJob", ingest_pb2.GetJobRequest(job_id=mine.job_id), tenant="globex")
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    listed = api.call("ListJobs", ingest_pb2.ListJobsRequest())
    assert [j.job_id for j in listed.jobs] == [mine.job_id]


def test_list_pages_through_every_job_once(api: Api) -> None:
    ids = {api.submit(photo=SAMPLE.read_bytes()).job.job_id for _ in range(5)}
    seen: list[str] = []
    token = ""
    while True:
        page = api.call("ListJobs", ingest_pb2.ListJobsRequest(page_size=2, page_token=token))
        assert len(page.jobs) <= 2
        seen += [j.job_id for j in page.jobs]
        token = page.next_page_token
        if not token:
            break
    assert sorted(seen) == sorted(ids)
    with pytest.raises(grpc.RpcError) as caught:
        api.call("ListJobs", ingest_pb2.ListJobsRequest(page_token="garbage"))
    assert "page_token" in dict(field_violations(caught.value))


def test_watch_streams_history_then_changes_until_final(api: Api) -> None:
    job = api.submit().job
    api.store.apply(job.job_id, JobState.INPUT_APPROVED)
    stream = api.call("WatchJob", ingest_pb2.WatchJobRequest(job_id=job.job_id))
    first, second = next(stream), next(stream)
    assert [first.change.state, second.change.state] == [
        jobs_pb2.JOB_STATE_SUBMITTED,
        jobs_pb2.JOB_STATE_INPUT_APPROVED,
    ]
    api.store.apply(job.job_id, JobState.REJECTED, "prompt asks for violence")
    last = next(stream)
    assert last.change.state == jobs_pb2.JOB_STATE_REJECTED
    assert last.change.reason == "prompt asks for violence"
    assert list(stream) == []  # the stream ends after a final state


def test_cancel_and_video_preconditions(api: Api) -> None:
    job = api.submit().job
    with pytest.raises(grpc.RpcError) as caught:
        list(api.call("GetVideo", ingest_pb2.GetVideoRequest(job_id=job.job_id)))
    assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    cancelled = api.call("CancelJob", ingest_pb2.CancelJobRequest(job_id=job.job_id))
    assert cancelled.state == jobs_pb2.JOB_STATE_CANCELLED
    with pytest.raises(grpc.RpcError) as caught:
        api.call("CancelJob", ingest_pb2.CancelJobRequest(job_id=job.job_id))
    assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "CANCELLED" in caught.value.details()


def test_published_video_is_streamed_in_chunks(api: Api) -> None:
    job = api.submit().job
    video = bytes(range(256)) * 10_000  # 2.5 MB: three chunks
    uri = api.blobs.put(f"jobs/{job.job_id}/story.mp4", video)
    api.store.apply(
        job.job_id, JobState.PUBLISHED, details={"video_uri": uri, "video_bytes": len(video)}
    )
    chunks = list(api.call("GetVideo", ingest_pb2.GetVideoRequest(job_id=job.job_id)))
    assert len(chunks) == 3
    assert chunks[0].content_type == "video/mp4" and chunks[0].total_bytes == len(video)
    assert b"".join(c.data for c in chunks) == video
