"""English and German term lists compiled to regular expressions over normalised text.

Term syntax (see lexicon.yaml): words separated by spaces must appear in order;
`a|b` is either word; `word*` also matches longer words (stems, German
compounds); `*word*` matches inside a word; `...` allows up to three words in
between (but not across sentence punctuation). Every word is folded with
`normalise` and each of its letters may repeat ("naaaked"), and a word written
with an umlaut also matches without it ("töten" ~ "toeten" ~ "toten").
`{name}` inside a word's alternatives stands for the named list under the
file's `words:` (people, clothes, weapons...), so a list is written once.
Matches are whole words unless `*` says otherwise, so "therapist" does not
contain "rapist" and "Scunthorpe" contains nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from alive_moderation.errors import PolicyError
from alive_moderation.text.normalise import normalise
from alive_moderation.text.signals import TextSignal

_LANGUAGES = ("en", "de")
_SEP = r"[\W_]+"
_GAP = r"(?:[^\w.,;:!?]+\w+){0,3}[^\w.,;:!?]+"
_BARE_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U"})


def compile_term(term: str) -> str:
    """Regex source for one lexicon term over normalised text (syntax in module docstring)."""
    parts: list[str] = []
    for token in term.split():
        if token == "...":
            if not parts or parts[-1] == _GAP:
                raise ValueError(f"'...' must sit between two words in {term!r}")
            parts.append(_GAP)
            continue
        if parts and parts[-1] != _GAP:
            parts.append(_SEP)
        parts.append("(?:" + "|".join(_compile_word(alt, term) for alt in token.split("|")) + ")")
    if not parts or parts[-1] == _GAP:
        raise ValueError(f"term {term!r} must start and end with a word")
    return "".join(parts)


def _compile_word(word: str, term: str) -> str:
    infix = word.startswith("*")
    stem = word.endswith("*")
    core = word.strip("*")
    if not core or "*" in core:
        raise ValueError(f"bad word {word!r} in {term!r}: '*' only at the start or end")
    spellings = {normalise(core), normalise(core.translate(_BARE_UMLAUTS))}
    bodies = []
    for spelling in sorted(spellings):
        if not spelling:
            raise ValueError(f"word {word!r} in {term!r} is empty after normalising")
        bodies.append(
            "".join(re.escape(ch) + "+" if ch.isalnum() else r"[\W_]*" for ch in spelling)
        )
    body = "(?:" + "|".join(bodies) + ")"
    return (r"(?<!\w)\w*?" if infix else r"(?<!\w)") + body + (r"\w*" if stem else r"(?!\w)")


@dataclass(frozen=True)
class LexiconCategory:
    """One category's compiled patterns and how they combine."""

    name: str
    reason: str
    terms: re.Pattern[str] | None
    together: tuple[re.Pattern[str], ...]
    exceptions: re.Pattern[str] | None
    symbols: tuple[str, ...]
    with_category: tuple[str, ...]

    def find(self, text: str) -> list[str]:
        """Matched snippets proving the category, or [] when it does not apply."""
        excluded = _Exceptions(self.exceptions, text)
        found = [s for s in self.symbols if s in text]
        if self.terms is not None:
            found += _matches(self.terms, text, excluded)
        if not found and self.together:
            groups = []
            for pattern in self.together:
                if not (group := _matches(pattern, text, excluded)):
                    return []
                groups.append(group)
            found = [group[0] for group in groups]
        return found


class _Exceptions:
    """The spans of a category's harmless phrases in one text, found only when a term matched.

    Most prompts match no term, and the exception patterns are as long as the
    terms, so searching them up front would double the lexicon's cost.
    """

    def __init__(self, pattern: re.Pattern[str] | None, text: str) -> None:
        self._pattern, self._text = pattern, text
        self._spans: list[tuple[int, int]] | None = None

    def cover(self, match: re.Match[str]) -> bool:
        if self._spans is None:
            found = self._pattern.finditer(self._text) if self._pattern else ()
            self._spans = [m.span() for m in found]
        return any(start <= match.start() and match.end() <= end for start, end in self._spans)


def _matches(pattern: re.Pattern[str], text: str, excluded: _Exceptions) -> list[str]:
    return [m.group() for m in pattern.finditer(text) if not excluded.cover(m)]


