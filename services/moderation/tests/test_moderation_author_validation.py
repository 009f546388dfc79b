"""Leave-one-author-out validation: how the classifier's calibration rate is chosen."""

from __future__ import annotations

import pytest

from alive_moderation import prompt_dataset
from alive_moderation.author_validation import (
    Result,
    author,
    leave_one_author_out,
    pooled,
    recommend,
)
from alive_moderation.policy import Policy

from .test_moderation_classifier import HashEmbedder, _rows


def _hand_batch(
    prefix: str, safe: list[str], hate: list[str]
) -> list[prompt_dataset.LabelledPrompt]:
    return [
        prompt_dataset.LabelledPrompt(text, "en", label, f"{prefix}-en-{label}-{i:03d}")
        for label, texts in (("safe", safe), ("hate", hate))
        for i, text in enumerate(texts)
    ]


def _templates_and_two_authors() -> list[prompt_dataset.LabelledPrompt]:
    return [
        *_rows(),
        *_hand_batch("hand", ["a calm lake at dawn", "snow on quiet roofs"], ["vermin banner now", "they are vermin 9"]),
        *_hand_batch("hand2", ["red kite over dunes", "clouds over a quiet sea"], ["ban those vermin", "a vermin poster"]),
    ]  # fmt: skip


def test_each_hand_written_batch_is_checked_by_a_model_fitted_without_it(policy: Policy) -> None:
    rows = _templates_and_two_authors()
    embedder = HashEmbedder()

    results = leave_one_author_out(rows, embedder, policy, [], rates=(0.01, 0.2))

    assert {(r.batch, r.rate, r.lang) for r in results} == {
        (batch, rate, "en") for batch in ("hand", "hand2") for rate in (0.01, 0.2)
    }
    assert all((r.unsafe, r.safe) == (2, 2) for r in results)
    # The word that marks hate in the rest of the data carries over to the left-out author.
    assert all(r.recall == 1.0 and r.fpr == 0.0 for r in results)


def test_templates_belong_to_no_author() -> None:
    assert author(prompt_dataset.LabelledPrompt("x", "en", "safe", "hand3-en-safe-001")) == "hand3"
    assert author(prompt_dataset.LabelledPrompt("x", "en", "safe", "en-safe-clouds")) is None


def test_only_the_named_batches_are_left_out_and_unknown_ones_are_refused(
    policy: Policy,
) -> None:
    rows = _templates_and_two_authors()
    results = leave_one_author_out(rows, HashEmbedder(), policy, [], (0.05,), ["hand2"])
    assert {r.batch for r in results} == {"hand2"}
    with pytest.raises(ValueError, match="no hand-written batch 'hand9'"):
        leave_one_author_out(rows, HashEmbedder(), policy, [], (0.05,), ["hand9"])


def test_recommendation_is_the_largest_rate_whose_pooled_fpr_fits() -> None:
    def result(batch: str, rate: float, false_alarms: int, safe: int) -> Result:
        return Result(
            batch, rate, "de", caught=90, unsafe=100, false_alarms=false_alarms, safe=safe
        )

    results = [
        result("hand", 0.01, 1, 100), result("hand2", 0.01, 2, 100),
        # 0.02: one batch over 0.04, but pooled (3 + 5) / 200 = 0.04
        result("hand", 0.02, 3, 100), result("hand2", 0.02, 5, 100),
        result("hand", 0.03, 3, 100), result("hand2", 0.03, 6, 100),
    ]  # fmt: skip
    assert pooled(results, 0.02, "de").fpr == pytest.approx(0.04)
    assert pooled(results, 0.02, "de").safe == 200
    assert recommend(results, max_fpr=0.04) == 0.02
    assert recommend(results, max_fpr=0.005) is None


def test_a_batch_is_never_scored_by_a_model_that_saw_it(policy: Policy) -> None:
    """hand3 marks hate with words no other author uses: only a leak could catch them."""
    rows = [
        *_templates_and_two_authors(),
        *_hand_batch("hand3", ["a calm pond at noon", "rain on quiet roofs"], ["zorblax qwyth", "qwyth zorblax"]),
    ]  # fmt: skip
    results = leave_one_author_out(rows, HashEmbedder(), policy, [], (0.05,), ["hand3"])
    assert [(r.batch, r.recall) for r in results] == [("hand3", 0.0)]
