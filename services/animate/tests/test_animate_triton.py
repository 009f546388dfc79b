"""Integration: the real bundled tritonserver serving the `animate` model over gRPC."""

from __future__ import annotations

import io
import json
from pathlib import Path

import av
import numpy as np
import pytest

pytestmark = pytest.mark.integration


def _inputs(grpcclient, photo: bytes, prompt: str, params: str):  # type: ignore[no-untyped-def]
    tensors = []
    for name, value in (("photo", photo), ("prompt", prompt.encode()), ("params", params.encode())):
        tensor = grpcclient.InferInput(name, [1, 1], "BYTES")
        tensor.set_data_from_numpy(np.array([[value]], dtype=np.object_))
        tensors.append(tensor)
    return tensors


def test_animate_over_grpc(tmp_path: Path, photo_bytes: dict[str, bytes]) -> None:
    grpcclient = pytest.importorskip("tritonclient.grpc")
    from alive_animate.tritonserver import running_server

    with running_server(tmp_path) as (grpc_url, _http_url):
        client = grpcclient.InferenceServerClient(grpc_url)
        outputs = [
            grpcclient.InferRequestedOutput("video"),
            grpcclient.InferRequestedOutput("plan"),
        ]
        result = client.infer(
            "animate",
            _inputs(
                grpcclient,
                photo_bytes["landscape-temple"],
                "Wolken ziehen, Meeresrauschen",
                '{"duration_s": 2, "aspect": "1:1", "seed": 5}',
            ),
            outputs=outputs,
        )
        video = result.as_numpy("video")
        plan = json.loads(result.as_numpy("plan")[0, 0])
        assert video.shape == (1, 1)
        with av.open(io.BytesIO(video[0, 0])) as container:
            stream = container.streams.video[0]
            assert (stream.codec_context.width, stream.codec_context.height) == (720, 720)
            assert container.streams.audio
            assert sum(1 for _ in container.decode(video=0)) == 48
        assert plan["understood"] == ["wolken ziehen", "meeresrauschen"]
        assert plan["seed"] == 5

        with pytest.raises(Exception, match="fps") as info:
            client.infer(
                "animate",
                _inputs(grpcclient, photo_bytes["pet-cat"], "rain", '{"fps": 25}'),
                outputs=outputs,
            )
        assert "INVALID_ARG" in str(info.value)
        with pytest.raises(Exception, match="photo"):
            client.infer("animate", _inputs(grpcclient, b"nope", "rain", "{}"), outputs=outputs)
