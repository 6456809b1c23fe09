"""Word frequencies per language (wordfreq's lists): a prior that tells short queries apart.

Character n-grams alone cannot tell "agricultura pesca" from Portuguese or "segunda parte" from
Spanish; how often each word is written in each language can. The lists are wordfreq's (Apache-2.0
code, CC-BY-SA data), read from the installed package: nothing is downloaded.
"""
from __future__ import annotations

import gzip
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import msgpack
import numpy as np

from search.languages import normalize_code

WORDS_PER_LANGUAGE = 100_000  # the most frequent words kept per language (1.3 MB each)
LOOSE_PENALTY = math.log(0.1)  # a word met only with its accents lost is ten times less likely
UNKNOWN_PENALTY = math.log(0.1)  # an unlisted word: ten times rarer than the rarest kept word
UNTOKENIZED = frozenset({"zh", "ja"})  # written without spaces: wordfreq's lists need a segmenter
_WORD = re.compile(r"[^\W\d_]+")
_CENTIBEL = math.log(10) / 100  # wordfreq's bins are centibels: bin i holds frequency 10^(-i/100)


@dataclass(frozen=True)
class Lexicon:
    """One language's word list: sorted word hashes with their log frequencies."""

    keys: np.ndarray  # int64 hash() of each lowercase word, and of its accent-less forms
    log_frequency: np.ndarray  # float32, natural log
    unknown: float  # log frequency given to a word the list does not hold

    def score(self, words: Sequence[str]) -> float:
        """Return the summed log frequency of words (lowercase) in this language."""
        hashes = np.fromiter((hash(w) for w in words), dtype=np.int64, count=len(words))
        at = np.minimum(np.searchsorted(self.keys, hashes), len(self.keys) - 1)
        found = self.keys[at] == hashes
        return float(np.where(found, self.log_frequency[at], self.unknown).sum())


def query_words(text: str) -> list[str]:
    """Return the lowercase words of a text that a word list can judge (no digits)."""
    return _WORD.findall(text.lower())


def listed_languages() -> frozenset[str]:
    """Return the codes of the languages that have a word list."""
    return frozenset(_list_files())


def word_log_likelihoods(words: Sequence[str], codes: Sequence[str]) -> dict[str, float]:
    """Return log P(words | language) for each code that has a word list."""
    scores = {}
    for code in codes:
        lexicon = load_lexicon(code)
        if lexicon is not None:
            scores[code] = lexicon.score(words)
    return scores


@lru_cache(maxsize=None)
def load_lexicon(code: str) -> Lexicon | None:
    """Load one language's word list (about 0.1 s), or None when wordfreq has none."""
    path = _list_files().get(normalize_code(code))
    if path is None:
        return None
    keys: list[int] = []
    values: list[float] = []
    rarest = 0.0
    for word, rarest in _most_frequent(path, WORDS_PER_LANGUAGE):
        keys.append(hash(word))
        values.append(rarest)
        if not word.isascii():
            for loose in _loose_forms(word):
                keys.append(hash(loose))
                values.append(rarest + LOOSE_PENALTY)
    hashes = np.array(keys, dtype=np.int64)
    frequencies = np.array(values, dtype=np.float32)
    order = np.lexsort((-frequencies, hashes))  # by hash, most frequent first
    hashes, frequencies = hashes[order], frequencies[order]
    first = np.concatenate(([True], hashes[1:] != hashes[:-1]))
    return Lexicon(hashes[first], frequencies[first], rarest + UNKNOWN_PENALTY)


def _most_frequent(path, limit: int) -> Iterator[tuple[str, float]]:
    """Yield up to ``limit`` (word, log frequency) pairs from a cBpack file, most frequent first."""
    with gzip.open(path, "rb") as f:
        bins = msgpack.unpack(f, raw=False)[1:]  # element 0 is the format header
    count = 0
    for centibels, words in enumerate(bins):
        for word in words:
            yield word, -centibels * _CENTIBEL
            count += 1
            if count == limit:
                return


@lru_cache(maxsize=1)
def _list_files() -> dict[str, object]:
    """Map language code -> wordfreq's largest list for it (large_xx, else small_xx)."""
    files: dict[str, object] = {}
    data = resources.files("wordfreq") / "data"
    for size in ("small", "large"):  # large overwrites small where both exist
        for entry in data.iterdir():
            name = entry.name
            if name.startswith(f"{size}_") and name.endswith(".msgpack.gz"):
                code = normalize_code(name[len(size) + 1:-len(".msgpack.gz")])
                if code not in UNTOKENIZED:
                    files[code] = entry
    return files


def _loose_forms(word: str) -> set[str]:
    """Return a word's spellings with accents lost: stripped ("historia"), or dropped as careless
    scrapers leave them ("cmara" for "cámara", at most two letters lost)."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    forms = {stripped}
    dropped = "".join(c for c in word if c.isascii())
    if dropped and len(word) - len(dropped) <= 2:
        forms.add(dropped)
    return forms - {word}
