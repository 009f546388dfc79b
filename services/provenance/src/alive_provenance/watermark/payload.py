"""The 64 bits a watermark carries: a 48-bit asset id and a CRC-16 over it.

The id is a keyed hash of the job id, so the watermark holds no personal data and
leads back to a job only through the registry Alive keeps. The CRC is what makes an
unmarked video never read as marked: noise that survives the detector's sync gate
still passes a 16-bit check only once in 65,536 tries.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

ALGORITHM = "com.alive.watermark.v1"  # the name the C2PA soft-binding assertion gives
ID_BITS = 48
CRC_BITS = 16
PAYLOAD_BITS = ID_BITS + CRC_BITS
_CRC_POLY = 0x1021  # CRC-16/CCITT
_ID_DOMAIN = b"alive.watermark.v1.asset-id"


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (init 0xFFFF), bit by bit: 6 bytes do not need a table."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ _CRC_POLY if crc & 0x8000 else crc << 1) & 0xFFFF
    return crc


@dataclass(frozen=True)
class Payload:
    """A 48-bit asset id; `hex` (12 hex digits) is how it is shown and stored."""

    asset_id: int

    def __post_init__(self) -> None:
        if not 0 <= self.asset_id < 1 << ID_BITS:
            raise ValueError(f"Payload.asset_id: must fit in {ID_BITS} bits")

    @classmethod
    def for_job(cls, job_id: str) -> Payload:
        """The payload of a job's video: the first 48 bits of SHA-256(domain, job id)."""
        if not job_id:
            raise ValueError("job_id: must not be empty")
        digest = hashlib.sha256(_ID_DOMAIN + b"\0" + job_id.encode()).digest()
        return cls(int.from_bytes(digest[: ID_BITS // 8], "big"))

    @classmethod
    def from_hex(cls, text: str) -> Payload:
        if len(text) != ID_BITS // 4:
            raise ValueError(f"payload: expected {ID_BITS // 4} hex digits, got {text!r}")
        return cls(int(text, 16))

    @property
    def bytes(self) -> bytes:
        return self.asset_id.to_bytes(ID_BITS // 8, "big")

    @property
    def hex(self) -> str:
        return f"{self.asset_id:0{ID_BITS // 4}x}"

    def bits(self) -> NDArray[np.int8]:
        """The 64 bits to embed as +1/-1 (id then CRC, most significant first)."""
        word = (self.asset_id << CRC_BITS) | crc16(self.asset_id.to_bytes(ID_BITS // 8, "big"))
        bits = [(word >> (PAYLOAD_BITS - 1 - i)) & 1 for i in range(PAYLOAD_BITS)]
        return np.where(np.array(bits, dtype=bool), 1, -1).astype(np.int8)

    @classmethod
    def from_bits(cls, signs: NDArray[np.floating] | NDArray[np.integer]) -> Payload | None:
        """Decode hard decisions (sign of each soft bit); None when the CRC does not match."""
        if len(signs) != PAYLOAD_BITS:
            raise ValueError(f"expected {PAYLOAD_BITS} bits, got {len(signs)}")
        word = 0
        for value in signs:
            word = (word << 1) | int(value > 0)
        asset_id, check = word >> CRC_BITS, word & ((1 << CRC_BITS) - 1)
        if crc16(asset_id.to_bytes(ID_BITS // 8, "big")) != check:
            return None
        return cls(asset_id)
