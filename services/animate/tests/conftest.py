"""Shared fixtures: the sample photographs and decoded renders."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import pytest

PHOTOS = Path(__file__).resolve().parents[3] / "samples" / "photos"


@pytest.fixture(scope="session")
def photo_bytes() -> dict[str, bytes]:
    return {p.stem: p.read_bytes() for p in sorted(PHOTOS.glob("*.jpg"))}


class Decoded:
    """What a viewer would get from the MP4: frames, rate, and the audio samples."""

    def __init__(self, video: bytes) -> None:
        with av.open(io.BytesIO(video)) as container:
            stream = container.streams.video[0]
            self.fps = float(stream.average_rate)
            self.pix_fmt = stream.codec_context.pix_fmt
            self.codec = stream.codec_context.name
            self.frames = np.stack(
                [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
            ).astype(np.float32)
            self.has_audio = bool(container.streams.audio)
        self.audio = np.zeros((2, 0), np.float32)
        self.audio_codec = None
        if self.has_audio:
            with av.open(io.BytesIO(video)) as container:
                self.audio_codec = container.streams.audio[0].codec_context.name
                chunks = [f.to_ndarray() for f in container.decode(audio=0)]
                self.audio = np.concatenate(chunks, axis=1)

    @property
    def size(self) -> tuple[int, int]:
        return self.frames.shape[2], self.frames.shape[1]


@pytest.fixture(scope="session")
def decode():  # type: ignore[no-untyped-def]
    return Decoded
