"""Alive moderation domain: a versioned policy and the checks that feed it.

Three checkpoints share one policy: the prompt and the uploaded photo before
generation, and the generated result before anything is published. Each check
turns its input into per-category scores (0..1) plus human evidence, and the
policy alone decides what blocks. Transport (Kafka, gRPC) lives elsewhere.
"""

from alive_moderation.errors import ModerationInputError, PolicyError
from alive_moderation.verdict import Verdict

__all__ = ["ModerationInputError", "PolicyError", "Verdict"]
