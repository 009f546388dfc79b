"""The outcome of one moderation check, as stored in the audit log and sent on Kafka."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CHECKPOINTS: tuple[str, ...] = ("prompt", "photo", "result")
"""Where in the pipeline a check runs: before generation (prompt, photo) or after (result)."""


@dataclass(frozen=True)
class Verdict:
    """What the policy decided for one checkpoint, and why.

    `categories` holds every score that was checked (not only the flagged ones)
    so an audit can see how close a harmless input came to a threshold.
    `flagged` lists only categories whose rule blocks; `reasons` has one
    sentence per flagged category, naming the category and the evidence.
    """

    allowed: bool
    checkpoint: str
    categories: dict[str, float] = field(default_factory=dict)
    flagged: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    policy_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable copy (tuples become lists)."""
        return {
            "allowed": self.allowed,
            "checkpoint": self.checkpoint,
            "categories": dict(self.categories),
            "flagged": list(self.flagged),
            "reasons": list(self.reasons),
            "policy_version": self.policy_version,
        }
