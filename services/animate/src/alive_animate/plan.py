"""Prompt planning: free text (English or German) plus the scene -> a story plan.

The plan is both the renderer's instructions and the user-facing explanation
(what was understood, what was not, where each effect goes), so it is plain data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from alive_animate.lexicon import (
    FILLER,
    INTENSIFIERS,
    LEXICON,
    MAX_PHRASE_WORDS,
    NEGATIONS,
    Meaning,
    normalise,
    split_compound,
)
from alive_animate.params import RenderParams
from alive_animate.scene import Scene

EFFECT_REGIONS: dict[str, str] = {
    "clouds": "sky",
    "water": "water",
    "wind": "vegetation",
    "rain": "frame",
    "snow": "frame",
    "leaves": "frame",
    "petals": "frame",
    "sparkles": "subject",
    "fireflies": "background",
    "light_rays": "frame",
    "glow": "frame",
    "fog": "background",
    "sunset": "frame",
    "night": "frame",
    "stars": "sky",
}
# Effects that are pointless without their region in the photo.
NEEDS_REGION = {"clouds": "sky", "water": "water", "stars": "sky"}
GRADES = ("sunset", "night")
DEFAULT_STRENGTH = 0.6
MAX_PROMPT_CHARS = 500


@dataclass(frozen=True)
class Effect:
    name: str
    strength: float
    region: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "strength": round(self.strength, 3), "region": self.region}


@dataclass(frozen=True)
class Camera:
    move: str  # zoom_in | zoom_out | pan_left | pan_right | static
    strength: float
    parallax: bool

    def to_dict(self) -> dict[str, Any]:
        return {"move": self.move, "strength": round(self.strength, 3), "parallax": self.parallax}


@dataclass(frozen=True)
class Plan:
    effects: tuple[Effect, ...]
    camera: Camera
    style: str | None
    sound_layers: tuple[str, ...]
    understood: tuple[str, ...]
    not_understood: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    defaulted: bool = False

    def strength(self, name: str) -> float:
        """Strength of an effect, 0 when it is not planned."""
        return next((e.strength for e in self.effects if e.name == name), 0.0)


@dataclass
class _Match:
    phrase: str
    meaning: Meaning
    factor: float = 1.0
    negated: bool = False


def plan_story(prompt: str, scene: Scene, params: RenderParams) -> Plan:
    """Turn the prompt into effects, camera, style and sound for this scene."""
    if not isinstance(prompt, str):
        raise ValueError("prompt: must be text")
    prompt = prompt[:MAX_PROMPT_CHARS]
    matches, unknown = _match(prompt)
    active = [m for m in matches if not m.negated]
    notes: list[str] = []

    strengths: dict[str, float] = {}
    for m in active:
        for name in m.meaning.effects:
            strengths[name] = min(1.0, max(strengths.get(name, 0.0), DEFAULT_STRENGTH * m.factor))
    grades = [n for m in active for n in m.meaning.effects if n in GRADES]
    for grade in GRADES:  # the grade named last wins: "sunset turning into night" -> night
        if grade in strengths and grades and grades[-1] != grade:
            del strengths[grade]
    for m in matches:
        if m.negated:
            for name in m.meaning.effects:
                strengths.pop(name, None)

    defaulted = not active
    if defaulted:
        strengths = _default_effects(scene)
        notes.append("nothing in the prompt was understood; using a gentle default animation")

    effects = []
    for name, strength in strengths.items():
        region = NEEDS_REGION.get(name)
        if region and not scene.has(region):
            notes.append(f"{name}: no {region} found in the photo, effect left out")
            continue
        effects.append(Effect(name, strength, EFFECT_REGIONS[name]))
    if "wind" in strengths and not scene.has("vegetation"):
        notes.append("wind: no vegetation found; wind moves clouds and is heard")

    style = next((m.meaning.style for m in reversed(active) if m.meaning.style), None)
    camera = _camera(active, scene, params)
    sounds = _sounds(active, matches, scene, defaulted)
    if not params.sound:
        sounds = ()
    understood = tuple(("no " if m.negated else "") + m.phrase for m in matches)
    return Plan(
        effects=tuple(effects),
        camera=camera,
        style=style,
        sound_layers=sounds,
        understood=understood,
        not_understood=tuple(unknown),
        notes=tuple(notes),
        defaulted=defaulted,
    )


def _match(prompt: str) -> tuple[list[_Match], list[str]]:
    """Greedy longest-phrase matching per clause, with intensity and negation words."""
    matches: list[_Match] = []
    unknown: list[str] = []
    for clause in re.split(r"[,;.!?\n]+|\s(?:and|und|with|mit|plus)\s", normalise(prompt)):
        words = re.findall(r"[a-z0-9&]+", clause)
        clause_matches: list[_Match] = []
        pending_factor = 1.0
        pending_negation = False
        i = 0
        while i < len(words):
            found = None
            for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
                phrase = " ".join(words[i : i + n])
                if phrase in LEXICON:
                    found = (phrase, n)
                    break
            if found:
                phrase, n = found
                clause_matches.append(
                    _Match(phrase, LEXICON[phrase], pending_factor, pending_negation)
                )
                pending_factor, pending_negation = 1.0, False
                i += n
                continue
            word = words[i]
            i += 1
            if word in INTENSIFIERS:
                pending_factor *= INTENSIFIERS[word]
            elif word in NEGATIONS:
                pending_negation = True
            elif word in FILLER or word.isdigit():
                continue
            elif parts := split_compound(word):
                meanings = [LEXICON[p] for p in parts if p in LEXICON]
                merged = Meaning(
                    effects=tuple(e for m in meanings for e in m.effects),
                    sounds=tuple(s for m in meanings for s in m.sounds),
                    style=next((m.style for m in meanings if m.style), None),
                    camera=next((m.camera for m in meanings if m.camera), None),
                )
                clause_matches.append(_Match(word, merged, pending_factor, pending_negation))
                pending_factor, pending_negation = 1.0, False
            else:
                unknown.append(word)
        if pending_factor != 1.0 and clause_matches:  # "clouds, very" / "Wolken stark"
            clause_matches[-1].factor *= pending_factor
        matches.extend(clause_matches)
    return matches, unknown


def _default_effects(scene: Scene) -> dict[str, float]:
    effects: dict[str, float] = {}
    if scene.has("sky"):
        effects["clouds"] = 0.45
    if scene.has("water"):
        effects["water"] = 0.5
    if scene.has("vegetation"):
        effects["wind"] = 0.3
    if not effects:
        effects["glow"] = 0.35
    return effects


def _camera(active: list[_Match], scene: Scene, params: RenderParams) -> Camera:
    moves = [(m.meaning.camera, m.factor) for m in active if m.meaning.camera]
    parallax_asked = any(move == "parallax" for move, _ in moves)
    directional = [(move, f) for move, f in moves if move != "parallax"]
    move, factor = directional[-1] if directional else ("zoom_in", 1.0)
    if move == "static":
        return Camera("static", 0.0, parallax=False)
    parallax = parallax_asked or scene.has("subject")
    return Camera(move, min(1.0, 0.5 * factor), parallax)


def _sounds(
    active: list[_Match], matches: list[_Match], scene: Scene, defaulted: bool
) -> tuple[str, ...]:
    muted = {s for m in matches if m.negated for s in m.meaning.sounds}
    layers: list[str] = []
    for m in active:
        for sound in m.meaning.sounds:
            if sound not in layers and sound not in muted:
                layers.append(sound)
    if defaulted or not layers:
        if scene.has("water"):
            layers.append("waves")
        if scene.has("vegetation") and "birds" not in muted:
            layers.append("birds")
        if "music" not in muted:
            layers.append("music")
    return tuple(dict.fromkeys(layers))
