"""Find actor names in a text: Aho-Corasick on word boundaries, case rules, inflection."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

import ahocorasick
import snowballstemmer

from search.actor_discovery import is_role_word
from search.actor_rules import AMBIGUOUS_NAMES, CASE_ENDINGS, GENITIVE_S, NOUN_CAPITALISING
from search.languages import SNOWBALL_ALGORITHMS

_NON_WORD = re.compile(r"[\W_]")
_WORD = re.compile(r"[^\W\d_]+")
# Scripts written without spaces between words: names match anywhere, not on boundaries.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff"
                       r"\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE_START = set(".!?…:;\"“”«»„¿¡([{—–-•*#|'‘’\n")
MAX_SUFFIX = 5          # letters an inflected name may add after its stem ("Venäjällä")
MIN_STEM = 3            # shorter stems would match too many words
CASE_NONE, CASE_NAME, CASE_ACRONYM = 0, 1, 2


@dataclass(frozen=True)
class Surface:
    """One way of writing an actor's name in a language; extra = an alias beyond the name."""

    text: str
    actor_id: str
    extra: bool = False


@dataclass(frozen=True)
class _Entry:
    actor_id: str
    inflect: bool
    case: int
    caps: tuple[bool, ...]
    word: str            # the last word, lowercased: compared with the inflected token
    stem: str
    stripped: str
    strict: bool         # reject beside capitalised words
    ambiguous: bool      # also reject at sentence start unless confirmed


@dataclass(frozen=True)
class Match:
    """An actor mention: character span in the original text."""

    start: int
    end: int
    actor_id: str
    ambiguous: bool = False
    strict: bool = False


def normalize_for_matching(text: str) -> str:
    """Lowercase and blank out non-word characters, keeping every offset unchanged."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _NON_WORD.sub(" ", low)


@lru_cache(maxsize=None)
def get_stem_function(lang: str) -> Callable[[str], str] | None:
    """Return the Snowball stem function of a language, or None without one."""
    algorithm = SNOWBALL_ALGORITHMS.get(lang)
    return snowballstemmer.stemmer(algorithm).stemWord if algorithm else None


def strip_case_ending(word: str, lang: str) -> str:
    """Remove the longest case ending of the language, keeping at least MIN_STEM letters."""
    for ending in CASE_ENDINGS.get(lang, ()):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def _case_kind(text: str) -> int:
    letters = [c for c in text if c.isalpha()]
    if not letters or text.lower() == text.upper() or text == text.lower():
        return CASE_NONE
    if len(letters) >= 2 and all(c.isupper() for c in letters if c.lower() != c.upper()):
        return CASE_ACRONYM
    return CASE_NAME


def _common_prefix(*words: str) -> str:
    size = 0
    for chars in zip(*words):
        if len(set(chars)) > 1:
            break
        size += 1
    return words[0][:size]


def _build_entry(surface: Surface, lang: str, norm: str) -> tuple[str, _Entry]:
    words = norm.split()
    last = words[-1]
    stem_word = get_stem_function(lang)
    stem = stem_word(last) if stem_word else last
    stripped = strip_case_ending(last, lang)
    case = _case_kind(surface.text)
    base = _common_prefix(last, stem, stripped)
    inflected_lang = stem_word is not None or lang in CASE_ENDINGS or lang in GENITIVE_S
    inflect = case != CASE_ACRONYM and inflected_lang and len(base) >= MIN_STEM
    single = len(words) == 1 and case == CASE_NAME
    ambiguous = single and norm in AMBIGUOUS_NAMES.get(lang, ())
    strict = single and (surface.extra or ambiguous) and lang not in NOUN_CAPITALISING
    caps = tuple(w[0].isupper() for w in _WORD.findall(surface.text))
    entry = _Entry(surface.actor_id, inflect, case, caps, last, stem, stripped, strict, ambiguous)
    key = " " + norm[: len(norm) - len(last)] + (base if inflect else last + " ")
    return key, entry


class TextMatcher:
    """Matches the surfaces of one text language; build once, reuse for every article."""

    def __init__(self, lang: str, surfaces: Iterable[Surface]) -> None:
        self.lang = lang
        self._stem = get_stem_function(lang)
        table: dict[str, list[_Entry]] = {}
        for surface in surfaces:
            norm = " ".join(normalize_for_matching(surface.text).split())
            if not norm:
                continue
            if _UNSPACED.search(norm):
                key, entry = norm, _Entry(surface.actor_id, False, CASE_NONE, (), norm, norm,
                                          norm, False, False)
            else:
                key, entry = _build_entry(surface, lang, norm)
            entries = table.setdefault(key, [])
            if entry not in entries:
                entries.append(entry)
        self._automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            self._automaton.add_word(key, (key, tuple(entries)))
        self.size = len(table)
        if table:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Return the actor mentions in text, longest match first, left to right."""
        if not self.size or not text:
            return []
        padded = " " + normalize_for_matching(text) + " "
        found: list[Match] = []
        for end, (key, entries) in self._automaton.iter(padded):
            start = end - len(key) + 1
            for entry in entries:
                match = self._check(entry, key, text, padded, start, end)
                if match is not None:
                    found.append(match)
        return _apply_context_rules(text, _select_longest(found), self.lang)

    def _check(self, entry: _Entry, key: str, text: str, padded: str, start: int,
               end: int) -> Match | None:
        if key[0] != " ":       # unspaced script: padded offset = original offset + 1
            return Match(start - 1, end, entry.actor_id)
        stop = end - 1          # exclusive original end of the name (key ends in a space)
        if entry.inflect:
            word_end = padded.find(" ", end + 1)
            if word_end - end - 1 > MAX_SUFFIX:
                return None
            stop = word_end - 1
        if not _case_matches(entry, text[start:stop]):
            return None
        if entry.inflect and not self._same_word(entry, padded[start + key.rfind(" ") + 1: stop + 1]):
            return None
        return Match(start, stop, entry.actor_id, entry.ambiguous, entry.strict)

    def _same_word(self, entry: _Entry, token: str) -> bool:
        if token == entry.word:
            return True
        if self._stem is not None and self._stem(token) == entry.stem:
            return True
        if self.lang in CASE_ENDINGS and strip_case_ending(token, self.lang) == entry.stripped:
            return True
        return self.lang in GENITIVE_S and token == entry.word + "s"


