from pathlib import Path

import pytest
from alive_blobstore import BlobNotFound, LocalBlobStore, open_blob_store


def test_put_then_get_round_trips_and_overwrites_in_place(tmp_path: Path) -> None:
    store = open_blob_store(tmp_path.as_uri())
    uri = store.put("jobs/abc/raw.mp4", b"first")
    assert store.get(uri) == b"first"
    assert store.put("jobs/abc/raw.mp4", b"second") == uri
    assert store.get(uri) == b"second"
    assert store.exists("jobs/abc/raw.mp4")
    assert [p.name for p in (tmp_path / "jobs" / "abc").iterdir()] == ["raw.mp4"]


def test_missing_blob_is_a_clear_error(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    with pytest.raises(BlobNotFound, match="no blob"):
        store.get(store.uri("jobs/none/raw.mp4"))


def test_keys_cannot_escape_the_root(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    with pytest.raises(ValueError, match="escapes"):
        store.put("../outside", b"x")
    with pytest.raises(ValueError, match="outside the store"):
        store.get((tmp_path / "elsewhere").as_uri())


def test_unknown_url_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported blob store URL"):
        open_blob_store("ftp://example/blobs")
