"""The versioned moderation policy: per category and checkpoint, a threshold and an action.

Classifiers only score; this module alone decides. Keeping thresholds in a
versioned YAML file means a threshold change is a reviewed diff with a new
version string, and every verdict records which version decided it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from alive_moderation.errors import ModerationInputError, PolicyError
from alive_moderation.verdict import CHECKPOINTS, Verdict

Action = Literal["block", "allow"]
ACTIONS: tuple[str, ...] = ("block", "allow")

ALWAYS_BLOCK: frozenset[str] = frozenset({"minors_sexual"})
"""Categories no policy file may set to `allow`: a typo must not be able to relax them."""

_CATEGORY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Rule:
    """What to do with one category at one checkpoint: flag when score >= threshold."""

    threshold: float
    action: Action


@dataclass(frozen=True)
class Policy:
    """A loaded, validated policy. Build it with `Policy.load`."""

    version: str
    rules: Mapping[str, Mapping[str, Rule]]
    """category -> checkpoint -> rule; no rule at a checkpoint = not checked there."""

    descriptions: Mapping[str, str]

    @classmethod
    def load(cls, path: Path | None = None) -> Policy:
        """Read and validate a policy file; `None` loads the one bundled with the package."""
        if path is None:
            text = resources.files("alive_moderation").joinpath("policy.yaml").read_text("utf-8")
            source = "policy.yaml (bundled)"
        else:
            try:
                text = Path(path).read_text("utf-8")
            except OSError as exc:
                raise PolicyError(
                    "<file>", f"cannot read {path}: {exc.strerror}", str(path)
                ) from exc
            source = str(path)
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise PolicyError("<file>", f"is not valid YAML: {exc}", source) from exc
        return cls.from_mapping(raw, source=source)

    @classmethod
    def from_mapping(cls, raw: Any, source: str = "policy") -> Policy:
        """Validate an already-parsed policy document; errors name the offending key."""
        if not isinstance(raw, dict):
            raise PolicyError("<root>", "must be a mapping with 'version' and 'categories'", source)
        unknown = set(raw) - {"version", "categories"}
        if unknown:
            raise PolicyError(sorted(unknown)[0], "unknown top-level key", source)
        version = raw.get("version")
        if not isinstance(version, str) or not version.strip():
            raise PolicyError("version", "must be a non-empty string", source)
        categories = raw.get("categories")
        if not isinstance(categories, dict) or not categories:
            raise PolicyError("categories", "must be a non-empty mapping", source)

        rules: dict[str, dict[str, Rule]] = {}
        descriptions: dict[str, str] = {}
        for name, body in categories.items():
            key = f"categories.{name}"
            if not isinstance(name, str) or not _CATEGORY_NAME.match(name):
                raise PolicyError(key, "category names are lower_snake_case", source)
            if not isinstance(body, dict):
                raise PolicyError(key, "must be a mapping of checkpoints to rules", source)
            description = body.get("description", "")
            if not isinstance(description, str):
                raise PolicyError(f"{key}.description", "must be a string", source)
            descriptions[name] = description
            per_checkpoint: dict[str, Rule] = {}
            for checkpoint, rule in body.items():
                if checkpoint == "description":
                    continue
                if checkpoint not in CHECKPOINTS:
                    raise PolicyError(
                        f"{key}.{checkpoint}",
                        f"unknown checkpoint; expected one of {', '.join(CHECKPOINTS)}",
                        source,
                    )
                per_checkpoint[checkpoint] = _parse_rule(f"{key}.{checkpoint}", name, rule, source)
            if not per_checkpoint:
                raise PolicyError(key, "needs a rule for at least one checkpoint", source)
            rules[name] = per_checkpoint
        return cls(version=version.strip(), rules=rules, descriptions=descriptions)

    def rule(self, category: str, checkpoint: str) -> Rule | None:
        """The rule for a category at a checkpoint, or None when it is not checked there."""
        return self.rules.get(category, {}).get(checkpoint)

    def categories_at(self, checkpoint: str) -> tuple[str, ...]:
        """Categories the policy checks at this checkpoint, in file order."""
        return tuple(name for name, by_cp in self.rules.items() if checkpoint in by_cp)

    def decide(
        self,
        checkpoint: str,
        scores: Mapping[str, float],
        evidence: Mapping[str, str] | None = None,
    ) -> Verdict:
        """Turn scores into a verdict.

        A score for a category the policy has no rule for at this checkpoint is
        an error, not silently ignored: it means a scorer and the policy drifted
        apart, and an unchecked category must never pass unnoticed.
        `evidence` maps a category to a sentence saying what was seen; the
        policy appends the category, score and threshold to it.
        """
        if checkpoint not in CHECKPOINTS:
            raise ModerationInputError(
                "checkpoint", f"{checkpoint!r} is not one of {', '.join(CHECKPOINTS)}"
            )
        evidence = evidence or {}
        checked: dict[str, float] = {}
        hits: list[tuple[str, float, Rule]] = []
        for category, score in scores.items():
            rule = self.rule(category, checkpoint)
            if rule is None:
                raise ModerationInputError(
                    f"scores.{category}",
                    f"policy {self.version} has no rule for this category at {checkpoint!r}",
                )
            if isinstance(score, bool) or not isinstance(score, int | float) or math.isnan(score):
                raise ModerationInputError(f"scores.{category}", f"must be a number, got {score!r}")
            if not 0.0 <= score <= 1.0:
                raise ModerationInputError(f"scores.{category}", f"must be in 0..1, got {score}")
            checked[category] = float(score)
            if rule.action == "block" and score >= rule.threshold:
                hits.append((category, float(score), rule))

        hits.sort(key=lambda hit: (-hit[1], hit[0]))
        reasons = tuple(
            f"{evidence.get(cat) or self._default_evidence(cat, checkpoint)} "
            f"[{cat} {score:.2f} >= {rule.threshold:.2f}]"
            for cat, score, rule in hits
        )
        return Verdict(
            allowed=not hits,
            checkpoint=checkpoint,
            categories=checked,
            flagged=tuple(cat for cat, _, _ in hits),
            reasons=reasons,
            policy_version=self.version,
        )

    def _default_evidence(self, category: str, checkpoint: str) -> str:
        description = self.descriptions.get(category) or category.replace("_", " ")
        return f"{checkpoint} scored high for {description}"


def _parse_rule(key: str, category: str, raw: Any, source: str) -> Rule:
    if not isinstance(raw, dict):
        raise PolicyError(key, "must be a mapping with 'threshold' and 'action'", source)
    unknown = set(raw) - {"threshold", "action"}
    if unknown:
        raise PolicyError(f"{key}.{sorted(unknown)[0]}", "unknown key", source)
    threshold = raw.get("threshold")
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0.0 < threshold <= 1.0
    ):
        raise PolicyError(
            f"{key}.threshold", f"must be a number in (0, 1], got {threshold!r}", source
        )
    action = raw.get("action")
    if action not in ACTIONS:
        raise PolicyError(
            f"{key}.action", f"must be one of {', '.join(ACTIONS)}, got {action!r}", source
        )
    if category in ALWAYS_BLOCK and action != "block":
        raise PolicyError(f"{key}.action", f"{category} must always block", source)
    return Rule(threshold=float(threshold), action=action)
