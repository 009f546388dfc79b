"""The result checkpoint: frames across the whole clip, max over frames, photo comparison."""

from __future__ import annotations

import itertools

import pytest

from alive_moderation.errors import ModerationInputError
from alive_moderation.image import ImageModerator
from alive_moderation.policy import Policy
from alive_moderation.video import VideoModerator
from alive_moderation.video_frames import sample_frames
from alive_moderation.video_synthesis import synthesise_mp4

from .conftest import RedMeansUnsafe, red_last_second

SMALL = {"seconds": 5.0, "fps": 24, "width": 128, "height": 224}


@pytest.fixture(scope="module")
def red_ending_single_keyframe() -> bytes:
    return synthesise_mp4(painter=red_last_second, **SMALL)


@pytest.fixture(scope="module")
def red_ending_short_gop() -> bytes:
    return synthesise_mp4(painter=red_last_second, gop=12, **SMALL)


@pytest.fixture(scope="module")
def safe_clip() -> bytes:
    return synthesise_mp4(**SMALL)


@pytest.mark.parametrize("clip", ["red_ending_single_keyframe", "red_ending_short_gop"])
def test_samples_spread_over_the_whole_duration(clip: str, request: pytest.FixtureRequest) -> None:
    frames, duration = sample_frames(request.getfixturevalue(clip), samples=8, size=(32, 32))
    times = [frame.time for frame in frames]
    assert duration == pytest.approx(5.0, abs=0.05)
    assert len(frames) == 8
    assert times == sorted(times)
    assert times[0] < 0.5 and times[-1] > 4.5
    assert all(later - earlier > 0.4 for earlier, later in itertools.pairwise(times))
    red_frames = [f for f in frames if f.image[..., 0].mean() > 150]
    assert red_frames and all(f.time >= 4.0 for f in red_frames)


@pytest.mark.parametrize("clip", ["red_ending_single_keyframe", "red_ending_short_gop"])
def test_unsafe_last_second_blocks_and_names_the_time(
    clip: str, policy: Policy, request: pytest.FixtureRequest
) -> None:
    scorer = RedMeansUnsafe()
    moderator = VideoModerator(ImageModerator(policy, scorer), policy, samples=8)
    verdict = moderator.check(request.getfixturevalue(clip), photo_scores={"sexual": 0.01})
    assert not verdict.allowed
    assert verdict.checkpoint == "result"
    assert verdict.flagged == ("sexual",)
    assert scorer.batches == [8]  # one batched call for all frames
    reason = verdict.reasons[0]
    assert "introduced by generation" in reason
    seconds = float(reason.split(" at ")[1].split(" s ")[0])
    assert 4.0 <= seconds <= 5.0


def test_content_already_in_the_photo_is_not_blamed_on_generation(
    red_ending_single_keyframe: bytes, policy: Policy
) -> None:
    moderator = VideoModerator(ImageModerator(policy, RedMeansUnsafe()), policy)
    verdict = moderator.check(red_ending_single_keyframe, photo_scores={"sexual": 0.75})
    assert not verdict.allowed
    assert "introduced by generation" not in verdict.reasons[0]
    assert "photo already scored 0.75" in verdict.reasons[0]


def test_safe_clip_passes_with_the_real_model(
    safe_clip: bytes, image_moderator: ImageModerator, policy: Policy
) -> None:
    verdict = VideoModerator(image_moderator, policy).check(safe_clip)
    assert verdict.allowed
    assert verdict.categories["sexual"] < 0.2


def test_more_samples_than_frames_still_works(policy: Policy) -> None:
    clip = synthesise_mp4(seconds=0.25, fps=8, width=64, height=64)  # two frames
    verdict = VideoModerator(ImageModerator(policy, RedMeansUnsafe()), policy, samples=8).check(
        clip
    )
    assert verdict.allowed


@pytest.mark.parametrize(
    ("bad", "field", "reason"),
    [
        (b"", "video", "empty"),
        (b"\x00\x00\x00\x18ftypmp42 but then garbage", "video", "could not be decoded"),
        ("clip.mp4", "video", "must be MP4 bytes"),
    ],
)
def test_bad_video_names_the_field(policy: Policy, bad: object, field: str, reason: str) -> None:
    moderator = VideoModerator(ImageModerator(policy, RedMeansUnsafe()), policy)
    with pytest.raises(ModerationInputError, match=reason) as caught:
        moderator.check(bad)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_bad_photo_scores_and_samples_are_refused(safe_clip: bytes, policy: Policy) -> None:
    images = ImageModerator(policy, RedMeansUnsafe())
    with pytest.raises(ModerationInputError) as caught:
        VideoModerator(images, policy).check(safe_clip, photo_scores={"sexual": 3.0})
    assert caught.value.field == "photo_scores.sexual"
    with pytest.raises(ModerationInputError) as caught:
        VideoModerator(images, policy, samples=0)
    assert caught.value.field == "samples"
