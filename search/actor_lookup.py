"""Language-blind actor lookups for search queries and facet label search."""
from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Iterable

from search.actor_matching import get_stem_function, strip_case_ending
from search.actor_rules import CASE_ENDINGS, INFLECTING

_QUERY_WORD = re.compile(r"[^\W_]+")
MIN_STEM = 4            # shorter stems of query words match too much across 60 languages
_STEMMED_LANGS = tuple(sorted(INFLECTING))   # names do not decline elsewhere


def fold(text: str) -> str:
    """Casefold, strip accents and punctuation: 'Moscú' -> 'moscu', 'EE. UU.' -> 'ee uu'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_QUERY_WORD.findall(text))


def _stem_key(words: list[str], lang: str) -> str | None:
    stem = get_stem_function(lang)
    last = words[-1]
    reduced = stem(last) if stem else last
    if lang in CASE_ENDINGS:
        reduced = strip_case_ending(reduced, lang)
    if len(reduced) < MIN_STEM:
        return None
    return " ".join(words[:-1] + [reduced])


class QueryIndex:
    """Folded names of every actor in every language, plus per-language stems of them."""

    def __init__(self, forms: Iterable[tuple[str, str, str]]) -> None:
        self.exact: dict[str, list[str]] = {}
        self.acronyms: dict[str, list[str]] = {}   # two-letter acronyms stay case-sensitive
        self.stems: dict[str, dict[str, list[str]]] = {lang: {} for lang in _STEMMED_LANGS}
        for lang, text, actor_id in forms:
            if len(text) <= 2 and text.isupper():
                _add(self.acronyms, text, actor_id)
                continue
            key = fold(text)
            if not key:
                continue
            _add(self.exact, key, actor_id)
            for stem_lang in (_STEMMED_LANGS if lang == "*" else (lang,)):
                if stem_lang in self.stems:
                    stem_key = _stem_key(key.split(), stem_lang)
                    if stem_key:
                        _add(self.stems[stem_lang], stem_key, actor_id)
        self.longest = max((k.count(" ") + 1 for k in self.exact), default=1)

    def match(self, query: str) -> list[tuple[str, str]]:
        """Return (phrase, actor id) for every phrase naming an actor, longest first."""
        words = [(m.start(), m.end(), fold(m.group())) for m in _QUERY_WORD.finditer(query)]
        used = [False] * len(words)
        found: list[tuple[str, str]] = []
        for size in range(min(self.longest, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                if any(used[i:i + size]):
                    continue
                surface = query[words[i][0]:words[i + size - 1][1]]
                ids = self._lookup(surface, [w[2] for w in words[i:i + size]])
                if ids:
                    used[i:i + size] = [True] * size
                    found.extend((surface, actor_id) for actor_id in ids)
        return found

    def _lookup(self, surface: str, words: list[str]) -> list[str]:
        if surface in self.acronyms:
            return self.acronyms[surface]
        key = " ".join(words)
        if key in self.exact:
            return self.exact[key]
        if len(words[-1]) < MIN_STEM:
            return []
        ids: list[str] = []
        for lang, table in self.stems.items():
            stem_key = _stem_key(words, lang)
            for actor_id in table.get(stem_key, ()) if stem_key else ():
                if actor_id not in ids:
                    ids.append(actor_id)
        return ids


class LabelIndex:
    """Sorted folded names and name words, for prefix search ('pu' -> vladimir-putin)."""

    def __init__(self, forms: Iterable[tuple[str, str]]) -> None:
        keys: set[tuple[str, str]] = set()
        for text, actor_id in forms:
            words = fold(text).split()
            for i in range(len(words)):
                keys.add((" ".join(words[i:]), actor_id))
        self._keys = sorted(keys)

    def search(self, prefix: str) -> list[str]:
        """Return ids with a name or name word starting with prefix, in key order."""
        folded = fold(prefix)
        if not folded:
            return []
        ids: dict[str, None] = {}
        for key, actor_id in self._keys[bisect.bisect_left(self._keys, (folded, "")):]:
            if not key.startswith(folded):
                break
            ids[actor_id] = None
        return list(ids)


def _add(table: dict[str, list[str]], key: str, actor_id: str) -> None:
    ids = table.setdefault(key, [])
    if actor_id not in ids:
        ids.append(actor_id)
