"""The job store on a SQLite file: the embedded default for one machine.

Writes take the database write lock up front (``BEGIN IMMEDIATE``), so two threads or
processes deciding a transition for the same job are serialised instead of both reading the
old state. WAL mode lets readers proceed while a writer holds the lock.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from alive_ingest.adapters.sql_store import (
    SCHEMA_VERSION,
    SqlJobStore,
    from_micros,
    json_text,
    to_micros,
)

_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,30}$")


class SqliteJobStore(SqlJobStore):
    """Job store in one SQLite file; one connection per thread (see ``sql_store``)."""

    operational_errors: ClassVar[tuple[type[BaseException], ...]] = (sqlite3.OperationalError,)

    def __init__(
        self, path: str | Path, *, table_prefix: str = "", busy_timeout_s: float = 10.0
    ) -> None:
        super().__init__()
        if str(path) in ("", ":memory:") or str(path).startswith("file::memory:"):
            raise ValueError(
                "SqliteJobStore needs a file: an in-memory database is private to one "
                "connection and this store uses one connection per thread"
            )
        if table_prefix and not _PREFIX.match(table_prefix):
            raise ValueError(f"table_prefix {table_prefix!r} must be a plain SQL identifier")
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._prefix = table_prefix
        self._busy_timeout_s = busy_timeout_s
        self._open()

    def _connect(self) -> sqlite3.Connection:
        # Autocommit mode: transactions are begun explicitly, reads are single statements.
        # check_same_thread=False only so that close() may close other threads' connections.
        conn = sqlite3.connect(
            self.path,
            timeout=self._busy_timeout_s,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def _is_usable(self, conn: Any) -> bool:
        return True

    @contextmanager
    def _write_transaction(self, conn: sqlite3.Connection) -> Iterator[None]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _table(self, name: str) -> str:
        return f'"{self._prefix}{name}"'

    def _time_in(self, at: datetime) -> int:
        return to_micros(at)

    def _time_out(self, value: Any) -> datetime:
        return from_micros(int(value))

    def _json_in(self, value: Mapping[str, Any]) -> str:
        return json_text(value)

    def _json_out(self, value: Any) -> dict[str, Any]:
        return dict(json.loads(value)) if value else {}

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        jobs, history = self._table("jobs"), self._table("job_history")
        version = self._table("schema_version")
        p = self._prefix
        with self._write_transaction(conn):
            conn.execute(f"CREATE TABLE IF NOT EXISTS {version} (version INTEGER NOT NULL)")
            row = conn.execute(f"SELECT max(version) FROM {version}").fetchone()
            if row[0] is not None and row[0] > SCHEMA_VERSION:
                raise RuntimeError(
                    f"{self.path} has job store schema version {row[0]}, newer than this "
                    f"code's {SCHEMA_VERSION}; upgrade the service"
                )
            conn.execute(
                f"""CREATE TABLE IF NOT EXISTS {jobs} (
                    job_id TEXT PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    state TEXT NOT NULL,
                    prompt TEXT NOT NULL,
                    options TEXT NOT NULL,
                    photo_uri TEXT NOT NULL,
                    photo_content_type TEXT NOT NULL,
                    idempotency_key TEXT,
                    reason TEXT NOT NULL DEFAULT '',
                    details TEXT NOT NULL DEFAULT '{{}}',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    UNIQUE (tenant, idempotency_key)
                )"""
            )
            conn.execute(
                f'CREATE INDEX IF NOT EXISTS "{p}jobs_by_tenant" '
                f"ON {jobs} (tenant, created_at DESC, job_id DESC)"
            )
            conn.execute(
                f'CREATE INDEX IF NOT EXISTS "{p}jobs_by_tenant_state" '
                f"ON {jobs} (tenant, state, created_at DESC, job_id DESC)"
            )
            conn.execute(
                f"""CREATE TABLE IF NOT EXISTS {history} (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id TEXT NOT NULL REFERENCES {jobs} (job_id) ON DELETE CASCADE,
                    state TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    reason TEXT NOT NULL DEFAULT '',
                    details TEXT NOT NULL DEFAULT '{{}}'
                )"""
            )
            conn.execute(
                f'CREATE INDEX IF NOT EXISTS "{p}job_history_by_job" ON {history} (job_id, seq)'
            )
            if row[0] is None:
                conn.execute(f"INSERT INTO {version} (version) VALUES (?)", (SCHEMA_VERSION,))
