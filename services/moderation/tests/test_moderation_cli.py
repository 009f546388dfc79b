"""`alive moderate text|image`: parsing, JSON lines, exit statuses 0 / 1 / 2."""

from __future__ import annotations

import argparse
import io
import json
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from alive_moderation.cli import (
    add_moderate_parser,
    cmd_moderate_image,
    moderate_image,
    moderate_lines,
    moderate_prompt,
)
from alive_moderation.image import ImageModerator
from alive_moderation.policy import Policy
from alive_moderation.text import MAX_PROMPT_CHARS, TextModerator

from .conftest import RedMeansUnsafe


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="alive")
    add_moderate_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def _png(colour: tuple[int, int, int]) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (80, 60), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_parser_registers_text_and_image_with_json_flag() -> None:
    args = _parser().parse_args(["moderate", "text", "make it rain", "--json"])
    assert (args.prompt, args.json) == ("make it rain", True)
    args = _parser().parse_args(["moderate", "image", "photo.jpg"])
    assert args.file == Path("photo.jpg") and not args.json
    with pytest.raises(SystemExit):
        _parser().parse_args(["moderate"])


def test_blocked_prompt_exits_1_and_json_has_allowed_categories_reasons(
    text_moderator: TextModerator,
) -> None:
    out = io.StringIO()
    assert moderate_prompt("zieh sie aus", text_moderator, out, as_json=True) == 1
    record = json.loads(out.getvalue())
    assert record["allowed"] is False
    assert record["categories"]["undressing"] == 1.0
    assert "undress" in record["reasons"][0]
    out = io.StringIO()
    assert moderate_prompt("a killer sunset", text_moderator, out, as_json=False) == 0
    assert out.getvalue().startswith("allowed")


def test_stdin_mode_prints_one_object_per_prompt_in_order(text_moderator: TextModerator) -> None:
    lines = io.StringIO("make it a windy day\n\npoint a gun at him\nFeuerwerk\n")
    out = io.StringIO()
    assert moderate_lines(lines, text_moderator, out) == 1
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["text"] for r in records] == [
        "make it a windy day",
        "point a gun at him",
        "Feuerwerk",
    ]
    assert [r["allowed"] for r in records] == [True, False, True]


def test_stdin_mode_reports_a_bad_line_and_goes_on(text_moderator: TextModerator) -> None:
    lines = io.StringIO("x" * (MAX_PROMPT_CHARS + 1) + "\nsunny day\n")
    out = io.StringIO()
    assert moderate_lines(lines, text_moderator, out) == 2
    bad, good = (json.loads(line) for line in out.getvalue().splitlines())
    assert bad["field"] == "prompt" and "at most" in bad["error"]
    assert good["allowed"] is True


def test_image_verdict_and_exit_status(policy: Policy) -> None:
    moderator = ImageModerator(policy, RedMeansUnsafe())
    out = io.StringIO()
    assert moderate_image(_png((230, 10, 10)), moderator, out, as_json=True) == 1
    assert json.loads(out.getvalue())["flagged"] == ["sexual"]
    assert moderate_image(_png((30, 120, 220)), moderator, io.StringIO(), as_json=True) == 0


def test_missing_or_undecodable_image_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _parser().parse_args(["moderate", "image", str(tmp_path / "missing.jpg")])
    assert cmd_moderate_image(args) == 2
    assert "cannot read" in capsys.readouterr().err
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    assert cmd_moderate_image(_parser().parse_args(["moderate", "image", str(broken)])) == 2
    assert "could not be decoded" in capsys.readouterr().err
