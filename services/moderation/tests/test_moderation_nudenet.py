"""nudenet at the photo and result checkpoints, joined with open_nsfw."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from alive_moderation.image import CombinedImageScorer, ImageModerator, fit_within
from alive_moderation.image_nudenet import CLASSES, NUDITY_CLASSES, NudeNetScorer, letterbox
from alive_moderation.policy import Policy

from .conftest import SAMPLE_PHOTOS, RedMeansUnsafe

PHOTOS = sorted(SAMPLE_PHOTOS.glob("*.jpg"))


@pytest.fixture(scope="module")
def nudenet() -> NudeNetScorer:
    return NudeNetScorer()


def test_only_exposed_intimate_classes_feed_the_policy() -> None:
    assert set(NUDITY_CLASSES) <= set(CLASSES)
    assert all(cls.endswith("_EXPOSED") for cls in NUDITY_CLASSES)
    for harmless in ("FEET_EXPOSED", "BELLY_EXPOSED", "ARMPITS_EXPOSED", "MALE_BREAST_EXPOSED"):
        assert harmless not in NUDITY_CLASSES


def test_letterbox_matches_the_nudenet_package_preprocessing() -> None:
    from nudenet.nudenet import _read_image

    photo = PHOTOS[0]
    ours = letterbox(np.asarray(Image.open(photo).convert("RGB")))
    theirs = _read_image(str(photo), 320)[0][0]
    assert ours.shape == theirs.shape == (3, 320, 320)
    assert float(np.abs(ours - theirs).mean()) < 0.02


def test_our_batched_scores_agree_with_the_nudenet_detector() -> None:
    """Faces are the only thing the sample photos contain; use them to check geometry."""
    from nudenet import NudeDetector

    faces = NudeNetScorer(mapping={"FACE_FEMALE": "face", "FACE_MALE": "face"})
    portrait = next(p for p in PHOTOS if "portrait" in p.name)
    detected = max(d["score"] for d in NudeDetector().detect(str(portrait)))
    ours = faces.score_frames([np.asarray(Image.open(portrait).convert("RGB"))])[0]["face"]
    assert ours == pytest.approx(detected, abs=0.1)


@pytest.mark.parametrize("photo", PHOTOS, ids=lambda p: p.name)
def test_sample_photos_pass_with_the_real_combined_scorer(
    image_moderator: ImageModerator, policy: Policy, photo: Path
) -> None:
    verdict = image_moderator.check(photo.read_bytes())
    assert verdict.allowed
    assert set(verdict.categories) == {"sexual", "nudity"}
    rule = policy.rule("nudity", "photo")
    assert rule is not None and verdict.categories["nudity"] < rule.threshold


def test_combined_scorer_keeps_the_higher_score_per_category(nudenet: NudeNetScorer) -> None:
    combined = CombinedImageScorer([RedMeansUnsafe(), nudenet])
    assert combined.categories == ("sexual", "nudity")
    assert combined.max_side == 320
    red = np.full((90, 160, 3), (230, 10, 10), dtype=np.uint8)
    scores = combined.score_frames([red, red])
    assert len(scores) == 2 and scores[0]["sexual"] == 1.0 and 0.0 <= scores[0]["nudity"] < 0.45


def test_frames_keep_their_aspect_ratio_when_decoded_small() -> None:
    assert fit_within(720, 1280, 320) == (180, 320)
    assert fit_within(100, 50, 320) == (100, 50)
