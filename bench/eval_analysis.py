"""Measure the analyzers: Snowball agreement, folding before or after stemming, and speed.

Run from the repository root: ``python bench/eval_analysis.py`` (reads ../shared/data).
"""
from __future__ import annotations

import gzip
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.analysis import (analyzer_keys, iter_terms, language_analyzer, stemmer_for,  # noqa: E402
                             stop_words, PROTECTED_WORDS, _CACHES)
from search.folding import fold, strip_marks, _BARE_LETTERS  # noqa: E402
from search.languages import SNOWBALL_ALGORITHMS  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
UDHR_KEYS = {
    "bul": "other", "cat": "ca", "ces": "cs", "cmn_hans": "other", "dan": "da", "deu": "de",
    "ell_monotonic": "el", "eng": "en", "epo": "eo", "est": "et", "eus": "eu", "fin": "fi",
    "fra": "fr", "gle": "ga", "hin": "hi", "hun": "hu", "hye": "hy", "ind": "id", "ita": "it",
    "jpn": "other", "lit": "lt", "nep": "ne", "nld": "nl", "nob": "no", "pes_1": "fa", "pol": "pl",
    "por_BR": "pt", "por_PT": "pt", "ron": "ro", "rus": "ru", "sot": "st", "spa": "es",
    "srp_cyrl": "sr", "srp_latn": "sr", "swe": "sv", "tam": "ta", "tur": "tr", "ukr": "other",
    "ydd": "yi",
}


def load_reference(key: str) -> list[tuple[str, str]]:
    """Read Snowball's word/stem pairs for an analyzer key, or [] when absent."""
    path = SHARED / "snowball" / f"{SNOWBALL_ALGORITHMS[key]}.tsv.gz"
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [tuple(line.rstrip("\n").split("\t")) for line in lines]  # type: ignore[misc]


def classify(word: str, ref: str, key: str) -> str:
    """Compare the analyzer with Snowball on one reference pair: 'ok', a failure, or an exclusion."""
    if word != word.lower():
        return "excluded: not lowercase"
    if word in stop_words(key) or word in PROTECTED_WORDS.get(key, ()):
        return "excluded: stop/protected word"
    terms = list(iter_terms(word, key, keep_stops=True))
    if len(terms) != 1 or (terms[0][2], terms[0][3]) != (0, len(word)):
        return "excluded: tokenizer splits/trims"
    term = terms[0][0]
    if stemmer_for(key)(word) != ref:  # type: ignore[misc]
        return "excluded: snowballstemmer differs from reference"
    if fold(word, key) == word:
        return "ok" if term == ref else "FAIL"
    return "ok" if term == fold(ref, key) else "FAIL"


def report_agreement() -> None:
    """Print, per language, the share of reference words whose token is Snowball's stem."""
    print("\n## Snowball agreement (token == reference stem; folded stem for accented words)\n")
    print(f"{'lang':6}{'pairs':>8}{'checked':>9}{'ok':>9}{'agree':>9}  exclusions")
    for key in analyzer_keys():
        if key not in SNOWBALL_ALGORITHMS:
            continue
        pairs = load_reference(key)
        if not pairs:
            print(f"{key:6}{'-':>8}  no reference file in shared data")
            continue
        counts: dict[str, int] = defaultdict(int)
        for word, ref in pairs:
            counts[classify(word, ref, key)] += 1
        checked = counts["ok"] + counts["FAIL"]
        excluded = ", ".join(f"{k[10:]}={v}" for k, v in sorted(counts.items()) if k.startswith("excl"))
        print(f"{key:6}{len(pairs):>8}{checked:>9}{counts['ok']:>9}{counts['ok'] / checked:>9.2%}  {excluded}")


def generic_fold(word: str) -> str:
    """One global map: every mark stripped, every language alike (the design we reject)."""
    return strip_marks(word).translate({ord(k): v for k, v in _BARE_LETTERS.items()})


