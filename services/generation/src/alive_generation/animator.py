"""The Triton ``animate`` model behind a small interface.

Tensors (see services/animate/model_repository/animate/config.pbtxt): inputs
``photo``, ``prompt``, ``params`` and outputs ``video``, ``plan``, all BYTES
with shape [1, 1] (batch of one request).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import tritonclient.grpc as triton
from tritonclient.utils import InferenceServerException

from alive_lifecycle import GRPC_MAX_MESSAGE_BYTES


@dataclass(frozen=True)
class Animation:
    video: bytes
    plan: dict
    model_name: str
    model_version: str


class AnimationRejected(ValueError):
    """The model refused the input (bad photo or parameters): retrying won't help."""


class Animator(Protocol):
    def animate(self, photo: bytes, prompt: str, params: dict) -> Animation: ...


class TritonAnimator:
    def __init__(self, url: str, model: str = "animate", timeout_s: float = 120.0) -> None:
        self._client = triton.InferenceServerClient(
            url,
            channel_args=[
                ("grpc.max_receive_message_length", GRPC_MAX_MESSAGE_BYTES * 4),
                ("grpc.max_send_message_length", GRPC_MAX_MESSAGE_BYTES),
            ],
        )
        self._model = model
        self._timeout_s = timeout_s

    @staticmethod
    def _tensor(name: str, value: bytes) -> triton.InferInput:
        tensor = triton.InferInput(name, [1, 1], "BYTES")
        tensor.set_data_from_numpy(np.array([[value]], dtype=np.object_))
        return tensor

    def animate(self, photo: bytes, prompt: str, params: dict) -> Animation:
        inputs = [
            self._tensor("photo", photo),
            self._tensor("prompt", prompt.encode()),
            self._tensor("params", json.dumps(params).encode()),
        ]
        outputs = [triton.InferRequestedOutput("video"), triton.InferRequestedOutput("plan")]
        try:
            result = self._client.infer(
                self._model, inputs, outputs=outputs, client_timeout=self._timeout_s
            )
        except InferenceServerException as exc:
            if (exc.status() or "").endswith("INVALID_ARGUMENT"):
                raise AnimationRejected(exc.message()) from exc
            raise
        video = result.as_numpy("video")
        plan = result.as_numpy("plan")
        if video is None or plan is None:
            raise RuntimeError("Triton answered without the video or plan output")
        response = result.get_response()
        return Animation(
            video=bytes(video.reshape(-1)[0]),
            plan=json.loads(bytes(plan.reshape(-1)[0])),
            model_name=response.model_name,
            model_version=response.model_version,
        )

    def ready(self) -> bool:
        try:
            return bool(self._client.is_model_ready(self._model))
        except InferenceServerException:
            return False

    def close(self) -> None:
        self._client.close()
