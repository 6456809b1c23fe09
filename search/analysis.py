"""Text analysis per language: tokenize, lowercase, protect, drop stop words, stem, fold; as Whoosh analyzers."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from whoosh.analysis import Analyzer, Token
from whoosh.lang.stopwords import stoplists

from search.folding import NOSPACE_ASTRAL, NOSPACE_BMP, fold, fold_table, is_word_char, lower, word_char_class
from search.languages import SNOWBALL_ALGORITHMS, normalize_code

OTHER = "other"

_W = f"[{word_char_class()}]"
_UPPER = "[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]"
_DOTTED = rf"(?:{_UPPER}{{1,3}}\.){{2,}}"  # dotted acronyms: EE.UU., U.S.A.
_DOTTED_RE = re.compile(_DOTTED)
_TOKEN_RE = re.compile(
    rf"((?:[{NOSPACE_BMP}]|[{NOSPACE_ASTRAL}])+)"  # 1: scripts without spaces, made into bigrams
    rf"|({_DOTTED})"  # 2
    rf"|({_W}+(?:(?:['’]|(?<=[lL])·(?=[lL])|(?<=\d)[.,](?=\d)){_W}+)*)"  # 3: words, 3.14, col·lecció
    r"|([\U00010000-\U0010ffff]+)"  # 4: rare letters past U+FFFF (and emoji, filtered out later)
)

# Elided articles and prepositions written before an apostrophe: dropped ("l'anglais" -> anglais).
ELISIONS: dict[str, frozenset[str]] = {
    "fr": frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu quelqu".split()),
    "it": frozenset(
        "l d c s m t v n un gl all dall dell nell sull coll pell quell quest tutt anch nessun "
        "bell buon sant com dov cos mezz".split()
    ),
    "ca": frozenset("l d s m t n".split()),
}
# Languages whose stemmer removes what follows an apostrophe itself (john's, İstanbul'da, aujourd'hui).
_KEEP_APOSTROPHE = frozenset({"en", "tr", "fr", "it"})

# Words that bypass stop words and stemming (lowercase): stop-list words that are also names.
PROTECTED_WORDS: dict[str, frozenset[str]] = {
    "es": frozenset({"estados", "estado"}),  # "Estados Unidos", "Estado Islámico"
}
# Gaps in Whoosh's (Snowball's) stop lists.
EXTRA_STOP_WORDS: dict[str, frozenset[str]] = {"fr": frozenset({"les"})}
_MAX_ACRONYM = 4  # NATO, ONU, ΗΠΑ; longer all-caps words (CHINA, ΑΘΗΝΑ) are taken for headline words
_MAX_CACHE = 300_000
_MAX_CACHED_LENGTH = 40
Part = tuple[str, int, int, bool, int]  # term, start, end, is stop word, positions advanced (0: alternate)
_CACHES: dict[str, dict[str, str | tuple[Part, ...]]] = {}  # per key: raw token -> term or parts


@dataclass(frozen=True)
class Span:
    """An index term and where its word lies in the analysed text."""

    term: str
    position: int
    start: int
    end: int


def analyzer_key(lang: str) -> str:
    """Return the analyzer key for a language code: the code if it has a stemmer, else ``OTHER``."""
    code = normalize_code(lang)
    return code if code in SNOWBALL_ALGORITHMS else OTHER


def analyzer_keys() -> tuple[str, ...]:
    """Return every analyzer key: the stemmed language codes, then ``OTHER``."""
    return (*sorted(SNOWBALL_ALGORITHMS), OTHER)


@lru_cache(maxsize=None)
def stemmer_for(key: str) -> Callable[[str], str] | None:
    """Return the Snowball stem function of an analyzer key (PyStemmer when installed), or None."""
    algorithm = SNOWBALL_ALGORITHMS.get(key)
    return snowballstemmer.stemmer(algorithm).stemWord if algorithm else None


@lru_cache(maxsize=None)
def stop_words(key: str) -> frozenset[str]:
    """Return the stop words of an analyzer key, with their accent-folded spellings."""
    words = set(stoplists.get(key, ())) | EXTRA_STOP_WORDS.get(key, frozenset())
    words -= PROTECTED_WORDS.get(key, frozenset())
    return frozenset(words | {fold(word, key) for word in words})


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= _MAX_ACRONYM and word.isalpha() and word.isupper()


def is_protected(word: str, key: str) -> bool:
    """Tell whether a word bypasses stop words and stemming: short all-caps acronyms and listed words."""
    key = analyzer_key(key)
    if _is_acronym(word) or _DOTTED_RE.fullmatch(word):
        return True
    return lower(word, key) in PROTECTED_WORDS.get(key, frozenset())


@dataclass(frozen=True)
class _Profile:
    """Everything one analyzer key needs per word, looked up once (not pickled: built on demand)."""

    key: str
    stem: Callable[[str], str] | None
    stops: frozenset[str]
    protected: frozenset[str]
    table: dict[int, str | None]


@lru_cache(maxsize=None)
def _profile(key: str) -> _Profile:
    protected = PROTECTED_WORDS.get(key, frozenset())
    return _Profile(key, stemmer_for(key), stop_words(key), protected, fold_table(key))


def _normalize(word: str, key: str) -> str:
    if not word.isascii():
        word = unicodedata.normalize("NFC", word).replace("·", "")
    return lower(word, key)


def _word_parts(word: str, p: _Profile, start: int) -> list[Part]:
    end = start + len(word)
    if _is_acronym(word):
        return [(lower(word, p.key).translate(p.table), start, end, False, 1)]
    lowered = _normalize(word, p.key)
    if lowered in p.stops:
        return [(lowered, start, end, True, 1)]
    if lowered in p.protected or p.stem is None:
        return [(lowered.translate(p.table), start, end, False, 1)]
    term = p.stem(lowered).translate(p.table)
    bare = lowered.translate(p.table)
    if bare == lowered:
        return [(term, start, end, False, 1)]
    # Stemmers know accented suffixes ("economía" -> econom, "economia" -> economi): index the
    # stem of the accent-less spelling too, at the same position, so that the query meets this word.
    alternate = p.stem(bare).translate(p.table)
    if alternate == term:
        return [(term, start, end, False, 1)]
    return [(term, start, end, False, 1), (alternate, start, end, False, 0)]


def _split_apostrophes(raw: str, key: str) -> list[tuple[str, int]]:
    word, offset = raw.replace("’", "'"), 0
    head, _, rest = word.partition("'")
    if head.lower() in ELISIONS.get(key, ()):
        word, offset = rest, len(head) + 1
        head, _, rest = word.partition("'")
    if not rest or key in _KEEP_APOSTROPHE:
        return [(head if _is_acronym(head) else word, offset)]
    parts, start = [], offset
    for part in word.split("'"):
        parts.append((part, start))
        start += len(part) + 1
    return parts


def _split_astral(raw: str) -> list[tuple[str, int]]:
    parts: list[tuple[str, int]] = []
    for i, char in enumerate(raw):
        if not is_word_char(char):
            continue
        if parts and parts[-1][1] + len(parts[-1][0]) == i:
            parts[-1] = (parts[-1][0] + char, parts[-1][1])
        else:
            parts.append((char, i))
    return parts


def _analyze_raw(raw: str, key: str) -> str | tuple[Part, ...]:
    """Analyse one regex match: its term (the common case) or a tuple of parts."""
    if raw[-1] == "." and len(raw) > 1 and raw[-2].isupper():  # dotted acronym
        return fold(lower(raw.replace(".", ""), key), key)
    if ord(raw[0]) > 0xFFFF:
        pieces = _split_astral(raw)
    elif "'" in raw or "’" in raw:
        pieces = _split_apostrophes(raw, key)
    else:
        pieces = [(raw, 0)]
    profile = _profile(key)
    parts = [part for piece, start in pieces if piece for part in _word_parts(piece, profile, start)]
    if len(parts) == 1 and parts[0][1:] == (0, len(raw), False, 1):
        return parts[0][0]
    return tuple(parts)


def iter_terms(
    text: str, key: str, keep_stops: bool = False, alternates: bool = True
) -> Iterator[tuple[str, int, int, int, bool]]:
    """Yield (term, position, start, end, stopped); stop words keep their positions, alternates share one."""
    cache = _CACHES.setdefault(key, {})
    pos = -1
    for match in _TOKEN_RE.finditer(text):
        raw = match.group()
        if match.lastindex == 1:  # no spaces: bigrams, or the lone character
            begin = match.start()
            for i in range(max(1, len(raw) - 1)):
                pos += 1
                yield raw[i : i + 2], pos, begin + i, begin + min(i + 2, len(raw)), False
            continue
        value = cache.get(raw)
        if value is None:
            value = _analyze_raw(raw, key)
            if len(raw) <= _MAX_CACHED_LENGTH:
                if len(cache) >= _MAX_CACHE:
                    cache.clear()
                cache[raw] = value
        if isinstance(value, str):
            pos += 1
            yield value, pos, match.start(), match.end(), False
            continue
        begin = match.start()
        for term, start, end, stopped, advance in value:
            pos += advance
            if (keep_stops or not stopped) and (advance or alternates):
                yield term, pos, begin + start, begin + end, stopped


class LanguageAnalyzer(Analyzer):
    """Whoosh analyzer for one analyzer key; holds only the key so the schema pickles."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __repr__(self) -> str:
        return f"LanguageAnalyzer({self.key!r})"

    def __call__(  # type: ignore[override]
        self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
        removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
        mode: str = "", **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:  # a prefix or wildcard pattern: normalise it, but do not stem a fragment
            token.text = fold(_normalize(value, self.key), self.key)
            token.original, token.pos, token.startchar = value, start_pos, start_char
            token.endchar = start_char + len(value)
            yield token
            return
        alternates = mode != "query"  # a query term is one word; the index holds both spellings
        for term, pos, start, end, stopped in iter_terms(value, self.key, not removestops, alternates):
            token.text, token.stopped, token.boost = term, stopped, 1.0
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


    def term_positions(self, value: str) -> dict[str, list[int]]:
        """Each term of a text to index with its positions: what Whoosh's formats gather from
        this analyzer's tokens, without making them."""
        positions: dict[str, list[int]] = {}
        for term, pos, _, _, _ in iter_terms(value, self.key):
            found = positions.get(term)
            if found is None:
                positions[term] = [pos]
            else:
                found.append(pos)
        return positions


def language_analyzer(key: str) -> LanguageAnalyzer:
    """Return the Whoosh analyzer for an analyzer key (language codes are accepted too)."""
    return LanguageAnalyzer(analyzer_key(key))


def analyze(text: str, key: str) -> list[str]:
    """Return a text's terms in order, as a query sees them: ``analyze("Los satélites", "es") == ["satelit"]``."""
    return [term for term, *_ in iter_terms(text, analyzer_key(key), alternates=False)]


def analyze_spans(text: str, key: str) -> list[Span]:
    """Return every index term of a text (alternates too) with its position and offsets into ``text``."""
    return [Span(term, pos, start, end) for term, pos, start, end, _ in iter_terms(text, analyzer_key(key))]
