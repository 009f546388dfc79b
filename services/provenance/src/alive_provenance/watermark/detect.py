"""Detection: average the frames, fold them onto one tile, find the shift, read the bits.

1. Average the luma of up to `MAX_FRAMES` frames: the mark is the same in every frame
   while moving content and coding noise partly average out.
2. For each hypothesis of the period in received pixels (the frame was resized as a
   whole, or cropped without resizing), resample so the period is `WORK_TILE` px,
   remove the slow background, and fold the image modulo the period: a crop becomes
   a circular shift of the tile. (A crop that is then scaled to another size fits
   neither hypothesis and is not recovered yet.)
3. Whiten (keep only the phase of each frequency bin, so a photo's strong low
   frequencies weigh no more than anything else) and correlate with the sync carrier:
   the peak gives the shift, its height over the surface's spread is `sync_score`.
4. At that shift each code symbol is its bins' summed agreement, weighted by how
   well each frequency ring came through; soft Viterbi (`ecc`) turns the symbols
   into the 64 payload bits.

A video reads as marked only when the sync score clears `SYNC_THRESHOLD` *and* the
64 bits pass their CRC-16: unmarked content rarely clears the first gate (the
benchmark measures how rarely) and then passes the second once in 65,536.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import av
import av.error
import numpy as np
from av.video.frame import VideoFrame
from numpy.typing import NDArray
from PIL import Image

from alive_provenance.watermark import ecc
from alive_provenance.watermark.pattern import (
    BAND,
    CARRIERS,
    DEFAULT_KEY,
    REF_TILE,
    TILE_FRACTION,
    Layout,
    layout,
)
from alive_provenance.watermark.payload import Payload

WORK_TILE = 64
MAX_FRAMES = 240
SYNC_THRESHOLD = 6.0
_REF_HEIGHT_FRACTION = REF_TILE / 1280  # the period relative to a 9:16 frame's height
_SUBPIXEL = np.linspace(-0.5, 0.5, 9)
_RINGS = 4
_RING_WIDTH = (BAND[1] - BAND[0]) / _RINGS + 1e-9


@dataclass(frozen=True)
class Detection:
    """What the detector read. `payload` is set only when `found`."""

    found: bool
    payload: Payload | None
    sync_score: float
    period_px: float
    frames: int

    @classmethod
    def nothing(cls, frames: int = 0) -> Detection:
        return cls(found=False, payload=None, sync_score=0.0, period_px=0.0, frames=frames)


def detect_in_video(data: bytes, key: bytes = DEFAULT_KEY) -> Detection:
    """Read the watermark from an encoded video; anything undecodable reads as unmarked."""
    try:
        luma, frames = mean_luma(data)
    except (av.error.FFmpegError, ValueError, IndexError):
        return Detection.nothing()
    if frames == 0:
        return Detection.nothing()
    found = detect_in_luma(luma, key)
    return Detection(found.found, found.payload, found.sync_score, found.period_px, frames)


def mean_luma(data: bytes, max_frames: int = MAX_FRAMES) -> tuple[NDArray[np.float32], int]:
    """The average luma plane of the first `max_frames` frames, and how many were read."""
    total: NDArray[np.float32] | None = None
    count = 0
    with av.open(io.BytesIO(data), mode="r") as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for frame in container.decode(stream):
            assert isinstance(frame, VideoFrame)
            luma = _luma(frame)
            total = luma.astype(np.float32) if total is None else total + luma
            count += 1
            if count >= max_frames:
                break
    if total is None:
        return np.zeros((0, 0), np.float32), 0
    return total / count, count


def _luma(frame: VideoFrame) -> NDArray[np.uint8]:
    if frame.format.name not in ("yuv420p", "yuvj420p", "yuv422p", "yuv444p", "nv12"):
        return np.asarray(frame.to_ndarray(format="gray"), np.uint8)
    plane = frame.planes[0]
    rows = np.frombuffer(memoryview(plane), np.uint8).reshape(frame.height, plane.line_size)
    return rows[:, : frame.width]


def detect_in_luma(luma: NDArray[np.floating], key: bytes = DEFAULT_KEY) -> Detection:
    """Detect in one (averaged) luma image of any size; tries each period hypothesis."""
    height, width = luma.shape
    if min(height, width) < 2 * WORK_TILE:
        return Detection.nothing(1)
    best = Detection.nothing(1)
    for period in period_hypotheses(luma):
        found = _detect_at_period(luma, period, key)
        if found.found or found.sync_score > best.sync_score:
            best = found
            if found.found:
                break
    return best


def period_hypotheses(luma: NDArray[np.floating]) -> list[float]:
    """Periods to try, most likely first: resized as a whole (by width, by height), or
    cropped at Alive's native 720 px width."""
    height, width = luma.shape
    candidates = [width * TILE_FRACTION, height * _REF_HEIGHT_FRACTION, float(REF_TILE)]
    unique: list[float] = []
    for period in candidates:
        if all(abs(period - seen) > 0.002 * seen for seen in unique):
            unique.append(period)
    return unique


