"""Exceptions that name the offending field, so callers can build field violations."""

from __future__ import annotations


class ModerationInputError(ValueError):
    """Input to a check was unusable (wrong type, undecodable bytes, out-of-range score).

    The gRPC layer maps it to INVALID_ARGUMENT with a `google.rpc.BadRequest`
    field violation, which is why the field and the reason are kept apart.
    """

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class PolicyError(ValueError):
    """A policy or lexicon file is malformed; `key` is the dotted path to the bad entry."""

    def __init__(self, key: str, reason: str, source: str = "policy") -> None:
        super().__init__(f"{source}: {key}: {reason}")
        self.key = key
        self.reason = reason
        self.source = source
