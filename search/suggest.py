"""Did you mean: corrections over the real words of the corpus and the actors' names, never stems."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import extract

WORDS_FILE = "words.tsv"
MAX_WORDS = 200_000  # the most frequent words are kept; rarer ones are mostly typos themselves
_WORD = re.compile(r"[^\W\d_]{3,}")


def count_words(texts: Iterable[str]) -> Counter[str]:
    """Count the lowercase words (3+ letters) of some texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_WORD.findall(text.lower()))
    return counts


def write_vocabulary(path: Path, counts: Counter[str]) -> None:
    """Write the most frequent words with their counts, one per line."""
    with open(path, "w", encoding="utf-8") as handle:
        for word, count in counts.most_common(MAX_WORDS):
            handle.write(f"{word}\t{count}\n")


def read_vocabulary_counts(path: Path) -> Counter[str]:
    """Read a vocabulary file back into counts (empty when there is none)."""
    counts: Counter[str] = Counter()
    if path.exists():
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                word, _, count = line.rstrip("\n").partition("\t")
                counts[word] = int(count or 1)
    return counts


@dataclass
class Vocabulary:
    """Words bucketed by length and first two letters for bounded edit-distance look-ups."""

    counts: dict[str, int]
    buckets: dict[tuple[int, str], list[str]]

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        """Read a vocabulary file (an empty vocabulary when there is none)."""
        counts = dict(read_vocabulary_counts(path))
        buckets: dict[tuple[int, str], list[str]] = {}
        for word in counts:
            buckets.setdefault((len(word), word[:2]), []).append(word)
        return cls(counts, buckets)

    def correct(self, word: str) -> str | None:
        """The most frequent known word within a small edit distance, or None."""
        lower = word.lower()
        if self.counts.get(lower, 0) > 1 or len(lower) < 3:
            return None
        limit = 1 if len(lower) <= 4 else 2
        best: tuple[int, int, str] | None = None
        # Typos rarely hit the first two letters; a swap of those two is looked up too.
        starts = {lower[:2], lower[1] + lower[0]}
        for length in range(len(lower) - limit, len(lower) + limit + 1):
            for start in starts:
                bucket = self.buckets.get((length, start), ())
                for candidate, distance, _ in extract(lower, bucket, scorer=Levenshtein.distance,
                                                      score_cutoff=limit, limit=None):
                    if candidate != lower:
                        key = (int(distance), -self.counts[candidate], candidate)
                        best = key if best is None or key < best else best
        return best[2] if best else None


def suggest_query(text: str, words: list[str], vocabulary: Vocabulary,
                  names: Iterable[str] = ()) -> str | None:
    """A corrected query: an actor's name it nearly spells, else its words corrected one by one."""
    folded = " ".join(words).lower()
    for name in names:
        if name.lower() != folded and len(folded) >= 5 and \
                Levenshtein.distance(folded, name.lower(), score_cutoff=2) <= 2:
            return name
    corrected = text
    changed = False
    for word in (w for phrase in words for w in phrase.split()):
        better = vocabulary.correct(word)
        if better:
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", _same_case(word, better), corrected, count=1)
            changed = True
    return corrected if changed else None


def _same_case(original: str, word: str) -> str:
    if original.isupper():
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
