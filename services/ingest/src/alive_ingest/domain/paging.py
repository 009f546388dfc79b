"""Page size rules and opaque page tokens for listing jobs (keyset pagination).

Follows Google AIP-158: a page size of 0 (or none) means the default, a size above the
maximum is lowered to the maximum, a negative size is an error. A token encodes the position
after the last job of the previous page (its creation time and id) plus the filter it was
issued for, so a page never repeats or skips a job when new jobs arrive meanwhile.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Final

from alive_ingest.domain.errors import InvalidInput

DEFAULT_PAGE_SIZE: Final = 20
MAX_PAGE_SIZE: Final = 100
_TOKEN_VERSION: Final = 1


@dataclass(frozen=True, slots=True)
class PageCursor:
    """Position in the newest-first order: list jobs strictly older than this one."""

    created_at_us: int
    job_id: str
    state_filter: str


def validate_page_size(
    size: object, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE
) -> int:
    """Return the page size to use for ``size`` as sent by the client."""
    if size is None or size == 0:
        return default
    if isinstance(size, bool) or not isinstance(size, int):
        raise InvalidInput.single("page_size", f"must be a whole number, got {type(size).__name__}")
    if size < 0:
        raise InvalidInput.single("page_size", f"is {size}; it must not be negative")
    return min(size, maximum)


def encode_page_token(cursor: PageCursor) -> str:
    """An opaque, URL-safe token for ``cursor``."""
    raw = json.dumps(
        [_TOKEN_VERSION, cursor.created_at_us, cursor.job_id, cursor.state_filter],
        separators=(",", ":"),
    ).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_page_token(token: str | None, state_filter: str) -> PageCursor | None:
    """The cursor in ``token``; ``None`` for the first page (no or empty token).

    Raises :class:`InvalidInput` on ``page_token`` when the token was not issued by this
    service or was issued for a different state filter.
    """
    if not token:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        version, created_at_us, job_id, issued_filter = json.loads(
            base64.urlsafe_b64decode(padded.encode("ascii"))
        )
    except (ValueError, TypeError, UnicodeError, binascii.Error) as exc:
        raise InvalidInput.single(
            "page_token", "is not a page token issued by this service"
        ) from exc
    if (
        version != _TOKEN_VERSION
        or isinstance(created_at_us, bool)
        or not isinstance(created_at_us, int)
        or not isinstance(job_id, str)
        or not isinstance(issued_filter, str)
    ):
        raise InvalidInput.single("page_token", "is not a page token issued by this service")
    if issued_filter != state_filter:
        raise InvalidInput.single(
            "page_token",
            "was issued for a different state filter; repeat the request with the same filter",
        )
    return PageCursor(created_at_us, job_id, issued_filter)
