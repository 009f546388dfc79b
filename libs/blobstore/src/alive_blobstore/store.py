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

    def size(self, key: str) -> int:
        """Bytes stored under ``key`` without reading them; BlobNotFound if none."""
        ...

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

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            raise BlobNotFound(f"no blob at {self.uri(key)}") from None


class S3BlobStore:
    """Blobs in an S3-compatible object store; ``s3://bucket/prefix/key`` URIs.

    A PUT is atomic in S3: readers see the old object or the new one, never
    half of either. Credentials come from the standard AWS sources (in
    Kubernetes: a Secret as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
    """

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
    ) -> None:
        import boto3  # only deployments that use S3 pay for importing it
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self._client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            config=Config(retries={"max_attempts": 5, "mode": "standard"}),
        )

    def _key(self, key: str) -> str:
        parts = [p for p in key.split("/") if p]
        if not parts or any(p in (".", "..") for p in parts):
            raise ValueError(f"blob key {key!r} escapes the store")
        return "/".join([self.prefix, *parts] if self.prefix else parts)

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"

    def put(self, key: str, data: bytes) -> str:
        self._client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)
        return self.uri(key)

    def get(self, uri: str) -> bytes:
        parsed = urlparse(uri)
        if parsed.scheme != "s3" or parsed.netloc != self.bucket:
            raise ValueError(f"blob {uri!r} is outside the store s3://{self.bucket}")
        key = parsed.path.lstrip("/")
        if self.prefix and not key.startswith(self.prefix + "/"):
            raise ValueError(f"blob {uri!r} is outside the store s3://{self.bucket}/{self.prefix}")
        try:
            return self._client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except self._client.exceptions.NoSuchKey:
            raise BlobNotFound(f"no blob at {uri}") from None

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self._client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def size(self, key: str) -> int:
        from botocore.exceptions import ClientError

        try:
            head = self._client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise BlobNotFound(f"no blob at {self.uri(key)}") from None
            raise
        return int(head["ContentLength"])


class BlobSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ALIVE_", extra="ignore")

    # file:///var/lib/alive/blobs (embedded default) or s3://bucket/prefix
    blob_url: str = "file:///var/lib/alive/blobs"
    s3_endpoint_url: str | None = None  # e.g. http://minio:9000; unset for AWS
    s3_region: str | None = None


def open_blob_store(settings: BlobSettings) -> BlobStore:
    """Open the store the settings name: ``file:///path`` or ``s3://bucket/prefix``."""
    parsed = urlparse(settings.blob_url)
    if parsed.scheme == "file":
        return LocalBlobStore(Path(unquote(parsed.path)))
    if parsed.scheme == "s3" and parsed.netloc:
        return S3BlobStore(parsed.netloc, parsed.path, settings.s3_endpoint_url, settings.s3_region)
    raise ValueError(
        f"unsupported blob store URL {settings.blob_url!r}: expected file:///path or s3://bucket/prefix"
    )
