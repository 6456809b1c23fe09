"""Discover people missing from the registry: a capitalised full name right after a role word."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from search.actor_rules import GERMAN_ROLE_ENDINGS, NAME_PARTICLES, NOT_NAME_WORDS, ROLE_WORDS
from search.actor_sources import slugify

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\S")
# Words that introduce a department between a role and a name: "Secretary of State X".
_LINKS = frozenset({"of", "de", "del", "della", "di", "des", "du", "für", "do", "da", "for"})
MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class Discovery:
    """A person's name found beside a role word, with its span and slug."""

    start: int
    end: int
    name: str
    slug: str


@lru_cache(maxsize=None)
def compile_role_pattern(lang: str) -> re.Pattern[str]:
    """Build the regex of role words for a language (English when it has no table)."""
    if lang == "de":
        body = r"[^\W\d_]*(?:" + "|".join(sorted(GERMAN_ROLE_ENDINGS, key=len, reverse=True)) + ")"
    else:
        roles = ROLE_WORDS.get(lang, ROLE_WORDS["en"])
        body = "(?:" + "|".join(re.escape(r) for r in sorted(roles, key=len, reverse=True)) + ")"
    return re.compile(r"(?<![\w\-])" + body + r"(?![\w\-])", re.IGNORECASE)


def is_role_word(word: str, lang: str) -> bool:
    """Tell whether a word is a role word of the language ('President', 'Außenministerin')."""
    return compile_role_pattern(lang).fullmatch(word) is not None


def discover_people(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Discovery]:
    """Find 'role + Full Name' people whose name does not overlap a registered mention."""
    found: list[Discovery] = []
    for role in compile_role_pattern(lang).finditer(text):
        tokens = _read_tokens(text, role.end())
        span = _name_span(tokens)
        if span is None:
            continue
        start, end = span
        if any(s < end and start < e for s, e in taken):
            continue
        name = text[start:end]
        found.append(Discovery(start, end, name, slugify(name)))
    return found


def _read_tokens(text: str, pos: int) -> list[tuple[int, int, str]]:
    """Read the next few tokens on the same line after a role word."""
    tokens: list[tuple[int, int, str]] = []
    last = pos
    for m in _TOKEN.finditer(text, pos):
        if "\n" in text[last:m.start()] or len(tokens) >= 12:
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
    if not 2 <= len(capitalised) <= MAX_NAME_WORDS:
        return None
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
