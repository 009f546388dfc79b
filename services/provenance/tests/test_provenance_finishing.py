"""The final encode: label burnt in, everything else about the video kept."""

from __future__ import annotations

import io
from collections.abc import Callable

import av
import numpy as np
import pytest
from numpy.typing import NDArray

from alive_provenance.finishing import FinishingError, YuvPlanes, finish_video
from alive_provenance.label import LabelStyle, render_label

Decoder = Callable[[bytes], list[NDArray[np.uint8]]]


@pytest.fixture(scope="module")
def finished(raw_video: bytes) -> bytes:
    return finish_video(raw_video, LabelStyle())


def _describe(video: bytes) -> dict[str, object]:
    with av.open(io.BytesIO(video)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        return {
            "size": (stream.codec_context.width, stream.codec_context.height),
            "fps": stream.average_rate,
            "frames": frames,
            "duration": container.duration,
            "pix_fmt": stream.codec_context.pix_fmt,
            "codec": stream.codec_context.name,
        }


def _audio_packets(video: bytes) -> list[bytes]:
    with av.open(io.BytesIO(video)) as container:
        if not container.streams.audio:
            return []
        return [bytes(p) for p in container.demux(container.streams.audio[0]) if p.size]


def test_finish_keeps_size_rate_frame_count_and_duration(raw_video: bytes, finished: bytes) -> None:
    before, after = _describe(raw_video), _describe(finished)
    assert after == before | {"codec": "h264", "pix_fmt": "yuv420p"}


def test_audio_is_carried_through_untouched(raw_video: bytes, finished: bytes) -> None:
    original = _audio_packets(raw_video)
    assert original, "the fixture should have audio"
    assert _audio_packets(finished) == original


def test_video_without_audio_stays_silent(video_factory: Callable[..., bytes]) -> None:
    silent = video_factory(1.0, audio=False)
    out = finish_video(silent, LabelStyle())
    assert _audio_packets(out) == []
    assert _describe(out)["frames"] == _describe(silent)["frames"]


def test_output_is_faststart(finished: bytes) -> None:
    assert 0 < finished.find(b"moov") < finished.find(b"mdat")


def test_label_visible_only_in_its_region(
    raw_video: bytes, finished: bytes, decode_luma: Decoder
) -> None:
    patch = render_label(720, 1280, LabelStyle())
    before, after = decode_luma(raw_video), decode_luma(finished)
    margin = 16
    for index in (0, len(before) // 2, len(before) - 1):
        a, b = before[index].astype(np.int16), after[index].astype(np.int16)
        inside = (slice(patch.y, patch.y + patch.height), slice(patch.x, patch.x + patch.width))
        text = patch.alpha > 0.99
        text &= patch.rgb[:, :, 0] > 240
        assert b[inside][text].mean() > 200, "white text is visible"
        assert np.abs(b[inside] - a[inside]).mean() > 20, "the label changes its region"
        outside = np.ones(a.shape, bool)
        outside[
            patch.y - margin : patch.y + patch.height + margin,
            patch.x - margin : patch.x + patch.width + margin,
        ] = False
        assert np.abs(b - a)[outside].mean() < 3.0, "rest of the frame within codec noise"


def test_frame_hook_sees_every_frame_and_its_edits_are_kept(
    raw_video: bytes, decode_luma: Decoder
) -> None:
    seen: list[int] = []

    def darken_corner(planes: YuvPlanes, index: int) -> None:
        seen.append(index)
        planes.y[-64:, -64:] = 16

    out = finish_video(raw_video, LabelStyle(), frame_hook=darken_corner)
    frames = decode_luma(out)
    assert seen == list(range(len(frames)))
    assert all(frame[-48:, -48:].mean() < 30 for frame in frames)


def test_every_frame_below_the_label_is_unchanged(
    raw_video: bytes, finished: bytes, decode_luma: Decoder
) -> None:
    # Checks all frames, not a sample: a label leaking into decoder reference
    # pictures or a stray write would show up as drift somewhere below it.
    before, after = decode_luma(raw_video), decode_luma(finished)
    diff = [
        np.abs(b[800:].astype(np.int16) - a[800:]).mean()
        for a, b in zip(before, after, strict=True)
    ]
    assert max(diff) < 3.0


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"not a video at all" * 50, "not a readable MP4")],
)
def test_bad_input_is_a_clear_error(data: bytes, reason: str) -> None:
    with pytest.raises(FinishingError, match=f"video: .*{reason}"):
        finish_video(data, LabelStyle())


def test_audio_only_file_is_refused(raw_video: bytes) -> None:
    sink = io.BytesIO()
    with av.open(io.BytesIO(raw_video)) as source, av.open(sink, "w", format="mp4") as out:
        audio = out.add_stream_from_template(source.streams.audio[0])
        for packet in source.demux(source.streams.audio[0]):
            if packet.dts is not None:
                packet.stream = audio
                out.mux(packet)
    with pytest.raises(FinishingError, match="no video stream"):
        finish_video(sink.getvalue(), LabelStyle())
