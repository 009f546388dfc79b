"""Validation of a job submission: prompt, options, idempotency key and photo.

Each ``validate_*`` function raises :class:`InvalidInput` naming the API field.
:func:`validate_submission` runs all of them and reports every violation at once, so a client
fixes its request in one round trip instead of one field at a time.

Options use ``None`` for "not given" (the default applies). The transport layer should map
proto3 fields without presence to ``None`` rather than passing their zero values.
"""

from __future__ import annotations

import math
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final, Literal, TypeVar, get_args

from alive_ingest.domain.errors import FieldViolation, InvalidInput
from alive_ingest.domain.photo import NormalisedPhoto, PhotoLimits, normalise_photo

Aspect = Literal["9:16", "1:1", "16:9"]
ASPECTS: Final[tuple[str, ...]] = get_args(Aspect)
FPS_CHOICES: Final = (24, 30)
MIN_DURATION_S: Final = 2.0
MAX_DURATION_S: Final = 10.0
MAX_SEED: Final = 2**31 - 1
MAX_PROMPT_CHARS: Final = 500
MAX_IDEMPOTENCY_KEY_CHARS: Final = 128

# Whitespace we collapse into one space: tab, newlines and the Unicode space separators.
# Python's str.isspace() also counts the ASCII file/group/record separators, which are
# control characters and refused instead.
_WHITESPACE_RUN: Final = re.compile(r"[\t\n\r\u0085\u2028\u2029\s]+")
_ALLOWED_CONTROLS: Final = frozenset("\t\n\r")
# Bidirectional overrides and isolates can make a prompt read differently to a human
# moderator than to the model ("Trojan Source"), so they are refused like control characters.
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True, slots=True)
class JobOptions:
    """How the story video is rendered. ``seed=None`` means the service picks one."""

    duration_s: float = 5.0
    aspect: Aspect = "9:16"
    fps: Literal[24, 30] = 24
    seed: int | None = None
    sound: bool = True

    def with_seed(self, pick: Callable[[], int] | None = None) -> JobOptions:
        """Return options with a concrete seed, choosing one if the client left it open.

        The seed is fixed before the job is stored so that retries and redeliveries render
        the same video.
        """
        if self.seed is not None:
            return self
        seed = pick() if pick is not None else secrets.randbelow(MAX_SEED + 1)
        return replace(self, seed=seed)


_DEFAULTS: Final = JobOptions()


@dataclass(frozen=True, slots=True)
class ValidSubmission:
    """Everything a submission carries, validated and normalised."""

    photo: NormalisedPhoto
    prompt: str
    options: JobOptions
    idempotency_key: str | None


def validate_prompt(text: object) -> str:
    """Return the prompt trimmed, NFC-normalised and with whitespace runs collapsed.

    Refuses control characters, bidi overrides and invalid Unicode (undecodable UTF-8,
    lone surrogates), and prompts that are empty or longer than 500 characters after cleanup.
    """
    field = "prompt"
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput.single(
                field, f"is not valid UTF-8 (bad byte at offset {exc.start})"
            ) from exc
    if not isinstance(text, str):
        raise InvalidInput.single(field, f"must be text, got {type(text).__name__}")
    for index, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            raise InvalidInput.single(
                field, f"contains invalid Unicode (a lone surrogate) at position {index}"
            )
        if char in _BIDI_CONTROLS:
            raise InvalidInput.single(
                field,
                f"contains the invisible bidirectional control U+{ord(char):04X} "
                f"at position {index}",
            )
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
            raise InvalidInput.single(
                field, f"contains the control character U+{ord(char):04X} at position {index}"
            )
    cleaned = _WHITESPACE_RUN.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if not cleaned:
        raise InvalidInput.single(field, "must not be empty; describe what should happen")
    if len(cleaned) > MAX_PROMPT_CHARS:
        raise InvalidInput.single(
            field, f"is {len(cleaned)} characters long; the limit is {MAX_PROMPT_CHARS}"
        )
    return cleaned


def validate_options(
    duration_s: object = None,
    aspect: object = None,
    fps: object = None,
    seed: object = None,
    sound: object = None,
) -> JobOptions:
    """Build :class:`JobOptions`; ``None`` for any argument means "use the default"."""
    violations: list[FieldViolation] = []
    options = JobOptions(
        duration_s=_collect(violations, _duration, duration_s, _DEFAULTS.duration_s),
        aspect=_collect(violations, _aspect, aspect, _DEFAULTS.aspect),
        fps=_collect(violations, _fps, fps, _DEFAULTS.fps),
        seed=_collect(violations, _seed, seed, _DEFAULTS.seed),
        sound=_collect(violations, _sound, sound, _DEFAULTS.sound),
    )
    if violations:
        raise InvalidInput(violations)
    return options


