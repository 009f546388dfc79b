"""`make eval-moderation`: the numbers it prints and when it says the target is missed."""

from __future__ import annotations

from pathlib import Path

import pytest

from alive_moderation import evaluate, prompt_dataset
from alive_moderation.evaluate import Outcome
from alive_moderation.policy import Policy
from alive_moderation.prompt_dataset import LabelledPrompt


def outcome(policy: Policy, label: str, lang: str, flagged: str | None) -> Outcome:
    prompt = LabelledPrompt(f"{label} {flagged} {lang}", lang, label, f"{lang}-{label}-{flagged}")
    scores = {flagged: 1.0} if flagged else {}
    return Outcome(prompt, policy.decide("prompt", scores))


def test_overall_counts_what_a_user_sees_and_categories_count_their_own_flag(
    policy: Policy,
) -> None:
    outcomes = [
        outcome(policy, "sexual", "en", "sexual"),  # caught as itself
        outcome(policy, "hate", "en", "sexual"),  # blocked, under another category
        outcome(policy, "violence_gore", "en", None),  # missed
        outcome(policy, "safe", "en", "hate"),  # false alarm
        outcome(policy, "safe", "en", None),
    ]
    rows = {row.name: row for row in evaluate.table(outcomes, ["sexual", "hate"])}

    overall = rows["OVERALL (blocked)"]
    assert (overall.recall, overall.fpr, overall.precision) == (2 / 3, 1 / 2, 2 / 3)
    assert (overall.n, overall.flagged) == (5, 3)
    assert (rows["sexual"].precision, rows["sexual"].recall, rows["sexual"].fpr) == (0.5, 1.0, 0.0)
    assert (rows["hate"].precision, rows["hate"].recall, rows["hate"].fpr) == (0.0, 0.0, 0.5)


def test_report_names_each_language_that_misses_the_target(
    policy: Policy, capsys: pytest.CaptureFixture[str]
) -> None:
    english = [outcome(policy, "sexual", "en", "sexual")] * 19 + [
        outcome(policy, "safe", "en", None)
    ] * 20
    german = [outcome(policy, "sexual", "de", "sexual")] * 18 + [
        outcome(policy, "sexual", "de", None)
    ] * 2  # recall 0.90
    german += [outcome(policy, "safe", "de", None)] * 20

    failures = evaluate.report("a set", english + german, policy)

    assert failures == ["lang=de: recall 0.900, FPR 0.000"]
    printed = capsys.readouterr().out
    assert "== a set: 79 prompts" in printed
    assert "lang=en" in printed and "lang=de" in printed


def test_main_reports_every_test_set_and_fails_when_the_target_is_missed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The lexicon alone is known to miss paraphrases: the run must say so and exit 1.
    assert evaluate.main(["--scorers", "lexicon"]) == 1
    printed = capsys.readouterr().out
    assert "== held-out split" in printed
    for name in prompt_dataset.TEST_SETS:
        assert f"== {name} set (" in printed
    assert "TARGET MISSED" in printed


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--scorers", "lexicon,oracle"], "--scorers: unknown scorer 'oracle'"),
        (["--sets", "held-out,production"], "--sets: unknown set 'production'"),
    ],
)
def test_unknown_name_is_a_usage_error_naming_the_flag(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        evaluate.main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_sets_flag_scores_only_the_named_sets(capsys: pytest.CaptureFixture[str]) -> None:
    evaluate.main(["--scorers", "lexicon", "--sets", "held-out"])
    printed = capsys.readouterr().out
    assert "== held-out split" in printed
    assert not any(f"== {name} set (" in printed for name in prompt_dataset.TEST_SETS)


def test_classifier_trained_on_other_data_stops_the_evaluation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "prompts.jsonl"
    data.write_text(
        '{"text": "a quiet lake", "lang": "en", "label": "safe", "group": "g1", "variant": "plain"}\n'
    )
    assert evaluate.main(["--data", str(data), "--sets", "held-out"]) == 2
    assert "run `make train-moderation`" in capsys.readouterr().err
