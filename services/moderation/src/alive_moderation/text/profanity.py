"""alt-profanity-check as a text scorer (category `profanity`).

The package loads its scikit-learn model when imported, so the import happens
in `__init__`, at start-up, never when this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from alive_moderation.text.signals import TextSignal


class ProfanityScorer:
    """Scores profanity/abuse with a linear model over words (English-trained).

    It scores the normalised prompt so "f u c k" and "sh1t" count; it is weak
    on polite sexual requests, which the lexicon covers.
    """

    categories: tuple[str, ...] = ("profanity",)

    def __init__(self) -> None:
        from profanity_check import predict_prob

        self._predict_prob: Callable[[Sequence[str]], Any] = predict_prob

    def score(self, prompt: str, normalised: str) -> list[TextSignal]:
        if not normalised:
            return [TextSignal("profanity", 0.0)]
        probability = float(self._predict_prob([normalised])[0])
        return [
            TextSignal(
                "profanity",
                probability,
                f"prompt contains profanity or abuse (model score {probability:.2f})",
            )
        ]
