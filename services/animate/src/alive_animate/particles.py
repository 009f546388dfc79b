"""Particle systems (rain, snow, leaves, petals, sparkles, fireflies, stars), splatted in bulk.

All particles of a chunk of frames are scattered into one buffer with
`index_put_` (bilinear weights, so slow particles glide instead of snapping),
then blurred once: no per-particle or per-pixel Python loops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from alive_animate.timeline import Timeline


@dataclass(frozen=True)
class Particles:
    """Positions (N, P, 2) in render pixels (x, y), colours (P, 3), opacity (N, P)."""

    xy: torch.Tensor
    colour: torch.Tensor
    opacity: torch.Tensor


def splat(
    p: Particles, size: tuple[int, int], blur_sigma: float, *, alpha_only: bool = False
) -> torch.Tensor:
    """Accumulate premultiplied colour and alpha: (N, 4, h, w), or just alpha (N, 1, h, w).

    `alpha_only` is for single-colour systems (rain, snow): a quarter of the work.
    """
    n, count, _ = p.xy.shape
    w, h = size
    device = p.xy.device
    channels = 1 if alpha_only else 4
    out = torch.zeros(n * h * w, channels, device=device)
    if count == 0:
        return out.view(n, h, w, channels).permute(0, 3, 1, 2)
    x, y = p.xy[..., 0], p.xy[..., 1]
    x0, y0 = x.floor(), y.floor()
    fx, fy = x - x0, y - y0
    frame = torch.arange(n, device=device)[:, None].expand(n, count)
    if alpha_only:
        values = p.opacity[..., None]
    else:
        values = (
            torch.cat([p.colour.expand(n, count, 3), torch.ones(n, count, 1, device=device)], -1)
            * p.opacity[..., None]
        )
    indices, weighted = [], []
    for dx, dy, wgt in (
        (0, 0, (1 - fx) * (1 - fy)),
        (1, 0, fx * (1 - fy)),
        (0, 1, (1 - fx) * fy),
        (1, 1, fx * fy),
    ):
        xi, yi = (x0 + dx).long(), (y0 + dy).long()
        inside = ((xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)).float()
        indices.append((frame * h * w + yi.clamp(0, h - 1) * w + xi.clamp(0, w - 1)).flatten())
        weighted.append((values * (wgt * inside)[..., None]).reshape(-1, channels))
    out.index_add_(0, torch.cat(indices), torch.cat(weighted))
    image = out.view(n, h, w, channels).permute(0, 3, 1, 2)
    if blur_sigma <= 0:
        return image
    # Scale so a lone particle's centre keeps its opacity after the blur spreads it.
    peak = 2 * math.pi * blur_sigma**2 if blur_sigma > 0.5 else 1.0
    return gaussian_blur(image, blur_sigma, replicate=False) * peak


def gaussian_blur(image: torch.Tensor, sigma: float, *, replicate: bool = True) -> torch.Tensor:
    """Separable Gaussian blur of (N, C, h, w); zero padding (cheaper) unless `replicate`."""
    radius = max(1, math.ceil(sigma * 2.5))
    xs = torch.arange(-radius, radius + 1, device=image.device, dtype=image.dtype)
    kernel = torch.exp(-(xs**2) / (2 * sigma**2))
    kernel = kernel / kernel.sum()
    c = image.shape[1]
    kx = kernel.view(1, 1, 1, -1).repeat(c, 1, 1, 1)
    ky = kernel.view(1, 1, -1, 1).repeat(c, 1, 1, 1)
    if not replicate:
        image = F.conv2d(image, kx, groups=c, padding=(0, radius))
        return F.conv2d(image, ky, groups=c, padding=(radius, 0))
    image = F.conv2d(F.pad(image, (radius, radius, 0, 0), mode="replicate"), kx, groups=c)
    return F.conv2d(F.pad(image, (0, 0, radius, radius), mode="replicate"), ky, groups=c)


@dataclass(frozen=True)
class Falling:
    """A field of particles falling with drift and sway, wrapping around the frame."""

    count: int
    speed: float  # px per second, downwards
    drift: float  # px per second, sideways
    sway: float  # px amplitude of sideways wobble
    opacity: float
    colours: torch.Tensor  # (K, 3) palette
    streak: int = 1  # > 1: draw a streak along the motion (rain); at least this many points
    streak_length: float = 0.0

    def positions(
        self, t: torch.Tensor, size: tuple[int, int], timeline: Timeline, gen: torch.Generator
    ) -> Particles:
        w, h = size
        device = t.device
        rand = torch.rand(self.count, 5, generator=gen).to(device)
        x0, y0 = rand[:, 0] * w, rand[:, 1] * h
        depth = 0.55 + 0.45 * rand[:, 2]  # far particles fall slower and fainter
        phase = rand[:, 3] * 2 * math.pi
        sway_w = timeline.angular(0.35)
        fall = timeline.drift(t, self.speed, h)[:, None] * depth  # (N, P)
        if timeline.loop:  # each depth layer must still wrap a whole number of times
            turns = torch.clamp(torch.round(self.speed * depth * timeline.duration / h), min=1)
            fall = t[:, None] * turns * h / timeline.duration
        side = timeline.drift(t, self.drift, w)[:, None] * (depth if not timeline.loop else 1)
        y = (y0 + fall) % h
        x = (x0 + side + self.sway * torch.sin(sway_w * t[:, None] + phase)) % w
        palette = self.colours.to(device)
        colour = palette[(rand[:, 4] * len(palette)).long().clamp(max=len(palette) - 1)]
        opacity = (self.opacity * depth).expand_as(x)
        if self.streak > 1:
            norm = math.hypot(self.speed, self.drift) or 1.0
            points = max(self.streak, math.ceil(self.streak_length / 1.2))  # gap-free streaks
            steps = torch.linspace(0, 1, points, device=device)
            ux, uy = self.drift / norm, self.speed / norm
            xs = x[..., None] - steps * self.streak_length * ux
            ys = y[..., None] - steps * self.streak_length * uy
            n = t.shape[0]
            return Particles(
                xy=torch.stack([xs, ys], -1).reshape(n, -1, 2),
                colour=colour.repeat_interleave(points, 0),
                opacity=(opacity[..., None] * (1 - 0.6 * steps)).reshape(n, -1),
            )
        return Particles(torch.stack([x, y], -1), colour, opacity)


def twinkling(
    anchors: torch.Tensor,
    t: torch.Tensor,
    timeline: Timeline,
    gen: torch.Generator,
    colour: tuple[float, float, float],
    wander: float = 0.0,
) -> Particles:
    """Stars, sparkles and fireflies: fixed anchors (P, 2) that pulse (and wander)."""
    count = anchors.shape[0]
    device = t.device
    rand = torch.rand(count, 4, generator=gen).to(device)
    omega = torch.tensor([timeline.angular(f) for f in (0.4, 0.7, 1.1)], device=device)
    speed = omega[(rand[:, 0] * 3).long().clamp(max=2)]
    phase = rand[:, 1] * 2 * math.pi
    pulse = 0.5 + 0.5 * torch.sin(speed * t[:, None] + phase)
    xy = anchors.to(device).expand(t.shape[0], count, 2)
    if wander > 0:
        slow = timeline.angular(0.15)
        offset = torch.stack(
            [
                torch.sin(slow * t[:, None] + phase * 3),
                torch.cos(slow * t[:, None] + rand[:, 2] * 6),
            ],
            -1,
        )
        xy = xy + wander * offset
    colours = torch.tensor(colour, device=device).expand(count, 3)
    return Particles(xy, colours, pulse**2)


def anchors_in(mask: torch.Tensor, count: int, gen: torch.Generator) -> torch.Tensor:
    """`count` random (x, y) points where `mask` (h, w) is high; empty if it never is."""
    h, w = mask.shape
    candidates = torch.rand(count * 6, 2, generator=gen)
    xs = (candidates[:, 0] * (w - 1)).long()
    ys = (candidates[:, 1] * (h - 1)).long()
    keep = mask.cpu()[ys, xs] > 0.6
    points = torch.stack([xs[keep], ys[keep]], -1).float()[:count]
    return points.to(mask.device)
