"""Time the provenance stage's hot path on a 5 s 720x1280 24 fps story.

Run: python -m alive_provenance.bench [--runs 5] [--photo NAME]

Finishing = label + invisible watermark + final x264 encode (veryfast, crf 23), then
C2PA signing; verification (manifest, then manifest + watermark) is timed too. The
story is a sample photograph with gentle camera motion plus an AAC tone, encoded
like the generator's output. Timings on a shared 2-core machine are noisy: the median
of several runs is printed with min and max.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path

import av
import numpy as np
from av.video.frame import VideoFrame

from alive_provenance.bench_clips import FPS, sample_photos, story_frames
from alive_provenance.credentials import SigningCredentials, ensure_dev_chain
from alive_provenance.finishing import finish_video
from alive_provenance.label import LabelStyle
from alive_provenance.signing import ManifestInfo, sign_video
from alive_provenance.verification import verify_video
from alive_provenance.watermark import Embedder, Payload


def story_with_sound(photo: Path, seconds: int = 5) -> bytes:
    """The generator's kind of output: H.264 veryfast crf 23 plus a 48 kHz AAC tone."""
    sink = io.BytesIO()
    frames = story_frames(photo, seconds)
    with av.open(sink, "w", format="mp4") as out:
        video = out.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = 720, 1280, "yuv420p"
        video.options = {"preset": "veryfast", "crf": "23"}
        audio = out.add_stream("aac", rate=48000)
        for rgb in frames:
            out.mux(video.encode(VideoFrame.from_ndarray(rgb, format="rgb24")))
        out.mux(video.encode(None))
        for start in range(0, seconds * 48000, 1024):
            t = np.arange(start, start + 1024) / 48000
            tone = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
            frame = av.AudioFrame.from_ndarray(
                np.stack([tone, tone]), format="fltp", layout="stereo"
            )
            frame.sample_rate, frame.pts = 48000, start
            out.mux(audio.encode(frame))
        out.mux(audio.encode(None))
    return sink.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--photo", default="landscape-temple")
    args = parser.parse_args()
    photo_path = next(p for p in sample_photos() if p.stem == args.photo)
    raw = story_with_sound(photo_path)
    photo = photo_path.read_bytes()
    payload = Payload.for_job("bench")
    style = LabelStyle()
    info = ManifestInfo(
        job_id="bench",
        title="bench",
        generator_version="0.1.0",
        model_name="animate",
        model_version="1",
        watermark=payload,
    )
    timings: dict[str, list[float]] = {
        k: []
        for k in (
            "label+encode",
            "label+watermark+encode",
            "sign",
            "verify manifest",
            "verify +watermark",
        )
    }
    with tempfile.TemporaryDirectory() as tmp:
        chain = ensure_dev_chain(Path(tmp))
        creds = SigningCredentials.from_files(chain.key_path, chain.chain_path)
        root = chain.root_path.read_bytes()
        for _ in range(args.runs):
            t0 = time.perf_counter()
            finish_video(raw, style)
            t1 = time.perf_counter()
            finished = finish_video(raw, style, Embedder(payload, keep_clear=style))
            t2 = time.perf_counter()
            signed = sign_video(finished, photo, "jpeg", info, creds)
            t3 = time.perf_counter()
            plain = verify_video(signed, root, read_watermark=False)
            t4 = time.perf_counter()
            full = verify_video(signed, root)
            t5 = time.perf_counter()
            assert plain.trusted and full.watermark_payload == payload.hex, full
            for key, value in zip(
                timings, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True
            ):
                timings[key].append(value)
    total = [f + s for f, s in zip(timings["label+watermark+encode"], timings["sign"], strict=True)]
    timings["finishing total (label+watermark+encode+sign)"] = total
    print(
        f"story {photo_path.stem}: input {len(raw) / 1e6:.2f} MB, output {len(signed) / 1e6:.2f} MB, {args.runs} runs"
    )
    for name, values in timings.items():
        print(
            f"{name:48s} median {statistics.median(values):.3f} s  "
            f"min {min(values):.3f}  max {max(values):.3f}"
        )


if __name__ == "__main__":
    main()
