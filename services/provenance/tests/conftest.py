"""Shared fixtures: small synthetic story videos and a development signing chain."""

from __future__ import annotations

import io
from collections.abc import Callable

import av
import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image

from alive_provenance.credentials import DevChain, SigningCredentials, ensure_dev_chain

WIDTH, HEIGHT, FPS = 720, 1280, 24


def photo_like(width: int, height: int, seed: int = 7) -> NDArray[np.uint8]:
    """A bright sky over a textured ground, bigger than the frame so it can pan."""
    rng = np.random.default_rng(seed)
    yy = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    sky = np.concatenate([150 + 60 * yy, 190 + 40 * yy, 250 - 20 * yy], axis=2)
    small = rng.integers(0, 255, (height // 8, width // 8, 3), dtype=np.uint8)
    texture = np.asarray(
        Image.fromarray(small).resize((width, height), Image.Resampling.BICUBIC),
        dtype=np.float32,
    )
    ground = np.arange(height)[:, None, None] > height * 0.55
    image = np.where(ground, texture * 0.6 + [40, 70, 30], sky + (texture - 128) * 0.05)
    return np.clip(image, 0, 255).astype(np.uint8)


def make_video(
    seconds: float = 2.0,
    *,
    audio: bool = True,
    width: int = WIDTH,
    height: int = HEIGHT,
    fps: int = FPS,
    preset: str = "ultrafast",
) -> bytes:
    """Encode a slowly panning photo as H.264 (+ a 440 Hz AAC tone), like the generator."""
    frames = round(seconds * fps)
    source = photo_like(width + 96, height + 96)
    sink = io.BytesIO()
    with av.open(sink, "w", format="mp4") as container:
        video = container.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": preset, "crf": "23"}
        tone = container.add_stream("aac", rate=48000) if audio else None
        for i in range(frames):
            dx = dy = i * 96 // frames
            crop = np.ascontiguousarray(source[dy : dy + height, dx : dx + width])
            container.mux(video.encode(av.VideoFrame.from_ndarray(crop, format="rgb24")))
        container.mux(video.encode(None))
        if tone is not None:
            _add_tone(container, tone, seconds)
    return sink.getvalue()


def _add_tone(
    container: av.container.OutputContainer, stream: av.audio.stream.AudioStream, seconds: float
) -> None:
    total, start = int(seconds * 48000), 0
    while start < total:
        t = np.arange(start, start + 1024) / 48000
        tone = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(np.stack([tone, tone]), format="fltp", layout="stereo")
        frame.sample_rate, frame.pts = 48000, start
        container.mux(stream.encode(frame))
        start += 1024
    container.mux(stream.encode(None))


@pytest.fixture(scope="session")
def video_factory() -> Callable[..., bytes]:
    """Make (and memoise) test videos so a session encodes each shape once."""
    cache: dict[tuple[object, ...], bytes] = {}

    def factory(seconds: float = 2.0, **options: object) -> bytes:
        key = (seconds, *sorted(options.items()))
        if key not in cache:
            cache[key] = make_video(seconds, **options)  # type: ignore[arg-type]
        return cache[key]

    return factory


@pytest.fixture(scope="session")
def raw_video(video_factory: Callable[..., bytes]) -> bytes:
    return video_factory(2.0, audio=True)


@pytest.fixture(scope="session")
def dev_chain(tmp_path_factory: pytest.TempPathFactory) -> DevChain:
    return ensure_dev_chain(tmp_path_factory.mktemp("dev-chain"))


@pytest.fixture(scope="session")
def dev_credentials(dev_chain: DevChain) -> SigningCredentials:
    return SigningCredentials.from_files(dev_chain.key_path, dev_chain.chain_path)


@pytest.fixture(scope="session")
def photo_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(photo_like(360, 640)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _decode_luma(video: bytes) -> list[NDArray[np.uint8]]:
    with av.open(io.BytesIO(video)) as container:
        return [
            frame.to_ndarray(format="gray")
            for frame in container.decode(container.streams.video[0])
        ]


@pytest.fixture(scope="session")
def decode_luma() -> Callable[[bytes], list[NDArray[np.uint8]]]:
    """Every frame's luma plane (tests cannot import conftest under importlib mode)."""
    return _decode_luma
