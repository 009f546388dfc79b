# ruff: noqa: RUF001, RUF002  (look-alike letters are this module's subject)
"""Fold a prompt into a canonical form so lexicon matching survives common evasions.

The same function folds the lexicon terms, so a term and its disguised spelling
meet in the middle: "N-A-C-K-T", "n4ckt", "nаckt" (Cyrillic a) all become
"nackt"; "Hitlergruß" and "Hitlergruss" both become "hitlergruss"; "töten" and
"toeten" both become "toeten".
"""

from __future__ import annotations

import re
import unicodedata

# Look-alikes that NFKC leaves alone. Mapped before casefolding, because a
# capital Greek Eta looks like "H" while its lowercase form looks like "n".
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic capitals
        "А": "A", "В": "B", "Е": "E", "З": "3", "І": "I", "Ј": "J", "К": "K", "М": "M",
        "Н": "H", "О": "O", "Р": "P", "С": "C", "Ѕ": "S", "Т": "T", "У": "Y", "Х": "X",
        "Ү": "Y", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
        # Cyrillic small
        "а": "a", "в": "b", "е": "e", "і": "i", "ј": "j", "к": "k", "м": "m", "н": "h",
        "о": "o", "р": "p", "с": "c", "ѕ": "s", "т": "t", "у": "y", "х": "x", "ү": "y",
        "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ь": "b", "п": "n", "г": "r",
        # Greek capitals
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
        # Greek small
        "α": "a", "β": "b", "γ": "y", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
        # Latin look-alikes outside ASCII
        "ı": "i", "ɡ": "g", "ɑ": "a", "ʟ": "l", "ℓ": "l",
    }
)  # fmt: skip

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)

_WORDISH = "a-z0-9@$äöüß"
# Three or more single characters separated by 1-3 non-letters: "n a k e d", "N-A-C-K-T", "s.3.x".
_SPACED_LETTERS = re.compile(
    rf"(?<![{_WORDISH}])[{_WORDISH}](?![{_WORDISH}])"
    rf"(?:[^{_WORDISH}]{{1,3}}[{_WORDISH}](?![{_WORDISH}])){{2,}}"
)
_TOKEN = re.compile(rf"[{_WORDISH}]+")
_GAP = re.compile(rf"[^{_WORDISH}]+")
_HAS_LETTER = re.compile(r"[a-z]")
_SPACES = re.compile(r"\s+")


def _join_spaced(match: re.Match[str]) -> str:
    """ "n a k e d" -> "naked"; a wider gap separates words; "a"/"I" first keeps both readings.

    "m a k e  h e r  n a k e d" (two spaces between words) becomes "make her
    naked": a gap wider than the run's narrowest one ends a word. In
    "a r e v o l v e r" the first letter is the article, in "a u s" it is
    part of the word; nothing in the letters tells which, so the text gets
    both: "a revolver arevolver". Checks only ever look for words in it.
    """
    run = match.group()
    gaps = _GAP.findall(run)
    narrowest = min(len(gap) for gap in gaps)
    words = [""]
    for letter, gap in zip(_GAP.split(run), [*gaps, ""], strict=True):
        words[-1] += letter
        if len(gap) > narrowest:
            words.append("")
    first = words[0]
    if first[0] in "ai" and len(first) >= 4 and gaps[0].isspace():
        words[0] = f"{first[0]} {first[1:]} {first}"
    return " ".join(words)


def normalise(text: str) -> str:
    """Return the canonical matching form of `text` (see module docstring).

    Steps: drop invisible format characters (zero-width space/joiner, soft
    hyphen, bidi marks), NFKC (full-width and math letters to plain), map
    Cyrillic/Greek look-alikes, join runs of spaced single letters (a wider
    gap between letters ends a word; both readings when the first may be the
    word "a" or "I"), casefold (ß -> ss), spell umlauts as ae/oe/ue, strip remaining accents and combining
    marks (é -> e, strikethrough overlays), undo leetspeak inside words
    that also contain a letter (so "2026" stays a number; "9" is "g" only after
    the word's first letter, so "9yo" stays an age), collapse whitespace.
    """
    if not isinstance(text, str):
        raise TypeError(f"normalise() takes a str, got {type(text).__name__}")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_CONFUSABLES).lower()
    # Join spaced letters while umlauts and ß are still one letter ("z e r s t ü c k e l",
    # "e r s c h i e ß t"); casefolding then spells ß as ss.
    text = _SPACED_LETTERS.sub(_join_spaced, text).casefold()
    text = text.translate(_UMLAUTS)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    text = unicodedata.normalize("NFC", text)
    text = _TOKEN.sub(_unleet, text)
    return _SPACES.sub(" ", text).strip()


def _unleet(match: re.Match[str]) -> str:
    """Leetspeak inside a token that has a letter; "9" reads "g" only after its first letter.

    "ni99a" and "n1993r" are slurs, while "9yo", "90s" and "9th" are numbers whose
    meaning the checks need ("9yo" is an age), so a leading 9 stays a digit.
    """
    token = match.group()
    first_letter = _HAS_LETTER.search(token)
    if first_letter is None:
        return token
    start = first_letter.start()
    return token[:start].translate(_LEET) + token[start:].replace("9", "g").translate(_LEET)
