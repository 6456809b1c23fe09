"""Find actor names in a text: Aho-Corasick on word boundaries, case rules, inflection."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, NamedTuple

import ahocorasick
import snowballstemmer

from search.actor_discovery import is_role_word
from search.actor_rules import (AMBIGUOUS_NAMES, CASE_ENDINGS, FIRST_NAME_COUNTRIES, GENITIVE_S,
                                INFLECTING, NOUN_CAPITALISING)
from search.languages import SNOWBALL_ALGORITHMS

_NON_WORD = re.compile(r"[\W_]")
_WORD = re.compile(r"[^\W\d_]+")
# Scripts written without spaces between words: names match anywhere, not on boundaries.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff"
                       r"\uac00-\ud7af\uf900-\ufaff]")
_LAST_WORD = re.compile(r"([^\W\d_]+)[^\w\n]{1,3}$")
_FIRST_WORD = re.compile(r"[^\w\n]{1,3}([^\W\d_]+)")
_SENTENCE_START = set(".!?…:;\"“”«»„¿¡([{—–-•*#|'‘’\n")
MAX_SUFFIX = 5          # letters an inflected name may add after its stem ("Venäjällä")
MIN_STEM = 3            # shorter stems would match too many words
CASE_NONE, CASE_NAME, CASE_ACRONYM, CASE_EXACT = 0, 1, 2, 3
# Neighbour checks: none, the previous word, both words, all-caps neighbours (short acronyms).
NEAR_NONE, NEAR_BEFORE, NEAR_BOTH, NEAR_SHOUTING = 0, 1, 2, 3


@dataclass(frozen=True)
class Surface:
    """One way of writing an actor's name in a language; extra = an alias beyond the name."""

    text: str
    actor_id: str
    extra: bool = False
    native: bool = True     # written in the text's language (or any): may be inflected
    kind: str = ""          # the actor's type


class _Entry(NamedTuple):
    """One surface's matching rules (a tuple: tens of thousands are unpickled per update)."""

    actor_id: str
    inflect: bool
    case: int
    caps: tuple[bool, ...]
    word: str            # the last word, lowercased: compared with the inflected token
    stem: str
    stripped: str
    near: int            # which neighbouring words can veto the match (NEAR_*)
    ambiguous: bool      # also reject at sentence start unless confirmed
    text: str            # the surface, for CASE_EXACT


class Match(NamedTuple):
    """An actor mention: character span in the original text (a tuple: built per hit)."""

    start: int
    end: int
    actor_id: str
    ambiguous: bool = False
    near: int = NEAR_NONE


def is_unspaced(text: str) -> bool:
    """Tell whether text uses a script written without spaces (Chinese, Japanese, Thai...)."""
    return _UNSPACED.search(text) is not None


def normalize_for_matching(text: str) -> str:
    """Lowercase and blank out non-word characters, keeping every offset unchanged."""
    low = text.lower()
    if len(low) != len(text):       # Turkish "İ" lowercases to two characters
        low = text.replace("\u0130", "i").lower()
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
    if case == CASE_NAME and len(norm) <= 3:
        case = CASE_EXACT       # "Xi" and "Li" are never "XI" (a Roman numeral) or "li"
    # People's declined forms are listed in the data; guessing them from short stems errs.
    min_base = 5 if surface.kind == "person" else MIN_STEM
    inflect = (surface.native and lang in INFLECTING and case == CASE_NAME
               and len(base) >= min_base)
    ambiguous = len(words) == 1 and case == CASE_NAME and norm in AMBIGUOUS_NAMES.get(lang, ())
    near = _choose_neighbour_check(surface, lang, len(words), case, ambiguous)
    caps = tuple(w[0].isupper() for w in _WORD.findall(surface.text))
    entry = _Entry(surface.actor_id, inflect, case, caps, last, stem, stripped, near, ambiguous,
                   surface.text)
    key = " " + norm[: len(norm) - len(last)] + (base if inflect else last + " ")
    return key, entry


def _choose_neighbour_check(surface: Surface, lang: str, words: int, case: int,
                            ambiguous: bool) -> int:
    if case == CASE_ACRONYM and len(surface.text) <= 3:
        return NEAR_SHOUTING    # "US" in "TELL US MORE" is a word in an all-caps line
    if words != 1 or case not in (CASE_NAME, CASE_EXACT):
        return NEAR_NONE
    if ambiguous or surface.text.lower() in FIRST_NAME_COUNTRIES:
        return NEAR_BOTH
    if lang in NOUN_CAPITALISING:
        return NEAR_NONE        # every noun is capitalised: neighbours say nothing
    # Capitals and surnames (extra aliases) join longer names on either side ("Washington
    # Post"); a country name mostly on its left ("New Mexico", "Michael Jordan").
    return NEAR_BOTH if surface.extra else NEAR_BEFORE


