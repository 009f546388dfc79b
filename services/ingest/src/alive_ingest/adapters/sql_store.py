"""The job store logic shared by SQLite and PostgreSQL.

Both databases run the same statements; subclasses supply connections, the write transaction
(``BEGIN IMMEDIATE`` / ``SELECT ... FOR UPDATE``), the schema DDL and how times and JSON are
stored. Keeping one copy of the queries means both back ends behave the same in tests and in
production.

Threading: every thread gets its own connection (``threading.local``), created on first use
and closed by :meth:`close`. Connections are never shared, so the gRPC thread pool and the
event consumer thread can use one store object at the same time; the database's own locking
serialises writers.
"""

from __future__ import annotations

import builtins
import json
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Final

from alive_ingest.domain.jobs import (
    HistoryEntry,
    Job,
    JobState,
    can_revive,
    can_transition,
    utc_now,
)
from alive_ingest.domain.paging import (
    PageCursor,
    decode_page_token,
    encode_page_token,
    validate_page_size,
)
from alive_ingest.domain.request import JobOptions

SCHEMA_VERSION: Final = 1
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)

_JOB_COLUMNS: Final = (
    "job_id, tenant, state, prompt, options, photo_uri, photo_content_type, "
    "idempotency_key, reason, details, created_at, updated_at"
)
_HISTORY_COLUMNS: Final = "job_id, state, at, reason, details"


class StoreUnavailable(RuntimeError):
    """The database could not be reached or timed out; the operation may be retried."""


def to_micros(at: datetime) -> int:
    """Microseconds since the Unix epoch; exact, and orders like the datetime itself."""
    return (at - _EPOCH) // timedelta(microseconds=1)


def from_micros(micros: int) -> datetime:
    """Inverse of :func:`to_micros`, as an aware UTC datetime."""
    return _EPOCH + timedelta(microseconds=micros)


