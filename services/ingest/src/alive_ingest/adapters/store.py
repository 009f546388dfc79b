"""The job store interface and the factory that picks a back end from a URL.

``sqlite:///var/lib/alive/jobs.db`` (absolute path) or ``sqlite:relative/jobs.db`` selects
:class:`SqliteJobStore`; ``postgresql://user@host:5432/db`` (or ``postgres://``) selects
:class:`PostgresJobStore`. A ``schema`` query parameter on a PostgreSQL URL picks the schema
(on SQLite it becomes a table-name prefix), so one URL setting is enough to configure the
store.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from alive_ingest.adapters.postgres_store import PostgresJobStore
from alive_ingest.adapters.sql_store import StoreUnavailable
from alive_ingest.adapters.sqlite_store import SqliteJobStore
from alive_ingest.domain.jobs import HistoryEntry, Job, JobState

__all__ = [
    "JobStore",
    "PostgresJobStore",
    "SqliteJobStore",
    "StoreUnavailable",
    "open_job_store",
]


class JobStore(Protocol):
    """Where jobs and their history live. Implementations are safe to share across threads.

    Database outages surface as :class:`StoreUnavailable`; bad page tokens or sizes as
    :class:`~alive_ingest.domain.errors.InvalidInput`.
    """

    def create(self, job: Job) -> tuple[Job, bool]: ...

    def find_by_idempotency_key(self, tenant: str, idempotency_key: str) -> Job | None: ...

    def get(self, tenant: str, job_id: str) -> Job | None: ...

    def get_any(self, job_id: str) -> Job | None: ...

    def list(
        self,
        tenant: str,
        page_size: int | None = None,
        page_token: str | None = None,
        state: JobState | None = None,
    ) -> tuple[list[Job], str | None]: ...

    def apply(
        self,
        job_id: str,
        state: JobState,
        reason: str = "",
        details: Mapping[str, Any] | None = None,
        at: datetime | None = None,
    ) -> Job | None: ...

    def history(self, tenant: str, job_id: str) -> builtins.list[HistoryEntry]: ...

    def ping(self) -> None: ...

    def close(self) -> None: ...


def open_job_store(url: str, *, schema: str | None = None) -> JobStore:
    """Open (and create the schema of) the job store that ``url`` names.

    ``schema`` overrides a ``schema`` query parameter in the URL. Raises ``ValueError`` with
    the accepted forms when the URL is not understood.
    """
    if not isinstance(url, str) or not url.strip():
        raise ValueError(f"job store URL must be a non-empty string, got {url!r}")
    parts = urlsplit(url.strip())
    query = parse_qsl(parts.query, keep_blank_values=True)
    url_schema = next((value for key, value in query if key == "schema"), None)
    chosen = schema if schema is not None else url_schema
    if parts.scheme == "sqlite":
        path = parts.path
        if parts.netloc:
            raise ValueError(
                f"job store URL {url!r}: use sqlite:///absolute/path.db or sqlite:relative.db "
                f"(found host {parts.netloc!r})"
            )
        if path.startswith("//"):  # SQLAlchemy style sqlite:////abs/path
            path = path[1:]
        if not path:
            raise ValueError(f"job store URL {url!r} names no database file")
        return SqliteJobStore(path, table_prefix=f"{chosen}_" if chosen else "")
    if parts.scheme in ("postgresql", "postgres"):
        if not parts.netloc and not parts.path:
            raise ValueError(f"job store URL {url!r} names no PostgreSQL server or database")
        rest = urlencode([(key, value) for key, value in query if key != "schema"])
        dsn = urlunsplit((parts.scheme, parts.netloc, parts.path, rest, parts.fragment))
        return PostgresJobStore(dsn, schema=chosen or "public")
    raise ValueError(
        f"job store URL {_redact(url)!r} has unsupported scheme {parts.scheme!r}; use "
        "sqlite:///path/to/jobs.db or postgresql://user@host:5432/database"
    )


def _redact(url: str) -> str:
    """The URL without a password, for error messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))
