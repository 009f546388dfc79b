"""Colour grades (sunset, night, glow) and styles (cartoon, vintage, noir, watercolour).

Split in two on purpose: whatever is the same in every frame is applied once to
the canvas (`grade_canvas`, `stylise_canvas`); only what changes over time, or
must also colour the particles, runs per frame (`finish_frames`).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from alive_animate.noise import fbm
from alive_animate.particles import gaussian_blur
from alive_animate.scene import SceneMasks

STYLES = ("cartoon", "vintage", "noir", "watercolour")
_LUMA = (0.299, 0.587, 0.114)


def luma(image: torch.Tensor) -> torch.Tensor:
    """Luminance of (..., 3, h, w) -> (..., 1, h, w)."""
    w = torch.tensor(_LUMA, device=image.device).view(3, 1, 1)
    return (image * w).sum(-3, keepdim=True)


def _vertical(h: int, w: int, device: torch.device) -> torch.Tensor:
    return torch.linspace(0, 1, h, device=device).view(1, h, 1).expand(1, h, w)


def grade_canvas(image: torch.Tensor, masks: SceneMasks, grades: dict[str, float]) -> torch.Tensor:
    """Static grades on the (3, h, w) canvas; `grades` maps sunset/night/glow to strength."""
    _, h, w = image.shape
    out = image
    y = _vertical(h, w, image.device)
    sky = masks.sky[None]
    if (s := grades.get("sunset", 0.0)) > 0:
        warm = out * torch.tensor([1.12, 0.95, 0.72], device=out.device).view(3, 1, 1)
        # Orange at the horizon to pink-violet at the top of the sky.
        horizon = torch.tensor([1.0, 0.55, 0.25], device=out.device).view(3, 1, 1)
        zenith = torch.tensor([0.55, 0.35, 0.6], device=out.device).view(3, 1, 1)
        gradient = zenith + (horizon - zenith) * (y * 1.6).clamp(0, 1)
        sky_tint = torch.lerp(warm, gradient * (0.6 + 0.5 * luma(out)), 0.65 * sky)
        foreground_dim = 1 - 0.18 * (1 - sky)
        out = torch.lerp(out, sky_tint * foreground_dim, s)
    if (s := grades.get("night", 0.0)) > 0:
        grey = luma(out)
        cool = torch.lerp(grey.expand_as(out), out, 0.45) * torch.tensor(
            [0.45, 0.55, 0.95], device=out.device
        ).view(3, 1, 1)
        dark = cool.pow(1.25) * 0.55
        night_sky = torch.tensor([0.02, 0.04, 0.12], device=out.device).view(3, 1, 1) + 0.12 * dark
        dark = torch.lerp(dark, night_sky.expand_as(dark), 0.8 * sky)
        out = torch.lerp(out, dark, min(1.0, 0.4 + s))
    if (s := grades.get("glow", 0.0)) > 0:
        highlights = (out - 0.55).clamp_min(0)[None]
        bloom = gaussian_blur(highlights, sigma=max(2.0, w * 0.02))[0]
        out = out + bloom * (1.2 * s) + 0.04 * s
    return out.clamp(0, 1)


def stylise_canvas(image: torch.Tensor, style: str | None, gen: torch.Generator) -> torch.Tensor:
    """The spatial part of a style, applied once to the canvas."""
    if style == "cartoon":
        return _cartoon(image)
    if style == "watercolour":
        return _watercolour(image, gen)
    return image


def _edges(image: torch.Tensor) -> torch.Tensor:
    gray = luma(image)[None]
    kx = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]], device=image.device).view(1, 1, 3, 3)
    gx = F.conv2d(F.pad(gray, (1, 1, 1, 1), mode="replicate"), kx)
    gy = F.conv2d(F.pad(gray, (1, 1, 1, 1), mode="replicate"), kx.transpose(2, 3))
    return torch.sqrt(gx**2 + gy**2)[0]


def _cartoon(image: torch.Tensor) -> torch.Tensor:
    smooth = image[None]
    for _ in range(2):
        smooth = F.avg_pool2d(smooth, 5, stride=1, padding=2, count_include_pad=False)
    smooth = smooth[0]
    grey = luma(smooth)
    vivid = (grey + (smooth - grey) * 1.45).clamp(0, 1)
    levels = 6
    flat = torch.round(vivid * levels) / levels
    edges = (_edges(smooth) - 0.12).clamp(0, 0.25) * 4
    return (flat * (1 - 0.85 * edges)).clamp(0, 1)


def _watercolour(image: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    _, h, w = image.shape
    wash = gaussian_blur(image[None], sigma=max(1.5, w * 0.006))[0]
    grey = luma(wash)
    soft = (grey + (wash - grey) * 0.85) * 0.85 + 0.15
    pigment = torch.round(soft * 9) / 9 * 0.5 + soft * 0.5
    edges = (_edges(wash) * 2.5).clamp(0, 1)
    paper = fbm(h, w, gen, scale=0.01, roughness=1.2, device=image.device)[None]
    out = pigment * (1 - 0.35 * edges) * (0.9 + 0.12 * paper)
    return out.clamp(0, 1)


def finish_frames(
    frames: torch.Tensor, style: str | None, frame_index: torch.Tensor, gen_seed: int
) -> torch.Tensor:
    """Per-frame part of a style on (N, 3, h, w): colour, vignette, grain, flicker."""
    if style not in ("vintage", "noir"):
        return frames
    n, _, h, w = frames.shape
    device = frames.device
    ys = torch.linspace(-1, 1, h, device=device).view(h, 1)
    xs = torch.linspace(-1, 1, w, device=device).view(1, w)
    vignette = (1 - 0.45 * (xs**2 + ys**2).clamp(max=1.6) ** 1.5).clamp(0.2, 1)
    grain = _grain(frame_index, h, w, gen_seed, device)
    flicker = 1 + 0.03 * torch.sin(frame_index.float() * 2.1).view(n, 1, 1, 1)
    if style == "noir":
        grey = luma(frames)
        contrast = (grey - 0.5) * 1.45 + 0.48
        out = contrast.clamp(0, 1) * vignette + 0.05 * grain
        return (out * flicker).expand(n, 3, h, w).clamp(0, 1)
    sepia = torch.tensor(
        [[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]], device=device
    )
    toned = torch.einsum("ij,njhw->nihw", sepia, frames)
    mixed = torch.lerp(frames, toned, 0.7) * 0.88 + 0.07  # faded blacks
    return (mixed * vignette * flicker + 0.06 * grain).clamp(0, 1)


def _grain(
    frame_index: torch.Tensor, h: int, w: int, seed: int, device: torch.device
) -> torch.Tensor:
    """Film grain: 8 fixed noise plates cycled per frame (cheap and deterministic)."""
    gen = torch.Generator().manual_seed(seed + 7)
    plates = (torch.rand(8, 1, h, w, generator=gen) - 0.5).to(device)
    return plates[frame_index.long() % 8]
