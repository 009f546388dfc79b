"""`alive moderate text|image`: run the moderation checks locally, no stack needed.

The lead registers it with one line in the `alive` CLI:
`add_moderate_parser(sub)`. Exit status: 0 when everything checked is
allowed, 1 when something is blocked, 2 on unusable input (unreadable file,
undecodable image, over-long prompt). `text -` reads one prompt per line from
stdin and prints one JSON object per line, so it can moderate a file of prompts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol, TextIO

from alive_moderation.errors import ModerationInputError, PolicyError
from alive_moderation.policy import Policy
from alive_moderation.verdict import Verdict

EXIT_ALLOWED, EXIT_BLOCKED, EXIT_BAD_INPUT = 0, 1, 2


class ChecksText(Protocol):
    def check(self, prompt: str) -> Verdict: ...


class ChecksImage(Protocol):
    def check(self, image: bytes, checkpoint: str = "photo") -> Verdict: ...


def add_moderate_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `moderate text` and `moderate image` on an argparse sub-parser collection."""
    moderate = subparsers.add_parser(
        "moderate", help="check a prompt or a photo against the moderation policy"
    )
    kinds = moderate.add_subparsers(dest="moderate_kind", required=True)
    text = kinds.add_parser("text", help="check a prompt ('-' reads one per line from stdin)")
    text.add_argument("prompt", help="the prompt, or '-' for one prompt per line on stdin")
    image = kinds.add_parser("image", help="check a photo (JPEG, PNG, WebP, ...)")
    image.add_argument("file", type=Path)
    for sub in (text, image):
        sub.add_argument("--json", action="store_true", help="print the verdict as JSON")
        sub.add_argument("--policy", type=Path, help="policy YAML (default: the bundled one)")
    text.set_defaults(func=cmd_moderate_text)
    image.set_defaults(func=cmd_moderate_image)
    return moderate


def cmd_moderate_text(args: argparse.Namespace) -> int:
    def build() -> ChecksText:
        from alive_moderation.text import TextModerator

        return TextModerator(Policy.load(args.policy))

    if args.prompt == "-":
        return _guarded(lambda: moderate_lines(sys.stdin, build(), sys.stdout))
    return _guarded(lambda: moderate_prompt(args.prompt, build(), sys.stdout, args.json))


def cmd_moderate_image(args: argparse.Namespace) -> int:
    def run() -> int:
        try:
            data = Path(args.file).read_bytes()
        except OSError as exc:
            raise ModerationInputError("file", f"cannot read {args.file}: {exc.strerror}") from exc
        from alive_moderation.image import ImageModerator

        moderator = ImageModerator(Policy.load(args.policy))
        return moderate_image(data, moderator, sys.stdout, args.json, label=str(args.file))

    return _guarded(run)


def moderate_prompt(prompt: str, moderator: ChecksText, out: TextIO, as_json: bool) -> int:
    """Check one prompt and print the verdict; returns the exit status."""
    verdict = moderator.check(prompt)
    _print(verdict, out, as_json, {"text": prompt})
    return EXIT_ALLOWED if verdict.allowed else EXIT_BLOCKED


def moderate_lines(lines: Iterable[str], moderator: ChecksText, out: TextIO) -> int:
    """One JSON object per non-blank input line, in order, flushed as it goes.

    A bad line (too long) gets an object with `error` instead of stopping
    the batch; the exit status is the worst seen (2 > 1 > 0).
    """
    status = EXIT_ALLOWED
    for line in lines:
        prompt = line.rstrip("\r\n")
        if not prompt.strip():
            continue
        try:
            verdict = moderator.check(prompt)
        except ModerationInputError as exc:
            record = {"text": prompt, "allowed": False, "error": exc.reason, "field": exc.field}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            status = EXIT_BAD_INPUT
            continue
        out.write(json.dumps({"text": prompt, **verdict.to_dict()}, ensure_ascii=False) + "\n")
        out.flush()
        if not verdict.allowed:
            status = max(status, EXIT_BLOCKED)
    return status


def moderate_image(
    data: bytes, moderator: ChecksImage, out: TextIO, as_json: bool, label: str = "image"
) -> int:
    """Check one encoded image at the photo checkpoint and print the verdict."""
    verdict = moderator.check(data, checkpoint="photo")
    _print(verdict, out, as_json, {"file": label})
    return EXIT_ALLOWED if verdict.allowed else EXIT_BLOCKED


def _print(verdict: Verdict, out: TextIO, as_json: bool, subject: dict[str, str]) -> None:
    if as_json:
        out.write(json.dumps({**subject, **verdict.to_dict()}, ensure_ascii=False) + "\n")
        return
    head = "allowed" if verdict.allowed else "BLOCKED"
    out.write(f"{head} (policy {verdict.policy_version}, {verdict.checkpoint} checkpoint)\n")
    for reason in verdict.reasons:
        out.write(f"  - {reason}\n")
    top = sorted(verdict.categories.items(), key=lambda item: -item[1])[:3]
    out.write("  highest scores: " + ", ".join(f"{c} {s:.2f}" for c, s in top) + "\n")


def _guarded(run: Callable[[], int]) -> int:
    """Bad input and a broken policy file are the user's to fix: message and exit 2."""
    try:
        return run()
    except (ModerationInputError, PolicyError) as exc:
        print(f"alive moderate: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    """`python -m alive_moderation.cli moderate ...` until the `alive` CLI registers it."""
    parser = argparse.ArgumentParser(prog="alive")
    add_moderate_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
