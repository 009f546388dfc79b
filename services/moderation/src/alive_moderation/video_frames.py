"""Evenly spaced frames from an MP4, decoding only what is needed.

One demux pass (no decoding) indexes packet times and keyframes. Each target
time then either continues decoding forward or, when a keyframe lies between
the decoder's position and the target, seeks to that keyframe. Short-GOP
videos decode a handful of frames per sample; a single-keyframe video is
decoded once, front to back, never twice.
"""

from __future__ import annotations

import bisect
import io
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

import av
import numpy as np

from alive_moderation.errors import ModerationInputError


@dataclass(frozen=True)
class SampledFrame:
    """One decoded frame: seconds from the start of the video, and RGB pixels."""

    time: float
    image: np.ndarray


@dataclass(frozen=True)
class _Index:
    start: int
    end: int
    keyframes: list[int]
    time_base: Fraction


def sample_times(duration: float, samples: int) -> list[float]:
    """Centres of `samples` equal slices of the duration: the whole video, ends included."""
    return [duration * (i + 0.5) / samples for i in range(samples)]


def sample_frames(
    data: bytes,
    samples: int,
    size: tuple[int, int] | None = None,
    max_side: int | None = None,
) -> tuple[list[SampledFrame], float]:
    """Return (frames, duration_seconds). `size` = (width, height) to scale frames to;
    or `max_side` to scale them down, aspect kept, so the longer side fits.

    Raises `ModerationInputError` (field `video`) for anything that is not a
    decodable video.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ModerationInputError("video", f"must be MP4 bytes, got {type(data).__name__}")
    if len(data) == 0:
        raise ModerationInputError("video", "is empty")
    if samples < 1:
        raise ModerationInputError("samples", f"must be at least 1, got {samples}")
    try:
        with av.open(io.BytesIO(bytes(data)), mode="r") as container:
            if not container.streams.video:
                raise ModerationInputError("video", "has no video stream")
            stream = container.streams.video[0]
            if size is None and max_side is not None and stream.width and stream.height:
                scale = min(1.0, max_side / max(stream.width, stream.height))
                size = (max(1, round(stream.width * scale)), max(1, round(stream.height * scale)))
            index = _index(container, stream)
            span = index.end - index.start
            targets = [index.start + round(span * (i + 0.5) / samples) for i in range(samples)]
            frames = list(_decode_at(container, stream, index, targets, size))
    except ModerationInputError:
        raise
    except (av.error.FFmpegError, ValueError, OSError) as exc:
        raise ModerationInputError("video", f"could not be decoded ({exc})") from exc
    if not frames:
        raise ModerationInputError("video", "contains no decodable frames")
    return frames, float(span * index.time_base)


def _index(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> _Index:
    if stream.time_base is None:
        raise ModerationInputError("video", "video stream has no time base")
    pts_seen: list[int] = []
    keyframes: list[int] = []
    end = None
    for packet in container.demux(stream):
        if packet.pts is None:
            continue
        pts_seen.append(packet.pts)
        if packet.is_keyframe:
            keyframes.append(packet.pts)
        packet_end = packet.pts + (packet.duration or 0)
        end = packet_end if end is None else max(end, packet_end)
    if not pts_seen or end is None:
        raise ModerationInputError("video", "contains no video frames")
    start = min(pts_seen)
    end = max(end, max(pts_seen) + 1)
    return _Index(start, end, sorted(keyframes) or [start], stream.time_base)


def _decode_at(
    container: av.container.InputContainer,
    stream: av.video.stream.VideoStream,
    index: _Index,
    targets: list[int],
    size: tuple[int, int] | None,
) -> Iterator[SampledFrame]:
    decoded: Iterator[av.VideoFrame] | None = None
    position = -1  # pts of the last frame the decoder returned
    last: av.VideoFrame | None = None
    for target in targets:
        keyframe = index.keyframes[max(bisect.bisect_right(index.keyframes, target) - 1, 0)]
        if decoded is None or keyframe > position:
            container.seek(keyframe, stream=stream, backward=True, any_frame=False)
            decoded = container.decode(stream)
            position = -1
        chosen = last if last is not None and position >= target else None
        while chosen is None:
            frame = next(decoded, None)
            if frame is None:
                chosen = last
                break
            last = frame
            position = frame.pts if frame.pts is not None else position + 1
            if position >= target:
                chosen = frame
        if chosen is None:
            continue
        width, height = size if size is not None else (chosen.width, chosen.height)
        pixels = chosen.to_ndarray(format="rgb24", width=width, height=height)
        pts = chosen.pts if chosen.pts is not None else target
        yield SampledFrame(float((pts - index.start) * index.time_base), pixels)
