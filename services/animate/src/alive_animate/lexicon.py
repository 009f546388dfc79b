"""The English and German vocabulary the planner understands.

Each entry maps a normalised phrase (lower case, umlauts as ae/oe/ue, ss for sß)
to what it means. Kept as data so adding a word never touches the planner logic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Meaning:
    effects: tuple[str, ...] = ()
    sounds: tuple[str, ...] = ()
    style: str | None = None
    camera: str | None = None


def _m(
    effects: str = "", sounds: str = "", style: str | None = None, camera: str | None = None
) -> Meaning:
    return Meaning(tuple(effects.split()), tuple(sounds.split()), style, camera)


_ENTRIES: dict[str, Meaning] = {}


def _add(meaning: Meaning, *phrases: str) -> None:
    for phrase in phrases:
        _ENTRIES[phrase] = meaning


# Effects (the sound follows the effect unless the scene says otherwise).
_add(
    _m("clouds"),
    "cloud",
    "clouds",
    "cloudy",
    "drifting clouds",
    "clouds drifting",
    "moving clouds",
    "wolke",
    "wolken",
    "wolken ziehen",
    "ziehende wolken",
    "bewoelkt",
    "wolkig",
)
_add(
    _m("water", "waves"),
    "water",
    "waves",
    "wave",
    "sea",
    "ocean",
    "river",
    "lake",
    "flowing water",
    "sea sounds",
    "ocean sounds",
    "sound of the sea",
    "wasser",
    "welle",
    "wellen",
    "meer",
    "see",
    "fluss",
    "ozean",
    "meeresrauschen",
    "wellenrauschen",
)
_add(
    _m("wind", "wind"),
    "wind",
    "windy",
    "breeze",
    "breezy",
    "storm",
    "stormy",
    "gust",
    "gusts",
    "windig",
    "brise",
    "sturm",
    "stuermisch",
    "boeen",
)
_add(
    _m("rain", "rain"),
    "rain",
    "rainy",
    "raining",
    "drizzle",
    "downpour",
    "regen",
    "regnerisch",
    "regnet",
    "nieselregen",
    "regenwetter",
    "platzregen",
)
_add(
    _m("snow", "wind"),
    "snow",
    "snowy",
    "snowing",
    "snowfall",
    "snowflakes",
    "winter",
    "schnee",
    "schneit",
    "schneefall",
    "verschneit",
    "schneeflocken",
)
_add(
    _m("leaves", "wind"),
    "leaves",
    "falling leaves",
    "autumn",
    "fall leaves",
    "foliage",
    "blaetter",
    "laub",
    "herbst",
    "fallende blaetter",
    "herbstlaub",
)
_add(
    _m("petals", "birds"),
    "petals",
    "blossoms",
    "blossom",
    "cherry blossoms",
    "sakura",
    "spring",
    "blueten",
    "bluetenblaetter",
    "kirschblueten",
    "fruehling",
)
_add(
    _m("sparkles", "music"),
    "sparkle",
    "sparkles",
    "sparkling",
    "glitter",
    "magic",
    "magical",
    "funkeln",
    "funkelnd",
    "glitzer",
    "glitzern",
    "magie",
    "magisch",
    "zauber",
    "zauberhaft",
)
_add(_m("fireflies"), "fireflies", "firefly", "gluehwuermchen", "leuchtkaefer")
_add(
    _m("light_rays"),
    "light rays",
    "sun rays",
    "sunrays",
    "sunbeams",
    "sunbeam",
    "god rays",
    "rays",
    "lichtstrahlen",
    "sonnenstrahlen",
    "strahlen",
)
_add(
    _m("glow"),
    "glow",
    "glowing",
    "dreamy",
    "bloom",
    "shine",
    "shiny",
    "leuchten",
    "gluehen",
    "vertraeumt",
    "schimmern",
)
_add(
    _m("fog"),
    "fog",
    "foggy",
    "mist",
    "misty",
    "haze",
    "hazy",
    "nebel",
    "neblig",
    "dunst",
    "dunstig",
)
_add(
    _m("sunset"),
    "sunset",
    "golden hour",
    "dusk",
    "evening",
    "sunrise",
    "dawn",
    "sonnenuntergang",
    "abendrot",
    "abend",
    "abendsonne",
    "goldene stunde",
    "sonnenaufgang",
    "daemmerung",
)
_add(
    _m("night stars"),
    "night",
    "night time",
    "nighttime",
    "moonlight",
    "nacht",
    "nachts",
    "mondlicht",
    "mondschein",
)
_add(_m("stars"), "stars", "starry", "starry sky", "star", "sterne", "sternenhimmel", "stern")
# Sound only.
_add(
    _m("", "birds"),
    "birds",
    "bird",
    "birdsong",
    "chirping",
    "voegel",
    "vogel",
    "vogelgezwitscher",
    "gezwitscher",
    "zwitschern",
)
_add(
    _m("", "city"),
    "city",
    "traffic",
    "street",
    "urban",
    "stadt",
    "verkehr",
    "strasse",
    "grossstadt",
)
_add(
    _m("", "fire"),
    "fire",
    "fireplace",
    "campfire",
    "crackling",
    "crackle",
    "feuer",
    "kamin",
    "kaminfeuer",
    "lagerfeuer",
    "knistern",
    "knisternd",
)
_add(_m("", "music"), "music", "musik", "melody", "melodie", "soundtrack")
# Styles.
_add(
    _m(style="cartoon"),
    "cartoon",
    "comic",
    "anime",
    "toon",
    "cartoonish",
    "zeichentrick",
    "zeichentrickfilm",
    "comicstil",
)
_add(
    _m(style="vintage"),
    "vintage",
    "retro",
    "old film",
    "nostalgic",
    "8mm",
    "super 8",
    "film grain",
    "old movie",
    "alter film",
    "nostalgisch",
    "altmodisch",
)
_add(
    _m(style="noir"),
    "noir",
    "film noir",
    "black and white",
    "black white",
    "monochrome",
    "schwarz weiss",
    "schwarzweiss",
    "einfarbig",
)
_add(
    _m(style="watercolour"),
    "watercolour",
    "watercolor",
    "painting",
    "painterly",
    "painted",
    "oil painting",
    "aquarell",
    "gemaelde",
    "gemalt",
    "malerisch",
    "oelgemaelde",
)
# Camera.
_add(
    _m(camera="zoom_in"),
    "zoom",
    "zoom in",
    "push in",
    "closer",
    "heranzoomen",
    "ranzoomen",
    "reinzoomen",
    "zoomen",
    "naeher",
)
_add(_m(camera="zoom_out"), "zoom out", "pull back", "herauszoomen", "rauszoomen")
_add(_m(camera="pan_right"), "pan", "pan right", "schwenk", "kameraschwenk", "schwenk nach rechts")
_add(_m(camera="pan_left"), "pan left", "schwenk nach links")
_add(_m(camera="parallax"), "parallax", "3d", "depth", "tiefe", "raeumlich")
_add(
    _m(camera="static"),
    "static",
    "static camera",
    "still camera",
    "no camera movement",
    "tripod",
    "statisch",
    "ruhige kamera",
    "stativ",
)

LEXICON: dict[str, Meaning] = dict(_ENTRIES)
MAX_PHRASE_WORDS = max(len(p.split()) for p in LEXICON)

# Words that strengthen or soften the next effect (or the previous one in the same clause).
INTENSIFIERS: dict[str, float] = {
    w: 1.5
    for w in (
        "very",
        "strong",
        "strongly",
        "heavy",
        "heavily",
        "lots",
        "intense",
        "wild",
        "sehr",
        "stark",
        "starker",
        "starke",
        "starken",
        "viel",
        "viele",
        "heftig",
        "heftiger",
        "kraeftig",
        "intensiv",
    )
} | {
    w: 0.55
    for w in (
        "light",
        "gentle",
        "gently",
        "slight",
        "slightly",
        "soft",
        "softly",
        "subtle",
        "little",
        "bit",
        "leicht",
        "leichte",
        "leichter",
        "leichten",
        "sanft",
        "sanfte",
        "sanfter",
        "wenig",
        "etwas",
        "zart",
        "dezent",
    )
}
NEGATIONS = frozenset({"no", "not", "without", "kein", "keine", "keinen", "ohne", "nicht"})
# Glue words: never reported as not understood.
FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "it",
        "its",
        "this",
        "that",
        "these",
        "make",
        "makes",
        "made",
        "turn",
        "into",
        "in",
        "on",
        "at",
        "of",
        "with",
        "and",
        "or",
        "to",
        "please",
        "some",
        "let",
        "lets",
        "give",
        "add",
        "be",
        "is",
        "are",
        "was",
        "like",
        "look",
        "looking",
        "more",
        "bit",
        "day",
        "scene",
        "photo",
        "picture",
        "image",
        "video",
        "story",
        "me",
        "my",
        "our",
        "feel",
        "feeling",
        "effect",
        "effects",
        "style",
        "sound",
        "sounds",
        "noise",
        "noises",
        "drifting",
        "drift",
        "moving",
        "move",
        "moves",
        "flowing",
        "flow",
        "falling",
        "fall",
        "swaying",
        "sway",
        "blowing",
        "blow",
        "passing",
        "gently",
        "slowly",
        "slow",
        "softly",
        "background",
        "sky",
        "also",
        "plus",
        "then",
        "mach",
        "mache",
        "mach's",
        "machs",
        "es",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "mit",
        "und",
        "oder",
        "zu",
        "bitte",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "im",
        "am",
        "in",
        "auf",
        "an",
        "bei",
        "lass",
        "lasse",
        "lassen",
        "gib",
        "fuege",
        "hinzu",
        "sein",
        "ist",
        "sind",
        "wie",
        "aus",
        "tag",
        "szene",
        "bild",
        "foto",
        "video",
        "geschichte",
        "mir",
        "mein",
        "meine",
        "effekt",
        "effekte",
        "stil",
        "klang",
        "klaenge",
        "geraeusch",
        "geraeusche",
        "rauschen",
        "ziehen",
        "ziehend",
        "zieht",
        "bewegen",
        "bewegt",
        "fliessen",
        "fliesst",
        "fallen",
        "fallend",
        "faellt",
        "wiegen",
        "wehen",
        "weht",
        "langsam",
        "himmel",
        "auch",
        "dazu",
        "dann",
        "hintergrund",
        "as",
        "als",
        "during",
        "waehrend",
    ]
)
LINKING_SUFFIXES = ("es", "s", "n", "en", "")


def normalise(text: str) -> str:
    """Lower case, German umlauts and sharp s spelled out, so both spellings match."""
    lowered = text.lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        lowered = lowered.replace(src, dst)
    return lowered


def split_compound(word: str) -> list[str] | None:
    """Split a German compound into two known words, e.g. schneesturm -> schnee + sturm.

    The head may carry a linking -s/-es/-n (meeresrauschen -> meer + rauschen); the tail
    may be a glue word so "Wolkenhimmel" still counts as clouds. None when no split fits.
    """
    known = set(LEXICON) | FILLER
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        for suffix in LINKING_SUFFIXES:
            if suffix and not head.endswith(suffix):
                continue
            stem = head[: len(head) - len(suffix)] if suffix else head
            if stem in LEXICON and (tail in known):
                return [stem, tail]
    return None
