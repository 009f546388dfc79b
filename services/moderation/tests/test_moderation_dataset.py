"""The labelled prompt set: reproducible from its templates, split by template with no leakage."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from alive_moderation import prompt_dataset, prompt_templates
from alive_moderation.policy import Policy
from alive_moderation.text.normalise import normalise


def test_checked_in_sets_are_what_the_templates_generate(tmp_path: Path) -> None:
    for checked_in, rows in (
        (prompt_dataset.DEFAULT_DATASET, prompt_templates.labelled_set()),
        (prompt_dataset.BLIND_DATASET, prompt_templates.blind_set()),
    ):
        rebuilt = tmp_path / checked_in.name
        prompt_templates.write(rebuilt, rows)
        assert rebuilt.read_bytes() == checked_in.read_bytes(), (
            f"{checked_in.name} is stale: run python -m alive_moderation.prompt_templates"
        )


def assert_every_label_in_every_language(
    rows: Sequence[prompt_dataset.LabelledPrompt], at_least: int = 1
) -> None:
    counts = Counter((row.lang, row.label) for row in rows)
    for label in prompt_templates.LABELS:
        for lang in prompt_dataset.LANGUAGES:
            assert counts[(lang, label)] >= at_least, (lang, label)


TEST_SET_SHA256 = {
    "blind": "fd6c57ef7770db4ed99f9b72c7ffe8f7b7f3a6a98f8153b1ac7c9c07633ffed6",
    "independent": "f7c02cf814630e2a895602fe222511699f67d9ed17779fecee6f864ac07d4d23",
    "independent-2": "8543f09ea4021f11445ae89b39408f62cbf86905dfb95eec854a38a7f3da90bb",
    "independent-3": "a0cdb7bb7f6395857175da953c3863978f9a6cdce6744dd7d674e48794fc0d1d",
    "independent-4": "55f4618fc8035892f5f42730ba7a507c3db1ef15e3a60f829245db4ea4ee62a2",
    "independent-5": "2665b7d474c5f49aeb026e754e9f955901a6ef7bcfe812b7d194fa3ac0edf171",
    "independent-6": "c6f45790a50e2cb113d681bd079914ed979dab3492474b93b5de882e21db6174",
}


def test_test_sets_never_change() -> None:
    """Their worth is that nobody tuned against them: a new test set restarts that clock.

    The blind set shares FILLERS with the training set, so changing a filler
    list that a blind template uses also fails here; add a new slot instead.
    """
    assert set(prompt_dataset.TEST_SETS) == set(TEST_SET_SHA256)
    for name, (path, _) in prompt_dataset.TEST_SETS.items():
        assert prompt_dataset.sha256(path) == TEST_SET_SHA256[name], name


def test_hand_written_prompts_join_the_labelled_set_as_one_group_each() -> None:
    hand = prompt_dataset.load(prompt_dataset.HANDWRITTEN_DATASET)
    labelled = {row.group: row for row in prompt_dataset.load()}
    joined = [row for row in hand if row.group in labelled]
    assert len(joined) >= 0.95 * len(hand)  # only duplicates of other prompts are skipped
    assert all(labelled[row.group].text == row.text for row in joined)
    assert len({row.group for row in hand}) == len(hand)


@pytest.mark.parametrize(
    ("name", "per_label_and_language"),
    [
        ("independent", 18),
        ("independent-2", 35),
        ("independent-3", 30),
        ("independent-4", 30),
        ("independent-5", 30),
        ("independent-6", 30),
    ],
)
def test_independent_sets_are_hand_labelled_in_both_languages_and_share_nothing(
    name: str, per_label_and_language: int
) -> None:
    independent = prompt_dataset.load(prompt_dataset.TEST_SETS[name][0])
    assert_every_label_in_every_language(independent, at_least=per_label_and_language)
    assert len({row.group for row in independent}) == len(independent)
    labelled = {normalise(row.text) for row in prompt_dataset.load()}
    assert not {normalise(row.text) for row in independent} & labelled


def test_blind_set_shares_no_template_and_no_prompt_with_the_labelled_set() -> None:
    labelled = prompt_dataset.load()
    blind = prompt_dataset.load(prompt_dataset.BLIND_DATASET)
    assert not {row.group for row in blind} & {row.group for row in labelled}
    assert not {normalise(row.text) for row in blind} & {normalise(row.text) for row in labelled}
    assert_every_label_in_every_language(blind)


def test_every_label_is_a_prompt_category_and_covers_both_languages() -> None:
    prompt_categories = set(Policy.load().categories_at("prompt"))
    for label in prompt_templates.LABELS:
        assert label == "safe" or label in prompt_categories
    assert_every_label_in_every_language(prompt_dataset.load(), at_least=50)


def test_no_template_and_no_prompt_is_on_both_sides_of_the_split() -> None:
    split = prompt_dataset.split(prompt_dataset.load())
    train_groups = {row.group for row in split.train}
    held_groups = {row.group for row in split.held_out}
    assert train_groups and held_groups
    assert not train_groups & held_groups
    train_texts = {normalise(row.text) for row in split.train}
    assert not {normalise(row.text) for row in split.held_out} & train_texts


def test_held_out_split_has_every_label_in_every_language() -> None:
    assert_every_label_in_every_language(prompt_dataset.split(prompt_dataset.load()).held_out)


def test_hard_negatives_and_evasions_are_in_the_set() -> None:
    rows = prompt_dataset.load()
    safe = {row.text.lower() for row in rows if row.label == "safe"}
    for phrase in ("killer sunset", "explosion of colours", "shoot for the stars", "feuerwerk"):
        assert any(phrase in text for text in safe), phrase
    assert {"spaced", "leet", "lookalike", "zero_width"} <= {row.variant for row in rows}


def test_adding_a_group_does_not_move_existing_groups() -> None:
    rows = list(prompt_dataset.load())
    before = prompt_dataset.held_out_groups(rows)
    extra = prompt_dataset.LabelledPrompt("a new harmless one", "en", "safe", "en-safe-new")
    after = prompt_dataset.held_out_groups([*rows, extra])
    moved = (before ^ after) - {"en-safe-new"}
    # Only the (en, safe) stratum may shift by its rounding boundary.
    stratum = {row.group: (row.lang, row.label) for row in rows}
    assert len(moved) <= 1
    assert all(stratum[group] == ("en", "safe") for group in moved)


def test_bad_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "x", "lang": "en", "label": "safe", "group": "g"}) + "\n{")
    try:
        prompt_dataset.load(path)
    except ValueError as exc:
        assert ":2:" in str(exc)
    else:  # pragma: no cover - the assertion above is the test
        raise AssertionError("a broken line must be refused")
