"""Evaluate language detection: accuracy per language, mixed articles, UDHR, speed and memory.

Run from the repository root: ``python bench/eval_languages.py [--quick]``. Reads the test data in
place from ../shared/data (langid sentences / word pairs / single words, UDHR).
"""
from __future__ import annotations

import argparse
import gzip
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.detection import (
    SHORT_LETTERS,
    detect_article_languages,
    detect_language,
    detect_query_languages,
    rank_languages,
)
from search.languages import DETECTABLE_LANGUAGES, SNOWBALL_ALGORITHMS, normalize_code

DATA = ROOT / ".." / "shared" / "data"
MAIN = ("es", "it", "fr", "de", "pt", "en")
KINDS = ("sentences", "word-pairs", "single-words")
UDHR_CODES = {
    "bul": "bg", "cat": "ca", "ces": "cs", "cmn_hans": "zh", "dan": "da", "deu": "de",
    "ell_monotonic": "el", "eng": "en", "epo": "eo", "est": "et", "eus": "eu", "fin": "fi",
    "fra": "fr", "gle": "ga", "hin": "hi", "hun": "hu", "hye": "hy", "ind": "id", "ita": "it",
    "jpn": "ja", "lit": "lt", "nep": "ne", "nld": "nl", "nob": "no", "pes_1": "fa", "pol": "pl",
    "por_BR": "pt", "por_PT": "pt", "ron": "ro", "rus": "ru", "sot": "st", "spa": "es",
    "srp_cyrl": "sr", "srp_latn": "sr", "swe": "sv", "tam": "ta", "tur": "tr", "ukr": "uk",
    "ydd": "yi",
}
MIXED_PAIRS = [("it", "es"), ("es", "pt"), ("es", "ca"), ("fr", "en"), ("en", "fr"), ("de", "nl"),
               ("pt", "es"), ("it", "en"), ("en", "de"), ("ru", "uk"), ("sv", "nb"), ("pl", "cs"),
               ("es", "en"), ("de", "en"), ("fr", "it"), ("nl", "de"), ("ru", "en"), ("el", "en")]


def load_lines(kind: str, code: str, limit: int) -> list[str]:
    """Return up to ``limit`` non-empty lines of one langid test file."""
    with gzip.open(DATA / "langid" / kind / f"{code}.txt.gz", "rt", encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()][:limit]


def test_codes() -> list[str]:
    """Return the langid test-set codes whose language the detector can answer."""
    files = sorted(p.name[:-7] for p in (DATA / "langid" / "sentences").glob("*.txt.gz"))
    return [c for c in files if normalize_code(c) in DETECTABLE_LANGUAGES]


def measure_accuracy(limit: int) -> dict[str, dict[str, float]]:
    """Return accuracy per test code: forced top-1 per kind, detect_language on sentences, queries."""
    table: dict[str, dict[str, float]] = {}
    for code in test_codes():
        gold, row = normalize_code(code), {}
        for kind in KINDS:
            lines = load_lines(kind, code, limit)
            row[kind] = sum(_top(x, None) == gold for x in lines) / len(lines)
            if kind == "sentences":
                answers = [detect_language(x) for x in lines]
                row["detect_language"] = sum(a == gold for a in answers) / len(lines)
                row["abstained"] = answers.count("und") / len(lines)
        if gold in MAIN:
            row.update(measure_queries(code, limit))
        table[code] = row
    return table


def measure_queries(code: str, limit: int) -> dict[str, float]:
    """Return top-1 accuracy over candidate sets, and how often detect_query_languages answers."""
    gold, row = normalize_code(code), {}
    for kind, short in (("word-pairs", "pairs"), ("single-words", "words")):
        lines = load_lines(kind, code, limit)
        for name, candidates in (("main6", MAIN), ("snowball", SNOWBALL_ALGORITHMS)):
            row[f"{short}/{name}"] = sum(_top(x, candidates) == gold for x in lines) / len(lines)
        answers = [detect_query_languages(x, MAIN) for x in lines]
        row[f"{short} answered"] = sum(bool(a) for a in answers) / len(lines)
        right = sum(bool(a) and a[0][0] == gold for a in answers)
        row[f"{short} precision"] = right / max(1, sum(bool(a) for a in answers))
    return row


def _top(query: str, candidates) -> str:
    ranked = rank_languages(query, candidates)
    return ranked[0][0] if ranked else "und"


