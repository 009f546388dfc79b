"""The job store: one suite run against SQLite (temp file) and PostgreSQL (unique schema)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from alive_ingest.adapters.store import (
    JobStore,
    PostgresJobStore,
    SqliteJobStore,
    open_job_store,
)
from alive_ingest.domain.errors import InvalidInput
from alive_ingest.domain.jobs import Job, JobState
from alive_ingest.domain.request import JobOptions

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def postgres_unreachable() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=2) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure means "skip"
        return f"PostgreSQL at {PG_URL} is unreachable: {exc}"
    return None


@pytest.fixture(scope="module")
def pg_skip_reason() -> str | None:
    return postgres_unreachable()


@pytest.fixture(params=["sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, pg_skip_reason: str | None
) -> Iterator[JobStore]:
    if request.param == "sqlite":
        sqlite = SqliteJobStore(tmp_path / "jobs.db")
        yield sqlite
        sqlite.close()
        return
    if pg_skip_reason:
        pytest.skip(pg_skip_reason)
    schema = f"ingest_test_{uuid.uuid4().hex[:12]}"
    postgres = PostgresJobStore(PG_URL, schema=schema)
    try:
        yield postgres
    finally:
        postgres.close()
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def tenant() -> str:
    return f"tenant-{uuid.uuid4().hex[:8]}"


def make_job(tenant: str, at: datetime = T0, key: str | None = None, **changes: Any) -> Job:
    job = Job.submit(
        tenant=tenant,
        prompt="make it a windy day",
        options=JobOptions(duration_s=4.5, aspect="1:1", fps=30, seed=1234, sound=False),
        photo_uri=f"file:///blobs/{uuid.uuid4()}/photo.jpg",
        photo_content_type="image/jpeg",
        idempotency_key=key,
        at=at,
    )
    return Job(**{**{f: getattr(job, f) for f in job.__dataclass_fields__}, **changes})


def run_together(count: int, action: Callable[[int], Any]) -> list[Any]:
    """Run ``action(i)`` in ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        barrier.wait()
        try:
            results[index] = action(index)
        except BaseException as exc:  # re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if errors:
        raise errors[0]
    return results


def test_created_job_reads_back_unchanged(store: JobStore, tenant: str) -> None:
    job = make_job(tenant, details={"source": {"width": 640}})
    stored, created = store.create(job)

    assert created
    assert stored == job
    assert store.get(tenant, job.job_id) == job
    assert store.get_any(job.job_id) == job


def test_same_idempotency_key_returns_the_first_job(store: JobStore, tenant: str) -> None:
    first, created_first = store.create(make_job(tenant, key="req-1"))
    again, created_again = store.create(make_job(tenant, key="req-1", prompt="other"))

    assert created_first and not created_again
    assert again == first
    assert store.find_by_idempotency_key(tenant, "req-1") == first
    jobs, _ = store.list(tenant)
    assert [j.job_id for j in jobs] == [first.job_id]


def test_idempotency_keys_are_per_tenant_and_optional(store: JobStore, tenant: str) -> None:
    _, mine = store.create(make_job(tenant, key="shared"))
    _, theirs = store.create(make_job(tenant + "-other", key="shared"))
    _, no_key_1 = store.create(make_job(tenant))
    _, no_key_2 = store.create(make_job(tenant))
    assert mine and theirs and no_key_1 and no_key_2


def test_concurrent_creates_with_one_key_make_one_job(store: JobStore, tenant: str) -> None:
    results = run_together(6, lambda _: store.create(make_job(tenant, key="race")))

    assert sum(created for _, created in results) == 1
    assert len({job.job_id for job, _ in results}) == 1


def test_other_tenants_cannot_see_a_job(store: JobStore, tenant: str) -> None:
    job, _ = store.create(make_job(tenant))
    intruder = tenant + "-intruder"

    assert store.get(intruder, job.job_id) is None
    assert store.history(intruder, job.job_id) == []
    assert store.list(intruder) == ([], None)
    assert store.get_any(job.job_id) == job


def test_unknown_job_is_none(store: JobStore, tenant: str) -> None:
    assert store.get(tenant, "no-such-job") is None
    assert store.get_any("no-such-job") is None
    assert store.apply("no-such-job", JobState.FAILED) is None


def test_pagination_walks_every_job_newest_first(store: JobStore, tenant: str) -> None:
    # Two jobs share a creation time, so the job id must break the tie.
    times = [T0 + timedelta(seconds=s) for s in (0, 1, 2, 2, 3, 4, 5)]
    jobs = [store.create(make_job(tenant, at=at))[0] for at in times]
    expected = sorted(jobs, key=lambda j: (j.created_at, j.job_id), reverse=True)

    seen: list[Job] = []
    page_sizes = []
    token: str | None = None
    while True:
        page, token = store.list(tenant, page_size=3, page_token=token)
        seen += page
        page_sizes.append(len(page))
        if token is None:
            break
        if len(page_sizes) == 1:  # a job arriving mid-walk must not shift the pages
            store.create(make_job(tenant, at=T0 + timedelta(hours=1)))

    assert page_sizes == [3, 3, 1]
    assert [j.job_id for j in seen] == [j.job_id for j in expected]


