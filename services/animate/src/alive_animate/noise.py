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
    size = layer.shape[dim]
    doubled = torch.cat([layer, layer], dim=dim)  # any wrapped window is a slice of this
    whole = torch.floor(shifts)
    frac = (shifts - whole).to(layer.dtype)
    starts = [(-int(w)) % size for w in whole.tolist()]
    a = torch.stack([doubled.narrow(dim, s, size) for s in starts])
    b = torch.stack([doubled.narrow(dim, (s - 1) % size, size) for s in starts])
    return torch.lerp(a, b, frac.view(-1, *([1] * layer.dim())))
