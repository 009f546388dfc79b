"""Checks a prompt: normalise once, run every scorer, let the policy decide."""

from __future__ import annotations

from collections.abc import Sequence

from alive_moderation.errors import ModerationInputError, PolicyError
from alive_moderation.policy import Policy
from alive_moderation.text.lexicon import LexiconScorer
from alive_moderation.text.normalise import normalise
from alive_moderation.text.profanity import ProfanityScorer
from alive_moderation.text.signals import TextScorer
from alive_moderation.verdict import Verdict

MAX_PROMPT_CHARS = 2000
"""Prompts are a sentence or two; a longer one is a mistake or an attack on the regexes."""


class TextModerator:
    """The prompt checkpoint. Scorers are combined by taking the highest score per category.

    `scorers=None` uses the bundled lexicon and alt-profanity-check. A later
    trained classifier is just one more scorer in the list.
    """

    checkpoint = "prompt"

    def __init__(self, policy: Policy, scorers: Sequence[TextScorer] | None = None) -> None:
        self._policy = policy
        self._scorers: tuple[TextScorer, ...] = (
            tuple(scorers) if scorers is not None else (LexiconScorer.load(), ProfanityScorer())
        )
        checked = set(policy.categories_at(self.checkpoint))
        for scorer in self._scorers:
            for category in scorer.categories:
                if category not in checked:
                    raise PolicyError(
                        f"categories.{category}.{self.checkpoint}",
                        f"{type(scorer).__name__} scores {category!r} but the policy "
                        f"{policy.version} has no rule for it at the prompt checkpoint",
                    )

    def check(self, prompt: str) -> Verdict:
        """Moderate one prompt; an empty prompt is allowed (the photo alone drives generation)."""
        if not isinstance(prompt, str):
            raise ModerationInputError("prompt", f"must be a string, got {type(prompt).__name__}")
        if len(prompt) > MAX_PROMPT_CHARS:
            raise ModerationInputError(
                "prompt", f"is {len(prompt)} characters; at most {MAX_PROMPT_CHARS} are allowed"
            )
        normalised = normalise(prompt)
        scores: dict[str, float] = {}
        evidence: dict[str, str] = {}
        for scorer in self._scorers:
            for signal in scorer.score(prompt, normalised):
                if signal.category not in scores or signal.score > scores[signal.category]:
                    scores[signal.category] = signal.score
                    evidence[signal.category] = signal.evidence
        return self._policy.decide(self.checkpoint, scores, evidence)
