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


SCORERS = ("lexicon", "profanity", "classifier")


def default_text_scorers(names: Sequence[str] = SCORERS) -> list[TextScorer]:
    """Lexicon, alt-profanity-check and the embedding classifier, all bundled (~5 s to build).

    `names` picks a subset (evaluation ablations), built the same way. The
    lexicon is exact and explains itself; the classifier catches paraphrases
    the lexicon does not list; profanity covers abuse. The embedding model
    gets one thread: a one-prompt batch gains nothing from two, and on the
    shared 2-core machines two (then torch) threads measured 54 ms p50
    against 12 ms for one.
    """
    unknown = set(names) - set(SCORERS)
    if unknown:
        raise ValueError(
            f"unknown scorer {sorted(unknown)[0]!r}; expected some of {', '.join(SCORERS)}"
        )
    scorers: list[TextScorer] = []
    for name in names:
        if name == "lexicon":
            scorers.append(LexiconScorer.load())
        elif name == "profanity":
            scorers.append(ProfanityScorer())
        else:
            from alive_moderation.text.classifier import ClassifierScorer, PromptClassifier
            from alive_moderation.text.embedding import SentenceEmbedder

            scorers.append(ClassifierScorer(SentenceEmbedder(threads=1), PromptClassifier.load()))
    return scorers


class TextModerator:
    """The prompt checkpoint. Scorers are combined by taking the highest score per category.

    `scorers=None` uses `default_text_scorers()` (what the service runs).
    """

    checkpoint = "prompt"

    def __init__(self, policy: Policy, scorers: Sequence[TextScorer] | None = None) -> None:
        self._policy = policy
        self._scorers: tuple[TextScorer, ...] = (
            tuple(scorers) if scorers is not None else tuple(default_text_scorers())
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
