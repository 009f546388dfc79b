"""Seeded, tileable noise fields.

Noise made by shaping white noise in the Fourier domain wraps around at the
borders, so scrolling it by exactly one tile is invisible: that is what makes
looping clouds, fog and water seamless without cross-fades.
"""

from __future__ import annotations

import torch


def fbm(
    height: int,
    width: int,
    generator: torch.Generator,
    *,
    scale: float = 0.08,
    roughness: float = 2.2,
    device: torch.device | str = "cpu",
) -> torch.Tensor:
    """Tileable fractal noise in [0, 1], shape (height, width).

    `scale` is the feature size as a fraction of the larger side (bigger = blobbier);
    `roughness` is the spectral falloff exponent (bigger = smoother).
    """
    white = torch.randn(height, width, generator=generator).to(device)
    spectrum = torch.fft.rfft2(white)
    fy = torch.fft.fftfreq(height, device=device).abs()[:, None]
    fx = torch.fft.rfftfreq(width, device=device)[None, :]
    radius = torch.sqrt((fy * height) ** 2 + (fx * width) ** 2) / max(height, width)
    cutoff = 1.0 / max(scale, 1e-3) / max(height, width)
    shaped = spectrum / (radius + cutoff).pow(roughness)
    shaped[0, 0] = 0
    field = torch.fft.irfft2(shaped, s=(height, width))
    field = field - field.mean()
    field = field / (field.std() * 4 + 1e-6) + 0.5
    return field.clamp_(0.0, 1.0)


def scroll(layer: torch.Tensor, shifts: torch.Tensor, dim: int) -> torch.Tensor:
    """Scroll a tileable layer (..., H, W) by fractional pixel `shifts` (one per frame).

    Returns (N, ..., H, W); the fractional part is a linear blend of two integer
    rolls so slow drifts move smoothly instead of stepping a pixel at a time.
    """
    frames = []
    for shift in shifts.tolist():
        whole = int(shift // 1)
        frac = shift - whole
        a = torch.roll(layer, whole, dims=dim)
        if frac > 1e-4:
            b = torch.roll(layer, whole + 1, dims=dim)
            a = torch.lerp(a, b, frac)
        frames.append(a)
    return torch.stack(frames)