def validate_idempotency_key(key: object) -> str | None:
    """Return the key, or ``None`` when absent or empty (no idempotency requested)."""
    field = "idempotency_key"
    if key is None or key == "":
        return None
    if not isinstance(key, str):
        raise InvalidInput.single(field, f"must be text, got {type(key).__name__}")
    if len(key) > MAX_IDEMPOTENCY_KEY_CHARS:
        raise InvalidInput.single(
            field, f"is {len(key)} characters long; the limit is {MAX_IDEMPOTENCY_KEY_CHARS}"
        )
    for index, char in enumerate(key):
        if not " " <= char <= "~":
            raise InvalidInput.single(
                field,
                f"may contain only printable ASCII characters; found U+{ord(char):04X} "
                f"at position {index}",
            )
    return key


def validate_submission(
    photo: bytes,
    prompt: object,
    *,
    duration_s: object = None,
    aspect: object = None,
    fps: object = None,
    seed: object = None,
    sound: object = None,
    idempotency_key: object = None,
    limits: PhotoLimits | None = None,
) -> ValidSubmission:
    """Validate a whole submission, raising one :class:`InvalidInput` with all violations.

    The photo is decoded even when other fields are already known to be bad, so the user
    learns about every problem in one go.
    """
    violations: list[FieldViolation] = []
    clean_prompt = _collect(violations, validate_prompt, prompt, "")
    options = _collect(
        violations,
        lambda _: validate_options(duration_s, aspect, fps, seed, sound),
        None,
        _DEFAULTS,
    )
    key = _collect(violations, validate_idempotency_key, idempotency_key, None)
    normalised = _collect(violations, lambda _: normalise_photo(photo, limits), None, None)
    if violations or normalised is None:
        raise InvalidInput(violations)
    return ValidSubmission(
        photo=normalised, prompt=clean_prompt, options=options, idempotency_key=key
    )


T = TypeVar("T")


def _collect(
    violations: list[FieldViolation], check: Callable[[object], T], value: object, fallback: T
) -> T:
    """Run one check, record its violations and carry on with a fallback value."""
    try:
        return check(value)
    except InvalidInput as exc:
        violations.extend(exc.violations)
        return fallback


def _duration(value: object) -> float:
    field = "options.duration_s"
    if value is None:
        return _DEFAULTS.duration_s
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput.single(field, f"must be a number of seconds, got {type(value).__name__}")
    seconds = float(value)
    if not math.isfinite(seconds):
        raise InvalidInput.single(field, "must be a finite number of seconds")
    if not MIN_DURATION_S <= seconds <= MAX_DURATION_S:
        raise InvalidInput.single(
            field,
            f"is {seconds:g} s; it must be between {MIN_DURATION_S:g} and {MAX_DURATION_S:g} s",
        )
    return seconds


def _aspect(value: object) -> Aspect:
    field = "options.aspect"
    if value is None:
        return _DEFAULTS.aspect
    if value not in ASPECTS:
        raise InvalidInput.single(field, f"is {value!r}; it must be one of {', '.join(ASPECTS)}")
    return value  # type: ignore[return-value]  # narrowed by the membership test


def _fps(value: object) -> Literal[24, 30]:
    field = "options.fps"
    if value is None:
        return _DEFAULTS.fps
    if isinstance(value, bool) or not isinstance(value, int | float) or value not in FPS_CHOICES:
        raise InvalidInput.single(
            field, f"is {value!r}; it must be one of {', '.join(map(str, FPS_CHOICES))}"
        )
    return 24 if int(value) == 24 else 30


def _seed(value: object) -> int | None:
    field = "options.seed"
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput.single(field, f"must be a whole number, got {type(value).__name__}")
    if not 0 <= value <= MAX_SEED:
        raise InvalidInput.single(field, f"is {value}; it must be between 0 and {MAX_SEED}")
    return value


def _sound(value: object) -> bool:
    field = "options.sound"
    if value is None:
        return _DEFAULTS.sound
    if not isinstance(value, bool):
        raise InvalidInput.single(field, f"must be true or false, got {type(value).__name__}")
    return value