def test_state_filter_lists_only_that_state(store: JobStore, tenant: str) -> None:
    jobs = [store.create(make_job(tenant, at=T0 + timedelta(seconds=i)))[0] for i in range(5)]
    for job in jobs[:3]:
        store.apply(job.job_id, JobState.FAILED, "boom", at=T0 + timedelta(minutes=1))

    first, token = store.list(tenant, page_size=2, state=JobState.FAILED)
    rest, end = store.list(tenant, page_size=2, page_token=token, state=JobState.FAILED)
    assert end is None
    assert [j.job_id for j in first + rest] == [j.job_id for j in reversed(jobs[:3])]
    assert all(j.state is JobState.FAILED for j in first + rest)

    with pytest.raises(InvalidInput) as caught:
        store.list(tenant, page_size=2, page_token=token)  # token from a filtered listing
    assert caught.value.fields == ["page_token"]


@pytest.mark.parametrize("token", ["garbage", "eyJhIjogMX0", "!!!"])
def test_bad_page_token_is_invalid_input(store: JobStore, tenant: str, token: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        store.list(tenant, page_token=token)
    assert caught.value.fields == ["page_token"]


def test_page_size_follows_the_usual_rules(store: JobStore, tenant: str) -> None:
    for i in range(3):
        store.create(make_job(tenant, at=T0 + timedelta(seconds=i)))
    assert len(store.list(tenant, page_size=0)[0]) == 3  # 0 means the default
    with pytest.raises(InvalidInput) as caught:
        store.list(tenant, page_size=-1)
    assert caught.value.fields == ["page_size"]


def test_apply_moves_forward_and_merges_details(store: JobStore, tenant: str) -> None:
    job, _ = store.create(make_job(tenant))
    at = T0 + timedelta(seconds=5)

    approved = store.apply(
        job.job_id, JobState.INPUT_APPROVED, "clean", {"moderation": {"nsfw": 0.01}}, at
    )
    generated = store.apply(job.job_id, JobState.GENERATED, "", {"video_uri": "file:///v.mp4"}, at)

    assert approved is not None and approved.state is JobState.INPUT_APPROVED
    assert generated is not None and generated.state is JobState.GENERATED
    assert generated.details == {"moderation": {"nsfw": 0.01}, "video_uri": "file:///v.mp4"}
    assert store.get(tenant, job.job_id) == generated
    assert generated.updated_at == at


def test_repeated_stale_and_late_events_are_ignored(store: JobStore, tenant: str) -> None:
    job, _ = store.create(make_job(tenant))
    store.apply(job.job_id, JobState.GENERATED)

    assert store.apply(job.job_id, JobState.GENERATED) is None  # repeat
    assert store.apply(job.job_id, JobState.GENERATING) is None  # stale
    assert store.apply(job.job_id, JobState.CANCELLED, "user") is not None
    assert store.apply(job.job_id, JobState.PUBLISHED) is None  # after a final state
    stored = store.get(tenant, job.job_id)
    assert stored is not None and stored.state is JobState.CANCELLED
    assert stored.reason == "user"


def test_late_events_fill_in_details_but_never_overwrite(store: JobStore, tenant: str) -> None:
    job, _ = store.create(make_job(tenant))
    store.apply(job.job_id, JobState.OUTPUT_APPROVED, "", {"video_uri": "file:///final.mp4"})
    store.apply(job.job_id, JobState.PUBLISHED, "", {"video_bytes": 123})

    late = store.apply(
        job.job_id,
        JobState.GENERATED,
        "late",
        {"plan_json": '{"effects": ["wind"]}', "video_uri": "file:///raw.mp4"},
    )

    assert late is None  # no state change
    stored = store.get(tenant, job.job_id)
    assert stored is not None and stored.state is JobState.PUBLISHED and stored.reason == ""
    assert stored.details == {
        "video_uri": "file:///final.mp4",  # kept: a late event never overwrites
        "video_bytes": 123,
        "plan_json": '{"effects": ["wind"]}',  # filled in: the job lacked it
    }
    assert [h.state for h in store.history(tenant, job.job_id)] == [
        JobState.SUBMITTED,
        JobState.OUTPUT_APPROVED,
        JobState.PUBLISHED,
    ]


def test_a_success_after_a_failure_revives_the_job(store: JobStore, tenant: str) -> None:
    job, _ = store.create(make_job(tenant))
    store.apply(job.job_id, JobState.INPUT_APPROVED, at=T0 + timedelta(seconds=1))
    store.apply(job.job_id, JobState.FAILED, "generation gave up", at=T0 + timedelta(seconds=2))

    # A GENERATING from before the failure, delivered late, changes nothing.
    assert store.apply(job.job_id, JobState.GENERATING, at=T0 + timedelta(seconds=1)) is None
    # The replayed dead letter succeeds an hour later: the job moves on.
    revived = store.apply(
        job.job_id, JobState.GENERATED, "", {"plan_json": "{}"}, T0 + timedelta(hours=1)
    )

    assert revived is not None and revived.state is JobState.GENERATED and revived.reason == ""
    assert [h.state for h in store.history(tenant, job.job_id)] == [
        JobState.SUBMITTED,
        JobState.INPUT_APPROVED,
        JobState.FAILED,
        JobState.GENERATED,
    ]


def test_concurrent_transitions_have_one_winner(store: JobStore, tenant: str) -> None:
    job, _ = store.create(make_job(tenant))
    finals = [JobState.FAILED, JobState.CANCELLED, JobState.REJECTED] * 3

    results = run_together(len(finals), lambda i: store.apply(job.job_id, finals[i], f"thread {i}"))

    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    history = store.history(tenant, job.job_id)
    assert [h.state for h in history] == [JobState.SUBMITTED, winners[0].state]
    assert history[-1].reason == winners[0].reason


def test_history_is_oldest_first_starting_with_creation(store: JobStore, tenant: str) -> None:
    job, _ = store.create(make_job(tenant))
    steps: list[tuple[JobState, str, dict[str, Any]]] = [
        (JobState.INPUT_APPROVED, "policy v3", {"categories": []}),
        (JobState.GENERATING, "", {}),
        (JobState.INPUT_APPROVED, "duplicate", {}),  # ignored
        (JobState.GENERATED, "", {"plan": "wind, clouds"}),
        (JobState.OUTPUT_APPROVED, "", {}),
        (JobState.PUBLISHED, "", {"video_uri": "file:///final.mp4"}),
    ]
    for i, (state, reason, details) in enumerate(steps, start=1):
        store.apply(job.job_id, state, reason, details, T0 + timedelta(seconds=i))

    history = store.history(tenant, job.job_id)
    assert [h.state for h in history] == [
        JobState.SUBMITTED,
        JobState.INPUT_APPROVED,
        JobState.GENERATING,
        JobState.GENERATED,
        JobState.OUTPUT_APPROVED,
        JobState.PUBLISHED,
    ]
    assert history[0].at == job.created_at
    assert history[1].reason == "policy v3"
    assert history[3].details == {"plan": "wind, clouds"}
    assert [h.at for h in history] == sorted(h.at for h in history)


def test_bad_arguments_are_refused_clearly(store: JobStore, tenant: str) -> None:
    job, _ = store.create(make_job(tenant))
    with pytest.raises(ValueError, match="timezone-aware"):
        store.apply(job.job_id, JobState.FAILED, at=datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="JSON"):
        store.apply(job.job_id, JobState.FAILED, details={"when": object()})
    with pytest.raises(ValueError):
        store.apply(job.job_id, "NOT_A_STATE")  # type: ignore[arg-type]
    stored = store.get(tenant, job.job_id)
    assert stored is not None and stored.state is JobState.SUBMITTED


def test_ping_and_close(store: JobStore) -> None:
    store.ping()
    store.close()
    with pytest.raises(RuntimeError, match="closed"):
        store.ping()


def test_sqlite_store_reopens_with_its_data(tmp_path: Path, tenant: str) -> None:
    url = f"sqlite://{tmp_path}/nested/dir/jobs.db"
    first = open_job_store(url)
    job, _ = first.create(make_job(tenant))
    first.close()

    again = open_job_store(url)
    try:
        assert again.get(tenant, job.job_id) == job
    finally:
        again.close()


def test_postgres_url_with_schema_parameter_and_reopen(
    pg_skip_reason: str | None, tenant: str
) -> None:
    if pg_skip_reason:
        pytest.skip(pg_skip_reason)
    schema = f"ingest_url_{uuid.uuid4().hex[:10]}"
    store = open_job_store(f"{PG_URL}?schema={schema}")
    try:
        assert isinstance(store, PostgresJobStore) and store.schema == schema
        job, _ = store.create(make_job(tenant))
        reopened = PostgresJobStore(PG_URL, schema=schema)  # schema creation is idempotent
        assert reopened.get(tenant, job.job_id) == job
        reopened.close()
    finally:
        store.close()
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.mark.parametrize(
    "url",
    ["", "mysql://root@localhost/db", "sqlite://host/jobs.db", "sqlite://", "jobs.db"],
)
def test_unusable_urls_raise_value_error(url: str) -> None:
    with pytest.raises(ValueError, match="job store URL"):
        open_job_store(url)


def test_in_memory_sqlite_is_refused() -> None:
    with pytest.raises(ValueError, match="in-memory"):
        SqliteJobStore(":memory:")
