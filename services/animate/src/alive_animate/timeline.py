"""Frame times and loop-safe motion curves.

Every oscillation runs a whole number of cycles per clip, so a looping video's
last frame flows into its first; non-looping clips use eased one-way moves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class Timeline:
    frames: int
    fps: int
    loop: bool

    @property
    def duration(self) -> float:
        return self.frames / self.fps

    def times(self, start: int, stop: int, device: torch.device) -> torch.Tensor:
        """Seconds of frames [start, stop)."""
        return torch.arange(start, stop, device=device, dtype=torch.float32) / self.fps

    def progress(self, t: torch.Tensor) -> torch.Tensor:
        """0 at the first frame, 1 at the last (one-way moves)."""
        last = max(self.frames - 1, 1) / self.fps
        return (t / last).clamp(0, 1)

    def angular(self, cycles_per_second: float) -> float:
        """Angular speed for about `cycles_per_second`, rounded to whole cycles per clip."""
        cycles = max(1, round(cycles_per_second * self.duration))
        return 2 * math.pi * cycles / self.duration

    def travel(self, t: torch.Tensor, distance: float) -> torch.Tensor:
        """A camera move covering `distance` over the clip: eased there, or there-and-back when looping."""
        if self.loop:
            return distance * (1 - torch.cos(2 * math.pi * t / self.duration)) / 2
        p = self.progress(t)
        return distance * (p * p * (3 - 2 * p))

    def drift(self, t: torch.Tensor, speed: float, period: float) -> torch.Tensor:
        """Linear travel at `speed`; when looping, rounded so the clip covers whole `period`s."""
        if self.loop and period > 0:
            turns = round(speed * self.duration / period)
            speed = turns * period / self.duration
        return speed * t