def _case_matches(entry: _Entry, surface: str) -> bool:
    if entry.case == CASE_NONE:
        return True
    if entry.case == CASE_ACRONYM:
        return surface.upper() == surface
    if not surface[:1].isupper():
        return False
    words = _WORD.findall(surface)
    return all(word[0].isupper() for word, cap in zip(words, entry.caps) if cap)


def _select_longest(found: list[Match]) -> list[Match]:
    found.sort(key=lambda m: (m.start, m.start - m.end))
    chosen: list[Match] = []
    last_end = -1
    for match in found:
        if match.start >= last_end:
            chosen.append(match)
            last_end = match.end
    return chosen


def _apply_context_rules(text: str, matches: list[Match], lang: str) -> list[Match]:
    """Drop risky single-word names beside other capitalised words or opening a sentence."""
    if not any(m.strict or m.ambiguous for m in matches):
        return matches
    starts = {m.start for m in matches}
    ends = {m.end for m in matches}
    confirmed = {m.actor_id for m in matches if not m.ambiguous}
    kept = []
    for m in matches:
        if m.strict and _has_capitalised_neighbour(text, m, starts, ends, lang):
            continue
        if m.ambiguous and m.actor_id not in confirmed and is_sentence_start(text, m.start):
            continue
        kept.append(m)
    return kept


def _has_capitalised_neighbour(text: str, m: Match, starts: set[int], ends: set[int],
                               lang: str) -> bool:
    if text[m.start:m.end].isupper():
        return False        # an all-caps headline
    after = m.end + 1
    if text[m.end:after] == " " and text[after:after + 1].isupper() and after not in starts:
        return True
    before = m.start - 1
    if before < 1 or text[before] != " " or not text[before - 1].isalpha() or before in ends:
        return False
    word_start = before
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    previous = text[word_start:before]
    return (previous[0].isupper() and not is_sentence_start(text, word_start)
            and not is_role_word(previous, lang))


def is_sentence_start(text: str, pos: int) -> bool:
    """Tell whether pos opens a sentence, a line or a quotation."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_START