class TextMatcher:
    """Matches the surfaces of one text language; build once, reuse for every article."""

    def __init__(self, lang: str, surfaces: Iterable[Surface],
                 roles: tuple[Iterable[str], Iterable[str]] = ((), ())) -> None:
        self.lang = lang
        self._stem = get_stem_function(lang)
        table: dict[str, list[_Entry]] = {}
        for surface in surfaces:
            # Inner blanks stay as they are: "Atlanta, Georgia" is "atlanta  georgia" in text too.
            norm = normalize_for_matching(surface.text).strip()
            if not norm:
                continue
            if _UNSPACED.search(norm):
                key, entry = norm, _Entry(surface.actor_id, False, CASE_NONE, (), norm, norm,
                                          norm, NEAR_NONE, False, surface.text)
            else:
                key, entry = _build_entry(surface, lang, norm)
            entries = table.setdefault(key, [])
            if entry not in entries:
                entries.append(entry)
        # Role words ride in the same automaton, so discovery costs no second pass.
        words, endings = roles
        role_keys = {" " + normalize_for_matching(w) + " " for w in words}
        role_keys |= {normalize_for_matching(e) + " " for e in endings}
        self._automaton = ahocorasick.Automaton()
        for key in table.keys() | role_keys:
            self._automaton.add_word(key, (key, tuple(table.get(key, ())), key in role_keys))
        self.size = len(table) + len(role_keys)
        if self.size:
            self._automaton.make_automaton()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_stem")  # a PyStemmer object does not pickle; it is cheap to make again
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._stem = get_stem_function(self.lang)

    def find(self, text: str) -> list[Match]:
        """Return the actor mentions in text, longest match first, left to right."""
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[list[Match], list[int]]:
        """Return the actor mentions and the end offsets of role words in one pass."""
        if not self.size or not text:
            return [], []
        padded = " " + normalize_for_matching(text) + " "
        found: list[Match] = []
        role_ends: list[int] = []
        for end, (key, entries, is_role) in self._automaton.iter(padded):
            if is_role:
                role_ends.append(end - 1)
            start = end - len(key) + 1
            accepted = None
            for entry in entries:
                if entry.actor_id != accepted:
                    match = self._check(entry, key, text, padded, start, end)
                    if match is not None:
                        found.append(match)
                        accepted = entry.actor_id
        chosen = _apply_context_rules(text, _select_longest(found), self.lang)
        return [m for m in chosen if m.actor_id], role_ends     # "" marks a blocking phrase

    def _check(self, entry: _Entry, key: str, text: str, padded: str, start: int,
               end: int) -> Match | None:
        if key[0] != " ":       # unspaced script: padded offset = original offset + 1
            return Match(start - 1, end, entry.actor_id)
        if entry.case == CASE_NAME and entry.caps[0] and not text[start].isupper():
            return None         # most false hits are lower-case words: reject them first
        stop = end - 1          # exclusive original end of the name (key ends in a space)
        if entry.inflect:
            word_end = padded.find(" ", end + 1)
            if word_end - end - 1 > MAX_SUFFIX:
                return None
            stop = word_end - 1
        if entry.case and not _case_matches(entry, text[start:stop]):
            return None
        if entry.inflect and not self._same_word(entry, padded[start + key.rfind(" ") + 1: stop + 1]):
            return None
        return Match(start, stop, entry.actor_id, entry.ambiguous, entry.near)

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
    if entry.case == CASE_EXACT:
        return surface == entry.text
    if len(entry.caps) == 1:
        return True         # a single capitalised word, already checked by the caller
    words = _WORD.findall(surface)
    return all(word[0].isupper() for word, cap in zip(words, entry.caps) if cap)


def _select_longest(found: list[Match]) -> list[Match]:
    found.sort(key=lambda m: (m.start, m.start - m.end))
    chosen: list[Match] = []
    last_end = -1
    for match in found:
        if match.start >= last_end or chosen and chosen[-1][:2] == match[:2]:
            chosen.append(match)    # one alias may name two actors ("中俄": China, Russia)
            last_end = match.end
    return chosen


def _apply_context_rules(text: str, matches: list[Match], lang: str) -> list[Match]:
    """Drop names that are part of longer names, or that open a sentence and mean a word."""
    if not any(m.near or m.ambiguous for m in matches):
        return matches
    starts = {m.start for m in matches}
    ends = {m.end for m in matches}
    confirmed = {m.actor_id for m in matches if not m.ambiguous}
    kept = []
    for m in matches:
        if m.near == NEAR_SHOUTING:
            if _word_before(text, m.start).isupper() or _word_after(text, m.end).isupper():
                continue
        elif m.near and not text[m.start:m.end].isupper():      # all-caps headlines pass
            if m.near == NEAR_BOTH and _capitalised_after(text, m.end, starts):
                continue
            if _capitalised_before(text, m.start, ends, lang):
                continue
        if m.ambiguous and m.actor_id not in confirmed and is_sentence_start(text, m.start):
            continue
        kept.append(m)
    return kept


def _word_before(text: str, pos: int) -> str:
    match = _LAST_WORD.search(text, max(0, pos - 40), pos)
    return match.group(1) if match and len(match.group(1)) > 1 else ""


def _word_after(text: str, pos: int) -> str:
    match = _FIRST_WORD.match(text, pos, pos + 40)
    return match.group(1) if match and len(match.group(1)) > 1 else ""


def _capitalised_after(text: str, end: int, starts: set[int]) -> bool:
    after = end + 1
    return text[end:after] == " " and text[after:after + 1].isupper() and after not in starts


def _capitalised_before(text: str, start: int, ends: set[int], lang: str) -> bool:
    before = start - 1
    if before < 1 or text[before] != " " or not text[before - 1].isalpha() or before in ends:
        return False
    word_start = before
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    previous = text[word_start:before]
    return (previous.istitle() and not is_sentence_start(text, word_start)
            and not is_role_word(previous, lang))


def is_sentence_start(text: str, pos: int) -> bool:
    """Tell whether pos opens a sentence, a line or a quotation."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_START
