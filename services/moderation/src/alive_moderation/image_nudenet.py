"""nudenet's 320n body-part detector as an image scorer (category `nudity`).

Why not `nudenet.NudeDetector`: it decodes with OpenCV, runs one image at a
time unless asked, drops detections below 0.2 and builds boxes we never use.
The policy needs one number per frame: the most confident detection of an
*exposed* intimate body part. So this runs the same ONNX file (inside the
wheel) on a batch of letterboxed frames and keeps, per class, the highest
class score over all anchors. Covered parts, faces, feet, armpits, bellies
and male chests are ignored: a beach photo is not nudity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources

import numpy as np
from PIL import Image

CLASSES: tuple[str, ...] = (
    "FEMALE_GENITALIA_COVERED",
    "FACE_FEMALE",
    "BUTTOCKS_EXPOSED",
    "FEMALE_BREAST_EXPOSED",
    "FEMALE_GENITALIA_EXPOSED",
    "MALE_BREAST_EXPOSED",
    "ANUS_EXPOSED",
    "FEET_EXPOSED",
    "BELLY_COVERED",
    "FEET_COVERED",
    "ARMPITS_COVERED",
    "ARMPITS_EXPOSED",
    "FACE_MALE",
    "BELLY_EXPOSED",
    "MALE_GENITALIA_EXPOSED",
    "ANUS_COVERED",
    "FEMALE_BREAST_COVERED",
    "BUTTOCKS_COVERED",
)
"""The model's output classes, in output order (from nudenet 3.4)."""

NUDITY_CLASSES: Mapping[str, str] = {
    "FEMALE_GENITALIA_EXPOSED": "nudity",
    "MALE_GENITALIA_EXPOSED": "nudity",
    "ANUS_EXPOSED": "nudity",
    "FEMALE_BREAST_EXPOSED": "nudity",
    "BUTTOCKS_EXPOSED": "nudity",
}
"""Which *_EXPOSED classes count, and the policy category each feeds."""

INPUT_SIDE = 320


def letterbox(frame: np.ndarray, side: int = INPUT_SIDE) -> np.ndarray:
    """Scale an RGB frame to fit `side` x `side` (aspect kept), pad bottom/right with black.

    Same geometry as nudenet's own preprocessing (pad to square, then
    resize), returned as a (3, side, side) float32 array in 0..1 in *BGR*
    order: nudenet's reader swaps channels twice on the way from a file
    (RGBA2BGR on a BGR image, then swapRB), so its model sees BGR. We match
    what the package does, which is what its scores were validated with.
    """
    height, width = frame.shape[:2]
    scale = side / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = np.asarray(Image.fromarray(frame).resize(size, Image.Resampling.BILINEAR))
    canvas = np.zeros((side, side, 3), dtype=np.uint8)
    canvas[: size[1], : size[0]] = resized
    return canvas[..., ::-1].transpose(2, 0, 1).astype(np.float32) / 255.0


class NudeNetScorer:
    """Per frame: category -> highest score of the exposed classes mapped to it."""

    max_side: int = INPUT_SIDE

    def __init__(self, threads: int = 2, mapping: Mapping[str, str] = NUDITY_CLASSES) -> None:
        import onnxruntime as ort

        unknown = set(mapping) - set(CLASSES)
        if unknown:
            raise ValueError(f"not nudenet classes: {sorted(unknown)}")
        self._columns = {cls: CLASSES.index(cls) for cls in mapping}
        self._mapping = dict(mapping)
        weights = resources.files("nudenet").joinpath("320n.onnx")
        if not weights.is_file():
            raise FileNotFoundError("nudenet is installed without its bundled 320n.onnx")
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        with resources.as_file(weights) as path:
            self._session = ort.InferenceSession(
                str(path), options, providers=["CPUExecutionProvider"]
            )
        self._input = self._session.get_inputs()[0].name
        self.score_frames([np.zeros((INPUT_SIDE, INPUT_SIDE, 3), dtype=np.uint8)])  # warm up

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self._mapping.values()))

    def class_scores(self, frames: Sequence[np.ndarray]) -> list[dict[str, float]]:
        """Per frame, the highest confidence of each mapped nudenet class (for evidence, tests)."""
        batch = np.stack([letterbox(frame) for frame in frames])
        (output,) = self._session.run(None, {self._input: batch})
        # output: (batch, 4 box coordinates + 18 class scores, anchors)
        best = output[:, 4:, :].max(axis=2)
        return [{cls: float(row[column]) for cls, column in self._columns.items()} for row in best]

    def score_frames(self, frames: Sequence[np.ndarray]) -> list[dict[str, float]]:
        results = []
        for per_class in self.class_scores(frames):
            scores: dict[str, float] = dict.fromkeys(self.categories, 0.0)
            for cls, score in per_class.items():
                category = self._mapping[cls]
                scores[category] = min(1.0, max(scores[category], score))
            results.append(scores)
        return results
