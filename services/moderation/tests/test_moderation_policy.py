"""The policy file: the bundled one loads, broken ones name the bad key, decisions follow it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from alive_moderation.errors import ModerationInputError, PolicyError
from alive_moderation.policy import Policy


def _minimal() -> dict[str, Any]:
    return {
        "version": "test.1",
        "categories": {
            "sexual": {"prompt": {"threshold": 0.5, "action": "block"}},
            "profanity": {"prompt": {"threshold": 0.9, "action": "allow"}},
        },
    }


def test_bundled_policy_is_versioned_and_covers_every_checkpoint() -> None:
    policy = Policy.load()
    assert policy.version == "2026-12-04.2"
    assert "minors_sexual" in policy.categories_at("prompt")
    assert policy.categories_at("photo") == ("sexual", "nudity")
    assert policy.categories_at("result") == ("sexual", "nudity")


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (lambda d: d.pop("version"), "version"),
        (lambda d: d.update(version=""), "version"),
        (lambda d: d.update(categories={}), "categories"),
        (lambda d: d.update(extra=1), "extra"),
        (
            lambda d: d["categories"]["sexual"]["prompt"].update(threshold="high"),
            "categories.sexual.prompt.threshold",
        ),
        (
            lambda d: d["categories"]["sexual"]["prompt"].update(threshold=1.5),
            "categories.sexual.prompt.threshold",
        ),
        (
            lambda d: d["categories"]["sexual"]["prompt"].update(action="warn"),
            "categories.sexual.prompt.action",
        ),
        (
            lambda d: d["categories"]["sexual"]["prompt"].update(colour="red"),
            "categories.sexual.prompt.colour",
        ),
        (lambda d: d["categories"]["sexual"].update(thumbnail={}), "categories.sexual.thumbnail"),
        (lambda d: d["categories"].update({"Bad Name": {}}), "categories.Bad Name"),
        (lambda d: d["categories"].update(hate={}), "categories.hate"),
        (
            lambda d: d["categories"].update(
                minors_sexual={"prompt": {"threshold": 0.5, "action": "allow"}}
            ),
            "categories.minors_sexual.prompt.action",
        ),
    ],
)
def test_invalid_policy_file_names_the_bad_key(tmp_path: Path, mutate: Any, key: str) -> None:
    document = _minimal()
    mutate(document)
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(PolicyError) as caught:
        Policy.load(path)
    assert caught.value.key == key
    assert key in str(caught.value)


def test_unparseable_or_missing_file_is_a_policy_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: [unclosed")
    with pytest.raises(PolicyError, match="not valid YAML"):
        Policy.load(broken)
    with pytest.raises(PolicyError, match="cannot read"):
        Policy.load(tmp_path / "missing.yaml")


def test_decide_blocks_at_threshold_and_only_for_block_actions() -> None:
    policy = Policy.from_mapping(_minimal())
    verdict = policy.decide("prompt", {"sexual": 0.5, "profanity": 0.95}, {"sexual": "saw it"})
    assert not verdict.allowed
    assert verdict.flagged == ("sexual",)
    assert verdict.reasons == ("saw it [sexual 0.50 >= 0.50]",)
    assert policy.decide("prompt", {"sexual": 0.49, "profanity": 0.95}).allowed
    assert verdict.to_dict()["flagged"] == ["sexual"]


@pytest.mark.parametrize(
    ("checkpoint", "scores", "field"),
    [
        ("upload", {"sexual": 0.1}, "checkpoint"),
        ("prompt", {"gore": 0.1}, "scores.gore"),
        ("photo", {"sexual": 0.1}, "scores.sexual"),
        ("prompt", {"sexual": 1.2}, "scores.sexual"),
        ("prompt", {"sexual": float("nan")}, "scores.sexual"),
    ],
)
def test_decide_rejects_scores_it_cannot_judge(
    checkpoint: str, scores: dict[str, float], field: str
) -> None:
    with pytest.raises(ModerationInputError) as caught:
        Policy.from_mapping(_minimal()).decide(checkpoint, scores)
    assert caught.value.field == field
