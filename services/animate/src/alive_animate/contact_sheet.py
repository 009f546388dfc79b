"""Contact sheet: a PNG grid of sampled frames, one row per prompt, for eyeballing the engine.

python -m alive_animate.contact_sheet PHOTO --prompt "windy day" --prompt "Nacht" --out sheet.png
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Sequence
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw

from alive_animate.engine import Engine
from alive_animate.params import RenderParams

THUMB_HEIGHT = 320


def sample_frames(video: bytes, count: int) -> list[Image.Image]:
    """`count` frames spread evenly over the video."""
    with av.open(io.BytesIO(video), mode="r") as container:
        frames = [f.to_image() for f in container.decode(video=0)]
    picks = np.linspace(0, len(frames) - 1, count).round().astype(int)
    return [frames[i] for i in picks]


def contact_sheet(
    photo: bytes,
    prompts: Sequence[str],
    params: RenderParams,
    frames_per_row: int = 5,
    engine: Engine | None = None,
) -> Image.Image:
    engine = engine or Engine()
    rows: list[tuple[str, list[Image.Image]]] = []
    for prompt in prompts:
        rendered = engine.render(photo, prompt, params)
        thumbs = []
        for frame in sample_frames(rendered.video, frames_per_row):
            scale = THUMB_HEIGHT / frame.height
            thumbs.append(frame.resize((round(frame.width * scale), THUMB_HEIGHT)))
        rows.append((prompt, thumbs))
    label_h = 22
    width = max(sum(t.width for t in thumbs) for _, thumbs in rows)
    sheet = Image.new("RGB", (width, len(rows) * (THUMB_HEIGHT + label_h)), "white")
    draw = ImageDraw.Draw(sheet)
    for r, (prompt, thumbs) in enumerate(rows):
        y = r * (THUMB_HEIGHT + label_h)
        draw.text((6, y + 5), prompt or "(empty prompt)", fill="black")
        x = 0
        for thumb in thumbs:
            sheet.paste(thumb, (x, y + label_h))
            x += thumb.width
    return sheet


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("photo", type=Path)
    parser.add_argument("--prompt", action="append", required=True, help="repeat for more rows")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--params", default="{}", help='RenderParams JSON, e.g. {"aspect": "1:1"}')
    parser.add_argument("--frames", type=int, default=5, help="frames per row")
    args = parser.parse_args(argv)
    params = RenderParams.from_json(args.params)
    sheet = contact_sheet(args.photo.read_bytes(), args.prompt, params, args.frames)
    sheet.save(args.out)
    print(f"wrote {args.out} ({sheet.width}x{sheet.height})")


if __name__ == "__main__":
    main()
