"""The seam between text scorers and the text moderator.

A scorer (lexicon, profanity model, later a trained embedding classifier)
emits signals; the moderator keeps the highest score per category and hands
the result to the policy. Scorers never decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class TextSignal:
    """One scorer's opinion on one category: a score in 0..1 and what it saw."""

    category: str
    score: float
    evidence: str = ""


class TextScorer(Protocol):
    """Anything that scores a prompt. `categories` is checked against the policy at start-up."""

    @property
    def categories(self) -> tuple[str, ...]: ...

    def score(self, prompt: str, normalised: str) -> list[TextSignal]:
        """Score one prompt; `normalised` is `normalise(prompt)`, computed once per check."""
        ...
