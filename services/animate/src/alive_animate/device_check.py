"""Does a story rendered on another device (the GPU in production) match the CPU render?

    python -m alive_animate.device_check --device cuda [--sheet sheet.png] [--json out.json]

Renders the reference stories (bench's photo; a calm and a busy prompt) once on the
CPU and once on DEVICE with the same seed, then compares: the plans must be identical
(the same effects, sounds and parameters), and every decoded frame must be visually the
same picture: PSNR >= MIN_PSNR_DB against its CPU twin (40 dB, the usual bar for
"visually lossless"; floating-point rounding differs between devices, and a posterised
style can flip a few pixels across a threshold). It times both renders (encoding included, best of
--repeat after a warm-up) and can write a contact sheet: CPU frames above, DEVICE
frames below, per prompt. Exits 1 when a plan or a frame differs beyond that.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from alive_animate.bench import REFERENCE_PHOTO, REFERENCE_PROMPT, decode_rgb
from alive_animate.engine import Engine, Rendered
from alive_animate.params import RenderParams

PROMPTS = (REFERENCE_PROMPT, "Schneesturm, Nacht, Wind heult, Glitzer, im Cartoon-Stil")
PARAMS = RenderParams(seed=7)  # the reference story: 5 s, 720x1280, 24 fps, with sound
MIN_PSNR_DB = 40.0
IDENTICAL_DB = 100.0  # PSNR reported for bit-identical frames (mathematically infinite)


@dataclass(frozen=True)
class Comparison:
    prompt: str
    same_plan: bool
    frames: int
    worst_frame_psnr_db: float
    mean_levels: float
    max_levels: int
    cpu_render_s: float
    device_render_s: float

    @property
    def matches(self) -> bool:
        return self.same_plan and self.worst_frame_psnr_db >= MIN_PSNR_DB


def psnr_db(diff: np.ndarray) -> float:
    """PSNR of one frame from its absolute 8-bit differences; IDENTICAL_DB when all are 0."""
    mse = float(np.mean(diff.astype(np.float64) ** 2))
    return IDENTICAL_DB if mse == 0 else min(IDENTICAL_DB, 10 * np.log10(255**2 / mse))


def compare(prompt: str, cpu: Rendered, other: Rendered, times: tuple[float, float]) -> Comparison:
    a, b = np.stack(decode_rgb(cpu.video)), np.stack(decode_rgb(other.video))
    if a.shape != b.shape:
        raise ValueError(f"{prompt!r}: frame shapes differ: {a.shape} vs {b.shape}")
    diff = np.abs(a.astype(np.int16) - b.astype(np.int16))
    return Comparison(
        prompt=prompt,
        same_plan=cpu.plan == other.plan,
        frames=len(a),
        worst_frame_psnr_db=round(min(psnr_db(frame) for frame in diff), 2),
        mean_levels=round(float(diff.mean()), 4),
        max_levels=int(diff.max()),
        cpu_render_s=round(times[0], 3),
        device_render_s=round(times[1], 3),
    )


def timed_render(
    engine: Engine, photo: bytes, prompt: str, params: RenderParams, repeat: int
) -> tuple[Rendered, float]:
    best, rendered = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        rendered = engine.render(photo, prompt, params)
        best = min(best, time.perf_counter() - start)
    assert rendered is not None
    return rendered, best


def sheet(rows: Sequence[tuple[Rendered, Rendered]], per_row: int = 5) -> Image.Image:
    """CPU frames over device frames, one pair of rows per prompt."""
    strips = []
    for cpu, other in rows:
        for video in (cpu.video, other.video):
            frames = decode_rgb(video)
            picks = np.linspace(0, len(frames) - 1, per_row).round().astype(int)
            strips.append(np.concatenate([frames[i][::4, ::4] for i in picks], axis=1))
    return Image.fromarray(np.concatenate(strips, axis=0))


def run(
    device: str, photo: bytes, prompts: Sequence[str], params: RenderParams, repeat: int
) -> tuple[list[Comparison], list[tuple[Rendered, Rendered]]]:
    engines = Engine(device="cpu"), Engine(device=device)
    warm_up = RenderParams(duration_s=2, aspect="1:1", sound=False)
    for engine in engines:
        engine.render(photo, prompts[0], warm_up)
    comparisons, renders = [], []
    for prompt in prompts:
        cpu, cpu_s = timed_render(engines[0], photo, prompt, params, repeat)
        other, other_s = timed_render(engines[1], photo, prompt, params, repeat)
        comparisons.append(compare(prompt, cpu, other, (cpu_s, other_s)))
        renders.append((cpu, other))
    return comparisons, renders


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", required=True, help="e.g. cuda, cuda:1 (compared with cpu)")
    parser.add_argument("--photo", type=Path, default=REFERENCE_PHOTO)
    parser.add_argument("--repeat", type=int, default=2, help="best of N renders per device")
    parser.add_argument("--sheet", type=Path, help="write the CPU/device contact sheet here")
    parser.add_argument("--json", type=Path, help="write the comparisons here")
    args = parser.parse_args(argv)
    params = PARAMS
    comparisons, renders = run(args.device, args.photo.read_bytes(), PROMPTS, params, args.repeat)
    w, h = params.size
    print(
        f"{params.duration_s:g} s {w}x{h} {params.fps} fps, seed {params.seed}: cpu vs {args.device}"
    )
    for c in comparisons:
        verdict = "same" if c.matches else "DIFFERENT"
        print(
            f"  {c.prompt!r}: {verdict}; plan {'identical' if c.same_plan else 'DIFFERS'}; "
            f"{c.frames} frames, worst frame {c.worst_frame_psnr_db:.1f} dB PSNR, mean |diff| "
            f"{c.mean_levels:.3f} levels, worst pixel {c.max_levels}; render+encode "
            f"cpu {c.cpu_render_s:.2f} s, {args.device} {c.device_render_s:.2f} s"
        )
    if args.sheet:
        sheet(renders).save(args.sheet)
        print(f"contact sheet: {args.sheet} (cpu row above {args.device} row, per prompt)")
    if args.json:
        args.json.write_text(json.dumps([asdict(c) for c in comparisons], indent=2) + "\n")
    return 0 if all(c.matches for c in comparisons) else 1


if __name__ == "__main__":
    sys.exit(main())
