"""Blob storage for photos and videos. Kafka messages carry the URIs, never the bytes."""

from alive_blobstore.store import (
    BlobNotFound,
    BlobSettings,
    BlobStore,
    LocalBlobStore,
    open_blob_store,
)

__all__ = [
    "BlobNotFound",
    "BlobSettings",
    "BlobStore",
    "LocalBlobStore",
    "S3BlobStore",
    "open_blob_store",
]
