"""Render parameters as they arrive in the `params` JSON tensor.

Validation lives here, not in model.py, so the Triton model, the bench and the
tests all reject the same bad input with the same field-naming message.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from typing import Any

ASPECT_SIZES: dict[str, tuple[int, int]] = {
    "9:16": (720, 1280),
    "1:1": (720, 720),
    "16:9": (1280, 720),
}
ALLOWED_FPS = (24, 30)
MIN_DURATION_S = 2.0
MAX_DURATION_S = 10.0


class ParamsError(ValueError):
    """A render parameter is wrong; `field` names it so callers can report a field violation."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"params.{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class RenderParams:
    """What the caller asked for: length, frame rate, shape, seed, sound and looping."""

    duration_s: float = 5.0
    fps: int = 24
    aspect: str = "9:16"
    seed: int = 0
    sound: bool = True
    loop: bool = False

    def __post_init__(self) -> None:
        _check_number("duration_s", self.duration_s)
        if not MIN_DURATION_S <= self.duration_s <= MAX_DURATION_S:
            raise ParamsError(
                "duration_s", f"must be between {MIN_DURATION_S:g} and {MAX_DURATION_S:g} seconds"
            )
        _check_int("fps", self.fps)
        if self.fps not in ALLOWED_FPS:
            raise ParamsError("fps", f"must be one of {', '.join(map(str, ALLOWED_FPS))}")
        if not isinstance(self.aspect, str):
            raise ParamsError("aspect", "must be a string")
        if self.aspect not in ASPECT_SIZES:
            raise ParamsError("aspect", f"must be one of {', '.join(ASPECT_SIZES)}")
        _check_int("seed", self.seed)
        if not 0 <= self.seed < 2**63:
            raise ParamsError("seed", "must be between 0 and 2**63-1")
        for name in ("sound", "loop"):
            if not isinstance(getattr(self, name), bool):
                raise ParamsError(name, "must be true or false")

    @property
    def size(self) -> tuple[int, int]:
        """Output (width, height) in pixels."""
        return ASPECT_SIZES[self.aspect]

    @property
    def frame_count(self) -> int:
        """Number of video frames: duration times fps, rounded to whole frames."""
        return max(1, round(self.duration_s * self.fps))

    @classmethod
    def from_json(cls, text: str | bytes) -> RenderParams:
        """Parse the `params` tensor; empty text means all defaults."""
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ParamsError("params", "is not valid UTF-8") from exc
        if not text.strip():
            return cls()
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParamsError("params", f"is not valid JSON ({exc.msg})") from exc
        if not isinstance(data, dict):
            raise ParamsError("params", "must be a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ParamsError(
                unknown[0], f"unknown parameter (allowed: {', '.join(sorted(known))})"
            )
        values = dict(data)
        if "duration_s" in values:
            _check_number("duration_s", values["duration_s"])
            values["duration_s"] = float(values["duration_s"])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _check_number(field: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParamsError(field, "must be a number")
    if not math.isfinite(value):
        raise ParamsError(field, "must be finite")


def _check_int(field: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParamsError(field, "must be an integer")
