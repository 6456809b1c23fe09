"""Discover people missing from the registry: a capitalised full name right after a role word."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from search.actor_rules import GERMAN_ROLE_ENDINGS, NAME_PARTICLES, NOT_NAME_WORDS, ROLE_WORDS
from search.actor_sources import slugify

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\S")
# Words that introduce a department between a role and a name: "Secretary of State X".
_LINKS = frozenset({"of", "de", "del", "della", "di", "des", "du", "für", "do", "da", "for"})
MAX_NAME_WORDS = 4
_LOOKAHEAD = 120        # characters read after a role word


@dataclass(frozen=True)
class Discovery:
    """A person's name found beside a role word, with its span and slug."""

    start: int
    end: int
    name: str
    slug: str


def get_role_words(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (whole role words, role word endings) of a language; English without a table."""
    if lang == "de":
        return (), GERMAN_ROLE_ENDINGS
    return ROLE_WORDS.get(lang, ROLE_WORDS["en"]), ()


@lru_cache(maxsize=None)
def _role_set(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in get_role_words(lang)[0])


def is_role_word(word: str, lang: str) -> bool:
    """Tell whether a word is a role word of the language ('President', 'Außenministerin')."""
    word = word.lower()
    return word in _role_set(lang) or word.endswith(get_role_words(lang)[1])


def discover_people(text: str, lang: str, role_ends: list[int], taken: list[tuple[int, int]]
                    ) -> list[Discovery]:
    """Find 'role + Full Name' people whose name does not overlap a registered mention."""
    found: list[Discovery] = []
    taken = sorted(taken)
    starts = [s for s, _ in taken]
    for role_end in role_ends:
        span = _name_span(_read_tokens(text, role_end))
        if span is None:
            continue
        start, end = span
        after = _read_tokens(text, end)[:1]
        if any(is_role_word(word, lang) for word in text[start:end].split() + [
                t[2] for t in after]):
            continue    # "General Manager", "Sztabu Generalnego gen.": titles and departments
        i = bisect.bisect_left(starts, end)      # mentions starting before the name ends
        if i and taken[i - 1][1] > start:       # mentions never overlap, so ends are sorted too
            continue
        name = text[start:end]
        found.append(Discovery(start, end, name, slugify(name)))
    return found


def _read_tokens(text: str, pos: int) -> list[tuple[int, int, str]]:
    """Read the next few tokens on the same line after a role word."""
    tokens: list[tuple[int, int, str]] = []
    last = pos
    for m in _TOKEN.finditer(text, pos, pos + _LOOKAHEAD):
        if len(tokens) >= 10 or "\n" in text[last:m.start()]:
            break
        tokens.append((m.start(), m.end(), m.group()))
        last = m.end()
    return tokens


def _is_name_word(word: str) -> bool:
    return (word[0].isupper() and len(word) >= 2 and not word.isupper()
            and word.lower() not in NOT_NAME_WORDS and word[0].isalpha())


def _name_span(tokens: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    i = _skip_to_name(tokens)
    words: list[tuple[int, int, str]] = []
    while i < len(tokens) and len(words) < MAX_NAME_WORDS + 2:
        word = tokens[i][2]
        if _is_name_word(word):
            words.append(tokens[i])
        elif word.lower() in NAME_PARTICLES and words and i + 1 < len(tokens) \
                and _is_name_word(tokens[i + 1][2]):
            words.append(tokens[i])
        else:
            break
        i += 1
    if i < len(tokens) and tokens[i][2][:1].isupper() and tokens[i][2][:1].isalpha():
        return None     # ran into an acronym or organisation word: not a plain name
    capitalised = [w for w in words if w[2].lower() not in NAME_PARTICLES]
    if not 2 <= len(capitalised) <= MAX_NAME_WORDS or words[0][2].lower() in NAME_PARTICLES:
        return None     # "La Belle Province" starts with an article, not a first name
    return words[0][0], words[-1][1]


def _skip_to_name(tokens: list[tuple[int, int, str]]) -> int:
    """Skip '.', 'of State', a lowercase adjective before a comma, and the comma."""
    i = 0
    if i < len(tokens) and tokens[i][2] == ".":
        i += 1
    if i + 1 < len(tokens) and tokens[i][2].lower() in _LINKS and tokens[i + 1][2][:1].isupper():
        i += 2
    if i + 1 < len(tokens) and tokens[i][2].islower() and tokens[i + 1][2] == ",":
        i += 1
    if i < len(tokens) and tokens[i][2] == ",":
        i += 1
    return i