def print_accuracy(table: dict[str, dict[str, float]]) -> None:
    """Print the per-language accuracy table."""
    print(f"\n== Accuracy per language: forced top-1 over all {len(DETECTABLE_LANGUAGES)} detectable"
          " languages (rank_languages); detect_language on sentences abstains (und) on short unclear ones ==")
    cols = list(KINDS) + ["detect_language", "abstained"]
    print(f"{'lang':6}{'snowball':>9}" + "".join(f"{k:>16}" for k in cols))
    for code, row in table.items():
        flag = "yes" if normalize_code(code) in SNOWBALL_ALGORITHMS else ""
        print(f"{code:6}{flag:>9}" + "".join(f"{100 * row[k]:15.1f}%" for k in cols))
    print("\n== Queries: top-1 accuracy of rank_languages over a candidate set; detect_query_languages"
          " (candidates: the 6) answers only when confident ==")
    cols = ["pairs/main6", "pairs/snowball", "pairs answered", "pairs precision",
            "words/main6", "words/snowball", "words answered", "words precision"]
    print(f"{'lang':6}" + "".join(f"{c:>17}" for c in cols))
    for code in MAIN:
        print(f"{code:6}" + "".join(f"{100 * table[code][c]:16.1f}%" for c in cols))


def build_mixed_articles(count: int, seed: int = 7) -> list[tuple[list[str], list[str], list[str]]]:
    """Assemble articles: 8 paragraphs in A (2 of them short headings) and 1-2 in B (one short)."""
    rng = random.Random(seed)
    pools = {c: load_lines("sentences", c, 1000) for pair in MIXED_PAIRS for c in pair}
    articles = []
    for n in range(count):
        a, b = MIXED_PAIRS[n % len(MIXED_PAIRS)]
        paras = [(s, a, "A long") for s in rng.sample(pools[a], 6)]
        paras += [(_heading(s, rng), a, "A short") for s in rng.sample(pools[a], 2)]
        rng.shuffle(paras)
        inserts = [(rng.choice(pools[b]), b, "B long")]
        if n % 2:
            inserts.append((_heading(rng.choice(pools[b]), rng), b, "B short"))
        for insert in inserts:
            paras.insert(rng.randrange(1, len(paras)), insert)
        articles.append(tuple(map(list, zip(*paras))))
    return [(paras, [normalize_code(g) for g in gold], kinds) for paras, gold, kinds in articles]


def _heading(sentence: str, rng: random.Random) -> str:
    """Cut a sentence to a 3-6 word heading shorter than SHORT_LETTERS letters."""
    words = sentence.split()[: rng.randint(3, 6)]
    while len(words) > 2 and sum(ch.isalpha() for ch in " ".join(words)) >= SHORT_LETTERS:
        words.pop()
    return " ".join(words)


def measure_mixed(count: int) -> dict[str, float]:
    """Return paragraph accuracy per category on assembled mixed articles, and main accuracy."""
    hits: dict[str, list[int]] = {}
    for paras, gold, kinds in build_mixed_articles(count):
        main, found = detect_article_languages(paras)
        hits.setdefault("main language", []).append(main == gold[kinds.index("A long")])
        for kind, g, f in zip(kinds, gold, found):
            hits.setdefault(kind, []).append(g == f)
    return {k: sum(v) / len(v) for k, v in sorted(hits.items())}


def measure_udhr() -> tuple[dict[str, tuple[str, float]], float]:
    """Return per UDHR file (main language found, paragraph accuracy) and the paragraph mean."""
    table, total, right = {}, 0, 0
    for path in sorted((DATA / "udhr").glob("*.txt")):
        gold = UDHR_CODES[path.stem]
        paras = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        main, found = detect_article_languages(paras)
        ok = sum(f == gold for f in found)
        table[path.stem] = (main, ok / len(found))
        total, right = total + len(found), right + ok
    return table, right / total


