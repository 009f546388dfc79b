"""Blob stores keyed by deterministic paths such as ``jobs/<job_id>/raw.mp4``.

Deterministic keys make every stage idempotent: a redelivered message writes
the same key again instead of a second blob.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlparse

from pydantic_settings import BaseSettings, SettingsConfigDict


class BlobNotFound(LookupError):
    """The URI names no stored blob."""


class BlobStore(Protocol):
    def put(self, key: str, data: bytes) -> str:
        """Store ``data`` under ``key`` atomically and return its URI."""
        ...

    def get(self, uri: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def uri(self, key: str) -> str: ...


class LocalBlobStore:
    """Blobs as files under one directory; ``file://`` URIs.

    Writes go to a temporary file in the same directory, are fsynced and then
    renamed, so a reader never sees half a video and a crash leaves no torn blob.
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise ValueError(f"blob key {key!r} escapes the store")
        return path

    def uri(self, key: str) -> str:
        return self._path(key).as_uri()

    def put(self, key: str, data: bytes) -> str:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path.as_uri()

    def get(self, uri: str) -> bytes:
        parsed = urlparse(uri)
        if parsed.scheme != "file":
            raise ValueError(f"not a file URI: {uri!r}")
        path = Path(unquote(parsed.path)).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError(f"blob {uri!r} is outside the store")
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise BlobNotFound(f"no blob at {uri}") from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()


class BlobSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ALIVE_", extra="ignore")

    blob_url: str = "file:///var/lib/alive/blobs"


def open_blob_store(url: str) -> BlobStore:
    """Open the store a settings URL names (``file:///path``)."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return LocalBlobStore(Path(unquote(parsed.path)))
    raise ValueError(f"unsupported blob store URL {url!r}: expected file:///path")
