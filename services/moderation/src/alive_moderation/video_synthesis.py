"""Synthetic MP4s for the benchmark and tests, so neither needs a real generated video."""

from __future__ import annotations

import io
from collections.abc import Callable

import av
import numpy as np

FramePainter = Callable[[float, int, int], np.ndarray]
"""(time_seconds, width, height) -> RGB uint8 frame of shape (height, width, 3)."""


def moving_gradient(time: float, width: int, height: int) -> np.ndarray:
    """A sky-like gradient that drifts over time: cheap to make, realistic to encode."""
    ys = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    xs = np.linspace(0, 255, width, dtype=np.float32)[None, :]
    shift = 40.0 * time
    red = np.broadcast_to((xs + shift) % 256, (height, width))
    green = np.broadcast_to(ys * 0.6 + 60, (height, width))
    blue = np.broadcast_to(255 - ys * 0.5, (height, width))
    return np.stack([red, green, blue], axis=2).astype(np.uint8)


def synthesise_mp4(
    seconds: float = 5.0,
    fps: int = 24,
    width: int = 720,
    height: int = 1280,
    painter: FramePainter = moving_gradient,
    gop: int | None = None,
) -> bytes:
    """Encode an H.264 MP4 (ultrafast); `gop` sets the keyframe interval (libx264 default 250)."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "23"}
        if gop is not None:
            stream.codec_context.gop_size = gop
        for index in range(round(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(painter(index / fps, width, height), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()