def _detect_at_period(luma: NDArray[np.floating], period: float, key: bytes) -> Detection:
    folded = fold(_resample(luma, WORK_TILE / period), WORK_TILE)
    lay = layout(key)
    spectrum = np.fft.rfft2(folded)[lay.ky % WORK_TILE, lay.kx]
    agree = spectrum / np.maximum(np.abs(spectrum), 1e-9) * np.exp(-1j * lay.phase)
    sync = lay.carrier(0)
    surface = _correlation_surface(agree[sync], lay.ky[sync], lay.kx[sync])
    peak = np.unravel_index(int(np.argmax(surface)), surface.shape)
    score = float((surface[peak] - np.median(surface)) / max(float(surface.std()), 1e-9))
    dy, dx = _refine(agree[sync], lay.ky[sync], lay.kx[sync], float(peak[0]), float(peak[1]))
    rotation = np.exp(2j * np.pi * (lay.ky * dy + lay.kx * dx) / WORK_TILE)
    votes = np.real(agree * rotation) * _reliability(np.real(agree * rotation), lay)
    soft = np.bincount(lay.owner, weights=votes, minlength=CARRIERS + 1)[1:].astype(np.float64)
    payload = Payload.from_bits(ecc.decode(soft)) if score >= SYNC_THRESHOLD else None
    return Detection(
        found=payload is not None, payload=payload, sync_score=score, period_px=period, frames=1
    )


def _reliability(votes: NDArray[np.float64], lay: Layout) -> NDArray[np.float64]:
    """Per-bin weight from how well the sync bins of the same frequency ring agree.

    Compression and scaling erase the high rings first, and a photo's own content
    drowns the low ones: the sync carrier, whose symbols are known, measures both,
    so the bits lean on the rings that came through (weight ~ mean / variance).
    """
    ring = np.minimum((np.hypot(lay.ky, lay.kx) - BAND[0]) // _RING_WIDTH, _RINGS - 1).astype(int)
    sync = lay.owner == 0
    total = np.bincount(ring[sync], weights=votes[sync], minlength=_RINGS)
    count = np.maximum(np.bincount(ring[sync], minlength=_RINGS), 1)
    agreement = np.clip(total / count, 0.02, 0.95)
    weight = agreement / (0.5 * (1 - agreement**2))
    return weight[ring]


def _correlation_surface(
    agree: NDArray[np.complex128], ky: NDArray[np.int64], kx: NDArray[np.int64]
) -> NDArray[np.float64]:
    grid = np.zeros((WORK_TILE, WORK_TILE // 2 + 1), np.complex128)
    grid[ky % WORK_TILE, kx] = agree
    return np.fft.irfft2(grid, s=(WORK_TILE, WORK_TILE))


def _refine(
    agree: NDArray[np.complex128],
    ky: NDArray[np.int64],
    kx: NDArray[np.int64],
    y0: float,
    x0: float,
) -> tuple[float, float]:
    """Sub-pixel shift around the integer peak (a half-pixel error costs high bins dearly)."""
    dy = y0 + _SUBPIXEL[:, None, None]
    dx = x0 + _SUBPIXEL[None, :, None]
    phases = np.exp(2j * np.pi * (ky * dy + kx * dx) / WORK_TILE)
    score = np.real(agree * phases).sum(axis=2)
    i, j = np.unravel_index(int(np.argmax(score)), score.shape)
    return y0 + float(_SUBPIXEL[i]), x0 + float(_SUBPIXEL[j])


def _resample(luma: NDArray[np.floating], factor: float) -> NDArray[np.float32]:
    height, width = luma.shape
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    image = Image.fromarray(np.asarray(luma, dtype=np.float32), mode="F")
    filt = Image.Resampling.BOX if factor < 1 else Image.Resampling.BILINEAR
    small = np.asarray(image.resize(size, filt), dtype=np.float32)
    # Remove the slow background (sky gradients, vignettes) before folding: it would
    # otherwise leak into the band through the fold's seams.
    coarse = image.resize((max(1, size[0] // 8), max(1, size[1] // 8)), Image.Resampling.BOX)
    background = np.asarray(coarse.resize(size, Image.Resampling.BILINEAR), dtype=np.float32)
    return small - background


def fold(image: NDArray[np.float32], period: int) -> NDArray[np.float64]:
    """Average `image` modulo `period` in both directions (partial tiles count too)."""
    height, width = image.shape
    rows, cols = -(-height // period), -(-width // period)
    padded = np.zeros((rows * period, cols * period), np.float64)
    padded[:height, :width] = image - image.mean()
    weight = np.zeros_like(padded)
    weight[:height, :width] = 1
    total = padded.reshape(rows, period, cols, period).sum(axis=(0, 2))
    count = weight.reshape(rows, period, cols, period).sum(axis=(0, 2))
    return total / np.maximum(count, 1)
