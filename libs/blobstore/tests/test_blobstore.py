"""Both blob stores behave the same: the local directory and S3 (against a
real S3 API server, moto's, on localhost)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from alive_blobstore import BlobNotFound, BlobSettings, BlobStore, LocalBlobStore, open_blob_store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_store(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> BlobStore:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    import boto3

    bucket = f"alive-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket=bucket)
    settings = BlobSettings(
        blob_url=f"s3://{bucket}/blobs", s3_endpoint_url=s3_endpoint, s3_region="us-east-1"
    )
    return open_blob_store(settings)


@pytest.fixture(params=["file", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "file":
        return open_blob_store(BlobSettings(blob_url=tmp_path.as_uri()))
    return request.getfixturevalue("s3_store")


def test_put_then_get_round_trips_and_overwrites_in_place(store: BlobStore) -> None:
    uri = store.put("jobs/abc/raw.mp4", b"first")
    assert store.get(uri) == b"first"
    assert store.put("jobs/abc/raw.mp4", b"second") == uri == store.uri("jobs/abc/raw.mp4")
    assert store.get(uri) == b"second"
    assert store.exists("jobs/abc/raw.mp4")
    assert not store.exists("jobs/abc/other.mp4")
    assert store.size("jobs/abc/raw.mp4") == len(b"second")


def test_missing_blob_is_a_clear_error(store: BlobStore) -> None:
    with pytest.raises(BlobNotFound, match="no blob"):
        store.get(store.uri("jobs/none/raw.mp4"))
    with pytest.raises(BlobNotFound, match="no blob"):
        store.size("jobs/none/raw.mp4")


def test_keys_cannot_escape_the_store(store: BlobStore) -> None:
    with pytest.raises(ValueError, match="escapes"):
        store.put("../outside", b"x")


def test_local_store_refuses_uris_outside_its_root(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    with pytest.raises(ValueError, match="outside the store"):
        store.get((tmp_path / "elsewhere").as_uri())
    assert [p.name for p in (tmp_path / "blobs").iterdir()] == []


def test_s3_store_refuses_other_buckets(s3_store: BlobStore) -> None:
    with pytest.raises(ValueError, match="outside the store"):
        s3_store.get("s3://someone-elses-bucket/blobs/x")


def test_unknown_url_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported blob store URL"):
        open_blob_store(BlobSettings(blob_url="ftp://example/blobs"))
