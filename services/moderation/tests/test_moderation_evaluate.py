"""`make eval-moderation`: the numbers it prints and when it says the target is missed."""

from __future__ import annotations

from pathlib import Path

import pytest

from alive_moderation import evaluate, prompt_dataset
from alive_moderation.evaluate import Counts, Outcome
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


def test_report_counts_what_a_user_sees_per_language(
    policy: Policy, capsys: pytest.CaptureFixture[str]
) -> None:
    english = [outcome(policy, "sexual", "en", "sexual")] * 19 + [
        outcome(policy, "safe", "en", None)
    ] * 20
    german = [outcome(policy, "sexual", "de", "sexual")] * 18 + [
        outcome(policy, "sexual", "de", None)
    ] * 2
    german += [outcome(policy, "safe", "de", "hate")] + [outcome(policy, "safe", "de", None)] * 19

    counts = evaluate.report("a set", english + german, policy)

    assert counts == {
        "en": Counts(caught=19, unsafe=19, false_alarms=0, safe=20),
        "de": Counts(caught=18, unsafe=20, false_alarms=1, safe=20),
    }
    printed = capsys.readouterr().out
    assert "== a set: 79 prompts" in printed
    assert "lang=en" in printed and "lang=de" in printed


def test_wilson_interval_matches_the_textbook_values() -> None:
    assert evaluate.wilson(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    assert evaluate.wilson(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert evaluate.wilson(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)
    assert evaluate.wilson(0, 0) == (0.0, 1.0)


def test_a_language_or_side_without_prompts_cannot_miss_the_target() -> None:
    only_safe = Counts(caught=0, unsafe=0, false_alarms=0, safe=50)
    nothing = Counts(caught=0, unsafe=0, false_alarms=0, safe=0)
    assert evaluate.summarise({"held-out split": {"en": only_safe, "de": nothing}}) == ([], [])


MET = Counts(caught=98, unsafe=100, false_alarms=2, safe=100)


def test_held_out_split_and_pooled_test_sets_must_meet_the_point_target(
    capsys: pytest.CaptureFixture[str],
) -> None:
    near_miss = Counts(caught=94, unsafe=100, false_alarms=2, safe=100)  # 0.94: within noise

    assert evaluate.summarise({"held-out split": {"en": MET, "de": near_miss}}) == (
        ["held-out split, lang=de: recall 0.940, FPR 0.020"],
        [],
    )
    # Two test sets, both just short: each alone is noise, the pool of 200 is not met.
    failures, near_misses = evaluate.summarise(
        {"a set": {"en": MET, "de": near_miss}, "b set": {"en": MET, "de": near_miss}}
    )
    assert failures == ["test sets pooled, lang=de: recall 0.940, FPR 0.020"]
    assert near_misses == [
        "a set, lang=de: recall 0.940, FPR 0.020",
        "b set, lang=de: recall 0.940, FPR 0.020",
    ]
    printed = capsys.readouterr().out
    assert "a set              de  recall 0.940 (94/100, 0.875-0.972)" in printed
    assert "below target, within its 95 % interval" in printed


def test_one_test_set_fails_when_it_misses_by_more_than_its_size_explains(
    capsys: pytest.CaptureFixture[str],
) -> None:
    one_short = Counts(caught=297, unsafe=313, false_alarms=5, safe=316)  # 0.949
    clear_miss = Counts(caught=80, unsafe=100, false_alarms=2, safe=100)  # 0.80-0.87
    noisy_alarms = Counts(caught=300, unsafe=300, false_alarms=30, safe=300)  # FPR 0.072-0.139
    big = Counts(caught=2000, unsafe=2000, false_alarms=0, safe=2000)  # keeps the pool met

    results = {
        "held-out split": {"en": MET, "de": MET},
        "a set": {"en": MET, "de": one_short},
        "b set": {"en": clear_miss, "de": MET},
        "c set": {"en": noisy_alarms, "de": MET},
        "d set": {"en": big, "de": big},
    }

    assert evaluate.summarise(results) == (
        [
            "b set, lang=en: recall 0.800, FPR 0.020",
            "c set, lang=en: recall 1.000, FPR 0.100",
        ],
        ["a set, lang=de: recall 0.949, FPR 0.016"],
    )
    printed = capsys.readouterr().out
    assert "a set              de  recall 0.949 (297/313" in printed
    assert "test sets pooled   en" in printed


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
