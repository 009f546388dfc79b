"""Latency benchmark: `python -m alive_moderation.bench [--photos DIR] [--rounds N]`.

Prints p50/p95 per checkpoint against the targets (prompt 20 ms, photo
100 ms, 5 s 720x1280 24 fps result 400 ms) with the stacks the service runs:
lexicon + alt-profanity-check + embedding classifier for prompts, open_nsfw +
nudenet for photos and sampled video frames. Numbers on a shared machine are
noisy; run it alone for figures worth quoting.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from alive_moderation.image import ImageModerator
from alive_moderation.policy import Policy
from alive_moderation.text import TextModerator
from alive_moderation.video import VideoModerator
from alive_moderation.video_synthesis import synthesise_mp4

PROMPTS = (
    "make it a windy day",
    "turn this into a cartoon",
    "Sonnenuntergang, Wolken ziehen, Meeresrauschen",
    "fireworks over the city, slow camera push-in, warm colour grade",
    "zieh sie aus",
    "point a gun at him",
)
TARGETS_MS = {"prompt": 20.0, "photo": 100.0, "result": 400.0}


def _percentiles(run: Callable[[], object], rounds: int) -> tuple[float, float]:
    run()  # warm caches outside the measurement
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


def _find_photos(explicit: Path | None) -> list[Path]:
    if explicit is not None:
        folder = explicit
    else:
        here = Path.cwd().resolve()
        candidates = [parent / "samples" / "photos" for parent in (here, *here.parents)]
        folder = next((c for c in candidates if c.is_dir()), candidates[0])
    photos = sorted(folder.glob("*.jpg"))
    if not photos:
        raise SystemExit(f"no *.jpg photos in {folder}; pass --photos DIR")
    return photos


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path, default=None, help="folder of *.jpg photos")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)

    policy = Policy.load()
    text = TextModerator(policy)
    image = ImageModerator(policy)
    video = VideoModerator(image, policy)
    photos = [path.read_bytes() for path in _find_photos(args.photos)]
    clip = synthesise_mp4(seconds=5.0, fps=24, width=720, height=1280)

    counter = {"prompt": 0, "photo": 0}

    def one_prompt() -> object:
        counter["prompt"] += 1
        return text.check(PROMPTS[counter["prompt"] % len(PROMPTS)])

    def one_photo() -> object:
        counter["photo"] += 1
        return image.check(photos[counter["photo"] % len(photos)])

    results = {
        "prompt": _percentiles(one_prompt, args.rounds * 5),
        "photo": _percentiles(one_photo, args.rounds),
        "result": _percentiles(lambda: video.check(clip), max(args.rounds // 3, 5)),
    }
    print(
        f"policy {policy.version}; {len(photos)} photos; video 5 s 720x1280 24 fps; "
        "prompt: lexicon+profanity+classifier; images: open_nsfw+nudenet"
    )
    print(f"{'checkpoint':<10} {'p50 ms':>8} {'p95 ms':>8} {'target':>8}")
    for name, (p50, p95) in results.items():
        verdict = "ok" if p50 <= TARGETS_MS[name] else "OVER"
        print(f"{name:<10} {p50:8.1f} {p95:8.1f} {TARGETS_MS[name]:8.0f}  {verdict}")


if __name__ == "__main__":
    main()
