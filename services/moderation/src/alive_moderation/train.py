"""Rebuild the bundled prompt classifier: `python -m alive_moderation.train [--data F] [--out F]`.

Trains on the *train* split only, so `python -m alive_moderation.evaluate`
measures it on templates it never saw. The output is a JSON file whose
metadata names the data (SHA-256), the seed, the split and the embedding
model; the same data and seed write the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from importlib import metadata as importlib_metadata
from pathlib import Path

import numpy as np

from alive_moderation import prompt_dataset
from alive_moderation.prompt_templates import LABELS
from alive_moderation.text.classifier import Embedder, LinearPromptClassifier, bundled_path
from alive_moderation.text.embedding import MODEL_NAME, MODEL_PACKAGE
from alive_moderation.text.normalise import normalise

SEED = 7
REGULARISATION_C = 4.0
"""Inverse L2 strength; chosen on train-split cross-validation by template group."""


def split_groups_digest(groups: Sequence[str]) -> str:
    """A short hash of the held-out group names, so a model records which split it saw."""
    return hashlib.sha256("\n".join(sorted(groups)).encode()).hexdigest()[:16]


def train(
    rows: Sequence[prompt_dataset.LabelledPrompt],
    embedder: Embedder,
    seed: int = SEED,
    c: float = REGULARISATION_C,
    metadata: dict[str, object] | None = None,
) -> LinearPromptClassifier:
    """Fit a multinomial logistic regression on normalised prompts' embeddings."""
    from sklearn.linear_model import LogisticRegression

    labels = sorted({row.label for row in rows}, key=LABELS.index)
    if labels[0] != "safe":
        raise ValueError("the training rows need safe prompts")
    embeddings = embedder.embed([normalise(row.text) for row in rows])
    targets = np.array([labels.index(row.label) for row in rows])
    model = LogisticRegression(
        C=c, class_weight="balanced", max_iter=5000, tol=1e-6, random_state=seed
    )
    model.fit(embeddings.astype(np.float64), targets)
    weights = np.asarray(model.coef_, dtype=np.float64)
    bias = np.asarray(model.intercept_, dtype=np.float64)
    if len(labels) == 2:  # scikit-learn returns one logistic row; softmax([0, z]) == sigmoid(z)
        weights = np.vstack([np.zeros_like(weights), weights])
        bias = np.concatenate([[0.0], bias])
    return LinearPromptClassifier(
        classes=tuple(labels),
        weights=weights,
        bias=bias,
        metadata={"seed": seed, "C": c, **(metadata or {})},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=prompt_dataset.DEFAULT_DATASET)
    parser.add_argument("--out", type=Path, default=bundled_path())
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)

    from alive_moderation.text.embedding import SentenceEmbedder

    rows = prompt_dataset.load(args.data)
    split = prompt_dataset.split(rows)
    held_out_groups = sorted({row.group for row in split.held_out})
    classifier = train(
        split.train,
        SentenceEmbedder(threads=2),
        seed=args.seed,
        metadata={
            "data_sha256": prompt_dataset.sha256(args.data),
            "embedding_model": MODEL_NAME,
            "embedding_package": f"{MODEL_PACKAGE}=={importlib_metadata.version(MODEL_PACKAGE)}",
            "input": "normalise(prompt)",
            "scikit_learn": importlib_metadata.version("scikit-learn"),
            "train_rows": len(split.train),
            "held_out_rows": len(split.held_out),
            "held_out_groups": len(held_out_groups),
            "held_out_groups_sha256": split_groups_digest(held_out_groups),
        },
    )
    args.out.write_text(classifier.to_json(), encoding="utf-8")
    print(
        f"trained on {len(split.train)} prompts ({len(classifier.categories)} categories); "
        f"held out {len(split.held_out)} in {len(held_out_groups)} templates; wrote {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
