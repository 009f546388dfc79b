"""The photo checkpoint with the real open_nsfw model and with an injected fake scorer."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from alive_moderation.errors import ModerationInputError
from alive_moderation.image import ImageModerator
from alive_moderation.policy import Policy

from .conftest import SAMPLE_PHOTOS, RedMeansUnsafe

PHOTOS = sorted(SAMPLE_PHOTOS.glob("*.jpg"))


def _png(colour: tuple[int, int, int], size: tuple[int, int] = (120, 90)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def test_sample_photos_exist() -> None:
    assert len(PHOTOS) >= 5


@pytest.mark.parametrize("photo", PHOTOS, ids=lambda p: p.name)
def test_real_photographs_pass_with_low_scores(
    image_moderator: ImageModerator, photo: Path
) -> None:
    verdict = image_moderator.check(photo.read_bytes())
    assert verdict.allowed
    assert verdict.checkpoint == "photo"
    assert verdict.categories["sexual"] < 0.2


def test_pil_image_and_frames_score_like_bytes(image_moderator: ImageModerator) -> None:
    data = PHOTOS[0].read_bytes()
    from_bytes = image_moderator.check(data).categories["sexual"]
    from_pil = image_moderator.check(Image.open(BytesIO(data))).categories["sexual"]
    assert from_pil == pytest.approx(from_bytes, abs=0.05)
    frames = [np.asarray(Image.open(p).convert("RGB")) for p in PHOTOS[:3]]
    scores = image_moderator.score_frames(frames)
    assert len(scores) == 3 and all(0.0 <= s["sexual"] <= 1.0 for s in scores)


def test_high_score_from_the_scorer_blocks_with_a_reason(policy: Policy) -> None:
    moderator = ImageModerator(policy, RedMeansUnsafe())
    blocked = moderator.check(_png((230, 10, 10)))
    assert not blocked.allowed
    assert blocked.flagged == ("sexual",)
    assert "sexual" in blocked.reasons[0] and "photo" in blocked.reasons[0]
    assert moderator.check(_png((30, 120, 220))).allowed


def test_result_checkpoint_uses_its_own_threshold(policy: Policy) -> None:
    moderator = ImageModerator(policy, RedMeansUnsafe())
    # 75% red: under the photo threshold (0.8), over the result threshold (0.7).
    image = Image.new("RGB", (100, 100), (30, 120, 220))
    image.paste((230, 10, 10), (0, 0, 100, 75))
    assert moderator.check(image, checkpoint="photo").allowed
    assert not moderator.check(image, checkpoint="result").allowed


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (b"", "empty"),
        (b"definitely not a jpeg", "could not be decoded"),
        (_png((1, 2, 3))[:40], "could not be decoded"),
        ("photo.jpg", "must be encoded image bytes"),
    ],
)
def test_undecodable_input_names_the_image_field(
    image_moderator: ImageModerator, bad: object, reason: str
) -> None:
    with pytest.raises(ModerationInputError, match=reason) as caught:
        image_moderator.check(bad)  # type: ignore[arg-type]
    assert caught.value.field == "image"
    assert isinstance(caught.value, ValueError)


def test_malformed_frames_name_the_frame(image_moderator: ImageModerator) -> None:
    with pytest.raises(ModerationInputError) as caught:
        image_moderator.score_frames([np.zeros((8, 8, 3), np.uint8), np.zeros((8, 8), np.uint8)])
    assert caught.value.field == "frames[1]"
