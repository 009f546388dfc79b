"""Prompt moderation: normalisation, EN/DE lexicon, profanity model, embedding classifier,
and the moderator that combines them."""

from alive_moderation.text.lexicon import LexiconScorer
from alive_moderation.text.moderator import MAX_PROMPT_CHARS, TextModerator, default_text_scorers
from alive_moderation.text.normalise import normalise
from alive_moderation.text.profanity import ProfanityScorer
from alive_moderation.text.signals import TextScorer, TextSignal

__all__ = [
    "MAX_PROMPT_CHARS",
    "LexiconScorer",
    "ProfanityScorer",
    "TextModerator",
    "TextScorer",
    "TextSignal",
    "default_text_scorers",
    "normalise",
]
