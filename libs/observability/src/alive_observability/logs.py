"""Structured logging: JSON lines in containers, readable lines in a terminal.

Every record carries the service name and, inside ``job_context``, the job id,
so one job can be followed across all stages with a single filter.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Literal

_job_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("alive_job_id", default=None)

LogFormat = Literal["json", "console"]

# Attributes every LogRecord has; anything else was passed with ``extra=``.
_STANDARD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "job_id"}


@contextlib.contextmanager
def job_context(job_id: str) -> Iterator[None]:
    """Tag every log line written inside the block with ``job_id``."""
    token = _job_id.set(job_id)
    try:
        yield
    finally:
        _job_id.reset(token)


class _JobIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "job_id"):
            setattr(record, "job_id", _job_id.get())  # noqa: B010 - LogRecord has no such field
        return True


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self._service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        job_id = getattr(record, "job_id", None)
        if job_id:
            entry["job_id"] = job_id
        entry.update(
            {
                k: v
                for k, v in record.__dict__.items()
                if k not in _STANDARD_ATTRS and not k.startswith("_")
            }
        )
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class ConsoleFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__(
            "%(asctime)s %(levelname)-5s " + service + " %(job)s%(message)s%(extras)s", "%H:%M:%S"
        )

    def format(self, record: logging.LogRecord) -> str:
        job_id = getattr(record, "job_id", None)
        record.job = f"[{job_id}] " if job_id else ""
        extras = {
            k: v for k, v in record.__dict__.items() if k not in _STANDARD_ATTRS | {"job", "extras"}
        }
        record.extras = "".join(f" {k}={v}" for k, v in extras.items() if not k.startswith("_"))
        return super().format(record)


def configure_logging(service: str, fmt: LogFormat = "json", level: str = "INFO") -> None:
    """Route the root logger to stderr in the chosen format (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service) if fmt == "json" else ConsoleFormatter(service))
    handler.addFilter(_JobIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Client libraries are chatty at INFO about every reconnect.
    for noisy in ("kafka", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
