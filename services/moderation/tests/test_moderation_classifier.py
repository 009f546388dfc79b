"""The trained prompt classifier: a JSON file, reproducible, tied to its data, and useful."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from alive_moderation import prompt_dataset
from alive_moderation.policy import Policy
from alive_moderation.text import TextModerator
from alive_moderation.text.classifier import (
    CharNgrams,
    ClassifierScorer,
    Layer,
    PromptClassifier,
    bundled_path,
)
from alive_moderation.train import CALIBRATION_FPR, safe_bias_shift, train

from .test_moderation_text import HARMFUL, HARMLESS


class HashEmbedder:
    """Fake embedder: a bag of hashed words, so similar wording gives similar vectors."""

    def __init__(self, dimensions: int = 64) -> None:
        self.dimensions = dimensions
        self.calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dimensions))
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimensions] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


SMALL_NGRAMS = CharNgrams(buckets=256)
"""Unit tests train on a few rows: a small hash space keeps each fit fast."""


def _rows() -> list[prompt_dataset.LabelledPrompt]:
    """Five templates per class: enough for the grouped cross-validation that calibrates."""
    safe = ["clouds over the sea", "a quiet lake", "snow on the roofs", "a red kite", "calm dunes"]
    hate = ["a hateful vermin banner", "vermin must go", "hateful vermin poster", "ban the vermin",
            "they are vermin"]  # fmt: skip
    return [
        prompt_dataset.LabelledPrompt(f"{text} {i}", "en", label, f"{label}-{t}")
        for label, texts in (("safe", safe), ("hate", hate))
        for t, text in enumerate(texts)
        for i in range(4)
    ]


def test_bundled_classifier_is_json_trained_on_the_checked_in_data() -> None:
    path = bundled_path()
    assert path.stat().st_size < 4_000_000  # half-precision weights: ~3 MB
    classifier = PromptClassifier.load()
    assert classifier.metadata["data_sha256"] == prompt_dataset.sha256(), (
        "prompt_classifier.json is stale: run make train-moderation"
    )
    assert classifier.metadata["embedding_model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert classifier.embedding_dimensions == 384
    calibration = classifier.metadata["calibration"]
    assert calibration["target_fpr_per_language"] == CALIBRATION_FPR
    for lang in prompt_dataset.LANGUAGES:
        assert calibration["out_of_fold"][lang]["fpr"] <= CALIBRATION_FPR
    assert set(classifier.categories) <= set(Policy.load().categories_at("prompt"))
    held_out = prompt_dataset.split(prompt_dataset.load()).held_out
    assert classifier.metadata["held_out_rows"] == len(held_out)


def test_same_data_and_seed_write_the_same_bytes() -> None:
    first = train(_rows(), HashEmbedder(), seed=3, char_ngrams=SMALL_NGRAMS).to_json()
    second = train(_rows(), HashEmbedder(), seed=3, char_ngrams=SMALL_NGRAMS).to_json()
    assert first == second
    again = PromptClassifier.from_json(first)
    assert again.to_json() == first


def test_loaded_classifier_scores_exactly_as_the_trained_one() -> None:
    """Weights are rounded to half precision when the layer is built, not when it is saved."""
    embedder = HashEmbedder()
    trained = train(_rows(), embedder, char_ngrams=SMALL_NGRAMS)
    loaded = PromptClassifier.from_json(trained.to_json())
    texts = ["a hateful vermin banner", "clouds over the sea", "something else entirely"]
    vectors = embedder.embed(texts)
    assert np.array_equal(
        loaded.probabilities(vectors, texts), trained.probabilities(vectors, texts)
    )


def test_hidden_layer_is_rectified() -> None:
    """Two hidden units of opposite sign: only the positive one may reach the output."""
    ngrams = CharNgrams(buckets=8)
    hidden = Layer(np.array([[1.0] + [0.0] * 8, [-1.0] + [0.0] * 8]), np.zeros(2))
    output = Layer(np.array([[0.0, 0.0], [1.0, 1.0]]), np.zeros(2))
    classifier = PromptClassifier(("safe", "hate"), (hidden, output), char_ngrams=ngrams)
    # Without the ReLU the two units would cancel and P(hate) would be 0.5.
    p_hate = classifier.probabilities(np.array([[2.0]]), [""])[0, 1]
    assert p_hate == pytest.approx(1 / (1 + np.exp(-2.0)))


def test_trained_classifier_scores_its_category_above_safe_text() -> None:
    embedder = HashEmbedder()
    scorer = ClassifierScorer(embedder, train(_rows(), embedder, char_ngrams=SMALL_NGRAMS))
    hate = {s.category: s.score for s in scorer.score("", "a hateful vermin banner")}
    calm = {s.category: s.score for s in scorer.score("", "clouds over the sea")}
    assert hate["hate"] > 0.5 > calm["hate"]
    assert scorer.categories == ("hate",)
    assert all(s.score == 0.0 for s in scorer.score("", ""))


def test_unsafe_mass_goes_to_the_most_likely_category() -> None:
    """45 % sexual + 40 % undressing is 85 % unsafe: that must not pass a 0.5 threshold."""
    ngrams = CharNgrams(buckets=8)
    output = Layer(np.zeros((3, 2 + 8)), np.log(np.array([0.15, 0.45, 0.40])))
    classifier = PromptClassifier(("safe", "sexual", "undressing"), (output,), char_ngrams=ngrams)
    scores = classifier.category_scores(np.zeros((1, 2)), ["x"])[0]
    assert scores == pytest.approx([0.85, 0.40])


def test_calibration_puts_the_threshold_where_each_language_keeps_its_fpr() -> None:
    rng = np.random.default_rng(0)
    safe_scores = rng.uniform(0, 1, 200)
    scores = np.concatenate([safe_scores, rng.uniform(0.5, 1, 100)])
    safe = np.arange(300) < 200
    langs = np.array(["en", "de"] * 150)
    threshold, shift = safe_bias_shift(scores, safe, langs, 0.05)
    for lang in ("en", "de"):
        assert np.mean(scores[safe & (langs == lang)] >= threshold) <= 0.05
    # Shifting the safe logit by `shift` moves the 0.5 decision onto `threshold`.
    for p in (threshold - 0.01, threshold + 0.01):
        shifted = 1 / (1 + np.exp(-(np.log(p / (1 - p)) - shift)))
        assert (shifted >= 0.5) == (p >= threshold)


def test_mismatched_weights_are_refused() -> None:
    ngrams = CharNgrams(buckets=8)
    two_classes = (Layer(np.zeros((2, 12)), np.zeros(2)),)
    with pytest.raises(ValueError, match="first class must be 'safe'"):
        PromptClassifier(("hate", "safe"), two_classes, ngrams)
    with pytest.raises(ValueError, match="do not match"):
        Layer(np.zeros((3, 12)), np.zeros(2))
    with pytest.raises(ValueError, match="do not chain into 3 classes"):
        PromptClassifier(("safe", "hate", "sexual"), two_classes, ngrams)
    with pytest.raises(ValueError, match="do not chain"):
        hidden = Layer(np.zeros((5, 12)), np.zeros(5))
        PromptClassifier(("safe", "hate"), (hidden, Layer(np.zeros((2, 4)), np.zeros(2))), ngrams)
    with pytest.raises(ValueError, match="n-gram buckets"):
        PromptClassifier(("safe", "hate"), (Layer(np.zeros((2, 8)), np.zeros(2)),), ngrams)
    with pytest.raises(ValueError, match="not a"):
        PromptClassifier.from_json('{"format": "pickle"}')


@pytest.mark.embedding
@pytest.mark.parametrize(("prompt", "category"), HARMFUL)
def test_full_stack_blocks_what_the_lexicon_blocks(
    full_text_moderator: TextModerator, prompt: str, category: str
) -> None:
    verdict = full_text_moderator.check(prompt)
    assert not verdict.allowed and category in verdict.flagged


KNOWN_CLASSIFIER_FALSE_POSITIVES = {
    # The classifier reads "zieh X aus dem Wasser" (pull X out of the water)
    # as undressing; the lexicon's exception knows better. Open issue.
    "zieh sie aus dem Wasser",
}


@pytest.mark.embedding
@pytest.mark.parametrize(
    "prompt",
    [
        pytest.param(
            p,
            marks=pytest.mark.xfail(strict=True, reason="known classifier false positive"),
        )
        if p in KNOWN_CLASSIFIER_FALSE_POSITIVES
        else p
        for p in HARMLESS
    ],
)
def test_full_stack_lets_creative_prompts_pass(
    full_text_moderator: TextModerator, prompt: str
) -> None:
    verdict = full_text_moderator.check(prompt)
    assert verdict.allowed, verdict.reasons


@pytest.mark.embedding
def test_classifier_adds_recall_beyond_the_lexicon_on_held_out_templates(
    full_text_moderator: TextModerator, text_moderator: TextModerator
) -> None:
    """On templates it never saw, the full stack blocks more than the lexicon, within the FPR."""
    held_out = prompt_dataset.split(prompt_dataset.load()).held_out
    for lang in prompt_dataset.LANGUAGES:
        unsafe = [p.text for p in held_out if p.lang == lang and p.unsafe]
        safe = [p.text for p in held_out if p.lang == lang and not p.unsafe]
        lexicon_caught = sum(not text_moderator.check(t).allowed for t in unsafe)
        full_caught = sum(not full_text_moderator.check(t).allowed for t in unsafe)
        false_alarms = sum(not full_text_moderator.check(t).allowed for t in safe)
        assert full_caught >= lexicon_caught + 0.01 * len(unsafe), (
            lang,
            lexicon_caught,
            full_caught,
        )
        assert false_alarms <= 0.05 * len(safe), (lang, false_alarms, len(safe))


@pytest.mark.embedding
def test_embedding_model_loads_and_runs_with_the_network_cut_off() -> None:
    """Any socket connect raises in the child: loading must not need the network."""
    script = textwrap.dedent(
        """
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network is off in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        import os
        for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
            os.environ.pop(key, None)
        from alive_moderation.text.embedding import SentenceEmbedder
        vectors = SentenceEmbedder(threads=1).embed(["a quiet lake"])
        assert os.environ["HF_HUB_OFFLINE"] == "1"
        print(vectors.shape)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "(1, 384)" in done.stdout


