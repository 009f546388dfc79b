"""The invisible watermark: invisible enough, survives re-uploads, never invented."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from alive_provenance.bench_clips import reencode
from alive_provenance.finishing import YuvPlanes, finish_video
from alive_provenance.label import LabelStyle, render_label
from alive_provenance.watermark import (
    DEFAULT_KEY,
    Embedder,
    Payload,
    detect_in_luma,
    detect_in_video,
    ecc,
    load_key,
)

JOB = "job-watermark-1"
PAYLOAD = Payload.for_job(JOB)


@pytest.fixture(scope="module")
def unmarked(video_factory: Callable[..., bytes]) -> bytes:
    return finish_video(video_factory(2.0, audio=False), LabelStyle())


@pytest.fixture(scope="module")
def marked(video_factory: Callable[..., bytes]) -> bytes:
    style = LabelStyle()
    return finish_video(video_factory(2.0, audio=False), style, Embedder(PAYLOAD, keep_clear=style))


def test_payload_is_stable_per_job_and_distinct_between_jobs() -> None:
    assert Payload.for_job(JOB) == PAYLOAD
    assert Payload.for_job("job-watermark-2") != PAYLOAD
    assert Payload.from_hex(PAYLOAD.hex) == PAYLOAD
    assert len(PAYLOAD.hex) == 12


def test_a_single_wrong_bit_fails_the_payload_check() -> None:
    bits = PAYLOAD.bits()
    assert Payload.from_bits(bits) == PAYLOAD
    for i in range(len(bits)):
        flipped = bits.copy()
        flipped[i] = -flipped[i]
        assert Payload.from_bits(flipped) is None


def test_error_correction_repairs_weak_and_flipped_symbols() -> None:
    rng = np.random.default_rng(5)
    symbols = ecc.encode(PAYLOAD.bits()).astype(float)
    soft = symbols + rng.normal(0, 0.5, symbols.size)
    soft[rng.choice(symbols.size, 6, replace=False)] *= -1  # six symbols read wrong
    assert Payload.from_bits(ecc.decode(soft)) == PAYLOAD


def test_marking_is_invisible_by_psnr_and_spares_the_label() -> None:
    rng = np.random.default_rng(1)
    luma = rng.integers(30, 220, (1280, 720), dtype=np.uint8)
    chroma = np.full((640, 360), 128, np.uint8)
    planes = YuvPlanes(y=luma.copy(), u=chroma.copy(), v=chroma.copy(), full_range=False)
    Embedder(PAYLOAD, keep_clear=LabelStyle())(planes, 0)
    mse = np.mean((planes.y.astype(float) - luma) ** 2)
    assert 10 * np.log10(255**2 / mse) >= 38.0
    patch = render_label(720, 1280, LabelStyle())
    box = (slice(patch.y, patch.y + patch.height), slice(patch.x, patch.x + patch.width))
    assert np.array_equal(planes.y[box], luma[box])
    assert np.array_equal(planes.u, chroma)  # colour is untouched


def test_published_video_carries_the_payload(marked: bytes) -> None:
    found = detect_in_video(marked)
    assert found.found and found.payload == PAYLOAD


@pytest.mark.parametrize(
    ("attack", "options"),
    [
        ("crf 28", {"crf": 28}),
        ("downscaled to 540x960", {"crf": 23, "size": (540, 960)}),
        ("cropped by 10%", {"crf": 23, "crop_fraction": 0.10}),
    ],
)
def test_payload_survives_a_re_upload(marked: bytes, attack: str, options: dict) -> None:
    found = detect_in_video(reencode(marked, **options))
    assert found.payload == PAYLOAD, f"lost after {attack} (sync score {found.sync_score:.1f})"


def test_unmarked_video_never_reads_as_marked(unmarked: bytes) -> None:
    for video in (unmarked, reencode(unmarked, 28)):
        found = detect_in_video(video)
        assert not found.found and found.payload is None


def test_noise_and_flat_images_never_read_as_marked() -> None:
    rng = np.random.default_rng(11)
    images = [rng.normal(128, sigma, (1280, 720)) for sigma in (1, 10, 40)]
    images += [np.full((960, 540), 128.0), np.linspace(0, 255, 1280)[:, None] * np.ones(720)]
    for image in images:
        assert not detect_in_luma(image).found


def test_foreign_or_broken_data_reads_as_unmarked() -> None:
    assert not detect_in_video(b"definitely not a video").found
    assert not detect_in_video(b"").found


def test_marks_are_read_only_with_the_key_that_made_them(
    video_factory: Callable[..., bytes],
) -> None:
    """A production key keeps the public development key (and anyone holding it) out."""
    secret = b"0123456789abcdef-production"
    style = LabelStyle()
    video = finish_video(
        video_factory(2.0, audio=False), style, Embedder(PAYLOAD, keep_clear=style, key=secret)
    )
    assert detect_in_video(video, secret).payload == PAYLOAD
    assert not detect_in_video(video).found  # the development key sees nothing


def test_watermark_key_comes_from_a_secret_file(tmp_path: Path) -> None:
    assert load_key(None) == DEFAULT_KEY
    path = tmp_path / "watermark.key"
    path.write_bytes(b"4f2a9c0d1e8b7a6f5e4d3c2b1a098765\n")  # kubectl adds the newline
    assert load_key(path) == b"4f2a9c0d1e8b7a6f5e4d3c2b1a098765"
    path.write_bytes(b"short-secret\n")
    with pytest.raises(ValueError, match=r"watermark_key_file: .* 12 bytes") as refused:
        load_key(path)
    assert "short-secret" not in str(refused.value)
    with pytest.raises(ValueError, match="watermark_key_file: cannot read"):
        load_key(tmp_path / "missing.key")
