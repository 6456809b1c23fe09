"""Measure the analyzers: Snowball agreement, folding before or after stemming, and speed.

Run from the repository root: ``python bench/eval_analysis.py`` (reads ../shared/data).
"""
from __future__ import annotations

import gzip
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from whoosh.analysis import Analyzer  # noqa: E402

from search.analysis import (PROTECTED_WORDS, _CACHES, analyze, analyze_spans, analyzer_key,  # noqa: E402
                             analyzer_keys, iter_terms, language_analyzer, stemmer_for, stop_words)
from search.folding import fold, strip_marks, _BARE_LETTERS  # noqa: E402
from search.languages import SNOWBALL_ALGORITHMS  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


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
    terms = list(iter_terms(word, key, keep_stops=True, alternates=False))
    if len(terms) != 1:
        return "excluded: tokenizer splits"
    term, _, start, end, stopped = terms[0]
    if stopped:
        return "excluded: stop/protected word"
    if stemmer_for(key)(word) != ref:  # type: ignore[misc]
        return "excluded: snowballstemmer differs from reference"
    if term == (ref if fold(word, key) == word else fold(ref, key)):
        return "ok"
    return "excluded: tokenizer drops an elision" if (start, end) != (0, len(word)) else "FAIL"


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


_GLOBAL_TABLE = {ord(k): v for k, v in _BARE_LETTERS.items()}


def generic_fold(word: str) -> str:
    """One global map: every mark stripped, every language alike (the design we reject)."""
    return strip_marks(word).translate(_GLOBAL_TABLE)


Design = tuple[Callable[[str], set[str]], Callable[[str], str], Callable[[str], str]]


def designs(key: str) -> dict[str, Design]:
    """Each design as (index terms of a word, query term of a word, accent-less spelling of a word)."""
    stem = stemmer_for(key)
    assert stem is not None

    def lang_fold(w: str) -> str:
        return fold(w, key)

    return {
        "no folding": (lambda w: {stem(w)}, stem, lang_fold),
        "fold then stem": (lambda w: {stem(lang_fold(w))}, lambda w: stem(lang_fold(w)), lang_fold),
        "global map, stem, fold": (lambda w: {generic_fold(stem(w))}, lambda w: generic_fold(stem(w)), generic_fold),
        "stem, fold": (lambda w: {lang_fold(stem(w))}, lambda w: lang_fold(stem(w)), lang_fold),
        "stem, fold + alternate": (
            lambda w: {t for t, *_ in iter_terms(w, key)}, lambda w: next(iter_terms(w, key), ('',))[0], lang_fold),
    }


SAMPLE_WORDS = 20_000


def measure_order(key: str, pairs: list[tuple[str, str]]) -> tuple[int, dict[str, tuple[float, int, int]]]:
    """Per design: (share of accented words met by their accent-less spelling, families split, merged)."""
    families: dict[str, list[str]] = defaultdict(list)
    for word, ref in pairs:
        if word == word.lower() and len(analyze(word, key)) == 1:  # no stop word, not split
            families[ref].append(word)
    refs = sorted(families)
    random.Random(0).shuffle(refs)
    words: list[tuple[str, str]] = []
    for ref in refs:  # whole families, drawn at random, for speed
        if len(words) >= SAMPLE_WORDS:
            del families[ref]
        else:
            words += [(w, ref) for w in families[ref]]
    # accented words, unless their accent-less spelling is a stop word (Dutch "déze", Spanish "cómo")
    accented = [w for w, _ in words if generic_fold(w) != w and analyze(fold(w, key), key)]
    out = {}
    for name, (index_terms, query_term, bare) in designs(key).items():
        terms = {w: index_terms(w) for w, _ in words}
        queries = {w: query_term(w) for w, _ in words}
        met = sum(query_term(bare(w)) in terms[w] for w in accented)
        shared = {ref: set.intersection(*(terms[w] for w in fam)) for ref, fam in families.items()}
        split = sum(any(queries[w] not in shared[ref] for w in fam) for ref, fam in families.items())
        owners: dict[str, set[str]] = defaultdict(set)
        for word, ref in words:
            for t in terms[word]:
                owners[t].add(ref)
        merged = sum(len(refs) - 1 for refs in owners.values())
        out[name] = (met / len(accented) if accented else 1.0, split, merged)
    return len(accented), out


def report_order() -> None:
    """Print the folding-order measurement for every language with accented reference words."""
    print("\n## Folding and stemming order, on Snowball's vocabulary")
    print("met: accented words found by their accent-less spelling; split: Snowball families whose")
    print("words no longer all find each other; merged: extra families sharing an index term.")
    print(f"Sample: whole Snowball families drawn at random (seed 0) up to {SAMPLE_WORDS} words per language.\n")
    names = list(designs("es"))
    print(f"{'lang':5}{'accented':>9} " + "".join(f"{n:>25}" for n in names))
    print(f"{'':14} " + "".join(f"{'met  split  merged':>25}" for _ in names))
    for key in analyzer_keys():
        pairs = load_reference(key) if key in SNOWBALL_ALGORITHMS else []
        if not any(generic_fold(w) != w for w, _ in pairs):
            continue
        accented, result = measure_order(key, pairs)
        cells = [f"{m:6.1%} {s:>6} {g:>7}" for m, s, g in (result[n] for n in names)]
        print(f"{key:5}{accented:>9} " + "".join(f"{c:>25}" for c in cells))


def make_articles(size: int = 3000) -> list[tuple[str, str]]:
    """Glue the news sentences of every language into ~3 KB articles, tagged with their analyzer key."""
    articles = []
    for path in sorted((SHARED / "langid" / "sentences").glob("*.txt.gz")):
        key, text = analyzer_key(path.name.split(".")[0]), ""
        for line in gzip.open(path, "rt", encoding="utf-8"):
            text += line
            if len(text) >= size:
                articles.append((key, text))
                text = ""
    return articles


def time_pass(articles: list[tuple[str, str]], analyzers: dict[str, Analyzer]) -> tuple[float, int]:
    """Analyse every article once through the Whoosh interface; return (seconds, tokens)."""
    tokens, start = 0, time.perf_counter()
    for key, text in articles:
        for _token in analyzers[key](text, positions=True, chars=True, mode="index"):
            tokens += 1
    return time.perf_counter() - start, tokens


def report_speed() -> None:
    """Print analysis speed on news sentences, with empty caches and then warm."""
    articles = make_articles()
    random.Random(0).shuffle(articles)  # languages interleaved, as in a real corpus
    analyzers: dict[str, Analyzer] = {key: language_analyzer(key) for key in analyzer_keys()}
    size = sum(len(text) for _, text in articles) / len(articles)
    print(f"\n## Speed: {len(articles)} articles of {size:.0f} chars from news sentences in 75 languages, 1 core\n")
    _CACHES.clear()
    for label in ("first pass, empty caches", "second pass, warm caches"):
        elapsed, tokens = time_pass(articles, analyzers)
        print(f"{label:26} {len(articles) / elapsed:7.0f} articles/s {tokens / elapsed:9.0f} tokens/s"
              f" {elapsed / len(articles) * 1000:7.3f} ms/article")
    terms = sum(len(analyze_spans(text, key)) for key, text in articles)
    words = sum(len(analyze(text, key)) for key, text in articles)
    print(f"accent-less alternate terms: {(terms - words) / words:.2%} of index terms")


def main() -> None:
    """Print every measurement."""
    if not SHARED.exists():
        sys.exit(f"shared data not found at {SHARED}")
    for report in (report_agreement, report_order, report_speed):
        start = time.perf_counter()
        report()
        print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
