"""The generation engine: photo bytes + prompt + params -> MP4 bytes + plan.

`Engine` is what the Triton model and the bench call. It loads nothing and is
cheap to build. Rendering (torch) runs in a worker thread one chunk ahead of the
encoder (x264 + swscale), so the two overlap instead of taking turns on the CPU.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from alive_animate.audio import soundscape
from alive_animate.canvas import frame_photo, render_size
from alive_animate.encode import encode_mp4
from alive_animate.params import RenderParams
from alive_animate.photo import PhotoError, decode_photo
from alive_animate.plan import Plan, plan_story
from alive_animate.render import StoryRenderer
from alive_animate.scene import analyse
from alive_animate.timeline import Timeline

ENGINE_NAME = "alive-animate"
ENGINE_VERSION = "0.1.0"

__all__ = ["ENGINE_VERSION", "Engine", "PhotoError", "Rendered"]


@dataclass(frozen=True)
class Rendered:
    video: bytes
    plan: dict[str, Any]


class Engine:
    """Renders stories on `device` (default: CUDA when available, else CPU)."""

    def __init__(self, device: str | None = None) -> None:
        if device is None:
            device = "cuda" if torch.cuda.is_available() else "cpu"
        self.device = torch.device(device)

    def render(self, photo: bytes, prompt: str, params: RenderParams) -> Rendered:
        """Analyse, plan, render and encode one story. Raises PhotoError for unusable photos."""
        if not isinstance(prompt, str):
            raise ValueError("prompt: must be text")
        image = decode_photo(photo)
        scene = analyse(image)
        plan = plan_story(prompt, scene, params)
        canvas = frame_photo(image, scene, params.size, self.device)
        timeline = Timeline(frames=params.frame_count, fps=params.fps, loop=params.loop)
        renderer = StoryRenderer(canvas, plan, timeline, params.seed)
        audio, loudness = (None, None)
        if params.sound and plan.sound_layers:
            audio, loudness = soundscape(plan.sound_layers, timeline.duration, params.seed)
        video = encode_mp4(
            _ahead(_to_numpy(renderer.chunks())), size=params.size, fps=params.fps, audio=audio
        )
        return Rendered(video=video, plan=_plan_json(plan, scene.report, params, loudness))


def _to_numpy(chunks: Iterator[torch.Tensor]) -> Iterator[np.ndarray]:
    for chunk in chunks:
        yield from chunk.cpu().numpy()


def _ahead(frames: Iterator[np.ndarray], depth: int = 36) -> Iterator[np.ndarray]:
    """Run `frames` in a worker thread, buffering up to `depth` items; errors re-raised here."""
    items: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def work() -> None:
        try:
            for item in frames:
                if stop.is_set():
                    return
                items.put(("frame", item))
            items.put(("done", None))
        except BaseException as exc:  # handed to the consumer, which re-raises it
            items.put(("error", exc))

    worker = threading.Thread(target=work, name="alive-render", daemon=True)
    worker.start()
    try:
        while True:
            kind, value = items.get()
            if kind == "done":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        while worker.is_alive():  # unblock a worker waiting on a full queue
            try:
                items.get_nowait()
            except queue.Empty:
                worker.join(timeout=0.05)


def _plan_json(
    plan: Plan, scene: dict[str, Any], params: RenderParams, loudness: float | None
) -> dict[str, Any]:
    width, height = params.size
    rw, rh = render_size(params.size)
    return {
        "engine": {"name": ENGINE_NAME, "version": ENGINE_VERSION},
        "scene": scene,
        "understood": list(plan.understood),
        "not_understood": list(plan.not_understood),
        "defaulted": plan.defaulted,
        "notes": list(plan.notes),
        "effects": [e.to_dict() for e in plan.effects],
        "camera": plan.camera.to_dict(),
        "style": plan.style,
        "sound": {
            "enabled": bool(params.sound and plan.sound_layers),
            "layers": list(plan.sound_layers),
            "loudness_lufs": loudness,
        },
        "output": {
            "width": width,
            "height": height,
            "fps": params.fps,
            "frames": params.frame_count,
            "duration_s": params.frame_count / params.fps,
            "loop": params.loop,
            "render_width": rw,
            "render_height": rh,
            "codec": "h264",
            "pix_fmt": "yuv420p",
            "audio_codec": "aac" if params.sound else None,
        },
        "seed": params.seed,
        "labels": {"ai_generated": True},
    }
