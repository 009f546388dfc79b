"""The registry that leads a watermark payload back to its job.

The payload is a hash of the job id, so it cannot be reversed; the provenance stage
writes `watermarks/<payload-hex>.json` next to the published video, and a verifier
holding the same blob store can name the job even when the manifest was stripped.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from alive_blobstore import BlobNotFound, BlobStore
from alive_provenance.watermark.payload import Payload


@dataclass(frozen=True)
class RegistryEntry:
    job_id: str
    created_at: dt.datetime


def registry_key(payload: Payload) -> str:
    return f"watermarks/{payload.hex}.json"


class WatermarkRegistry:
    """Payload -> job, stored in the blob store (one small JSON object per video)."""

    def __init__(self, blobs: BlobStore) -> None:
        self._blobs = blobs

    def record(self, payload: Payload, job_id: str, created_at: dt.datetime) -> None:
        """Write the entry; idempotent for the same job, and never overwrites another job's."""
        key = registry_key(payload)
        if self._blobs.exists(key):
            existing = self.lookup(payload)
            if existing is not None and existing.job_id != job_id:
                raise ValueError(
                    f"watermark payload {payload.hex} already belongs to job {existing.job_id}"
                )
            return
        entry = {"job_id": job_id, "payload": payload.hex, "created_at": created_at.isoformat()}
        self._blobs.put(key, json.dumps(entry).encode())

    def lookup(self, payload: Payload) -> RegistryEntry | None:
        key = registry_key(payload)
        try:
            raw = self._blobs.get(self._blobs.uri(key))
        except (BlobNotFound, ValueError):
            return None
        try:
            entry = json.loads(raw)
            return RegistryEntry(
                job_id=str(entry["job_id"]),
                created_at=dt.datetime.fromisoformat(entry["created_at"]),
            )
        except (ValueError, KeyError, TypeError):
            return None