class LexiconScorer:
    """Scores a prompt 1.0 for every category whose terms match, else 0.0.

    Categories are evaluated in file order so that `with_category` (for
    example minors_sexual needing sexual or undressing) sees earlier results.
    """

    def __init__(self, version: str, categories: Iterable[LexiconCategory]) -> None:
        self.version = version
        self._categories = tuple(categories)

    @classmethod
    def load(cls, path: Path | None = None) -> LexiconScorer:
        """Load and compile a lexicon file; `None` loads the bundled lexicon.yaml."""
        if path is None:
            ref = resources.files("alive_moderation.text").joinpath("lexicon.yaml")
            text, source = ref.read_text("utf-8"), "lexicon.yaml (bundled)"
        else:
            try:
                text, source = Path(path).read_text("utf-8"), str(path)
            except OSError as exc:
                raise PolicyError("<file>", f"cannot read: {exc.strerror}", str(path)) from exc
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise PolicyError("<file>", f"is not valid YAML: {exc}", source) from exc
        return cls.from_mapping(raw, source)

    @classmethod
    def from_mapping(cls, raw: Any, source: str = "lexicon") -> LexiconScorer:
        """Validate and compile a parsed lexicon; errors name the offending key."""
        if not isinstance(raw, dict) or not isinstance(raw.get("version"), str):
            raise PolicyError("version", "lexicon needs a string 'version'", source)
        body = raw.get("categories")
        if not isinstance(body, dict) or not body:
            raise PolicyError("categories", "must be a non-empty mapping", source)
        words = _word_lists(raw.get("words", {}), source)
        compiled: list[LexiconCategory] = []
        for name, spec in body.items():
            key = f"categories.{name}"
            if not isinstance(spec, dict):
                raise PolicyError(key, "must be a mapping", source)
            unknown = set(spec) - {
                "reason",
                "terms",
                "together",
                "except",
                "symbols",
                "with_category",
            }
            if unknown:
                raise PolicyError(f"{key}.{sorted(unknown)[0]}", "unknown key", source)
            reason = spec.get("reason")
            if not isinstance(reason, str) or not reason:
                raise PolicyError(f"{key}.reason", "must be a non-empty string", source)
            with_category = spec.get("with_category", [])
            earlier = {c.name for c in compiled}
            if not isinstance(with_category, list) or not set(with_category) <= earlier:
                raise PolicyError(
                    f"{key}.with_category", "must list categories defined above it", source
                )
            together_raw = spec.get("together", [])
            if not isinstance(together_raw, list) or len(together_raw) == 1:
                raise PolicyError(f"{key}.together", "must be a list of two or more groups", source)
            symbols = spec.get("symbols", [])
            if not isinstance(symbols, list) or not all(isinstance(s, str) for s in symbols):
                raise PolicyError(f"{key}.symbols", "must be a list of strings", source)
            category = LexiconCategory(
                name=name,
                reason=reason,
                terms=_compile_group(spec.get("terms"), f"{key}.terms", source, words),
                together=tuple(
                    _require(
                        _compile_group(group, f"{key}.together[{i}]", source, words), key, source
                    )
                    for i, group in enumerate(together_raw)
                ),
                exceptions=_compile_group(spec.get("except"), f"{key}.except", source, words),
                symbols=tuple(normalise(s) for s in symbols),
                with_category=tuple(with_category),
            )
            if category.terms is None and not category.together and not category.symbols:
                raise PolicyError(key, "needs terms, together or symbols", source)
            compiled.append(category)
        return cls(raw["version"], compiled)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(c.name for c in self._categories)

    def score(self, prompt: str, normalised: str) -> list[TextSignal]:
        signals: list[TextSignal] = []
        matched: dict[str, list[str]] = {}
        for category in self._categories:
            found = category.find(normalised)
            if found and category.with_category:
                partners = [c for c in category.with_category if c in matched]
                found = found[:1] + matched[partners[0]][:1] if partners else []
            if found:
                matched[category.name] = found
                quoted = " + ".join(f"'{snippet}'" for snippet in dict.fromkeys(found))
                signals.append(
                    TextSignal(category.name, 1.0, f"prompt {category.reason} (matched {quoted})")
                )
            else:
                signals.append(TextSignal(category.name, 0.0))
        return signals


_WORD_LIST = re.compile(r"\{(\w+)\}")


def _word_lists(raw: Any, source: str) -> dict[str, str]:
    """`words:` name -> its words as one alternation ("a|b|c") for `{name}` in terms."""
    if not isinstance(raw, dict):
        raise PolicyError("words", "must map names to lists of words", source)
    lists: dict[str, str] = {}
    for name, words in raw.items():
        if (
            not isinstance(words, list)
            or not words
            or not all(isinstance(w, str) and w and not set(w) & set(" |{}") for w in words)
        ):
            raise PolicyError(
                f"words.{name}", "must be a non-empty list of single words (no spaces or |)", source
            )
        lists[str(name)] = "|".join(words)
    return lists


def _expand(term: str, words: Mapping[str, str]) -> str:
    """Replace each `{name}` in a term by the alternation of that word list."""

    def lookup(match: re.Match[str]) -> str:
        if match.group(1) not in words:
            raise ValueError(f"unknown word list {{{match.group(1)}}} (define it under words:)")
        return words[match.group(1)]

    return _WORD_LIST.sub(lookup, term)


def _compile_group(
    raw: Any, key: str, source: str, words: Mapping[str, str]
) -> re.Pattern[str] | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or not set(raw) <= set(_LANGUAGES):
        raise PolicyError(
            key, f"must map languages ({', '.join(_LANGUAGES)}) to term lists", source
        )
    sources: list[str] = []
    for language, terms in raw.items():
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise PolicyError(f"{key}.{language}", "must be a list of strings", source)
        for i, term in enumerate(terms):
            try:
                sources.append(compile_term(_expand(term, words)))
            except ValueError as exc:
                raise PolicyError(f"{key}.{language}[{i}]", str(exc), source) from exc
    if not sources:
        return None
    # Every term starts at a word start; checking that once up front keeps a
    # 2000-character prompt from trying hundreds of alternatives at each offset.
    return re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(sources) + ")")


def _require(pattern: re.Pattern[str] | None, key: str, source: str) -> re.Pattern[str]:
    if pattern is None:
        raise PolicyError(f"{key}.together", "every group needs at least one term", source)
    return pattern