def measure_speed(repeat: int) -> dict[str, float]:
    """Return ms per ~3 KB article (10 languages) for paragraph- and document-level detection."""
    rng = random.Random(3)
    articles = []
    for code in MAIN + ("ru", "el", "zh", "ar"):
        lines = load_lines("sentences", code, 1000)
        for _ in range(repeat):
            paras: list[str] = []
            while sum(len(p.encode()) for p in paras) < 3000:
                paras.append(rng.choice(lines))
            articles.append(paras)
    kb = sum(len(p.encode()) for a in articles for p in a) / len(articles) / 1000
    result = {"article KB": kb}
    for name, run in (("paragraphs ms/article", detect_article_languages),
                      ("document ms/article", lambda a: detect_language("\n".join(a)))):
        rounds = []
        for _ in range(3):  # best of three: other processes share the cores
            start = time.perf_counter()
            for article in articles:
                run(article)
            rounds.append((time.perf_counter() - start) * 1000 / len(articles))
        result[name] = min(rounds)
    result["articles/s/core (paragraphs)"] = 1000 / result["paragraphs ms/article"]
    return result


def measure_memory() -> dict[str, float]:
    """Return RSS in MB of a fresh interpreter before and after loading the detector."""
    # A bare package object stands in for search/__init__ so only the detector is measured.
    code = ("import sys, time, types, numpy\n"
            "def rss():\n"
            "    return next(int(l.split()[1]) for l in open('/proc/self/status')"
            " if l.startswith('VmRSS')) / 1024\n"
            f"pkg = types.ModuleType('search'); pkg.__path__ = [{str(ROOT / 'search')!r}]\n"
            "sys.modules['search'] = pkg\n"
            "a = rss()\nt = time.perf_counter()\n"
            "from search.detection import detect_language\ndetect_language('warm up the model')\n"
            "print(a, rss(), time.perf_counter() - t)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()
    before, after, load = map(float, out)
    return {"RSS numpy only MB": before, "RSS with detector MB": after,
            "detector MB": after - before, "load s": load}


def check_targets(acc, mixed, udhr_mean, speed, memory) -> list[tuple[str, float, float]]:
    """Return (target, measured %, or ms / MB, and threshold) rows; lower is better for ms / MB."""
    snow = [c for c in acc if normalize_code(c) in SNOWBALL_ALGORITHMS]
    rows = [(f"sentences {c} >= 99.5% (forced top-1)", 100 * acc[c]["sentences"], 99.5) for c in MAIN]
    rows.append((f"sentences mean over {len(snow)} Snowball test sets >= 98%",
                 100 * sum(acc[c]["sentences"] for c in snow) / len(snow), 98.0))
    rows += [(f"word pairs {c} >= 90% (candidates: the 6)", 100 * acc[c]["pairs/main6"], 90.0)
             for c in MAIN]
    rows.append(("mixed: article-language paragraphs >= 99%",
                 50 * (mixed["A long"] + mixed["A short"]), 99.0))
    rows.append(("mixed: other-language long paragraphs >= 95%", 100 * mixed["B long"], 95.0))
    rows.append(("UDHR paragraphs >= 95%", 100 * udhr_mean, 95.0))
    rows.append(("paragraph detection <= 0.6 ms / 3 KB article", -speed["paragraphs ms/article"], -0.6))
    rows.append(("detector RSS <= 150 MB", -memory["detector MB"], -150.0))
    return rows


def main() -> int:
    """Run every measurement and print tables and targets; exit 1 if a target fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 lines per language, fewer articles")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"missing test data: {DATA.resolve()} (../shared/data from the repo root)")
        return 2
    limit, articles, repeat = (200, 180, 5) if args.quick else (1000, 900, 20)
    memory = measure_memory()
    acc = measure_accuracy(limit)
    print_accuracy(acc)
    mixed = measure_mixed(articles)
    print(f"\n== Mixed articles ({articles}; 8 paragraphs in A incl. 2 short headings, 1-2 in B) ==")
    for kind, value in mixed.items():
        print(f"{kind:16}{100 * value:7.1f}%")
    udhr, udhr_mean = measure_udhr()
    print("\n== UDHR (article = one file; paragraphs = non-empty lines) ==")
    for name, (found, par) in udhr.items():
        flag = "" if found == UDHR_CODES[name] else f"  MAIN WRONG (want {UDHR_CODES[name]})"
        print(f"{name:14}{found:>5}{100 * par:7.1f}% paragraphs{flag}")
    speed = measure_speed(repeat)
    print("\n== Speed (1 core) and memory ==")
    for name, value in {**speed, **memory}.items():
        print(f"{name:24}{value:9.3f}")
    print("\n== Targets ==")
    failed = 0
    for name, value, threshold in check_targets(acc, mixed, udhr_mean, speed, memory):
        ok = value >= threshold
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name:55}{abs(value):8.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
