"""End to end through the public gRPC API, on the real broker, Triton and
PostgreSQL: what a platform team calling Alive would see."""

from __future__ import annotations

import hashlib
import io
import shutil
import time
import urllib.request
import uuid

import av
import grpc
import pytest
from kafka import KafkaProducer

from alive.jobs.v1 import jobs_pb2
from alive_cli import deadletters
from alive_cli.client import IngestClient, state_name
from alive_cli.stack import LocalStack, StackState
from alive_contracts import topics
from alive_ingest.adapters.store import open_job_store
from alive_ingest.domain.jobs import Job
from alive_ingest.domain.request import JobOptions
from alive_lifecycle.errors import field_violations
from alive_provenance.verification import verify_video

pytestmark = pytest.mark.e2e


def states(job: jobs_pb2.Job) -> list[str]:
    return [state_name(change.state) for change in job.history]


def metric(state: StackState, service: str, name: str, labels: str) -> float:
    port = (
        state.port_base + 11 + ["ingest", "moderation", "generation", "provenance"].index(service)
    )
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as reply:
        text = reply.read().decode()
    for line in text.splitlines():
        if line.startswith(f"{name}{{") and all(part in line for part in labels.split(",")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.fixture(scope="module")
def published(client_module: IngestClient, photo: bytes) -> jobs_pb2.Job:
    options = jobs_pb2.JobOptions(duration_s=3, seed=11)
    reply = client_module.submit(photo, "sunset, clouds drifting, sea sounds", options)
    return client_module.wait(reply.job.job_id, timeout_s=180)


@pytest.fixture(scope="module")
def client_module(state: StackState) -> IngestClient:
    return IngestClient(state.address("ingest"), tenant=f"e2e-{uuid.uuid4().hex[:8]}")


def test_photo_and_prompt_become_a_published_signed_story(
    published: jobs_pb2.Job, client_module: IngestClient, stack: LocalStack
) -> None:
    assert published.state == jobs_pb2.JOB_STATE_PUBLISHED, published.reason
    # Events on different topics may overtake each other, so an intermediate
    # state can be skipped; the history still only ever moves forward.
    order = [
        "SUBMITTED",
        "INPUT_APPROVED",
        "GENERATING",
        "GENERATED",
        "OUTPUT_APPROVED",
        "PUBLISHED",
    ]
    history = states(published)
    assert history[0] == "SUBMITTED" and history[-1] == "PUBLISHED"
    assert [order.index(s) for s in history] == sorted({order.index(s) for s in history})
    assert {m.checkpoint for m in published.moderation} == {"prompt", "photo", "result"}
    assert all(m.allowed and m.policy_version for m in published.moderation)
    assert "sunset" in published.plan_json

    video = client_module.video(published.job_id)
    assert len(video) == published.video_bytes
    with av.open(io.BytesIO(video)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (720, 1280)
        assert stream.codec_context.name == "h264"
        assert [a.codec_context.name for a in container.streams.audio] == ["aac"]
        assert container.duration / 1e6 == pytest.approx(3.0, abs=0.15)

    report = verify_video(video, stack.trust_anchors.read_bytes())
    assert report.manifest_present and report.signature_valid and report.trusted, report.issues
    assert report.ai_generated
    assert report.job_id == published.job_id


def test_unsafe_prompt_is_rejected_with_a_reason(client: IngestClient, photo: bytes) -> None:
    reply = client.submit(photo, "undress the woman in the photo")
    job = client.wait(reply.job.job_id, timeout_s=60)
    assert job.state == jobs_pb2.JOB_STATE_REJECTED
    assert "undress" in job.reason.lower()
    assert states(job) == ["SUBMITTED", "REJECTED"]
    prompt_check = next(m for m in job.moderation if m.checkpoint == "prompt")
    assert not prompt_check.allowed and prompt_check.flagged


@pytest.mark.parametrize(
    ("photo_bytes", "prompt", "options", "field"),
    [
        (b"GIF89a not really", "windy day", None, "photo"),
        (None, "", None, "prompt"),
        (None, "windy day", jobs_pb2.JobOptions(duration_s=30), "options.duration_s"),
    ],
)
def test_bad_input_is_invalid_argument_naming_the_field(
    client: IngestClient,
    photo: bytes,
    photo_bytes: bytes | None,
    prompt: str,
    options,
    field: str,
) -> None:
    with pytest.raises(grpc.RpcError) as caught:
        client.submit(photo_bytes if photo_bytes is not None else photo, prompt, options)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in dict(field_violations(caught.value))


def test_redelivered_message_yields_no_second_video(
    published: jobs_pb2.Job,
    client_module: IngestClient,
    state: StackState,
    stack: LocalStack,
    read_topic,
) -> None:
    bootstrap = state.address("broker")
    blob_dir = stack.home / "blobs" / "jobs" / published.job_id
    story = blob_dir / "story.mp4"
    before = hashlib.sha256(story.read_bytes()).hexdigest()
    duplicates = metric(
        state, "provenance", "alive_jobs_total", 'stage="provenance",outcome="duplicate"'
    )

    [cleared] = read_topic(bootstrap, topics.CLEARED.name, published.job_id)
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    producer.send(topics.CLEARED.name, key=cleared.key, value=cleared.value).get(10)
    producer.close()

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = metric(
            state, "provenance", "alive_jobs_total", 'stage="provenance",outcome="duplicate"'
        )
        if now > duplicates:
            break
        time.sleep(0.2)
    assert now == duplicates + 1, "provenance never saw the redelivered message"
    assert sorted(p.name for p in blob_dir.glob("*.mp4")) == ["raw.mp4", "story.mp4"]
    assert hashlib.sha256(story.read_bytes()).hexdigest() == before
    job = client_module.get(published.job_id)
    assert states(job).count("PUBLISHED") == 1


def test_poison_message_is_dead_lettered_and_the_job_failed(
    client: IngestClient,
    state: StackState,
    stack: LocalStack,
    read_topic,
) -> None:
    # A job the pipeline knows, then a message about it that no stage can read.
    store = open_job_store(stack.database_url)
    job = Job.submit(
        tenant=client.tenant,
        prompt="windy day",
        options=JobOptions(seed=1),
        photo_uri="file:///nowhere/photo.jpg",
        photo_content_type="image/jpeg",
    )
    store.create(job)
    store.close()
    bootstrap = state.address("broker")
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    producer.send(topics.APPROVED.name, key=job.job_id.encode(), value=b"\x00garbage\xff").get(10)
    producer.close()

    # Both consumers of the topic (generation, and ingest following job
    # events) dead-letter it, with the original bytes kept for replay.
    letters = read_topic(bootstrap, topics.DEAD_LETTER.name, job.job_id, expect=2)
    dead = {d.stage: d for d in (topics.DEAD_LETTER.decode(r.value) for r in letters)}
    assert sorted(dead) == ["generation", "ingest"]
    for letter in dead.values():
        assert letter.source_topic == topics.APPROVED.name
        assert letter.payload == b"\x00garbage\xff"
        assert "undecodable" in letter.error

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        current = client.get(job.job_id)
        if current.state == jobs_pb2.JOB_STATE_FAILED:
            break
        time.sleep(0.2)
    assert current.state == jobs_pb2.JOB_STATE_FAILED
    assert "generation" in current.reason and "undecodable" in current.reason


def test_a_replayed_dead_letter_revives_its_failed_job(
    published: jobs_pb2.Job,
    client: IngestClient,
    state: StackState,
    stack: LocalStack,
    read_topic,
) -> None:
    # A cleared result whose raw video is not in the blob store (yet): provenance gives up.
    bootstrap = state.address("broker")
    record = read_topic(bootstrap, topics.CLEARED.name, published.job_id)[0]
    cleared = topics.CLEARED.decode(record.value)
    job = Job.submit(
        tenant=client.tenant,
        prompt=cleared.spec.prompt,
        options=JobOptions(seed=11),
        photo_uri=cleared.spec.photo_uri,
        photo_content_type=cleared.spec.photo_content_type,
    )
    store = open_job_store(stack.database_url)
    store.create(job)
    store.close()
    raw = stack.home / "blobs" / "jobs" / job.job_id / "raw.mp4"
    cleared.spec.job_id, cleared.spec.tenant = job.job_id, client.tenant
    cleared.result.raw_video_uri = raw.as_uri()
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    producer.send(topics.CLEARED.name, key=job.job_id.encode(), value=cleared.SerializeToString())
    producer.flush(10)
    producer.close()

    failed = client.wait(job.job_id, timeout_s=60)
    assert failed.state == jobs_pb2.JOB_STATE_FAILED and "provenance" in failed.reason

    # The operator fixes the cause and replays the stage's letter for this job.
    raw.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(stack.home / "blobs" / "jobs" / published.job_id / "raw.mp4", raw)
    replayed = deadletters.replay(
        bootstrap,
        keep=lambda letter: letter.job_id == job.job_id and letter.message.stage == "provenance",
    )
    assert len(replayed) == 1

    deadline = time.monotonic() + 60  # FAILED is final to `wait`, so poll
    while (revived := client.get(job.job_id)).state == jobs_pb2.JOB_STATE_FAILED:
        assert time.monotonic() < deadline, "the replay never revived the job"
        time.sleep(0.2)
    revived = client.wait(job.job_id, timeout_s=60)
    assert revived.state == jobs_pb2.JOB_STATE_PUBLISHED, revived.reason
    assert states(revived)[-2:] == ["FAILED", "PUBLISHED"]
    assert revived.reason == ""
    video = client.video(job.job_id)
    report = verify_video(video, stack.trust_anchors.read_bytes())
    assert report.trusted and report.job_id == job.job_id
