"""Framing: crop the photo to the output aspect around the subject, at render resolution.

The renderer works at half the output size (the encoder's scaler brings it to
full size while converting to YUV, almost for free); photos arrive at <= 720 px
anyway, so the half-size canvas loses little real detail.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from alive_animate.scene import Scene, SceneMasks

RENDER_SCALE = 0.5


@dataclass(frozen=True)
class Canvas:
    """The framed photo (3, h, w) and its soft region masks (5, h, w) at render size."""

    image: torch.Tensor
    masks: SceneMasks

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in render pixels."""
        return self.image.shape[2], self.image.shape[1]


def render_size(output_size: tuple[int, int]) -> tuple[int, int]:
    """Render (width, height) for an output size: half, kept even for the chroma planes."""
    w, h = output_size
    return max(2, round(w * RENDER_SCALE / 2) * 2), max(2, round(h * RENDER_SCALE / 2) * 2)


def frame_photo(
    photo: torch.Tensor, scene: Scene, output_size: tuple[int, int], device: torch.device
) -> Canvas:
    """Cover-crop `photo` to the output aspect, centred on the subject, at render size."""
    width, height = render_size(output_size)
    _, ph, pw = photo.shape
    target = width / height
    subject = scene.masks.subject
    cx, cy = _centroid(subject) if float(subject.mean()) > 0.01 else (0.5, 0.5)
    if pw / ph > target:  # wider than wanted: choose columns
        crop_w = ph * target / pw
        x0 = min(max(cx - crop_w / 2, 0.0), 1.0 - crop_w)
        box = (x0, 0.0, x0 + crop_w, 1.0)
    else:
        crop_h = pw / target / ph
        y0 = min(max(cy - crop_h / 2, 0.0), 1.0 - crop_h)
        box = (0.0, y0, 1.0, y0 + crop_h)
    image = _crop_resize(photo.to(device), box, (height, width), antialias=True)
    masks = _crop_resize(scene.masks.stacked().to(device), box, (height, width), antialias=False)
    masks = _blur(masks, radius=max(2, round(min(width, height) * 0.02)))
    return Canvas(image=image.clamp(0, 1), masks=SceneMasks.from_stacked(masks.clamp(0, 1)))


def _centroid(mask: torch.Tensor) -> tuple[float, float]:
    h, w = mask.shape
    total = mask.sum().clamp_min(1e-6)
    ys = torch.linspace(0, 1, h, device=mask.device)
    xs = torch.linspace(0, 1, w, device=mask.device)
    return float((mask.sum(0) * xs).sum() / total), float((mask.sum(1) * ys).sum() / total)


def _crop_resize(
    image: torch.Tensor,
    box: tuple[float, float, float, float],
    size: tuple[int, int],
    *,
    antialias: bool,
) -> torch.Tensor:
    _, h, w = image.shape
    x0, y0, x1, y1 = box
    left, top = round(x0 * w), round(y0 * h)
    right, bottom = max(left + 1, round(x1 * w)), max(top + 1, round(y1 * h))
    crop = image[:, top:bottom, left:right]
    return F.interpolate(
        crop[None], size=size, mode="bilinear", align_corners=False, antialias=antialias
    )[0]


def _blur(masks: torch.Tensor, radius: int) -> torch.Tensor:
    """Two box blurs ~ a Gaussian: smooth mask edges so warps never tear."""
    k = 2 * radius + 1
    m = masks[None]
    for _ in range(2):
        m = F.avg_pool2d(m, k, stride=1, padding=radius, count_include_pad=False)
    return m[0]
