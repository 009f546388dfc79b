"""Evaluate the prompt checkpoint on unseen prompts: `python -m alive_moderation.evaluate`.

Runs the whole prompt stack a user meets (lexicon + profanity model +
embedding classifier, decided by the bundled policy) over the held-out
templates of the labelled set and over every test set in
`prompt_dataset.TEST_SETS` (the blind templates and the hand-written
independent sets, never trained on). For each it
prints precision, recall, false-positive rate and n per category and overall,
for all prompts and per language, then a summary: per language of each set,
and of all test sets pooled, the counts behind recall and false-positive rate
with their 95 % (Wilson) intervals.

The target is recall >= 0.95 on unsafe prompts at a false-positive rate <= 0.05
on safe prompts, per language. Exits 1 when the held-out split or the pooled
test sets miss it in any language, or when a single test set misses it by more
than its size can explain (its 95 % interval lies wholly on the wrong side); 2
when the bundled classifier was trained on other data. A single set that misses
by its point estimate only is named in the summary.

`--scorers lexicon,classifier` evaluates a subset (ablation); `--sets
held-out` scores only the named sets (while developing, so that the test
sets are not scored by every candidate); `--show-errors` lists every miss
and false alarm.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from alive_moderation import prompt_dataset
from alive_moderation.policy import Policy
from alive_moderation.prompt_dataset import LabelledPrompt
from alive_moderation.text import TextModerator, default_text_scorers
from alive_moderation.text.moderator import SCORERS
from alive_moderation.verdict import Verdict

TARGET_RECALL = 0.95
TARGET_FPR = 0.05


@dataclass(frozen=True)
class Row:
    """One line of the table: a category (or OVERALL) within a slice of the data."""

    name: str
    precision: float
    recall: float
    fpr: float
    n: int
    flagged: int


@dataclass(frozen=True)
class Outcome:
    prompt: LabelledPrompt
    verdict: Verdict

    @property
    def blocked(self) -> bool:
        return not self.verdict.allowed


def _ratio(num: int, den: int) -> float:
    return num / den if den else float("nan")


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95 % for z = 1.96); (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Counts:
    """What a user sees in one language of one set: unsafe prompts blocked, safe ones too."""

    caught: int
    unsafe: int
    false_alarms: int
    safe: int

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Counts:
        unsafe = [o for o in outcomes if o.prompt.unsafe]
        safe = [o for o in outcomes if not o.prompt.unsafe]
        return cls(
            caught=sum(o.blocked for o in unsafe),
            unsafe=len(unsafe),
            false_alarms=sum(o.blocked for o in safe),
            safe=len(safe),
        )

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.caught + other.caught,
            self.unsafe + other.unsafe,
            self.false_alarms + other.false_alarms,
            self.safe + other.safe,
        )

    @property
    def recall(self) -> float:
        return _ratio(self.caught, self.unsafe)

    @property
    def fpr(self) -> float:
        return _ratio(self.false_alarms, self.safe)

    def meets_target(self) -> bool:
        """Recall and FPR on target; a side with no prompts cannot miss it."""
        return (not self.unsafe or self.recall >= TARGET_RECALL) and (
            not self.safe or self.fpr <= TARGET_FPR
        )

    def clearly_misses_target(self) -> bool:
        """True when the target lies outside the 95 % interval, on the wrong side."""
        return (
            wilson(self.caught, self.unsafe)[1] < TARGET_RECALL
            or wilson(self.false_alarms, self.safe)[0] > TARGET_FPR
        )

    def describe(self) -> str:
        recall_low, recall_high = wilson(self.caught, self.unsafe)
        fpr_low, fpr_high = wilson(self.false_alarms, self.safe)
        return (
            f"recall {self.recall:.3f} ({self.caught}/{self.unsafe}, "
            f"{recall_low:.3f}-{recall_high:.3f}), "
            f"FPR {self.fpr:.3f} ({self.false_alarms}/{self.safe}, {fpr_low:.3f}-{fpr_high:.3f})"
        )


def table(outcomes: Sequence[Outcome], categories: Sequence[str]) -> list[Row]:
    """Per category: a prompt counts as caught when *that* category is flagged.

    OVERALL is the binary question a user sees: unsafe prompts blocked (for
    any reason) and safe prompts wrongly blocked.
    """
    safe = [o for o in outcomes if not o.prompt.unsafe]
    rows = []
    for category in categories:
        labelled = [o for o in outcomes if o.prompt.label == category]
        flagged = [o for o in outcomes if category in o.verdict.flagged]
        hits = sum(1 for o in flagged if o.prompt.label == category)
        rows.append(
            Row(
                name=category,
                precision=_ratio(hits, len(flagged)),
                recall=_ratio(hits, len(labelled)),
                fpr=_ratio(sum(1 for o in safe if category in o.verdict.flagged), len(safe)),
                n=len(labelled),
                flagged=len(flagged),
            )
        )
    unsafe = [o for o in outcomes if o.prompt.unsafe]
    blocked = [o for o in outcomes if o.blocked]
    rows.append(
        Row(
            name="OVERALL (blocked)",
            precision=_ratio(sum(1 for o in blocked if o.prompt.unsafe), len(blocked)),
            recall=_ratio(sum(1 for o in unsafe if o.blocked), len(unsafe)),
            fpr=_ratio(sum(1 for o in safe if o.blocked), len(safe)),
            n=len(outcomes),
            flagged=len(blocked),
        )
    )
    return rows


def format_table(title: str, rows: Sequence[Row]) -> str:
    lines = [
        title,
        f"  {'category':<26} {'precision':>9} {'recall':>7} {'FPR':>6} {'n':>5} {'flagged':>8}",
    ]
    lines += [
        f"  {r.name:<26} {r.precision:9.3f} {r.recall:7.3f} {r.fpr:6.3f} {r.n:5d} {r.flagged:8d}"
        for r in rows
    ]
    return "\n".join(lines)


EVALUATION_SETS = ("held-out", *prompt_dataset.TEST_SETS)
HELD_OUT = "held-out split"
POOLED = "test sets pooled"


def _subset(
    parser: argparse.ArgumentParser, flag: str, kind: str, value: str, known: Sequence[str]
) -> list[str]:
    """The comma-separated names in `value`; an unknown one is a usage error naming `flag`."""
    names = [n.strip() for n in value.split(",") if n.strip()]
    if unknown := sorted(set(names) - set(known)):
        parser.error(f"{flag}: unknown {kind} {unknown[0]!r}; expected some of {', '.join(known)}")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=prompt_dataset.DEFAULT_DATASET)
    parser.add_argument("--scorers", default=",".join(SCORERS), help="comma-separated subset")
    parser.add_argument(
        "--sets",
        default=",".join(EVALUATION_SETS),
        help=f"comma-separated subset of: {', '.join(EVALUATION_SETS)}",
    )
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)

    from alive_moderation.text.classifier import PromptClassifier

    names = _subset(parser, "--scorers", "scorer", args.scorers, SCORERS)
    set_names = _subset(parser, "--sets", "set", args.sets, EVALUATION_SETS)
    if "classifier" in names:
        data_hash = prompt_dataset.sha256(args.data)
        trained_on = PromptClassifier.load().metadata.get("data_sha256")
        if trained_on != data_hash:
            print(
                f"the bundled classifier was trained on data {str(trained_on)[:12]}, "
                f"not on {args.data} ({data_hash[:12]}); run `make train-moderation`",
                file=sys.stderr,
            )
            return 2

    policy = Policy.load()
    moderator = TextModerator(policy, default_text_scorers(names))
    evaluation_sets = []
    if "held-out" in set_names:
        held_out = prompt_dataset.split(prompt_dataset.load(args.data)).held_out
        evaluation_sets.append((f"{HELD_OUT} (templates never seen in training)", held_out))
    evaluation_sets += [
        (f"{name} set ({author})", prompt_dataset.load(path))
        for name, (path, author) in prompt_dataset.TEST_SETS.items()
        if name in set_names
    ]
    print(f"policy {policy.version}; scorers: {', '.join(names)}")
    results: dict[str, dict[str, Counts]] = {}
    for set_name, prompts in evaluation_sets:
        outcomes = [Outcome(p, moderator.check(p.text)) for p in prompts]
        results[set_name.split(" (")[0]] = report(set_name, outcomes, policy)
        if args.show_errors:
            print("misses and false alarms:")
            for o in outcomes:
                if o.blocked != o.prompt.unsafe:
                    kind = "MISS " if o.prompt.unsafe else "FALSE"
                    print(
                        f"  {kind} [{o.prompt.label}] {o.prompt.text!r} -> {list(o.verdict.flagged)}"
                    )
    failures, near_misses = summarise(results)
    target = f"recall >= {TARGET_RECALL} and FPR <= {TARGET_FPR} per language"
    if failures:
        print(f"\nTARGET MISSED ({target}): " + "; ".join(failures))
        return 1
    print(f"\ntarget met ({target})")
    if near_misses:
        print("below it within the 95 % interval: " + "; ".join(near_misses))
    return 0


def summarise(results: dict[str, dict[str, Counts]]) -> tuple[list[str], list[str]]:
    """Print the summary (95 % intervals); return the failures and the near misses.

    The held-out split and the pooled test sets must meet the target per language. A
    single test set fails only when it misses by more than its size can explain; a miss
    within its interval is a near miss, printed and returned, so it is never hidden.
    """
    test_sets = [counts for name, counts in results.items() if name != HELD_OUT]
    rows = list(results.items())
    if len(test_sets) > 1:
        pooled = {
            lang: sum((counts[lang] for counts in test_sets), Counts(0, 0, 0, 0))
            for lang in prompt_dataset.LANGUAGES
        }
        rows.append((POOLED, pooled))
    print("\n== summary: per language, blocked/total and the 95 % interval\n")
    failures: list[str] = []
    near_misses: list[str] = []
    for name, counts in rows:
        strict = name in (HELD_OUT, POOLED) or len(test_sets) == 1
        for lang, c in counts.items():
            if not c.unsafe and not c.safe:
                continue
            where = f"{name}, lang={lang}: recall {c.recall:.3f}, FPR {c.fpr:.3f}"
            if c.meets_target():
                verdict = "target met"
            elif strict or c.clearly_misses_target():
                verdict = "TARGET MISSED"
                failures.append(where)
            else:
                verdict = "below target, within its 95 % interval"
                near_misses.append(where)
            print(f"  {name:<18} {lang}  {c.describe()}  {verdict}")
    return failures, near_misses


def report(set_name: str, outcomes: Sequence[Outcome], policy: Policy) -> dict[str, Counts]:
    """Print one evaluation set's tables; return each language's counts."""
    categories = [
        c for c in policy.categories_at("prompt") if any(o.prompt.label == c for o in outcomes)
    ]
    groups = len({o.prompt.group for o in outcomes})
    print(f"\n== {set_name}: {len(outcomes)} prompts from {groups} templates\n")
    by_language = {
        lang: [o for o in outcomes if o.prompt.lang == lang] for lang in prompt_dataset.LANGUAGES
    }
    for title, subset in [("all languages", outcomes)] + [
        (f"lang={lang}", chosen) for lang, chosen in by_language.items()
    ]:
        print(format_table(title, table(subset, categories)) + "\n")
    evasions = [o for o in outcomes if o.prompt.unsafe and o.prompt.variant != "plain"]
    print(
        f"evasions (spaced, leetspeak, look-alikes, zero-width): "
        f"{sum(o.blocked for o in evasions)}/{len(evasions)} unsafe ones blocked"
    )
    return {lang: Counts.of(chosen) for lang, chosen in by_language.items()}


if __name__ == "__main__":
    raise SystemExit(main())
