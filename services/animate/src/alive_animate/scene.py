"""Scene analysis: where the sky, water, vegetation and main subject are, and the light.

Heuristic colour/texture/position rules on a small copy of the photo (no model
weights ship with the engine). The masks are soft, in [0, 1], so motion fades
out at region borders instead of tearing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F

ANALYSIS_LONG_SIDE = 160
PRESENT_FRACTION = 0.02


@dataclass(frozen=True)
class SceneMasks:
    """Soft region masks at analysis resolution, each (h, w) in [0, 1]."""

    sky: torch.Tensor
    water: torch.Tensor
    vegetation: torch.Tensor
    subject: torch.Tensor
    face: torch.Tensor

    def stacked(self) -> torch.Tensor:
        """(5, h, w) in the field order, for resampling all masks at once."""
        return torch.stack([self.sky, self.water, self.vegetation, self.subject, self.face])

    @staticmethod
    def from_stacked(masks: torch.Tensor) -> SceneMasks:
        return SceneMasks(*masks.unbind(0))


@dataclass(frozen=True)
class Scene:
    masks: SceneMasks
    report: dict[str, Any]

    def has(self, region: str) -> bool:
        return bool(self.report.get(region, {}).get("present", False))


def analyse(photo: torch.Tensor) -> Scene:
    """Analyse a (3, H, W) RGB photo in [0, 1]."""
    small = _resize_long_side(photo, ANALYSIS_LONG_SIDE)
    _, h, w = small.shape
    hue, sat, val = _hsv(small)
    luma = 0.299 * small[0] + 0.587 * small[1] + 0.114 * small[2]
    texture = _texture(luma)
    ys = torch.linspace(0, 1, h)[:, None].expand(h, w)
    xs = torch.linspace(0, 1, w)[None, :].expand(h, w)

    sky = _sky(hue, sat, val, texture, ys)
    water = _water(hue, sat, val, texture, ys, sky)
    vegetation = _vegetation(hue, sat, val) * (1 - sky) * (1 - water)
    skin = _skin(small)
    subject, face = _subject(small, skin, sky, water, xs, ys)

    masks = SceneMasks(
        sky=_soften(sky),
        water=_soften(water),
        vegetation=_soften(vegetation),
        subject=_soften(subject),
        face=_soften(face),
    )
    report = {
        "sky": _region_report(sky),
        "water": _region_report(water),
        "vegetation": _region_report(vegetation),
        "subject": {
            **_region_report(subject, with_box=True),
            "skin_tones": _region_report(face)["present"],
        },
        "background": {"fraction": round(1.0 - float(subject.mean()), 3)},
        "light": _light_report(luma),
        "colour": _colour_report(small, sat),
    }
    return Scene(masks=masks, report=report)


def _resize_long_side(image: torch.Tensor, long_side: int) -> torch.Tensor:
    _, h, w = image.shape
    factor = long_side / max(h, w)
    size = (max(8, round(h * factor)), max(8, round(w * factor)))
    return F.interpolate(image[None], size=size, mode="area")[0]


def _hsv(rgb: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Hue in degrees [0, 360), saturation and value in [0, 1]."""
    r, g, b = rgb
    maxc, _ = rgb.max(0)
    minc, _ = rgb.min(0)
    delta = maxc - minc
    safe = delta.clamp_min(1e-6)
    hue = torch.where(
        maxc == r,
        ((g - b) / safe) % 6,
        torch.where(maxc == g, (b - r) / safe + 2, (r - g) / safe + 4),
    )
    hue = torch.where(delta < 1e-6, torch.zeros_like(hue), hue) * 60.0
    sat = delta / maxc.clamp_min(1e-6)
    return hue, sat, maxc


def _texture(luma: torch.Tensor) -> torch.Tensor:
    """Local detail: blurred gradient magnitude (sky and water are smooth)."""
    gy = torch.zeros_like(luma)
    gx = torch.zeros_like(luma)
    gy[1:-1] = (luma[2:] - luma[:-2]) / 2
    gx[:, 1:-1] = (luma[:, 2:] - luma[:, :-2]) / 2
    grad = torch.sqrt(gx**2 + gy**2)
    return F.avg_pool2d(grad[None, None], 5, stride=1, padding=2, count_include_pad=False)[0, 0]


def _reconstruct(seed: torch.Tensor, allowed: torch.Tensor, max_steps: int = 400) -> torch.Tensor:
    """Grow `seed` inside `allowed` (morphological reconstruction): keeps connected regions."""
    marker = torch.minimum(seed, allowed)[None, None]
    limit = allowed[None, None]
    for _ in range(max_steps):
        grown = torch.minimum(F.max_pool2d(marker, 3, stride=1, padding=1), limit)
        if torch.equal(grown, marker):
            break
        marker = grown
    return marker[0, 0]


def _sky(hue, sat, val, texture, ys) -> torch.Tensor:  # type: ignore[no-untyped-def]
    blue = ((hue > 185) & (hue < 255) & (sat > 0.08) & (val > 0.3)).float()
    deep_blue = ((hue > 200) & (hue < 255) & (sat > 0.3) & (val > 0.12)).float()
    pale = ((sat < 0.2) & (val > 0.62)).float()
    smooth = (texture < 0.035).float()
    candidate = torch.clamp(blue + deep_blue + pale, 0, 1) * smooth * (ys < 0.8).float()
    seed = torch.zeros_like(candidate)
    seed[: max(1, round(candidate.shape[0] * 0.06))] = 1
    sky = _reconstruct(seed, candidate)
    return _close(sky)


