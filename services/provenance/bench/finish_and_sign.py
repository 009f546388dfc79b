"""Time finishing + signing of a 5 s 720x1280 24 fps story (the service's hot path).

Run: .venv/bin/python services/provenance/bench/finish_and_sign.py [--runs 5]
The input is a slowly panning photo-like frame plus an AAC tone, encoded the way the
generator does (x264 veryfast, crf 23). Timings on a shared machine are noisy: the
median of several runs is printed, with the spread.
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
from alive_provenance.credentials import SigningCredentials, ensure_dev_chain
from alive_provenance.finishing import finish_video
from alive_provenance.label import LabelStyle
from alive_provenance.signing import ManifestInfo, sign_video
from alive_provenance.verification import verify_video
from PIL import Image


def story(seconds: int = 5, width: int = 720, height: int = 1280, fps: int = 24) -> bytes:
    rng = np.random.default_rng(1)
    big_w, big_h = width + 160, height + 160
    noise = rng.integers(0, 255, (big_h // 8, big_w // 8, 3), dtype=np.uint8)
    texture = np.asarray(Image.fromarray(noise).resize((big_w, big_h)), dtype=np.float32)
    sky = np.linspace([150, 190, 250], [210, 230, 230], big_h, dtype=np.float32)[:, None, :]
    ground = np.arange(big_h)[:, None, None] > big_h * 0.55
    photo = np.where(ground, texture * 0.6 + [40, 70, 30], sky + (texture - 128) * 0.05)
    photo = np.clip(photo, 0, 255).astype(np.uint8)
    sink = io.BytesIO()
    with av.open(sink, "w", format="mp4") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": "veryfast", "crf": "23"}
        audio = out.add_stream("aac", rate=48000)
        frames = seconds * fps
        for i in range(frames):
            d = i * 160 // frames
            crop = np.ascontiguousarray(photo[d : d + height, d : d + width])
            out.mux(video.encode(av.VideoFrame.from_ndarray(crop, format="rgb24")))
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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    raw = story()
    photo = io.BytesIO()
    Image.new("RGB", (720, 1280), (120, 160, 200)).save(photo, "JPEG")
    info = ManifestInfo(
        job_id="bench",
        title="bench",
        generator_version="0.1.0",
        model_name="animate",
        model_version="1",
    )
    with tempfile.TemporaryDirectory() as tmp:
        chain = ensure_dev_chain(Path(tmp))
        creds = SigningCredentials.from_files(chain.key_path, chain.chain_path)
        root = chain.root_path.read_bytes()
        finish_s, sign_s, verify_s = [], [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            finished = finish_video(raw, LabelStyle())
            t1 = time.perf_counter()
            signed = sign_video(finished, photo.getvalue(), "jpeg", info, creds)
            t2 = time.perf_counter()
            report = verify_video(signed, root)
            t3 = time.perf_counter()
            assert report.trusted, report.issues
            finish_s.append(t1 - t0)
            sign_s.append(t2 - t1)
            verify_s.append(t3 - t2)
    total = [f + s for f, s in zip(finish_s, sign_s, strict=True)]
    print(f"input {len(raw) / 1e6:.2f} MB, output {len(signed) / 1e6:.2f} MB, runs {args.runs}")
    for name, values in (
        ("finish", finish_s),
        ("sign", sign_s),
        ("finish+sign", total),
        ("verify", verify_s),
    ):
        print(
            f"{name:12s} median {statistics.median(values):.3f} s  "
            f"min {min(values):.3f}  max {max(values):.3f}"
        )


if __name__ == "__main__":
    main()
