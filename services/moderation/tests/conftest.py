"""Shared, expensive-to-build moderators (built once per session) and fakes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from alive_moderation.image import ImageModerator
from alive_moderation.policy import Policy
from alive_moderation.text import LexiconScorer, ProfanityScorer, TextModerator

SAMPLE_PHOTOS = Path(__file__).resolve().parents[3] / "samples" / "photos"


class RedMeansUnsafe:
    """Fake image scorer: `sexual` = share of clearly red pixels. Stands in for explicit imagery."""

    categories = ("sexual",)
    max_side = 64

    def __init__(self) -> None:
        self.batches: list[int] = []

    def score_frames(self, frames: Sequence[np.ndarray]) -> list[dict[str, float]]:
        self.batches.append(len(frames))
        scores = []
        for frame in frames:
            red = (frame[..., 0] > 150) & (frame[..., 1] < 100) & (frame[..., 2] < 100)
            scores.append({"sexual": float(red.mean())})
        return scores


def red_last_second(time: float, width: int, height: int) -> np.ndarray:
    """Blue sky for all but the last second of a 5 s clip, then solid red."""
    colour = (220, 20, 20) if time >= 4.0 else (40, 90, 200)
    return np.full((height, width, 3), colour, dtype=np.uint8)


@pytest.fixture(scope="session")
def policy() -> Policy:
    return Policy.load()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "embedding: loads the sentence-embedding model (~5-10 s, once per session)"
    )


@pytest.fixture(scope="session")
def text_moderator(policy: Policy) -> TextModerator:
    """Lexicon + profanity only: fast, for tests of those two scorers."""
    return TextModerator(policy, [LexiconScorer.load(), ProfanityScorer()])


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    """The one embedding model of the session (tests using it are marked `embedding`)."""
    from alive_moderation.text.embedding import SentenceEmbedder

    return SentenceEmbedder()


@pytest.fixture(scope="session")
def full_text_moderator(policy: Policy, embedder) -> TextModerator:  # type: ignore[no-untyped-def]
    """What the service runs: lexicon + profanity + embedding classifier."""
    from alive_moderation.text.classifier import ClassifierScorer, PromptClassifier

    classifier = ClassifierScorer(embedder, PromptClassifier.load())
    return TextModerator(policy, [LexiconScorer.load(), ProfanityScorer(), classifier])


@pytest.fixture(scope="session")
def image_moderator(policy: Policy) -> ImageModerator:
    return ImageModerator(policy)


@pytest.fixture()
def fake_scorer() -> RedMeansUnsafe:
    return RedMeansUnsafe()