@pytest.mark.embedding
def test_onnx_embedder_matches_the_library_on_padded_batches(embedder) -> None:  # type: ignore[no-untyped-def]
    """The exported ONNX graph with our pooling must give what `SentenceTransformer.encode` gives.

    A batch mixes lengths (padding), a 2000-character prompt (truncated at
    128 tokens) and German; one-prompt batches are the service's case.
    """
    from sentence_transformers import SentenceTransformer

    from alive_moderation.text.embedding import MAX_TOKENS, bundled_model_dir

    texts = [
        "a quiet lake",
        "Sonnenuntergang, Wolken ziehen, Meeresrauschen",
        "fireworks over the city, slow camera push-in, warm colour grade, confetti",
        "  zieh sie aus ",
        "wind " * 400,
    ]
    library = SentenceTransformer(str(bundled_model_dir()), device="cpu", local_files_only=True)
    library.max_seq_length = MAX_TOKENS
    expected = library.encode(texts, normalize_embeddings=True, show_progress_bar=False)

    batched = embedder.embed(texts)
    one_by_one = np.vstack([embedder.embed([text]) for text in texts])
    assert np.abs(batched - expected).max() < 1e-5
    assert np.abs(one_by_one - expected).max() < 1e-5
    assert np.abs(expected[0] - expected[1]).max() > 0.05  # the texts really differ
