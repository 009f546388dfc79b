"""Benchmark material: real photographs made into short stories, and the attacks on them.

Shared by `bench_watermark` and `bench`. A story is a photo scaled to cover the
720x1280 frame with a slow pan and a gentle zoom (what the generator's camera moves
look like), encoded like the generator does; attacks re-encode it the way a platform
re-upload would (libx264 at a given crf, optionally scaled or cropped).
"""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
from av.video.frame import VideoFrame
from numpy.typing import NDArray
from PIL import Image

WIDTH, HEIGHT, FPS = 720, 1280, 24
PHOTOS = Path(__file__).resolve().parents[4] / "samples" / "photos"


def sample_photos(directory: Path = PHOTOS) -> list[Path]:
    photos = sorted(directory.glob("*.jpg"))
    if not photos:
        raise FileNotFoundError(f"no sample photos (*.jpg) in {directory}")
    return photos


def story_frames(photo: Path, seconds: float, fps: int = FPS) -> list[NDArray[np.uint8]]:
    """RGB frames: the photo covering the frame, zooming in 8% while panning 6% of the
    width, about the generator's own camera moves (~0.6 px per frame)."""
    image = Image.open(photo).convert("RGB")
    cover = max(WIDTH / image.width, HEIGHT / image.height)
    box_w0, box_h0 = WIDTH / cover, HEIGHT / cover  # the frame's footprint on the photo
    frames = []
    count = round(seconds * fps)
    for i in range(count):
        t = i / max(count - 1, 1)
        box_w, box_h = box_w0 / (1 + 0.08 * t), box_h0 / (1 + 0.08 * t)
        x0 = (image.width - box_w) / 2 + box_w0 * 0.06 * (t - 0.5)
        x0 = min(max(x0, 0.0), image.width - box_w)
        y0 = (image.height - box_h) / 2
        crop = image.transform(
            (WIDTH, HEIGHT),
            Image.Transform.EXTENT,
            (x0, y0, x0 + box_w, y0 + box_h),
            Image.Resampling.BICUBIC,
        )
        frames.append(np.asarray(crop))
    return frames


def encode_frames(frames: list[NDArray[np.uint8]], crf: int = 18, fps: int = FPS) -> bytes:
    """H.264 MP4 of RGB frames (veryfast, like the generator)."""
    sink = io.BytesIO()
    height, width = frames[0].shape[:2]
    with av.open(sink, "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": str(crf)}
        for rgb in frames:
            out.mux(
                stream.encode(VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24"))
            )
        out.mux(stream.encode(None))
    return sink.getvalue()


def reencode(
    video: bytes,
    crf: int,
    *,
    size: tuple[int, int] | None = None,
    crop_fraction: float = 0.0,
    preset: str = "medium",
) -> bytes:
    """Re-encode as a re-upload would: optional centred crop (`crop_fraction` of each
    side's length, split between both edges), then optional resize to `size` (w, h)."""
    sink = io.BytesIO()
    with av.open(io.BytesIO(video), mode="r") as source, av.open(sink, "w", format="mp4") as out:
        src = source.streams.video[0]
        src.thread_type = "AUTO"
        stream = None
        for frame in source.decode(src):
            image = frame.to_ndarray(format="yuv420p")  # planar: Y rows then U, V
            h, w = frame.height, frame.width
            if crop_fraction:
                cut_x, cut_y = round(w * crop_fraction / 4) * 2, round(h * crop_fraction / 4) * 2
                frame = _crop(frame, cut_x, cut_y)
                h, w = frame.height, frame.width
            if size is not None:
                frame = frame.reformat(width=size[0], height=size[1], interpolation="BICUBIC")
                w, h = size
            if stream is None:
                stream = out.add_stream("libx264", rate=src.average_rate or FPS)
                stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
                stream.options = {"preset": preset, "crf": str(crf)}
            frame.pts = None
            out.mux(stream.encode(frame))
            del image
        assert stream is not None
        out.mux(stream.encode(None))
    return sink.getvalue()


def _crop(frame: VideoFrame, cut_x: int, cut_y: int) -> VideoFrame:
    planes = frame.to_ndarray(format="yuv420p")
    h, w = frame.height, frame.width
    y = planes[:h]
    u = planes[h : h + h // 4].reshape(h // 2, w // 2)
    v = planes[h + h // 4 :].reshape(h // 2, w // 2)
    y = y[cut_y : h - cut_y, cut_x : w - cut_x]
    u = u[cut_y // 2 : (h - cut_y) // 2, cut_x // 2 : (w - cut_x) // 2]
    v = v[cut_y // 2 : (h - cut_y) // 2, cut_x // 2 : (w - cut_x) // 2]
    stacked = np.concatenate([y.ravel(), u.ravel(), v.ravel()]).reshape(-1, y.shape[1])
    return VideoFrame.from_ndarray(np.ascontiguousarray(stacked), format="yuv420p")
