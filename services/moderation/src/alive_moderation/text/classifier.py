"""A linear prompt classifier over sentence embeddings, stored as plain JSON, and its scorer.

Why linear and JSON: the lexicon catches the words it lists; this catches
paraphrases ("wearing nothing at all", "ohne einen Faden am Leib") that
share meaning, not words, with the training prompts. A softmax layer over
384-d embeddings is ~15 KB of numbers, fast to run in numpy, reviewable,
and (unlike a pickle) safe to load and byte-reproducible from the same data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from alive_moderation.text.signals import TextSignal

SAFE = "safe"
FORMAT = "alive-moderation/linear-prompt-classifier/v1"
BUNDLED = "prompt_classifier.json"


@dataclass(frozen=True)
class LinearPromptClassifier:
    """Softmax over `classes` (the first is "safe"); weights are (classes x dims)."""

    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.classes or self.classes[0] != SAFE:
            raise ValueError(f"the first class must be {SAFE!r}, got {self.classes[:1]}")
        if self.weights.shape[0] != len(self.classes) or self.bias.shape != (len(self.classes),):
            raise ValueError(
                f"weights {self.weights.shape} / bias {self.bias.shape} do not match "
                f"{len(self.classes)} classes"
            )

    @property
    def categories(self) -> tuple[str, ...]:
        """The unsafe classes, i.e. the policy categories this classifier scores."""
        return self.classes[1:]

    @property
    def dimensions(self) -> int:
        return int(self.weights.shape[1])

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        """(n x classes) softmax probabilities for (n x dims) embeddings."""
        if embeddings.ndim != 2 or embeddings.shape[1] != self.dimensions:
            raise ValueError(f"expected (n, {self.dimensions}) embeddings, got {embeddings.shape}")
        logits = embeddings.astype(np.float64) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def to_json(self) -> str:
        """Deterministic text: same weights and metadata give the same bytes."""
        document = {
            "format": FORMAT,
            "classes": list(self.classes),
            "metadata": dict(self.metadata),
            "bias": [_rounded(x) for x in self.bias],
            "weights": [[_rounded(x) for x in row] for row in self.weights],
        }
        return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LinearPromptClassifier:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} document")
        return cls(
            classes=tuple(document["classes"]),
            weights=np.asarray(document["weights"], dtype=np.float64),
            bias=np.asarray(document["bias"], dtype=np.float64),
            metadata=document.get("metadata", {}),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> LinearPromptClassifier:
        """Load a classifier file; `None` loads the one bundled with the package."""
        if path is None:
            text = resources.files("alive_moderation.text").joinpath(BUNDLED).read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        return cls.from_json(text)


def bundled_path() -> Path:
    """Where `python -m alive_moderation.train` writes the bundled classifier."""
    return Path(__file__).resolve().parent / BUNDLED


def _rounded(value: float) -> float:
    # Six decimals: far below any threshold's resolution, and stable against
    # the last-bit noise of float sums, so a rebuild writes the same bytes.
    return round(float(value), 6) + 0.0


class Embedder(Protocol):
    """What the scorer needs from an embedding model (see `SentenceEmbedder`)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class ClassifierScorer:
    """The trained classifier as a `TextScorer`: P(category) for each unsafe class.

    It reads the normalised prompt, the same form it was trained on, so
    leetspeak and look-alike letters reach it already undone.
    """

    def __init__(self, embedder: Embedder, classifier: LinearPromptClassifier) -> None:
        self._embedder = embedder
        self._classifier = classifier

    @property
    def categories(self) -> tuple[str, ...]:
        return self._classifier.categories

    def score(self, prompt: str, normalised: str) -> list[TextSignal]:
        if not normalised:
            return [TextSignal(category, 0.0) for category in self.categories]
        probabilities = self._classifier.probabilities(self._embedder.embed([normalised]))[0]
        return [
            TextSignal(
                category,
                float(probabilities[index]),
                f"prompt reads like a request for {category.replace('_', ' ')} "
                f"(classifier score {probabilities[index]:.2f})",
            )
            for index, category in enumerate(self._classifier.classes)
            if category != SAFE
        ]
