"""A linear prompt classifier over sentence embeddings, stored as plain JSON, and its scorer.

Why linear and JSON: the lexicon catches the words it lists; this catches
paraphrases ("wearing nothing at all", "ohne einen Faden am Leib") that
share meaning, not words, with the training prompts. Its inputs are a
384-d sentence embedding (meaning, strong in English) and 4096 hashed
character n-grams (word pieces, which carry German compounds and
inflections). A softmax layer over them is fast to run in numpy,
reviewable, and (unlike a pickle) safe to load and byte-reproducible from
the same data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from alive_moderation.text.signals import TextSignal

SAFE = "safe"
FORMAT = "alive-moderation/linear-prompt-classifier/v2"
BUNDLED = "prompt_classifier.json"


@dataclass(frozen=True)
class CharNgrams:
    """Hashed character n-grams of the normalised prompt, inside word boundaries.

    Why next to the embedding: all-MiniLM-L6-v2 is an English model and
    splits German words into meaningless pieces, while "nackt", "auszieh"
    and "erschie" are the same letters in any compound or inflection.
    Hashing (scikit-learn's MurmurHash3, fixed seed) needs no vocabulary
    file, so the same text gives the same features in every process.
    """

    low: int = 3
    high: int = 5
    buckets: int = 4096

    @cached_property
    def _vectorizer(self) -> Any:
        from sklearn.feature_extraction.text import HashingVectorizer

        return HashingVectorizer(
            analyzer="char_wb",
            ngram_range=(self.low, self.high),
            n_features=self.buckets,
            alternate_sign=False,
            norm="l2",
        )

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """(n x buckets) L2-normalised n-gram counts."""
        return np.asarray(self._vectorizer.transform(list(texts)).toarray(), dtype=np.float64)

    def to_dict(self) -> dict[str, int]:
        return {"low": self.low, "high": self.high, "buckets": self.buckets}


def prompt_features(
    embeddings: np.ndarray, texts: Sequence[str], char_ngrams: CharNgrams
) -> np.ndarray:
    """The classifier's input: each text's embedding, then its n-gram buckets."""
    return np.hstack([embeddings.astype(np.float64), char_ngrams.transform(texts)])


@dataclass(frozen=True)
class LinearPromptClassifier:
    """Softmax over `classes` (the first is "safe") of [embedding, char n-grams] features.

    `weights` is (classes x features): the embedding's dimensions first, then
    `char_ngrams.buckets` columns.
    """

    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    char_ngrams: CharNgrams = field(default_factory=CharNgrams)
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.classes or self.classes[0] != SAFE:
            raise ValueError(f"the first class must be {SAFE!r}, got {self.classes[:1]}")
        if self.weights.shape[0] != len(self.classes) or self.bias.shape != (len(self.classes),):
            raise ValueError(
                f"weights {self.weights.shape} / bias {self.bias.shape} do not match "
                f"{len(self.classes)} classes"
            )
        if self.embedding_dimensions < 1:
            raise ValueError(
                f"weights have {self.weights.shape[1]} columns, fewer than the "
                f"{self.char_ngrams.buckets} n-gram buckets plus an embedding"
            )

    @property
    def categories(self) -> tuple[str, ...]:
        """The unsafe classes, i.e. the policy categories this classifier scores."""
        return self.classes[1:]

    @property
    def embedding_dimensions(self) -> int:
        return int(self.weights.shape[1]) - self.char_ngrams.buckets

    def features(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """(n x features) for (n x dims) embeddings of the n normalised `texts`."""
        if embeddings.ndim != 2 or embeddings.shape != (len(texts), self.embedding_dimensions):
            raise ValueError(
                f"expected ({len(texts)}, {self.embedding_dimensions}) embeddings, "
                f"got {embeddings.shape}"
            )
        return prompt_features(embeddings, texts, self.char_ngrams)

    def probabilities(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """(n x classes) softmax probabilities."""
        logits = self.features(embeddings, texts) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def category_scores(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """(n x categories) scores for the policy: the whole unsafe mass goes to the top category.

        A prompt that is 45 % "sexual" and 40 % "undressing" is 85 % unsafe;
        reporting 0.45 and 0.40 would let it pass a 0.5 threshold although
        the model is sure it should not. The most likely unsafe category gets
        1 - P(safe); the others keep their own probability.
        """
        probabilities = self.probabilities(embeddings, texts)
        scores = probabilities[:, 1:].copy()
        top = scores.argmax(axis=1)
        scores[np.arange(len(scores)), top] = 1.0 - probabilities[:, 0]
        return scores

    def to_json(self) -> str:
        """Deterministic text: same weights and metadata give the same bytes."""
        document = {
            "format": FORMAT,
            "classes": list(self.classes),
            "char_ngrams": self.char_ngrams.to_dict(),
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
            char_ngrams=CharNgrams(**document["char_ngrams"]),
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
    # Five decimals: far below any threshold's resolution, and stable against
    # the last-bit noise of float sums, so a rebuild writes the same bytes.
    return round(float(value), 5) + 0.0


class Embedder(Protocol):
    """What the scorer needs from an embedding model (see `SentenceEmbedder`)."""

    dimensions: int

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
        embeddings = self._embedder.embed([normalised])
        scores = self._classifier.category_scores(embeddings, [normalised])[0]
        return [
            TextSignal(
                category,
                float(scores[index]),
                f"prompt reads like a request for {category.replace('_', ' ')} "
                f"(classifier score {scores[index]:.2f})",
            )
            for index, category in enumerate(self.categories)
        ]
