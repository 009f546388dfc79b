"""Choose the classifier's calibration by leaving out one author at a time:
`python -m alive_moderation.author_validation [--rates 0.01,0.02,0.03,0.05]`.

The held-out split measures templates the classifier never saw, but people
write differently from templates, and out-of-fold estimates over templates
proved optimistic. Each batch of hand-written training prompts (group prefix
`hand`, `hand2`, ...) comes from a different author. For each batch: fit on
the rest of the train split, calibrate at each candidate rate, and run the
whole prompt check (lexicon, profanity model and classifier, decided by the
policy) over the batch. Only train-split rows are used: the held-out split
and the test sets stay unseen. Takes about 2 minutes per batch.

`--batches hand6,hand7,hand8` leaves out only those (the lexicon was
broadened against batches 1-5, so they flatter it). The recommendation is
the largest rate whose false alarms, pooled over the left-out batches, stay
at or below `--max-fpr` in every language.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from alive_moderation import prompt_dataset
from alive_moderation.policy import Policy
from alive_moderation.prompt_dataset import LabelledPrompt
from alive_moderation.text.classifier import ClassifierScorer, Embedder
from alive_moderation.text.moderator import TextModerator
from alive_moderation.text.normalise import normalise
from alive_moderation.text.signals import TextScorer
from alive_moderation.train import calibrate, fit

DEFAULT_RATES = (0.01, 0.02, 0.03, 0.05)
DEFAULT_MAX_FPR = 0.04
"""Target 0.05, less a margin for sampling noise on a few hundred safe prompts."""


def author(row: LabelledPrompt) -> str | None:
    """The hand-written batch a row belongs to (its group prefix), or None for templates."""
    prefix = row.group.split("-", 1)[0]
    return prefix if prefix.startswith("hand") else None


@dataclass(frozen=True)
class Result:
    """The prompt check at one calibration rate on one left-out batch, in one language."""

    batch: str
    rate: float
    lang: str
    caught: int
    unsafe: int
    false_alarms: int
    safe: int

    @property
    def recall(self) -> float:
        return self.caught / self.unsafe

    @property
    def fpr(self) -> float:
        return self.false_alarms / self.safe


class CachedEmbedder:
    """Embeds every distinct text once; the many fits and checks then look vectors up."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self.dimensions = embedder.dimensions
        self._vectors: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self._embedder.embed(missing), strict=True))
        return np.array([self._vectors[t] for t in texts]).reshape(len(texts), self.dimensions)


def leave_one_author_out(
    rows: Sequence[LabelledPrompt],
    embedder: Embedder,
    policy: Policy,
    other_scorers: Sequence[TextScorer],
    rates: Iterable[float] = DEFAULT_RATES,
    batches: Iterable[str] | None = None,
) -> list[Result]:
    """Recall and FPR of the whole prompt check on each hand-written batch it was not fitted on.

    `batches` picks which batches to leave out (default: every one).
    """
    present = {b for row in rows if (b := author(row))}
    if unknown := sorted(set(batches or ()) - present):
        raise ValueError(f"no hand-written batch {unknown[0]!r}; have {sorted(present)}")
    cached = CachedEmbedder(embedder)
    cached.embed([normalise(row.text) for row in rows])
    results = []
    for batch in sorted(batches or present):
        left_out = [row for row in rows if author(row) == batch]
        fitted = fit([row for row in rows if author(row) != batch], cached)
        for rate in rates:
            scorer = ClassifierScorer(cached, calibrate(fitted, rate))
            moderator = TextModerator(policy, [*other_scorers, scorer])
            blocked = np.array([not moderator.check(row.text).allowed for row in left_out])
            for lang in prompt_dataset.LANGUAGES:
                unsafe = np.array([row.lang == lang and row.unsafe for row in left_out])
                safe = np.array([row.lang == lang and not row.unsafe for row in left_out])
                if unsafe.any() and safe.any():
                    results.append(
                        Result(
                            batch,
                            rate,
                            lang,
                            caught=int(blocked[unsafe].sum()),
                            unsafe=int(unsafe.sum()),
                            false_alarms=int(blocked[safe].sum()),
                            safe=int(safe.sum()),
                        )
                    )
            print(f"  {batch} at {rate}: done", file=sys.stderr, flush=True)
    return results


def pooled(results: Sequence[Result], rate: float, lang: str) -> Result:
    """One rate and language over all left-out batches: their counts added."""
    parts = [r for r in results if r.rate == rate and r.lang == lang]
    return Result(
        "pooled",
        rate,
        lang,
        caught=sum(r.caught for r in parts),
        unsafe=sum(r.unsafe for r in parts),
        false_alarms=sum(r.false_alarms for r in parts),
        safe=sum(r.safe for r in parts),
    )


def recommend(results: Sequence[Result], max_fpr: float) -> float | None:
    """The largest rate whose pooled FPR is <= max_fpr in every language."""
    langs = {r.lang for r in results}
    fine = [
        rate
        for rate in sorted({r.rate for r in results})
        if all(pooled(results, rate, lang).fpr <= max_fpr for lang in langs)
    ]
    return fine[-1] if fine else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(prompt_dataset.DEFAULT_DATASET))
    parser.add_argument("--rates", default=",".join(str(r) for r in DEFAULT_RATES))
    parser.add_argument("--max-fpr", type=float, default=DEFAULT_MAX_FPR)
    parser.add_argument("--batches", default="", help="comma-separated, e.g. hand6,hand7")
    args = parser.parse_args(argv)
    try:
        rates = [float(r) for r in args.rates.split(",") if r.strip()]
    except ValueError:
        parser.error(f"--rates: expected comma-separated numbers, got {args.rates!r}")
    if not rates or not all(0 < r < 1 for r in rates):
        parser.error(f"--rates: every rate must lie between 0 and 1, got {args.rates!r}")

    from alive_moderation.text.embedding import SentenceEmbedder
    from alive_moderation.text.moderator import default_text_scorers

    rows = prompt_dataset.split(prompt_dataset.load(args.data)).train
    batches = [b.strip() for b in args.batches.split(",") if b.strip()] or None
    try:
        results = leave_one_author_out(
            rows,
            SentenceEmbedder(threads=2),
            Policy.load(),
            default_text_scorers(["lexicon", "profanity"]),
            rates,
            batches,
        )
    except ValueError as exc:
        parser.error(f"--batches: {exc}")
    print(
        f"{'left out':<10} {'rate':>5} {'lang':>4} {'recall':>7} {'FPR':>6} {'unsafe':>7} {'safe':>5}"
    )
    langs = sorted({r.lang for r in results}, key=prompt_dataset.LANGUAGES.index)
    summary = [pooled(results, rate, lang) for rate in rates for lang in langs]
    for r in [*results, *summary]:
        print(
            f"{r.batch:<10} {r.rate:5.2f} {r.lang:>4} {r.recall:7.3f} {r.fpr:6.3f} "
            f"{r.unsafe:7d} {r.safe:5d}"
        )
    best = recommend(results, args.max_fpr)
    if best is None:
        print(f"no rate keeps the pooled FPR <= {args.max_fpr} in every language")
        return 1
    print(f"largest rate with pooled FPR <= {args.max_fpr} in every language: {best}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
