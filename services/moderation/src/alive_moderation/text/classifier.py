"""The prompt classifier over sentence embeddings and character n-grams, stored as JSON, and its scorer.

Why: the lexicon catches the words it lists; this catches paraphrases
("wearing nothing at all", "ohne einen Faden am Leib") that share meaning,
not words, with the training prompts. Its inputs are a 384-d sentence
embedding (meaning, strong in English) and 4096 hashed character n-grams
(word pieces, which carry German compounds and inflections). A small
network (one ReLU hidden layer, then softmax) runs in numpy in well under a
millisecond. It is stored as JSON with base64 arrays: unlike a pickle it is
safe to load, and the same data and seed write the same bytes.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from alive_moderation.text.signals import TextSignal

SAFE = "safe"
FORMAT = "alive-moderation/prompt-classifier/v3"
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

    def transform(self, texts: Sequence[str]) -> Any:
        """(n x buckets) L2-normalised n-gram counts, a sparse CSR matrix."""
        return self._vectorizer.transform(list(texts)).astype(np.float64)

    def to_dict(self) -> dict[str, int]:
        return {"low": self.low, "high": self.high, "buckets": self.buckets}


def prompt_features(embeddings: np.ndarray, texts: Sequence[str], char_ngrams: CharNgrams) -> Any:
    """The classifier's input: each text's embedding, then its n-gram buckets (sparse CSR).

    A prompt lights up about a hundred of the 4096 buckets; keeping them
    sparse makes training several times faster than a dense matrix.
    """
    from scipy import sparse

    dense = sparse.csr_matrix(embeddings.astype(np.float64))
    return sparse.hstack([dense, char_ngrams.transform(texts)], format="csr")


@dataclass(frozen=True)
class Layer:
    """A dense layer, `inputs @ weights.T + bias`.

    Weights are kept in half precision (their rounding moves a score by far
    less than any threshold's resolution, and halves the file); biases in
    single precision, because calibration shifts a bias. Constructing a layer
    rounds, so a trained classifier scores exactly as it will after loading.
    """

    weights: np.ndarray
    """(outputs x inputs)"""
    bias: np.ndarray
    """(outputs,)"""

    def __post_init__(self) -> None:
        # C order too: a transposed view would sum in another order than the loaded copy.
        weights = np.ascontiguousarray(np.asarray(self.weights, np.float16), np.float32)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "bias", np.ascontiguousarray(self.bias, np.float32))
        if self.weights.ndim != 2 or self.bias.shape != (self.weights.shape[0],):
            raise ValueError(
                f"layer weights {self.weights.shape} and bias {self.bias.shape} do not match"
            )

    @cached_property
    def _weights_by_input(self) -> np.ndarray:
        """(inputs x outputs), C order: a sparse prompt row then reads whole rows of it
        (a transposed view made scipy copy all 4 MB on every call)."""
        return np.ascontiguousarray(self.weights.T)

    def __call__(self, inputs: np.ndarray) -> np.ndarray:
        return inputs @ self._weights_by_input + self.bias

    def to_dict(self) -> dict[str, Any]:
        return {
            "shape": list(self.weights.shape),
            "weights_float16_base64": _encode(self.weights.astype("<f2")),
            "bias_float32_base64": _encode(self.bias.astype("<f4")),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Layer:
        outputs, inputs = raw["shape"]
        weights = _decode(raw["weights_float16_base64"], "<f2").reshape(outputs, inputs)
        return cls(weights, _decode(raw["bias_float32_base64"], "<f4"))


@dataclass(frozen=True)
class PromptClassifier:
    """Softmax over `classes` (the first is "safe") after `layers`, with ReLU between them.

    The first layer reads [embedding, char n-grams]: the embedding's
    dimensions first, then `char_ngrams.buckets` columns.
    """

    classes: tuple[str, ...]
    layers: tuple[Layer, ...]
    char_ngrams: CharNgrams = field(default_factory=CharNgrams)
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.classes or self.classes[0] != SAFE:
            raise ValueError(f"the first class must be {SAFE!r}, got {self.classes[:1]}")
        if not self.layers:
            raise ValueError("a classifier needs at least one layer")
        shapes = [layer.weights.shape for layer in self.layers]
        if shapes[-1][0] != len(self.classes) or any(
            before[0] != after[1] for before, after in pairwise(shapes)
        ):
            raise ValueError(f"layer shapes {shapes} do not chain into {len(self.classes)} classes")
        if self.embedding_dimensions < 1:
            raise ValueError(
                f"the first layer reads {shapes[0][1]} inputs, not more than the "
                f"{self.char_ngrams.buckets} n-gram buckets plus an embedding"
            )

    @property
    def categories(self) -> tuple[str, ...]:
        """The unsafe classes, i.e. the policy categories this classifier scores."""
        return self.classes[1:]

    @property
    def embedding_dimensions(self) -> int:
        return int(self.layers[0].weights.shape[1]) - self.char_ngrams.buckets

    def features(self, embeddings: np.ndarray, texts: Sequence[str]) -> Any:
        """(n x inputs), sparse, for (n x dims) embeddings of the n normalised `texts`."""
        if embeddings.ndim != 2 or embeddings.shape != (len(texts), self.embedding_dimensions):
            raise ValueError(
                f"expected ({len(texts)}, {self.embedding_dimensions}) embeddings, "
                f"got {embeddings.shape}"
            )
        return prompt_features(embeddings, texts, self.char_ngrams)

    def probabilities(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """(n x classes) softmax probabilities."""
        values = self.features(embeddings, texts).astype(np.float32)
        for layer in self.layers[:-1]:
            values = np.maximum(layer(values), 0.0)
        logits = self.layers[-1](values).astype(np.float64)
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

    def with_safe_bias_shift(self, shift: float, metadata: Mapping[str, Any]) -> PromptClassifier:
        """The same classifier with `shift` added to the safe logit, and new metadata."""
        output = self.layers[-1]
        bias = output.bias.astype(np.float64)
        bias[0] += shift
        layers = (*self.layers[:-1], Layer(output.weights, bias))
        return replace(self, layers=layers, metadata=metadata)

    def to_json(self) -> str:
        """Deterministic text: same weights and metadata give the same bytes."""
        document = {
            "format": FORMAT,
            "classes": list(self.classes),
            "char_ngrams": self.char_ngrams.to_dict(),
            "metadata": dict(self.metadata),
            "layers": [layer.to_dict() for layer in self.layers],
        }
        return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> PromptClassifier:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} document")
        return cls(
            classes=tuple(document["classes"]),
            layers=tuple(Layer.from_dict(raw) for raw in document["layers"]),
            char_ngrams=CharNgrams(**document["char_ngrams"]),
            metadata=document.get("metadata", {}),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> PromptClassifier:
        """Load a classifier file; `None` loads the one bundled with the package."""
        if path is None:
            text = resources.files("alive_moderation.text").joinpath(BUNDLED).read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        return cls.from_json(text)


def bundled_path() -> Path:
    """Where `python -m alive_moderation.train` writes the bundled classifier."""
    return Path(__file__).resolve().parent / BUNDLED


def _encode(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def _decode(text: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=dtype)


class Embedder(Protocol):
    """What the scorer needs from an embedding model (see `SentenceEmbedder`)."""

    dimensions: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class ClassifierScorer:
    """The trained classifier as a `TextScorer`: P(category) for each unsafe class.

    It reads the normalised prompt, the same form it was trained on, so
    leetspeak and look-alike letters reach it already undone.
    """

    def __init__(self, embedder: Embedder, classifier: PromptClassifier) -> None:
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