def _require_aware(name: str, at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {at!r}")
    return at.astimezone(UTC)


class SqlJobStore(ABC):
    """Job store over a DB-API connection; see the module docstring for the threading model."""

    #: Exceptions that mean "the database is unavailable", re-raised as StoreUnavailable.
    operational_errors: ClassVar[tuple[type[BaseException], ...]] = ()
    #: Appended to the SELECT that reads a job before changing it.
    lock_clause: ClassVar[str] = ""
    #: The DB-API parameter marker; statements are written with "?".
    placeholder: ClassVar[str] = "?"

    def __init__(self) -> None:
        self._local = threading.local()
        self._connections: list[Any] = []
        self._connections_lock = threading.Lock()
        self._closed = False

    # ----- what each database supplies -------------------------------------------------

    @abstractmethod
    def _connect(self) -> Any:
        """Open a new connection in autocommit mode."""

    @abstractmethod
    def _is_usable(self, conn: Any) -> bool:
        """Whether a cached connection may be used again."""

    @abstractmethod
    def _write_transaction(self, conn: Any) -> AbstractContextManager[None]:
        """A transaction that holds the write lock from its start (or locks rows on read)."""

    @abstractmethod
    def _create_schema(self, conn: Any) -> None:
        """Create tables and indexes if missing and check ``schema_version``."""

    @abstractmethod
    def _table(self, name: str) -> str:
        """The qualified, quoted name of one of the store's tables."""

    @abstractmethod
    def _time_in(self, at: datetime) -> Any:
        """A datetime as the database stores it."""

    @abstractmethod
    def _time_out(self, value: Any) -> datetime:
        """A stored time as an aware UTC datetime."""

    @abstractmethod
    def _json_in(self, value: Mapping[str, Any]) -> Any:
        """A mapping as the database stores JSON."""

    @abstractmethod
    def _json_out(self, value: Any) -> dict[str, Any]:
        """Stored JSON as a dict."""

    # ----- public API ----------------------------------------------------------------

    def create(self, job: Job) -> tuple[Job, bool]:
        """Store a new job and its first history entry.

        Returns ``(job, True)``, or ``(existing_job, False)`` when the tenant already used the
        job's idempotency key. Race-safe: the unique constraint on (tenant, idempotency_key)
        decides, not a prior read.
        """
        if not job.tenant:
            raise ValueError("job.tenant must not be empty")
        created_at = _require_aware("job.created_at", job.created_at)
        updated_at = _require_aware("job.updated_at", job.updated_at)
        insert = (
            f"INSERT INTO {self._table('jobs')} ({_JOB_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (tenant, idempotency_key) DO NOTHING RETURNING job_id"
        )
        with self._errors():
            conn = self._connection()
            with self._write_transaction(conn):
                inserted = self._run(
                    conn,
                    insert,
                    (
                        job.job_id,
                        job.tenant,
                        JobState(job.state).value,
                        job.prompt,
                        self._json_in(_options_to_dict(job.options)),
                        job.photo_uri,
                        job.photo_content_type,
                        job.idempotency_key,
                        job.reason,
                        self._json_in(job.details),
                        self._time_in(created_at),
                        self._time_in(updated_at),
                    ),
                ).fetchone()
                if inserted is None:
                    existing = self._run(
                        conn,
                        f"SELECT {_JOB_COLUMNS} FROM {self._table('jobs')} "
                        "WHERE tenant = ? AND idempotency_key = ?",
                        (job.tenant, job.idempotency_key),
                    ).fetchone()
                    if existing is None:  # pragma: no cover - the conflicting row is committed
                        raise RuntimeError("idempotency conflict but no existing job found")
                    return self._job(existing), False
                self._append_history(
                    conn, job.job_id, JobState(job.state), created_at, job.reason, job.details
                )
        return replace(job, created_at=created_at, updated_at=updated_at), True

    def find_by_idempotency_key(self, tenant: str, idempotency_key: str) -> Job | None:
        """The tenant's job created with this key, if any (lets callers skip duplicate work)."""
        return self._one(
            f"SELECT {_JOB_COLUMNS} FROM {self._table('jobs')} "
            "WHERE tenant = ? AND idempotency_key = ?",
            (tenant, idempotency_key),
        )

    def get(self, tenant: str, job_id: str) -> Job | None:
        """The job if it exists and belongs to ``tenant``; another tenant's job is None."""
        return self._one(
            f"SELECT {_JOB_COLUMNS} FROM {self._table('jobs')} WHERE job_id = ? AND tenant = ?",
            (job_id, tenant),
        )

    def get_any(self, job_id: str) -> Job | None:
        """The job regardless of tenant, for event consumers that only know the job id."""
        return self._one(
            f"SELECT {_JOB_COLUMNS} FROM {self._table('jobs')} WHERE job_id = ?", (job_id,)
        )

    def list(
        self,
        tenant: str,
        page_size: int | None = None,
        page_token: str | None = None,
        state: JobState | None = None,
    ) -> tuple[list[Job], str | None]:
        """One page of the tenant's jobs, newest first, and the token of the next page.

        The next token is ``None`` on the last page. Keyset pagination on (created_at,
        job_id): jobs created while paging never cause repeats or gaps.
        """
        size = validate_page_size(page_size)
        state_filter = JobState(state).value if state is not None else ""
        cursor = decode_page_token(page_token, state_filter)
        where = ["tenant = ?"]
        params: list[Any] = [tenant]
        if state_filter:
            where.append("state = ?")
            params.append(state_filter)
        if cursor is not None:
            where.append("(created_at, job_id) < (?, ?)")
            params += [self._time_in(from_micros(cursor.created_at_us)), cursor.job_id]
        query = (
            f"SELECT {_JOB_COLUMNS} FROM {self._table('jobs')} WHERE {' AND '.join(where)} "
            f"ORDER BY created_at DESC, job_id DESC LIMIT {size + 1}"
        )
        with self._errors():
            rows = self._run(self._connection(), query, params).fetchall()
        jobs = [self._job(row) for row in rows[:size]]
        next_token = None
        if len(rows) > size:
            last = jobs[-1]
            next_token = encode_page_token(
                PageCursor(to_micros(last.created_at), last.job_id, state_filter)
            )
        return jobs, next_token

    def apply(
        self,
        job_id: str,
        state: JobState,
        reason: str = "",
        details: Mapping[str, Any] | None = None,
        at: datetime | None = None,
    ) -> Job | None:
        """Move a job to ``state`` if the state machine allows it, atomically.

        Merges ``details`` into the job's details, records ``reason`` and appends a history
        entry. Returns the updated job, or ``None`` when the job is unknown or the event is a
        repeat, stale, or arrives after a final state (but see ``can_revive``: an event from
        after a failure moves a FAILED job on). Such an event changes neither state,
        reason nor history, but the details it carries that the job still lacks are kept:
        events on different topics may overtake each other, and a late GENERATED must not
        lose the plan of a job already PUBLISHED. Of concurrent callers, at most one wins
        each transition: the job row is locked while deciding.
        """
        new_state = JobState(state)
        when = _require_aware("at", at) if at is not None else utc_now()
        extra = dict(details or {})
        with self._errors():
            conn = self._connection()
            with self._write_transaction(conn):
                row = self._run(
                    conn,
                    f"SELECT {_JOB_COLUMNS} FROM {self._table('jobs')} WHERE job_id = ?"
                    f"{self.lock_clause}",
                    (job_id,),
                ).fetchone()
                if row is None:
                    return None
                job = self._job(row)
                if not (
                    can_transition(job.state, new_state)
                    or can_revive(job.state, job.updated_at, new_state, when)
                ):
                    missing = {k: v for k, v in extra.items() if k not in job.details}
                    if missing:
                        self._run(
                            conn,
                            f"UPDATE {self._table('jobs')} SET details = ? WHERE job_id = ?",
                            (self._json_in({**job.details, **missing}), job_id),
                        )
                    return None
                merged = {**job.details, **extra}
                self._run(
                    conn,
                    f"UPDATE {self._table('jobs')} "
                    "SET state = ?, reason = ?, details = ?, updated_at = ? WHERE job_id = ?",
                    (new_state.value, reason, self._json_in(merged), self._time_in(when), job_id),
                )
                self._append_history(conn, job_id, new_state, when, reason, extra)
        return replace(job, state=new_state, reason=reason, details=merged, updated_at=when)

    def history(self, tenant: str, job_id: str) -> builtins.list[HistoryEntry]:
        """The job's applied state changes, oldest first; empty for another tenant's job."""
        query = (
            f"SELECT h.job_id, h.state, h.at, h.reason, h.details "
            f"FROM {self._table('job_history')} h JOIN {self._table('jobs')} j "
            "ON j.job_id = h.job_id WHERE h.job_id = ? AND j.tenant = ? ORDER BY h.seq"
        )
        with self._errors():
            rows = self._run(self._connection(), query, (job_id, tenant)).fetchall()
        return [
            HistoryEntry(
                job_id=row[0],
                state=JobState(row[1]),
                at=self._time_out(row[2]),
                reason=row[3],
                details=self._json_out(row[4]),
            )
            for row in rows
        ]

    def ping(self) -> None:
        """Raise :class:`StoreUnavailable` unless the database answers a trivial query."""
        with self._errors():
            self._run(self._connection(), "SELECT 1", ()).fetchone()

    def close(self) -> None:
        """Close every thread's connection; the store cannot be used afterwards."""
        with self._connections_lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            try:
                conn.close()
            except Exception:  # closing is best effort; the store is going away anyway
                continue

    def __enter__(self) -> SqlJobStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ----- internals -----------------------------------------------------------------

    def _open(self) -> None:
        """Create the schema with a first connection; called by subclasses' constructors."""
        with self._errors():
            self._create_schema(self._connection())

    def _connection(self) -> Any:
        if self._closed:
            raise RuntimeError("the job store is closed")
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._is_usable(conn):
            return conn
        conn = self._connect()
        with self._connections_lock:
            if self._closed:
                conn.close()
                raise RuntimeError("the job store is closed")
            self._connections.append(conn)
        self._local.conn = conn
        return conn

    def _run(self, conn: Any, sql: str, params: Sequence[Any]) -> Any:
        if self.placeholder != "?":
            sql = sql.replace("?", self.placeholder)
        return conn.execute(sql, tuple(params))

    def _one(self, sql: str, params: Sequence[Any]) -> Job | None:
        with self._errors():
            row = self._run(self._connection(), sql, params).fetchone()
        return self._job(row) if row is not None else None

    def _append_history(
        self,
        conn: Any,
        job_id: str,
        state: JobState,
        at: datetime,
        reason: str,
        details: Mapping[str, Any],
    ) -> None:
        self._run(
            conn,
            f"INSERT INTO {self._table('job_history')} ({_HISTORY_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            (job_id, state.value, self._time_in(at), reason, self._json_in(details)),
        )

    def _job(self, row: Sequence[Any]) -> Job:
        return Job(
            job_id=row[0],
            tenant=row[1],
            state=JobState(row[2]),
            prompt=row[3],
            options=_options_from_dict(self._json_out(row[4])),
            photo_uri=row[5],
            photo_content_type=row[6],
            idempotency_key=row[7],
            reason=row[8],
            details=self._json_out(row[9]),
            created_at=self._time_out(row[10]),
            updated_at=self._time_out(row[11]),
        )

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except self.operational_errors as exc:
            raise StoreUnavailable(f"job store unavailable: {exc}") from exc


def json_text(value: Mapping[str, Any]) -> str:
    """Serialise details for storage; refuses values JSON cannot represent."""
    try:
        return json.dumps(value, separators=(",", ":"), sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"job details must be JSON-serialisable: {exc}") from exc


def _options_to_dict(options: JobOptions) -> dict[str, Any]:
    return {
        "duration_s": options.duration_s,
        "aspect": options.aspect,
        "fps": options.fps,
        "seed": options.seed,
        "sound": options.sound,
    }


def _options_from_dict(raw: Mapping[str, Any]) -> JobOptions:
    return JobOptions(
        duration_s=float(raw["duration_s"]),
        aspect=raw["aspect"],
        fps=raw["fps"],
        seed=raw["seed"],
        sound=bool(raw["sound"]),
    )