def measure_order(key: str) -> dict[str, tuple[float, int, int]] | None:
    """For each design: (accent-less query meets %, families split, families merged)."""
    stem = stemmer_for(key)
    pairs = [(w, s) for w, s in load_reference(key) if w == w.lower()]
    if stem is None or not pairs:
        return None
    designs: dict[str, tuple[Callable[[str], str], Callable[[str], str]]] = {
        "no folding": (stem, lambda w: fold(w, key)),
        "stem then fold": (lambda w: fold(stem(w), key), lambda w: fold(w, key)),
        "fold then stem": (lambda w: stem(fold(w, key)), lambda w: fold(w, key)),
        "global map, stem then fold": (lambda w: generic_fold(stem(w)), generic_fold),
    }
    accented = [w for w, _ in pairs if generic_fold(w) != w]
    out = {}
    for name, (term, query) in designs.items():
        met = sum(term(query(w)) == term(w) for w in accented)
        families: dict[str, set[str]] = defaultdict(set)
        owners: dict[str, set[str]] = defaultdict(set)
        for word, ref in pairs:
            t = term(word)
            families[ref].add(t)
            owners[t].add(ref)
        split = sum(len(ts) > 1 for ts in families.values())
        merged = sum(len(rs) - 1 for rs in owners.values())
        out[name] = (met / len(accented) if accented else 1.0, split, merged)
    return out


def report_order() -> None:
    """Print the folding-order measurement for every language with accented reference words."""
    print("\n## Folding order: accent-less query meets the accented word / families split / merged\n")
    names = ["no folding", "stem then fold", "fold then stem", "global map, stem then fold"]
    print(f"{'lang':6}{'accented':>9}  " + "  ".join(f"{n:>28}" for n in names))
    for key in analyzer_keys():
        result = measure_order(key) if key in SNOWBALL_ALGORITHMS else None
        if not result:
            continue
        accented = sum(generic_fold(w) != w for w, _ in load_reference(key) if w == w.lower())
        if not accented:
            continue
        cells = [f"{m:7.1%} {s:>7} {g:>7}" for m, s, g in (result[n] for n in names)]
        print(f"{key:6}{accented:>9}  " + "  ".join(f"{c:>28}" for c in cells))


def make_articles(size: int = 3000) -> list[tuple[str, str]]:
    """Cut the UDHR of every language into ~3 KB articles, tagged with their analyzer key."""
    articles = []
    for path in sorted((SHARED / "udhr").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        key = UDHR_KEYS.get(path.stem, "other")
        articles += [(key, text[i : i + size]) for i in range(0, len(text), size)]
    return articles


def report_speed(rounds: int = 5) -> None:
    """Print analysis speed through the Whoosh analyzer interface, cold cache and warm."""
    articles = make_articles()
    analyzers = {key: language_analyzer(key) for key in analyzer_keys()}
    chars = sum(len(text) for _, text in articles)
    print(f"\n## Speed ({len(articles)} UDHR articles of ~3 KB, {chars / len(articles):.0f} chars avg, 1 core)\n")
    for label, n in (("cold cache (first pass)", 1), ("warm cache", rounds)):
        _CACHES.clear()
        if n > 1:
            for key, text in articles:
                list(analyzers[key](text, positions=True))
        tokens, start = 0, time.perf_counter()
        for _ in range(n):
            for key, text in articles:
                for _token in analyzers[key](text, positions=True, chars=True):
                    tokens += 1
        elapsed = time.perf_counter() - start
        print(f"{label:26} {n * len(articles) / elapsed:8.0f} articles/s  {tokens / elapsed:10.0f} tokens/s"
              f"  {elapsed / (n * len(articles)) * 1000:.3f} ms/article")


def main() -> None:
    """Print every measurement."""
    if not SHARED.exists():
        sys.exit(f"shared data not found at {SHARED}")
    report_agreement()
    report_order()
    report_speed()


if __name__ == "__main__":
    main()
