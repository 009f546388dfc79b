"""Prompt, options and idempotency key validation, and whole-submission checks."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from alive_ingest.domain.errors import FieldViolation, InvalidInput
from alive_ingest.domain.request import (
    JobOptions,
    validate_idempotency_key,
    validate_options,
    validate_prompt,
    validate_submission,
)


def a_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def violated_fields(call: object, *args: object, **kwargs: object) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value.fields


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  make it a windy day  ", "make it a windy day"),
        ("make\n\tit   windy\r\n", "make it windy"),
        (
            "Sonnenuntergang, Wolken ziehen, Meeresrauschen",
            "Sonnenuntergang, Wolken ziehen, Meeresrauschen",
        ),
        ("a\u00a0\u2003b", "a b"),  # no-break and em spaces
        ("Cafe\u0301 ☕ 🌊", "Café ☕ 🌊"),  # NFC composes the accent
    ],
)
def test_prompt_is_trimmed_and_whitespace_collapsed(raw: str, clean: str) -> None:
    assert validate_prompt(raw) == clean


def test_prompt_as_utf8_bytes_is_accepted() -> None:
    assert validate_prompt("Meeresrauschen über Wellen".encode()) == "Meeresrauschen über Wellen"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", "must not be empty"),
        (" \n\t ", "must not be empty"),
        ("ring \x07 bell", "U+0007"),
        ("nul\x00byte", "U+0000"),
        ("record\x1eseparator", "U+001E"),
        ("abc\ud800def", "lone surrogate"),
        ("evil \u202e txet", "U+202E"),
        (b"\xff\xfe bad", "not valid UTF-8"),
        (42, "must be text"),
        ("x" * 501, "501 characters"),
    ],
)
def test_bad_prompts_are_refused_with_a_reason(raw: object, expected: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_prompt(raw)
    assert caught.value.fields == ["prompt"]
    assert expected in caught.value.violations[0].description


def test_prompt_limit_counts_characters_after_cleanup() -> None:
    assert len(validate_prompt("ü" * 500)) == 500
    assert len(validate_prompt("  " + "a" * 500 + "  ")) == 500


def test_options_default_when_not_given() -> None:
    assert validate_options() == JobOptions(
        duration_s=5.0, aspect="9:16", fps=24, seed=None, sound=True
    )


def test_valid_options_are_kept() -> None:
    options = validate_options(duration_s=2, aspect="16:9", fps=30, seed=2**31 - 1, sound=False)
    assert options == JobOptions(duration_s=2.0, aspect="16:9", fps=30, seed=2**31 - 1, sound=False)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"duration_s": 1.9}, "options.duration_s"),
        ({"duration_s": 10.5}, "options.duration_s"),
        ({"duration_s": float("nan")}, "options.duration_s"),
        ({"duration_s": "5"}, "options.duration_s"),
        ({"aspect": "4:3"}, "options.aspect"),
        ({"fps": 25}, "options.fps"),
        ({"fps": True}, "options.fps"),
        ({"seed": -1}, "options.seed"),
        ({"seed": 2**31}, "options.seed"),
        ({"seed": 1.5}, "options.seed"),
        ({"sound": "yes"}, "options.sound"),
    ],
)
def test_each_bad_option_names_its_field(kwargs: dict[str, object], field: str) -> None:
    assert violated_fields(validate_options, **kwargs) == [field]


def test_all_bad_options_are_reported_together() -> None:
    fields = violated_fields(validate_options, duration_s=60, aspect="square", fps=60, seed=-5)
    assert fields == ["options.duration_s", "options.aspect", "options.fps", "options.seed"]


def test_service_picks_a_seed_only_when_none_was_given() -> None:
    picked = JobOptions().with_seed()
    assert picked.seed is not None and 0 <= picked.seed <= 2**31 - 1
    assert JobOptions(seed=7).with_seed(lambda: 99).seed == 7
    assert JobOptions().with_seed(lambda: 99).seed == 99


@pytest.mark.parametrize("key", [None, ""])
def test_missing_idempotency_key_means_none(key: str | None) -> None:
    assert validate_idempotency_key(key) is None


def test_idempotency_key_is_kept_verbatim() -> None:
    key = "order-42/retry:1 " + "x" * 111
    assert validate_idempotency_key(key) == key


@pytest.mark.parametrize(
    ("key", "expected"),
    [("k" * 129, "129 characters"), ("schlüssel", "U+00FC"), ("tab\tkey", "U+0009"), (5, "text")],
)
def test_bad_idempotency_keys_are_refused(key: object, expected: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_idempotency_key(key)
    assert caught.value.fields == ["idempotency_key"]
    assert expected in caught.value.violations[0].description


def test_submission_collects_violations_from_every_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_submission(
            b"definitely not an image",
            "   ",
            duration_s=30,
            fps=12,
            idempotency_key="ключ",
        )
    error = caught.value
    assert error.fields == [
        "prompt",
        "options.duration_s",
        "options.fps",
        "idempotency_key",
        "photo",
    ]
    message = str(error)
    assert "5 problems" in message
    assert all(field in message for field in error.fields)


def test_valid_submission_is_normalised() -> None:
    submission = validate_submission(
        a_photo(), "  make it a   windy day ", aspect="1:1", seed=3, idempotency_key="req-1"
    )
    assert submission.prompt == "make it a windy day"
    assert submission.options == JobOptions(aspect="1:1", seed=3)
    assert submission.idempotency_key == "req-1"
    assert submission.photo.content_type == "image/jpeg"
    assert (submission.photo.width, submission.photo.height) == (320, 240)


def test_invalid_input_lists_each_violation_in_its_message() -> None:
    error = InvalidInput(
        [FieldViolation("prompt", "must not be empty"), FieldViolation("page_size", "is -1")]
    )
    assert str(error) == ("invalid input (2 problems): prompt: must not be empty; page_size: is -1")
    assert isinstance(error, ValueError)
