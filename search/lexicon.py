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
from hashlib import blake2b
from importlib import resources
from importlib.abc import Traversable
from importlib.metadata import version
from pathlib import Path

import msgpack
import numpy as np

from search.languages import normalize_code
from search.storage import write_atomically

WORDS_PER_LANGUAGE = 100_000  # the most frequent words kept per language (1.3 MB each)
LOOSE_PENALTY = math.log(0.1)  # a word met only with its accents lost is ten times less likely
UNKNOWN_PENALTY = math.log(0.1)  # an unlisted word: ten times rarer than the rarest kept word
UNTOKENIZED = frozenset({"zh", "ja"})  # written without spaces: wordfreq's lists need a segmenter
_WORD = re.compile(r"[^\W\d_]+")
_CACHE_VERSION = f"1-{version('wordfreq')}-{WORDS_PER_LANGUAGE}"  # bump when building changes
_CENTIBEL = math.log(10) / 100  # wordfreq's bins are centibels: bin i holds frequency 10^(-i/100)
_SENTINEL = np.iinfo(np.int64).max  # the last key of every list: look-ups never run off the end


@dataclass(frozen=True)
class Lexicon:
    """One language's word list: sorted word hashes with their log frequencies.

    The last entry is a sentinel (the largest key) holding the log frequency of an unknown word.
    """

    keys: np.ndarray  # int64 stable hash of each lowercase word and of its accent-less forms
    log_frequency: np.ndarray  # float32, natural log

    @property
    def unknown(self) -> float:
        """Log frequency given to a word the list does not hold."""
        return float(self.log_frequency[-1])

    def score(self, words: Sequence[str]) -> float:
        """Return the summed log frequency of words (lowercase) in this language."""
        hashes = np.fromiter(map(_hash, words), dtype=np.int64, count=len(words))
        at = np.searchsorted(self.keys, hashes)
        return float(np.where(self.keys[at] == hashes, self.log_frequency[at], self.unknown).sum())


@dataclass
class _Cache:
    folder: Path | None = None


_cache = _Cache()


def use_lexicon_cache(folder: Path | None) -> None:
    """Keep built word lists in a folder (the index's), memory-mapped: shared by every process."""
    if folder != _cache.folder:
        _cache.folder = folder
        load_lexicon.cache_clear()


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
    """Return one language's word list, or None when wordfreq has none.

    Built in ~0.15 s from wordfreq's file; with a cache folder, built once and then mapped in ~1 ms.
    """
    path = _list_files().get(normalize_code(code))
    if path is None:
        return None
    if _cache.folder is None:
        return _build_lexicon(path)
    stem = f"lexicon-{_CACHE_VERSION}-{normalize_code(code)}"
    keys_file, values_file = _cache.folder / f"{stem}.keys.npy", _cache.folder / f"{stem}.freq.npy"
    try:
        return Lexicon(np.load(keys_file, mmap_mode="r"), np.load(values_file, mmap_mode="r"))
    except (OSError, ValueError):
        pass
    lexicon = _build_lexicon(path)
    try:
        _cache.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(keys_file, lambda handle: np.save(handle, lexicon.keys))
        write_atomically(values_file, lambda handle: np.save(handle, lexicon.log_frequency))
    except OSError:
        pass  # a cache that cannot be written only costs time
    return lexicon


def _build_lexicon(path: Traversable) -> Lexicon:
    """Read the most frequent words of a wordfreq file, with their accent-less forms."""
    keys: list[int] = []
    values: list[float] = []
    rarest = 0.0
    for word, rarest in _most_frequent(path, WORDS_PER_LANGUAGE):
        keys.append(_hash(word))
        values.append(rarest)
        if not word.isascii():
            for loose in _loose_forms(word):
                keys.append(_hash(loose))
                values.append(rarest + LOOSE_PENALTY)
    hashes = np.array(keys, dtype=np.int64)
    frequencies = np.array(values, dtype=np.float32)
    order = np.lexsort((-frequencies, hashes))  # by hash, most frequent first
    hashes, frequencies = hashes[order], frequencies[order]
    first = np.concatenate(([True], hashes[1:] != hashes[:-1]))
    return Lexicon(np.append(hashes[first], _SENTINEL),
                   np.append(frequencies[first], np.float32(rarest + UNKNOWN_PENALTY)))


def _hash(word: str) -> int:
    """A hash of a word that is the same in every process (Python's own hash() is salted)."""
    return int.from_bytes(blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little", signed=True)


def _most_frequent(path: Traversable, limit: int) -> Iterator[tuple[str, float]]:
    """Yield up to ``limit`` (word, log frequency) pairs from a cBpack file, most frequent first."""
    with path.open("rb") as raw, gzip.open(raw, "rb") as f:
        bins = msgpack.unpack(f, raw=False)[1:]  # element 0 is the format header
    count = 0
    for centibels, words in enumerate(bins):
        for word in words:
            yield word, -centibels * _CENTIBEL
            count += 1
            if count == limit:
                return


@lru_cache(maxsize=1)
def _list_files() -> dict[str, Traversable]:
    """Map language code -> wordfreq's largest list for it (large_xx, else small_xx)."""
    files: dict[str, Traversable] = {}
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
