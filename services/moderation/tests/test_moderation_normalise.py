"""Evasions a user might try must fold to the plain word; harmless text must stay readable."""

from __future__ import annotations

import pytest

from alive_moderation.text import normalise


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("n a k e d", "naked"),
        ("N-A-C-K-T", "nackt"),
        ("n.a.k.e.d", "naked"),
        ("n4k3d", "naked"),
        ("s3x", "sex"),
        ("n@ked", "naked"),
        ("5wastika", "swastika"),
        ("n\u0430k\u0435d", "naked"),  # Cyrillic a and e
        ("\u0397\u0391\u03a4\u0395", "hate"),  # Greek capitals
        ("na\u200bked", "naked"),  # zero-width space
        ("na\u00adked", "naked"),  # soft hyphen
        ("\uff4e\uff41\uff4b\uff45\uff44", "naked"),  # full-width
        ("NAKED", "naked"),
    ],
)
def test_disguised_words_fold_to_the_plain_word(disguised: str, plain: str) -> None:
    assert normalise(disguised) == plain


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("töten", "toeten"),
        ("Hitlergruß", "Hitlergruss"),
        ("BLUTÜBERSTRÖMT", "blutueberstroemt"),
        ("Mädchen", "MAEDCHEN"),
    ],
)
def test_german_umlauts_and_sharp_s_match_both_spellings(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_a_spaced_word_after_a_one_letter_word_keeps_both_readings() -> None:
    assert normalise("point a r e v o l v e r at him") == "point a revolver arevolver at him"
    assert normalise("zieh sie a u s") == "zieh sie aus"  # too short to be "a" + a word
    assert normalise("i h a t e you") == "i hate ihate you"
    assert normalise("a-n-a-l") == "anal"  # hyphens spell one word


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("m a k e  h e r  n a k e d", "make her naked"),
        ("N-A-C-K-T  M-A-C-H-E-N", "nackt machen"),
        ("s h o o t . h i m", "shoot him"),
        ("e r s c h i e ß t", "erschiesst"),
        ("zieh sie a u s", "zieh sie aus"),
    ],
)
def test_spaced_out_words_keep_their_word_boundaries(disguised: str, plain: str) -> None:
    assert normalise(disguised) == plain


def test_numbers_and_ordinary_sentences_survive() -> None:
    assert normalise("Make it 2026, at 5 pm") == "make it 2026, at 5 pm"
    assert normalise("Schneesturm über den Bergen") == "schneesturm ueber den bergen"


def test_nine_reads_g_after_a_letter_but_a_leading_nine_stays_a_number() -> None:
    assert normalise("ni99er n1993r di99in9") == "nigger nigger digging"
    assert normalise("9yo girl on the 9th floor, 90s look") == "9yo girl on the 9th floor, 9os look"


def test_non_text_is_refused() -> None:
    with pytest.raises(TypeError):
        normalise(42)  # type: ignore[arg-type]
