import pytest

from alive_animate.params import ParamsError, RenderParams


def test_defaults_are_the_reference_story() -> None:
    params = RenderParams.from_json("{}")
    assert params == RenderParams()
    assert params.size == (720, 1280)
    assert params.frame_count == 120


@pytest.mark.parametrize(
    ("aspect", "size"), [("9:16", (720, 1280)), ("1:1", (720, 720)), ("16:9", (1280, 720))]
)
def test_aspect_gives_size(aspect: str, size: tuple[int, int]) -> None:
    assert RenderParams.from_json(f'{{"aspect": "{aspect}"}}').size == size


def test_frame_count_follows_duration_and_fps() -> None:
    params = RenderParams.from_json(b'{"duration_s": 2.5, "fps": 30, "seed": 7, "loop": true}')
    assert params.frame_count == 75
    assert params.loop and params.seed == 7


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("{not json", "params"),
        ("[1, 2]", "params"),
        ('{"colour": "red"}', "colour"),
        ('{"duration_s": 1.5}', "duration_s"),
        ('{"duration_s": 11}', "duration_s"),
        ('{"duration_s": "5"}', "duration_s"),
        ('{"duration_s": true}', "duration_s"),
        ('{"fps": 25}', "fps"),
        ('{"fps": 24.0}', "fps"),
        ('{"aspect": "4:3"}', "aspect"),
        ('{"seed": -1}', "seed"),
        ('{"seed": "abc"}', "seed"),
        ('{"sound": "yes"}', "sound"),
        ('{"loop": 1}', "loop"),
    ],
)
def test_bad_params_name_the_field(text: str, field: str) -> None:
    with pytest.raises(ParamsError) as info:
        RenderParams.from_json(text)
    assert info.value.field == field
    assert field in str(info.value)
    assert isinstance(info.value, ValueError)


def test_invalid_utf8_is_a_params_error() -> None:
    with pytest.raises(ParamsError, match="UTF-8"):
        RenderParams.from_json(b"\xff\xfe")
