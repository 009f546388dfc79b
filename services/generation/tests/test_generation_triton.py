"""The Triton adapter against the real tritonserver and the real animate model."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import av
import pytest

from alive_animate.tritonserver import running_server
from alive_generation.animator import AnimationRejected, TritonAnimator

pytestmark = pytest.mark.integration

PHOTO = Path(__file__).resolve().parents[3] / "samples" / "photos" / "pet-cat.jpg"
PARAMS = {"duration_s": 2.0, "fps": 24, "aspect": "1:1", "seed": 3, "sound": True}


@pytest.fixture(scope="module")
def animator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TritonAnimator]:
    with running_server(tmp_path_factory.mktemp("triton")) as (grpc_url, _):
        client = TritonAnimator(grpc_url)
        yield client
        client.close()


def test_animation_comes_back_with_video_plan_and_model_version(animator: TritonAnimator) -> None:
    animation = animator.animate(PHOTO.read_bytes(), "snow falling", PARAMS)
    assert (animation.model_name, animation.model_version) == ("animate", "1")
    assert "snow" in [effect["name"] for effect in animation.plan["effects"]]
    with av.open(io.BytesIO(animation.video)) as container:
        video = container.streams.video[0]
        assert (video.codec_context.width, video.codec_context.height) == (720, 720)
        assert len(container.streams.audio) == 1


def test_refused_input_is_reported_as_such_not_as_an_outage(animator: TritonAnimator) -> None:
    with pytest.raises(AnimationRejected, match="photo"):
        animator.animate(b"not a photo", "snow", PARAMS)
    with pytest.raises(AnimationRejected, match="fps"):
        animator.animate(PHOTO.read_bytes(), "snow", {**PARAMS, "fps": 25})
