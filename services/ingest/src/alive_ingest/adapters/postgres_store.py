"""The job store on PostgreSQL (psycopg 3): the production back end.

A transition reads the job with ``SELECT ... FOR UPDATE``, so concurrent consumers of the
same job wait for each other and decide on the committed state. Idempotent creation relies on
``INSERT ... ON CONFLICT DO NOTHING`` against the (tenant, idempotency_key) unique constraint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar

import psycopg

from alive_ingest.adapters.sql_store import SCHEMA_VERSION, SqlJobStore, json_text

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class PostgresJobStore(SqlJobStore):
    """Job store in one PostgreSQL schema; one connection per thread (see ``sql_store``).

    ``schema`` lets several stores (or test runs) share a database without seeing each
    other's tables; it is created if missing.
    """

    operational_errors: ClassVar[tuple[type[BaseException], ...]] = (psycopg.OperationalError,)
    lock_clause: ClassVar[str] = " FOR UPDATE"
    placeholder: ClassVar[str] = "%s"

    def __init__(self, dsn: str, *, schema: str = "public", connect_timeout_s: int = 5) -> None:
        super().__init__()
        if not _IDENTIFIER.match(schema):
            raise ValueError(
                f"schema {schema!r} must be a lower-case SQL identifier (letters, digits, _)"
            )
        self._dsn = dsn
        self.schema = schema
        self._connect_timeout_s = connect_timeout_s
        self._open()

    def _connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self._dsn, autocommit=True, connect_timeout=self._connect_timeout_s)

    def _is_usable(self, conn: Any) -> bool:
        return not (conn.closed or conn.broken)

    @contextmanager
    def _write_transaction(self, conn: psycopg.Connection[Any]) -> Iterator[None]:
        with conn.transaction():
            yield

    def _table(self, name: str) -> str:
        return f'"{self.schema}"."{name}"'

    def _time_in(self, at: datetime) -> datetime:
        return at

    def _time_out(self, value: Any) -> datetime:
        if not isinstance(value, datetime):
            raise TypeError(f"expected a timestamptz, got {type(value).__name__}")
        return value.astimezone(UTC)

    def _json_in(self, value: Mapping[str, Any]) -> str:
        # Sent as text of unknown type; PostgreSQL casts it to jsonb on insert.
        return json_text(value)

    def _json_out(self, value: Any) -> dict[str, Any]:
        if isinstance(value, str):
            value = json.loads(value)
        return dict(value or {})

    def _create_schema(self, conn: psycopg.Connection[Any]) -> None:
        s = f'"{self.schema}"'
        jobs, history = self._table("jobs"), self._table("job_history")
        version = self._table("schema_version")
        with conn.transaction():
            # Serialise concurrent start-ups: CREATE ... IF NOT EXISTS is not race-free.
            conn.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"alive_ingest:{self.schema}",)
            )
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {s}")
            conn.execute(f"CREATE TABLE IF NOT EXISTS {version} (version integer NOT NULL)")
            row = conn.execute(f"SELECT max(version) FROM {version}").fetchone()
            current = row[0] if row else None
            if current is not None and current > SCHEMA_VERSION:
                raise RuntimeError(
                    f"schema {self.schema} has job store schema version {current}, newer "
                    f"than this code's {SCHEMA_VERSION}; upgrade the service"
                )
            conn.execute(
                f"""CREATE TABLE IF NOT EXISTS {jobs} (
                    job_id text PRIMARY KEY,
                    tenant text NOT NULL,
                    state text NOT NULL,
                    prompt text NOT NULL,
                    options jsonb NOT NULL,
                    photo_uri text NOT NULL,
                    photo_content_type text NOT NULL,
                    idempotency_key text,
                    reason text NOT NULL DEFAULT '',
                    details jsonb NOT NULL DEFAULT '{{}}'::jsonb,
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL,
                    CONSTRAINT jobs_tenant_idempotency_key UNIQUE (tenant, idempotency_key)
                )"""
            )
            conn.execute(
                f"CREATE INDEX IF NOT EXISTS jobs_by_tenant "
                f"ON {jobs} (tenant, created_at DESC, job_id DESC)"
            )
            conn.execute(
                f"CREATE INDEX IF NOT EXISTS jobs_by_tenant_state "
                f"ON {jobs} (tenant, state, created_at DESC, job_id DESC)"
            )
            conn.execute(
                f"""CREATE TABLE IF NOT EXISTS {history} (
                    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    job_id text NOT NULL REFERENCES {jobs} (job_id) ON DELETE CASCADE,
                    state text NOT NULL,
                    at timestamptz NOT NULL,
                    reason text NOT NULL DEFAULT '',
                    details jsonb NOT NULL DEFAULT '{{}}'::jsonb
                )"""
            )
            conn.execute(
                f"CREATE INDEX IF NOT EXISTS job_history_by_job ON {history} (job_id, seq)"
            )
            if current is None:
                conn.execute(f"INSERT INTO {version} (version) VALUES (%s)", (SCHEMA_VERSION,))
