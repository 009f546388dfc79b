"""The labelled prompt set on disk, and its train / held-out split by template group.

The split is by `group` (the template a prompt came from), never by row: two
fillings of one template are near-duplicates, and a row split would let the
classifier see the held-out phrasing during training. Groups are assigned by
a hash of their name, stratified per (language, label) so every category has
held-out templates in both languages; adding a template never moves another.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "data" / "prompts.jsonl"
"""services/moderation/data/prompts.jsonl (the package is installed in editable mode)."""
BLIND_DATASET = DEFAULT_DATASET.with_name("prompts_blind.jsonl")
"""Prompts from templates written after the first evaluation and never trained or tuned on."""
HANDWRITTEN_DATASET = DEFAULT_DATASET.with_name("prompts_handwritten.jsonl")
"""Hand-written training prompts (one group each), merged into DEFAULT_DATASET by
`prompt_templates`. Twenty-two batches by twenty-two authors, by group prefix: `hand-`
(960), then `hand2-` to `hand8-` (5,820: German breadth, indirect and embedded
requests, German vocabulary, English user voices, long scene scripts, short
fragments, slang and code-switching), then `hand9-` to `hand14-` (4,120, written
2026-12-03: colloquial and regional German, German euphemisms, German storyboards,
vocabulary breadth in both languages, English voices, the boundary between hard
negatives and unsafe), then `hand15-` to `hand18-` (2,560, written later that day:
German from many kinds of writers, German vocabulary and grammar, German framings
and cover stories, English vocabulary and framings), then `hand19-` to `hand22-` (2,560,
written 2026-12-04: German self-harm, undressing and violence with their hard negatives,
German social-media style, German minimal pairs at the boundary, English self-harm,
undressing and weapons). The authors saw only the category definitions: no
templates, lexicon or evaluation set. (The lexicon was later broadened against
the train split of batches 1-5, then of 9, 10 and 12, then of 15-18.)"""
INDEPENDENT_DATASET = DEFAULT_DATASET.with_name("prompts_independent.jsonl")
"""637 hand-written prompts by an author who saw neither the templates nor the lexicon."""
INDEPENDENT_2_DATASET = DEFAULT_DATASET.with_name("prompts_independent_2.jsonl")
"""1,266 prompts by two more authors (one per language) who saw only the category
definitions; scored once, before the change it was kept to judge."""
INDEPENDENT_3_DATASET = DEFAULT_DATASET.with_name("prompts_independent_3.jsonl")
"""1,240 prompts by two more authors (one per language, written 2026-12-03) who saw only
the category definitions and were asked for a broad mix of app users; scored once
before the change it was kept to judge."""
INDEPENDENT_4_DATASET = DEFAULT_DATASET.with_name("prompts_independent_4.jsonl")
"""1,240 prompts by two more authors (one per language, written 2026-12-03, second
session) who saw only the category definitions and wrote one day of traffic from many
kinds of users; scored once before the change it was kept to judge."""
INDEPENDENT_5_DATASET = DEFAULT_DATASET.with_name("prompts_independent_5.jsonl")
"""1,259 prompts by two more authors (one per language, written 2026-12-04) who saw only
the category definitions and wrote a week of traffic with many hard negatives (120 of
320 safe prompts per language reuse risky words harmlessly); scored once before the
change it was kept to judge."""
INDEPENDENT_6_DATASET = DEFAULT_DATASET.with_name("prompts_independent_6.jsonl")
"""1,250 prompts by two more authors (one per language, written 2026-12-04, a session
later) who saw only the category definitions and wrote a month of traffic, cover stories
and hard negatives included; scored once, with the stack it was written after, and kept
to judge later changes."""
TEST_SETS: dict[str, tuple[Path, str]] = {
    "blind": (BLIND_DATASET, "templates written later, never trained or tuned on"),
    "independent": (
        INDEPENDENT_DATASET,
        "hand-written by an author who saw no templates or lexicon",
    ),
    "independent-2": (
        INDEPENDENT_2_DATASET,
        "hand-written by two authors who saw only the category definitions",
    ),
    "independent-3": (
        INDEPENDENT_3_DATASET,
        "hand-written by two more authors, as a broad mix of app users",
    ),
    "independent-4": (
        INDEPENDENT_4_DATASET,
        "hand-written by two more authors, as one day of traffic",
    ),
    "independent-5": (
        INDEPENDENT_5_DATASET,
        "hand-written by two more authors, a week of traffic with many hard negatives",
    ),
    "independent-6": (
        INDEPENDENT_6_DATASET,
        "hand-written by two more authors, a month of traffic with cover stories",
    ),
}
"""The sets nobody trains on: name -> (file, who wrote it). Training skips their texts."""

HELD_OUT_SHARE = 0.3
SPLIT_SALT = "split-2"
"""Changed once, after the first evaluation had been read (see docs/moderation.md)."""
LANGUAGES: tuple[str, ...] = ("en", "de")


@dataclass(frozen=True)
class LabelledPrompt:
    """One row of the set; `label` is "safe" or a policy category."""

    text: str
    lang: str
    label: str
    group: str
    variant: str = "plain"

    @property
    def unsafe(self) -> bool:
        return self.label != "safe"


@dataclass(frozen=True)
class Split:
    train: tuple[LabelledPrompt, ...]
    held_out: tuple[LabelledPrompt, ...]


def load(path: Path = DEFAULT_DATASET) -> tuple[LabelledPrompt, ...]:
    """Read and validate the JSON-lines set; an error names the line."""
    rows: list[LabelledPrompt] = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                row = LabelledPrompt(
                    text=raw["text"],
                    lang=raw["lang"],
                    label=raw["label"],
                    group=raw["group"],
                    variant=raw.get("variant", "plain"),
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a labelled prompt ({exc})") from exc
            if row.lang not in LANGUAGES:
                raise ValueError(f"{path}:{number}: lang must be one of {LANGUAGES}")
            rows.append(row)
    if not rows:
        raise ValueError(f"{path}: no prompts")
    return tuple(rows)


def sha256(path: Path = DEFAULT_DATASET) -> str:
    """Content hash recorded in the trained model, so a model names the data it saw."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def held_out_groups(rows: Iterable[LabelledPrompt], share: float = HELD_OUT_SHARE) -> set[str]:
    """Groups that form the held-out split: per (lang, label), the `share` with the lowest hash.

    At least one group per (lang, label) is held out, and at least one stays
    for training, whenever a stratum has two or more groups.
    """
    strata: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        strata[(row.lang, row.label)].add(row.group)
    chosen: set[str] = set()
    for groups in strata.values():
        ordered = sorted(
            groups, key=lambda g: hashlib.sha256(f"{SPLIT_SALT}:{g}".encode()).hexdigest()
        )
        count = min(max(1, round(len(ordered) * share)), max(len(ordered) - 1, 0))
        chosen.update(ordered[:count])
    return chosen


def split(rows: Sequence[LabelledPrompt], share: float = HELD_OUT_SHARE) -> Split:
    """Train and held-out rows; no group is on both sides."""
    held = held_out_groups(rows, share)
    return Split(
        train=tuple(r for r in rows if r.group not in held),
        held_out=tuple(r for r in rows if r.group in held),
    )
