import pytest
import torch

from alive_animate.photo import PhotoError, decode_photo
from alive_animate.scene import analyse


def test_landscape_has_sky_at_the_top(photo_bytes: dict[str, bytes]) -> None:
    scene = analyse(decode_photo(photo_bytes["landscape-temple"]))
    assert scene.report["sky"]["present"]
    sky = scene.masks.sky
    h = sky.shape[0]
    assert float(sky[: h // 5].mean()) > 3 * float(sky[-h // 3 :].mean())
    assert scene.report["vegetation"]["present"]


def test_night_sky_photo_is_sky_not_water(photo_bytes: dict[str, bytes]) -> None:
    scene = analyse(decode_photo(photo_bytes["outdoor-rocket"]))
    assert scene.report["sky"]["fraction"] > 0.3
    assert not scene.report["water"]["present"]


def test_portrait_subject_is_central_with_skin(photo_bytes: dict[str, bytes]) -> None:
    scene = analyse(decode_photo(photo_bytes["portrait-astronaut"]))
    subject = scene.report["subject"]
    assert subject["present"] and subject["skin_tones"]
    x0, y0, x1, y1 = subject["box"]
    assert x0 < 0.5 < x1 and y0 < 0.5 < y1
    face = scene.masks.face
    assert float(face[: face.shape[0] // 2].sum()) > float(face[face.shape[0] // 2 :].sum())


@pytest.mark.parametrize("name", ["pet-cat", "closeup-coffee", "closeup-flower"])
def test_closeups_have_a_subject_and_no_sky(photo_bytes: dict[str, bytes], name: str) -> None:
    scene = analyse(decode_photo(photo_bytes[name]))
    assert scene.report["subject"]["present"]
    assert not scene.report["sky"]["present"]


def test_light_and_colour_reported(photo_bytes: dict[str, bytes]) -> None:
    cat = analyse(decode_photo(photo_bytes["pet-cat"])).report
    rocket = analyse(decode_photo(photo_bytes["outdoor-rocket"])).report
    assert cat["colour"]["temperature"] == "warm"
    assert rocket["colour"]["temperature"] == "cool"
    assert rocket["light"]["brightness"] < cat["light"]["brightness"]


@pytest.mark.parametrize("data", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n broken"])
def test_bad_photo_bytes_raise_photo_error(data: bytes) -> None:
    with pytest.raises(PhotoError) as info:
        decode_photo(data)
    assert str(info.value).startswith("photo:")


def test_decoded_photo_is_rgb_float(photo_bytes: dict[str, bytes]) -> None:
    image = decode_photo(photo_bytes["pet-cat"])
    assert image.shape == (3, 300, 451)
    assert image.dtype == torch.float32 and 0 <= float(image.min()) <= float(image.max()) <= 1
