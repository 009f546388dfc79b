"""alt-profanity-check as a text scorer (category `profanity`).

The package loads its scikit-learn model when imported, so the import happens
in `__init__`, at start-up, never when this module is imported.

Why not call `profanity_check.predict_prob`: its model is five calibrated
linear SVMs, and scikit-learn validates its input five times per call, which
cost 8 ms of a 20 ms budget per prompt. `LinearProfanityModel` computes the
same probability from the same fitted arrays in one sparse product (~1 ms);
a test holds it to the package's own answer.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from alive_moderation.text.signals import TextSignal


class LinearProfanityModel:
    """P(profane) of `CalibratedClassifierCV(LinearSVC, method="sigmoid")`, computed directly.

    scikit-learn averages, over its calibrated folds, the sigmoid
    `1 / (1 + exp(a * d + b))` of each fold's decision value `d = x . w + c`.
    """

    def __init__(self, vectorizer: Any, model: Any) -> None:
        folds = getattr(model, "calibrated_classifiers_", None)
        if getattr(model, "method", None) != "sigmoid" or not folds or len(model.classes_) != 2:
            raise ValueError(
                "alt-profanity-check's model is no longer a binary sigmoid-calibrated "
                f"CalibratedClassifierCV ({type(model).__name__}); update LinearProfanityModel"
            )
        self._vectorizer = vectorizer
        self._weights = np.stack([np.ravel(fold.estimator.coef_) for fold in folds], axis=1)
        self._intercepts = np.array([float(fold.estimator.intercept_[0]) for fold in folds])
        self._slopes = np.array([float(fold.calibrators[0].a_) for fold in folds])
        self._offsets = np.array([float(fold.calibrators[0].b_) for fold in folds])

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """P(profane) per text."""
        decisions = self._vectorizer.transform(texts) @ self._weights + self._intercepts
        per_fold = 1.0 / (1.0 + np.exp(decisions * self._slopes + self._offsets))
        return np.asarray(per_fold.mean(axis=1))


class ProfanityScorer:
    """Scores profanity/abuse with a linear model over words (English-trained).

    It scores the normalised prompt so "f u c k" and "sh1t" count; it is weak
    on polite sexual requests, which the lexicon covers.
    """

    categories: tuple[str, ...] = ("profanity",)

    def __init__(self) -> None:
        from profanity_check import profanity_check

        self._model = LinearProfanityModel(profanity_check.vectorizer, profanity_check.model)

    def score(self, prompt: str, normalised: str) -> list[TextSignal]:
        if not normalised:
            return [TextSignal("profanity", 0.0)]
        probability = float(self._model.probabilities([normalised])[0])
        return [
            TextSignal(
                "profanity",
                probability,
                f"prompt contains profanity or abuse (model score {probability:.2f})",
            )
        ]
