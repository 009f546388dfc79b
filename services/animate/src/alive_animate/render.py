"""Frame rendering: per-frame scene layers, one batched warp, then screen-space finish.

Per chunk of frames: (1) time-varying layers are painted onto copies of the graded
canvas in scene space (clouds, fog, water glints, stars, particles); (2) camera and
local motion (water, wind sway, sky drift) become one sampling grid per frame and a
single batched `grid_sample` moves everything; (3) light rays and the per-frame
part of the style are added. Motion fields are scaled by soft masks, so each
motion stays in its region and fades out smoothly at the borders.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import torch
import torch.nn.functional as F

from alive_animate.canvas import Canvas
from alive_animate.look import finish_frames, grade_canvas, stylise_canvas
from alive_animate.noise import fbm, scroll
from alive_animate.particles import Falling, Particles, anchors_in, splat, twinkling
from alive_animate.plan import Plan
from alive_animate.timeline import Timeline

CHUNK_FRAMES = 24

_PALETTES = {
    "rain": [(0.78, 0.84, 0.92)],
    "snow": [(0.97, 0.98, 1.0)],
    "leaves": [(0.85, 0.38, 0.08), (0.92, 0.62, 0.12), (0.7, 0.2, 0.06), (0.8, 0.7, 0.2)],
    "petals": [(1.0, 0.78, 0.86), (0.98, 0.9, 0.94), (0.95, 0.65, 0.78)],
}


class StoryRenderer:
    """Renders one story: construct with the canvas and plan, iterate `chunks()`."""

    def __init__(self, canvas: Canvas, plan: Plan, timeline: Timeline, seed: int) -> None:
        self.plan = plan
        self.timeline = timeline
        self.seed = seed
        self.device = canvas.image.device
        self.masks = canvas.masks
        self.width, self.height = canvas.size
        gen = self._gen(1)
        grades = {name: plan.strength(name) for name in ("sunset", "night", "glow")}
        self.base = stylise_canvas(
            grade_canvas(canvas.image, canvas.masks, grades), plan.style, gen
        )
        self.still = (1 - self.masks.face).clamp(0, 1)  # faces never wobble
        self._prepare_layers()

    def _gen(self, stream: int) -> torch.Generator:
        """An independent deterministic random stream per purpose, all from the seed."""
        return torch.Generator().manual_seed((self.seed * 1_000_003 + stream) % (2**63))

    def _prepare_layers(self) -> None:
        w, h, dev = self.width, self.height, self.device
        self.identity = _identity_grid(h, w, dev)
        # Opacity maps are computed once and then scrolled: scrolling commutes with them.
        clouds = fbm(h, w, self._gen(2), scale=0.22, roughness=2.4, device=dev)
        s = self.plan.strength("clouds")
        self.cloud_alpha = ((clouds - 0.48) / 0.3).clamp(0, 1).pow(1.5) * (0.35 + 0.6 * s)
        fog = fbm(h, w, self._gen(3), scale=0.3, roughness=2.6, device=dev)
        self.fog_density = 0.35 + 0.65 * fog
        self.flow_phase = fbm(h, w, self._gen(4), scale=0.12, device=dev) * 2 * math.pi
        self.x_px = torch.arange(w, device=dev, dtype=torch.float32).view(1, 1, w)
        self.y_px = torch.arange(h, device=dev, dtype=torch.float32).view(1, h, 1)
        sky, sub = self.masks.sky, self.masks.subject
        self.star_anchors = anchors_in(sky, 160, self._gen(5))
        self.sparkle_anchors = anchors_in(sub, 70, self._gen(6))
        background = (1 - sub) * (self.y_px[0] / h > 0.35).float()
        self.firefly_anchors = anchors_in(background, 40, self._gen(7))
        # Light rays fan out from a point above the frame.
        cx, cy = 0.28 * w, -0.25 * h
        self.ray_angle = torch.atan2(self.y_px - cy, self.x_px - cx)[0]
        self.ray_falloff = torch.exp(-(((self.y_px[0] - cy) / (1.3 * h)) ** 2))
        self.ray_pattern = fbm(1, 512, self._gen(8), scale=0.02, roughness=1.6, device=dev)[0]

    def chunks(self, chunk_frames: int = CHUNK_FRAMES) -> Iterator[torch.Tensor]:
        """Yield uint8 frames (n, h, w, 3) in order, `chunk_frames` at a time."""
        for start in range(0, self.timeline.frames, chunk_frames):
            stop = min(self.timeline.frames, start + chunk_frames)
            yield self.render(start, stop)

    @torch.inference_mode()
    def render(self, start: int, stop: int) -> torch.Tensor:
        t = self.timeline.times(start, stop, self.device)
        n = t.shape[0]
        scene = self.base.expand(n, -1, -1, -1).clone()
        scene = self._paint_clouds(scene, t)
        scene = self._paint_water_glints(scene, t)
        scene = self._paint_fog(scene, t)
        scene = self._paint_particles(scene, t)
        grid = self._grid(t)
        frames = F.grid_sample(
            scene, grid, mode="bilinear", padding_mode="border", align_corners=False
        )
        frames = self._light_rays(frames, t)
        index = torch.arange(start, stop, device=self.device)
        frames = finish_frames(frames, self.plan.style, index, self.seed)
        frames = frames.clamp_(0, 1).mul_(255).round_().to(torch.uint8)
        # Contiguous rows matter: PyAV reads non-contiguous arrays inconsistently.
        return frames.permute(0, 2, 3, 1).contiguous()

    # -- scene-space layers -------------------------------------------------------------

    def _scrolled(self, layer: torch.Tensor, t: torch.Tensor, speed: float) -> torch.Tensor:
        """(N, h, w) copies of a tileable layer scrolled sideways; seamless when looping."""
        shifts = speed * t
        if not self.timeline.loop:
            return scroll(layer, shifts, dim=1)
        # Cross-fade between "here" and "one clip later": identical at both loop ends.
        later = scroll(layer, shifts - speed * self.timeline.duration, dim=1)
        weight = (t / self.timeline.duration).view(-1, 1, 1)
        return torch.lerp(scroll(layer, shifts, dim=1), later, weight)

    def _paint_clouds(self, scene: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        s = self.plan.strength("clouds")
        if s <= 0:
            return scene
        wind = self.plan.strength("wind")
        speed = self.width * (0.035 + 0.05 * s + 0.06 * wind)
        alpha = (self._scrolled(self.cloud_alpha, t, speed) * self.masks.sky)[:, None]
        colour = self._cloud_colour(scene)
        return torch.lerp(scene, colour, alpha)

    def _cloud_colour(self, scene: torch.Tensor) -> torch.Tensor:
        if self.plan.strength("night") > 0:
            rgb = (0.16, 0.18, 0.26)
        elif self.plan.strength("sunset") > 0:
            rgb = (1.0, 0.72, 0.58)
        else:
            rgb = (0.97, 0.97, 0.99)
        return torch.tensor(rgb, device=scene.device).view(1, 3, 1, 1)

    def _paint_water_glints(self, scene: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        s = self.plan.strength("water")
        if s <= 0:
            return scene
        omega = self.timeline.angular(0.6)
        wave = torch.sin(
            self.y_px * 0.35 + self.x_px * 0.05 + self.flow_phase - omega * t.view(-1, 1, 1)
        )
        glint = wave.clamp_min(0).pow(8) * (0.22 * s) * self.masks.water
        return scene + glint[:, None]

    def _paint_fog(self, scene: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        s = self.plan.strength("fog")
        if s <= 0:
            return scene
        density = self._scrolled(self.fog_density, t, self.width * 0.03)
        depth = 1 - 0.65 * self.masks.subject
        height = 0.55 + 0.45 * (1 - self.y_px[0] / self.height)
        alpha = (density * (depth * height * (0.25 + 0.55 * s))).clamp(0, 0.9)
        night = self.plan.strength("night") > 0
        colour = torch.tensor(
            (0.25, 0.28, 0.35) if night else (0.86, 0.87, 0.9), device=scene.device
        )
        return torch.lerp(scene, colour.view(1, 3, 1, 1), alpha[:, None])

    def _paint_particles(self, scene: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        size = (self.width, self.height)
        tl = self.timeline
        h = self.height
        wind = self.plan.strength("wind")
        covering: list[tuple[Particles, float]] = []
        glowing: list[tuple[Particles, float]] = []
        if (s := self.plan.strength("rain")) > 0:
            rain = Falling(
                count=int(260 + 500 * s),
                speed=h * 1.6,
                drift=h * (0.12 + 0.4 * wind),
                sway=0.0,
                opacity=0.25 + 0.25 * s,
                colours=_palette("rain"),
                streak=6,
                streak_length=h * 0.035,
            )
            covering.append((rain.positions(t, size, tl, self._gen(11)), 0.7))
        if (s := self.plan.strength("snow")) > 0:
            snow = Falling(
                count=int(150 + 350 * s),
                speed=h * 0.12,
                drift=h * 0.05 * (1 + 3 * wind),
                sway=h * 0.012,
                opacity=0.95,
                colours=_palette("snow"),
            )
            covering.append((snow.positions(t, size, tl, self._gen(12)), 1.0))
        for name, stream in (("leaves", 13), ("petals", 14)):
            if (s := self.plan.strength(name)) > 0:
                leaf = Falling(
                    count=int(14 + 36 * s),
                    speed=h * 0.15,
                    drift=h * 0.06 * (1 + 2 * wind),
                    sway=h * 0.03,
                    opacity=1.0,
                    colours=_palette(name),
                    streak=3,
                    streak_length=h * 0.008,
                )
                covering.append((leaf.positions(t, size, tl, self._gen(stream)), 1.6))
        if (s := self.plan.strength("stars")) > 0 and len(self.star_anchors):
            stars = twinkling(self.star_anchors, t, tl, self._gen(15), (1.0, 0.97, 0.9))
            glowing.append((_fade(stars, 0.9 * s), 0.7))
        if (s := self.plan.strength("sparkles")) > 0 and len(self.sparkle_anchors):
            sparkles = twinkling(
                self.sparkle_anchors, t, tl, self._gen(16), (1.0, 0.95, 0.75), wander=h * 0.01
            )
            glowing.append((_fade(sparkles, 1.2 * s), 1.1))
        if (s := self.plan.strength("fireflies")) > 0 and len(self.firefly_anchors):
            flies = twinkling(
                self.firefly_anchors, t, tl, self._gen(17), (0.85, 1.0, 0.45), wander=h * 0.04
            )
            glowing.append((_fade(flies, 0.9 * s), 2.0))
        for particles, sigma in covering:
            if len(particles.colour) and bool((particles.colour == particles.colour[0]).all()):
                alpha = splat(particles, size, sigma, alpha_only=True).clamp_(0, 1)
                scene = torch.lerp(scene, particles.colour[0].view(1, 3, 1, 1), alpha)
                continue
            layer = splat(particles, size, sigma)
            alpha = layer[:, 3:].clamp(0, 1)
            colour = layer[:, :3] / layer[:, 3:].clamp_min(1e-4)
            scene = torch.lerp(scene, colour, alpha)
        for particles, sigma in glowing:
            scene = scene + splat(particles, size, sigma)[:, :3]
        return scene

    # -- motion ---------------------------------------------------------------------------

    def _grid(self, t: torch.Tensor) -> torch.Tensor:
        """Sampling grid (N, h, w, 2): camera move + parallax + local motion fields."""
        n = t.shape[0]
        w, h = self.width, self.height
        cam = self.plan.camera
        tl = self.timeline
        zoom = torch.ones(n, device=self.device)
        pan = torch.zeros(n, device=self.device)
        reach = 0.14 * cam.strength
        if cam.move == "zoom_in":
            zoom = 1 + tl.travel(t, reach)
        elif cam.move == "zoom_out":
            zoom = 1 + reach - tl.travel(t, reach)
        elif cam.move in ("pan_left", "pan_right"):
            zoom = zoom * (1 + reach)
            margin = 1 - 1 / (1 + reach)
            sign = 1.0 if cam.move == "pan_right" else -1.0
            pan = sign * (tl.travel(t, 2 * margin) - margin) * 0.98
        grid = self.identity / zoom.view(n, 1, 1, 1)
        grid = grid + torch.stack([pan, torch.zeros_like(pan)], -1).view(n, 1, 1, 2)

        dx = torch.zeros(n, h, w, device=self.device)
        dy = torch.zeros(n, h, w, device=self.device)
        if cam.parallax and cam.move != "static":
            shift = (
                tl.travel(t, 1.0) - 0.5
                if not tl.loop
                else torch.sin(2 * math.pi * t / tl.duration) / 2
            )
            # Near (subject) moves more than far (background): a 2.5D look without depth maps.
            depth = 0.25 + 0.75 * self.masks.subject
            dx = dx + (w * 0.018 * cam.strength) * shift.view(n, 1, 1) * depth
        if (s := self.plan.strength("wind")) > 0:
            omega = tl.angular(0.45)
            gust = 0.75 + 0.25 * torch.sin(tl.angular(0.12) * t).view(n, 1, 1)
            sway = torch.sin(omega * t.view(n, 1, 1) + self.x_px * 0.04 + self.flow_phase)
            amp = h * 0.006 * (0.5 + s) * self.masks.vegetation * self.still
            dx = dx + amp * sway * gust
            dy = dy + 0.25 * amp * torch.cos(omega * t.view(n, 1, 1) + self.flow_phase)
        if (s := self.plan.strength("water")) > 0:
            omega = tl.angular(0.5)
            ripple = torch.sin(self.y_px * 0.45 + self.flow_phase - omega * t.view(n, 1, 1))
            amp = h * 0.0035 * (0.5 + s) * self.masks.water * self.still
            dx = dx + amp * ripple * 0.6
            dy = dy + amp * torch.cos(self.x_px * 0.03 + self.flow_phase + omega * t.view(n, 1, 1))
        if (s := self.plan.strength("clouds")) > 0:
            # The photo's own sky drifts too, gently, one way (back again when looping).
            drift = tl.travel(t, w * 0.02 * (0.5 + s)).view(n, 1, 1)
            dx = dx - drift * self.masks.sky * self.still
        local = torch.stack([dx * (2.0 / w), dy * (2.0 / h)], -1)
        return grid + local / zoom.view(n, 1, 1, 1)

    def _light_rays(self, frames: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        s = self.plan.strength("light_rays")
        if s <= 0:
            return frames
        n = t.shape[0]
        size = self.ray_pattern.shape[0]
        sway = 0.05 * torch.sin(self.timeline.angular(0.1) * t).view(n, 1, 1)
        pos = ((self.ray_angle / math.pi) * size * 3 + sway * size) % size
        lo = pos.floor().long()
        frac = pos - lo
        pattern = torch.lerp(self.ray_pattern[lo % size], self.ray_pattern[(lo + 1) % size], frac)
        beams = ((pattern - 0.45) / 0.3).clamp(0, 1) ** 2 * self.ray_falloff * (0.45 * s)
        warm = torch.tensor((1.0, 0.9, 0.7), device=frames.device).view(1, 3, 1, 1)
        return frames + beams[:, None] * warm * (1 - frames)


def _identity_grid(h: int, w: int, device: torch.device) -> torch.Tensor:
    ys = (torch.arange(h, device=device, dtype=torch.float32) + 0.5) / h * 2 - 1
    xs = (torch.arange(w, device=device, dtype=torch.float32) + 0.5) / w * 2 - 1
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    return torch.stack([gx, gy], -1)[None]


def _palette(name: str) -> torch.Tensor:
    return torch.tensor(_PALETTES[name])


def _fade(p: Particles, gain: float) -> Particles:
    return Particles(p.xy, p.colour, p.opacity * gain)
