"""The watermark's pattern: one periodic tile, built in the frequency domain.

Why a tile: a crop keeps whole periods, so the detector folds the frame modulo the
period and only has to find a circular shift, whatever was cut off. Why low
frequencies: x264 at crf 28 and a 0.75x downscale keep structure 6-40 px across and
drop finer detail. Why separate frequency bins: each bin of the band belongs to
exactly one carrier (the sync carrier or one payload bit), so the carriers are
orthogonal and the sync never disturbs a bit. Each bin gets a fixed pseudo-random
phase from the key; a code symbol (see `ecc`) flips the sign of its bins. Bins are
assigned at random, so each symbol's bins are spread over the band and a lost
frequency range costs a few symbols' confidence, not whole symbols.

Geometry is relative to the frame: the period is `TILE_FRACTION` of the frame width
(128 px at 720 wide), so a video downscaled as a whole keeps the pattern in place
relative to its width.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from alive_provenance.watermark.ecc import coded_length
from alive_provenance.watermark.payload import PAYLOAD_BITS

REF_WIDTH = 720
REF_TILE = 128  # px at REF_WIDTH
TILE_FRACTION = REF_TILE / REF_WIDTH
BAND = (3.0, 15.0)  # cycles per tile: wavelengths 8.5..43 px at 720 wide
SYNC_SHARE = 0.25  # fraction of the band's bins spent on the sync carrier
CARRIERS = coded_length(PAYLOAD_BITS)  # one per code symbol
DEFAULT_KEY = b"alive.watermark.v1"
"""Development key: it is in this public file, so anyone can read or forge marks made with it.

Production mounts a secret (`Settings.watermark_key_file`, see `load_key`).
"""
MIN_KEY_BYTES = 16


def load_key(path: Path | None) -> bytes:
    """The watermark key from a secret file, or `DEFAULT_KEY` when no file is configured.

    Whitespace around the file's content is ignored (a trailing newline from
    `kubectl create secret` must not change the key). Errors name the setting
    and never print the key.
    """
    if path is None:
        return DEFAULT_KEY
    try:
        key = Path(path).read_bytes().strip()
    except OSError as exc:
        raise ValueError(f"watermark_key_file: cannot read {path}: {exc.strerror}") from exc
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(
            f"watermark_key_file: {path} holds {len(key)} bytes; at least {MIN_KEY_BYTES} "
            f"are needed (e.g. `openssl rand -hex 32`)"
        )
    return key


@dataclass(frozen=True, eq=False)
class Layout:
    """Which carrier owns each frequency bin (0 = sync, 1 + i = code symbol i) and its phase.

    `ky`, `kx`: integer cycles per tile, kx > 0 (one of each conjugate pair).
    """

    ky: NDArray[np.int64]
    kx: NDArray[np.int64]
    owner: NDArray[np.int64]
    phase: NDArray[np.float64]

    def carrier(self, index: int) -> NDArray[np.bool_]:
        return self.owner == index


@functools.cache
def layout(key: bytes = DEFAULT_KEY) -> Layout:
    """The bin assignment for `key`: the same on every machine and every run."""
    r_lo, r_hi = BAND
    span = int(r_hi)
    ky, kx = np.meshgrid(np.arange(-span, span + 1), np.arange(1, span + 1), indexing="ij")
    radius = np.hypot(ky, kx)
    inside = (radius >= r_lo) & (radius <= r_hi)
    ky, kx = ky[inside], kx[inside]
    seed = int.from_bytes(hashlib.sha256(key).digest()[:8], "big")
    rng = np.random.default_rng(seed)
    n_sync = round(len(ky) * SYNC_SHARE)
    order = rng.permutation(len(ky))
    owner = np.empty(len(ky), dtype=np.int64)
    owner[order[:n_sync]] = 0
    owner[order[n_sync:]] = 1 + np.arange(len(ky) - n_sync) % CARRIERS
    phase = rng.uniform(0, 2 * np.pi, len(ky))
    return Layout(ky=ky, kx=kx, owner=owner, phase=phase)


def tile(symbols: NDArray[np.int8], size: int, key: bytes = DEFAULT_KEY) -> NDArray[np.float32]:
    """The `size` x `size` tile carrying the code `symbols` (+1/-1), with unit RMS."""
    if len(symbols) != CARRIERS:
        raise ValueError(f"symbols: expected {CARRIERS}, got {len(symbols)}")
    if size < 2 * BAND[1] + 2:
        raise ValueError(f"tile size {size}: too small for the watermark band")
    lay = layout(key)
    signs = np.concatenate([[1.0], symbols.astype(np.float64)])[lay.owner]
    spectrum = np.zeros((size, size // 2 + 1), dtype=np.complex128)
    spectrum[lay.ky % size, lay.kx] = signs * np.exp(1j * lay.phase)
    pattern = np.fft.irfft2(spectrum, s=(size, size))
    return (pattern / np.sqrt(np.mean(pattern**2))).astype(np.float32)


def tile_size(frame_width: int) -> int:
    """The period in pixels for a frame `frame_width` wide."""
    return max(round(frame_width * TILE_FRACTION), int(2 * BAND[1] + 2))
