import pytest

from alive_animate.params import RenderParams
from alive_animate.photo import decode_photo
from alive_animate.plan import plan_story
from alive_animate.scene import Scene, analyse


@pytest.fixture(scope="module")
def temple(photo_bytes: dict[str, bytes]) -> Scene:
    return analyse(decode_photo(photo_bytes["landscape-temple"]))


def names(plan) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.name for e in plan.effects}


def test_english_combination(temple: Scene) -> None:
    plan = plan_story("sunset, clouds drifting, sea sounds", temple, RenderParams())
    assert {"sunset", "clouds"} <= names(plan)
    assert "waves" in plan.sound_layers
    assert plan.not_understood == ()
    assert next(e for e in plan.effects if e.name == "clouds").region == "sky"


def test_german_combination_with_umlauts_and_compounds(temple: Scene) -> None:
    plan = plan_story("Sonnenuntergang, Wolken ziehen, Meeresrauschen", temple, RenderParams())
    assert {"sunset", "clouds"} <= names(plan)
    assert "waves" in plan.sound_layers
    assert plan.not_understood == ()
    snow = plan_story("Schneesturm und Glühwürmchen", temple, RenderParams())
    assert {"snow", "wind", "fireflies"} <= names(snow)


def test_windy_day_sways_vegetation_and_sounds_of_wind(temple: Scene) -> None:
    plan = plan_story("make it a windy day", temple, RenderParams())
    assert names(plan) == {"wind"}
    assert plan.sound_layers == ("wind",)


def test_intensity_words_change_strength(temple: Scene) -> None:
    strong = plan_story("heavy rain", temple, RenderParams()).strength("rain")
    plain = plan_story("rain", temple, RenderParams()).strength("rain")
    soft = plan_story("leichter Regen", temple, RenderParams()).strength("rain")
    assert soft < plain < strong


def test_negation_removes_a_sound(temple: Scene) -> None:
    plan = plan_story("rain, no birds", temple, RenderParams())
    assert "birds" not in plan.sound_layers
    assert "no birds" in plan.understood


def test_unknown_prompt_gets_default_and_reports_words(temple: Scene) -> None:
    plan = plan_story("make it blorptastic zingy", temple, RenderParams())
    assert plan.defaulted
    assert plan.effects, "a default animation is planned"
    assert set(plan.not_understood) == {"blorptastic", "zingy"}
    assert plan.sound_layers[-1] == "music"


def test_partly_understood_prompt_lists_both(temple: Scene) -> None:
    plan = plan_story("snow and quantum sparkles", temple, RenderParams())
    assert {"snow", "sparkles"} <= names(plan)
    assert plan.not_understood == ("quantum",)
    assert not plan.defaulted


def test_style_and_camera(temple: Scene) -> None:
    plan = plan_story("als Aquarell, statisch", temple, RenderParams())
    assert plan.style == "watercolour"
    assert plan.camera.move == "static"
    assert plan_story("noir, zoom out", temple, RenderParams()).camera.move == "zoom_out"


def test_effect_without_its_region_is_left_out_with_a_note(photo_bytes: dict[str, bytes]) -> None:
    cat = analyse(decode_photo(photo_bytes["pet-cat"]))
    plan = plan_story("waves", cat, RenderParams())
    assert "water" not in names(plan)
    assert "waves" in plan.sound_layers
    assert any("water" in note for note in plan.notes)


def test_sound_off_means_no_layers(temple: Scene) -> None:
    assert plan_story("rain", temple, RenderParams(sound=False)).sound_layers == ()
