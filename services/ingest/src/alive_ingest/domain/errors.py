"""Errors for bad client input.

Every validation failure is reported as a :class:`FieldViolation` naming the API field in
snake_case (``options.duration_s``), so the transport layer can map an :class:`InvalidInput`
one-to-one onto ``google.rpc.BadRequest`` without parsing messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldViolation:
    """One reason why one field of a request is unacceptable."""

    field: str
    description: str

    def __str__(self) -> str:
        return f"{self.field}: {self.description}"


class InvalidInput(ValueError):
    """The request is invalid; carries every violation found, not only the first.

    Subclasses ``ValueError`` so generic callers still treat it as bad input.
    """

    def __init__(self, violations: Iterable[FieldViolation]) -> None:
        self.violations: list[FieldViolation] = list(violations)
        if not self.violations:
            raise ValueError("InvalidInput needs at least one violation")
        super().__init__(self._message())

    @classmethod
    def single(cls, field: str, description: str) -> InvalidInput:
        """Shorthand for an error with exactly one violation."""
        return cls([FieldViolation(field, description)])

    @property
    def fields(self) -> list[str]:
        """The names of the offending fields, in the order they were found."""
        return [v.field for v in self.violations]

    def _message(self) -> str:
        if len(self.violations) == 1:
            return f"invalid input: {self.violations[0]}"
        listed = "; ".join(str(v) for v in self.violations)
        return f"invalid input ({len(self.violations)} problems): {listed}"

    def __str__(self) -> str:
        return self._message()
