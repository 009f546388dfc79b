"""Triton Python backend for the `animate` model: tensors in, `alive_animate.Engine` out.

Thin on purpose: parsing and rendering live in the importable, tested
`alive_animate` package. Bad input becomes a per-request TritonError with a
human sentence; the other requests in the batch are unaffected.
"""

from __future__ import annotations

import json

import numpy as np
import triton_python_backend_utils as pb_utils  # provided by the Triton Python backend

from alive_animate.engine import Engine, PhotoError
from alive_animate.params import ParamsError, RenderParams


class TritonPythonModel:
    def initialize(self, args: dict[str, str]) -> None:
        self.engine = Engine()

    def execute(self, requests: list) -> list:
        return [self._answer(request) for request in requests]

    def _answer(self, request):  # type: ignore[no-untyped-def]
        try:
            photos = _column(request, "photo")
            prompts = _column(request, "prompt")
            params = _column(request, "params")
            if not len(photos) == len(prompts) == len(params):
                raise ValueError("photo, prompt and params must have the same batch size")
            videos, plans = [], []
            for photo, prompt, raw in zip(photos, prompts, params, strict=True):
                rendered = self.engine.render(
                    photo, _text(prompt, "prompt"), RenderParams.from_json(raw)
                )
                videos.append(rendered.video)
                plans.append(json.dumps(rendered.plan).encode())
        except (ParamsError, PhotoError, ValueError) as exc:
            return pb_utils.InferenceResponse(
                error=pb_utils.TritonError(str(exc), pb_utils.TritonError.INVALID_ARG)
            )
        except Exception as exc:
            return pb_utils.InferenceResponse(
                error=pb_utils.TritonError(f"rendering failed: {type(exc).__name__}: {exc}")
            )
        return pb_utils.InferenceResponse(
            output_tensors=[
                pb_utils.Tensor("video", _bytes_column(videos)),
                pb_utils.Tensor("plan", _bytes_column(plans)),
            ]
        )


def _column(request, name: str) -> list[bytes]:  # type: ignore[no-untyped-def]
    tensor = pb_utils.get_input_tensor_by_name(request, name)
    if tensor is None:
        raise ValueError(f"{name}: input is missing")
    return [bytes(item) for item in tensor.as_numpy().reshape(-1)]


def _text(value: bytes, field: str) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{field}: is not valid UTF-8") from exc


def _bytes_column(items: list[bytes]) -> np.ndarray:
    return np.array(items, dtype=np.object_).reshape(-1, 1)
