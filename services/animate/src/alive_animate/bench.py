"""Benchmark: the reference story (5 s, 720x1280, 24 fps, with sound) vs the encode-only floor.

The floor encodes the very same frames (already rendered, at full output size,
RGB, same audio) with the same encoder settings, so ratio = what rendering adds.

    python -m alive_animate.bench [--photo PATH] [--prompt TEXT] [--repeat N] [--device cuda]
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Sequence
from pathlib import Path

import av
import numpy as np

from alive_animate.audio import soundscape
from alive_animate.encode import encode_mp4
from alive_animate.engine import Engine
from alive_animate.params import RenderParams

REFERENCE_PHOTO = (
    Path(__file__).resolve().parents[4] / "samples" / "photos" / "landscape-temple.jpg"
)
REFERENCE_PROMPT = "sunset, clouds drifting, sea sounds"


def decode_rgb(video: bytes) -> list[np.ndarray]:
    """Every frame of an MP4 as an (height, width, 3) uint8 array."""
    with av.open(io.BytesIO(video), mode="r") as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def run(
    photo: bytes, prompt: str, params: RenderParams, repeat: int, device: str | None = None
) -> dict[str, float]:
    engine = Engine(device)
    engine.render(photo, prompt, RenderParams(duration_s=2, aspect="1:1", sound=False))  # warm-up
    render_times = []
    for _ in range(repeat):
        start = time.perf_counter()
        rendered = engine.render(photo, prompt, params)
        render_times.append(time.perf_counter() - start)
    frames = decode_rgb(rendered.video)
    layers = tuple(rendered.plan["sound"]["layers"])
    audio = soundscape(layers, params.frame_count / params.fps, params.seed)[0] if layers else None
    floor_times = []
    for _ in range(repeat):
        start = time.perf_counter()
        encode_mp4(iter(frames), size=params.size, fps=params.fps, audio=audio)
        floor_times.append(time.perf_counter() - start)
    total, floor = min(render_times), min(floor_times)
    return {
        "render_encode_s": total,
        "encode_floor_s": floor,
        "ratio": total / floor,
        "frames_per_s": params.frame_count / total,
        "frames": params.frame_count,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photo", type=Path, default=REFERENCE_PHOTO)
    parser.add_argument("--prompt", default=REFERENCE_PROMPT)
    parser.add_argument("--repeat", type=int, default=3, help="best of N")
    parser.add_argument("--device", help="torch device (default: cuda when available, else cpu)")
    args = parser.parse_args(argv)
    params = RenderParams()
    result = run(args.photo.read_bytes(), args.prompt, params, args.repeat, args.device)
    w, h = params.size
    print(
        f"reference story: {params.duration_s:g} s {w}x{h} {params.fps} fps, sound on, "
        f"prompt {args.prompt!r} (best of {args.repeat}, {args.device or 'default device'})"
    )
    print(f"render+encode  {result['render_encode_s']:.3f} s")
    print(
        f"encode floor   {result['encode_floor_s']:.3f} s  (same {result['frames']:.0f} frames, encode only)"
    )
    print(f"ratio          {result['ratio']:.2f}x")
    print(f"frames/s       {result['frames_per_s']:.1f}")


if __name__ == "__main__":
    main()
