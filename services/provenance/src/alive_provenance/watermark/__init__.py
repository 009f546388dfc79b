"""Invisible watermark: a tiled, low-frequency luma pattern carrying a 64-bit payload.

`embed` marks frames through finishing's `frame_hook`; `detect` reads the payload
back from a video (re-encoded, downscaled or cropped); `payload` turns a job id into
the bits and checks them; `registry` maps a payload back to its job.
"""

from alive_provenance.watermark.detect import Detection, detect_in_luma, detect_in_video
from alive_provenance.watermark.embed import Embedder
from alive_provenance.watermark.pattern import DEFAULT_KEY, load_key
from alive_provenance.watermark.payload import ALGORITHM, Payload
from alive_provenance.watermark.registry import WatermarkRegistry

__all__ = [
    "ALGORITHM",
    "DEFAULT_KEY",
    "Detection",
    "Embedder",
    "Payload",
    "WatermarkRegistry",
    "detect_in_luma",
    "detect_in_video",
    "load_key",
]