def _water(hue, sat, val, texture, ys, sky) -> torch.Tensor:  # type: ignore[no-untyped-def]
    tint = ((hue > 180) & (hue < 250) & (sat > 0.12) & (val > 0.25)).float()
    smooth = (texture < 0.06).float()
    candidate = tint * smooth * (ys > 0.45).float() * (1 - sky)
    # Blue that continues up into the sky is sky near the horizon, not a lake.
    from_top = _reconstruct(sky, torch.maximum(candidate, sky))
    candidate = candidate * (1 - from_top)
    seed = candidate * (ys > 0.7).float()
    water = _close(_reconstruct(seed, candidate))
    return water if float(water.mean()) > 0.01 else torch.zeros_like(water)


def _vegetation(hue, sat, val) -> torch.Tensor:  # type: ignore[no-untyped-def]
    green = (hue > 65) & (hue < 185) & (sat > 0.18) & (val > 0.08)
    yellow_green = (hue > 50) & (hue <= 65) & (sat > 0.35) & (val > 0.2)
    return (green | yellow_green).float()


def _skin(rgb: torch.Tensor) -> torch.Tensor:
    """Classic YCrCb skin-tone box; good enough to find a face to keep still."""
    r, g, b = rgb * 255
    cr = 128 + 0.5 * r - 0.4187 * g - 0.0813 * b
    cb = 128 - 0.1687 * r - 0.3313 * g + 0.5 * b
    y = 0.299 * r + 0.587 * g + 0.114 * b
    return ((cr > 138) & (cr < 173) & (cb > 77) & (cb < 127) & (y > 60)).float()


def _subject(rgb, skin, sky, water, xs, ys) -> tuple[torch.Tensor, torch.Tensor]:  # type: ignore[no-untyped-def]
    """Saliency = colour distance from the border colour, centre-weighted, skin boosted."""
    blurred = F.avg_pool2d(rgb[None], 7, stride=1, padding=3, count_include_pad=False)[0]
    border = torch.cat([blurred[:, 0], blurred[:, -1], blurred[:, :, 0], blurred[:, :, -1]], dim=1)
    border = border[:, :: max(1, border.shape[1] // 32)]
    distance = (blurred[:, :, :, None] - border[:, None, None, :]).pow(2).sum(0).sqrt()
    # Distance to the nearest quarter of border colours: robust to a varied background.
    k = max(1, border.shape[1] // 4)
    contrast = distance.topk(k, dim=-1, largest=False).values.mean(-1)
    centre = torch.exp(-(((xs - 0.5) / 0.32) ** 2 + ((ys - 0.5) / 0.38) ** 2))
    saliency = (contrast / contrast.max().clamp_min(1e-6)) * (
        0.35 + 0.65 * centre
    ) + 0.35 * skin * centre
    saliency = saliency * (1 - sky) * (1 - 0.7 * water)
    threshold = max(float(saliency.mean() + 0.5 * saliency.std()), 0.18)
    subject = _close((saliency > threshold).float())
    face = _close(skin * subject * (ys < 0.75).float())
    # Skin tones covering most of the subject are fur or wood, not a person. The rule is
    # loose (flowers and cups pass), so the report calls it "skin_tones", not "face".
    share = float(face.mean()) / max(float(subject.mean()), 1e-6)
    if float(face.mean()) < 0.004 or not 0.02 <= share <= 0.5:
        face = torch.zeros_like(face)
    return subject, face


def _close(mask: torch.Tensor) -> torch.Tensor:
    """Morphological closing then opening: fills pin-holes, drops specks."""
    m = mask[None, None]
    m = F.max_pool2d(m, 3, stride=1, padding=1)
    m = -F.max_pool2d(-m, 3, stride=1, padding=1)
    m = -F.max_pool2d(-m, 3, stride=1, padding=1)
    m = F.max_pool2d(m, 3, stride=1, padding=1)
    return m[0, 0]


def _soften(mask: torch.Tensor) -> torch.Tensor:
    m = F.avg_pool2d(mask[None, None], 5, stride=1, padding=2, count_include_pad=False)
    return m[0, 0].clamp(0, 1)


def _region_report(mask: torch.Tensor, *, with_box: bool = False) -> dict[str, Any]:
    fraction = float(mask.mean())
    report: dict[str, Any] = {
        "present": fraction >= PRESENT_FRACTION,
        "fraction": round(fraction, 3),
    }
    if with_box:
        h, w = mask.shape
        rows = torch.nonzero(mask.sum(1) > 0.5).flatten()
        cols = torch.nonzero(mask.sum(0) > 0.5).flatten()
        if len(rows) and len(cols):
            report["box"] = [
                round(float(cols[0]) / w, 3),
                round(float(rows[0]) / h, 3),
                round(float(cols[-1] + 1) / w, 3),
                round(float(rows[-1] + 1) / h, 3),
            ]
    return report


def _light_report(luma: torch.Tensor) -> dict[str, Any]:
    brightness = float(luma.mean())
    level = (
        "dark"
        if brightness < 0.22
        else "dim"
        if brightness < 0.4
        else "bright"
        if brightness > 0.62
        else "normal"
    )
    return {
        "brightness": round(brightness, 3),
        "contrast": round(float(luma.std()), 3),
        "level": level,
    }


def _colour_report(rgb: torch.Tensor, sat: torch.Tensor) -> dict[str, Any]:
    mean = rgb.mean((1, 2))
    warmth = float(mean[0] - mean[2])
    temperature = "warm" if warmth > 0.06 else "cool" if warmth < -0.06 else "neutral"
    hex_colour = "#" + "".join(f"{round(float(c) * 255):02x}" for c in mean)
    return {
        "mean": hex_colour,
        "temperature": temperature,
        "saturation": round(float(sat.mean()), 3),
    }
