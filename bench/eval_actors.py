"""Evaluate the actor matcher: precision/recall per language and type, speed, load time, memory.

Run from the repository root:  python bench/eval_actors.py [--data FILE] [--actors FILE] [--errors]
"""
from __future__ import annotations

import argparse
import gzip
import importlib
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT / "bench" / "data" / "actors_eval.jsonl"
SENTENCES = ROOT / ".." / "shared" / "data" / "langid" / "sentences"   # real news sentences
TARGET_PRECISION, TARGET_RECALL, TARGET_SPEED = 0.95, 0.90, 2000.0
ARTICLE_BYTES = 3000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="annotated JSONL file")
    parser.add_argument("--actors", type=Path, default=None, help="extra actors.toml (user file)")
    parser.add_argument("--errors", action="store_true", help="print every false positive/negative")
    return parser.parse_args()


def load_cases(path: Path) -> list[dict]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            case = json.loads(line)
            case["line"] = number
            cases.append(case)
    return cases


def measure_load(extra: Path | None):
    """Import the package, then load the registry: (registry, import s, load s)."""
    started = time.perf_counter()
    actors = importlib.import_module("search.actors")
    imported = time.perf_counter()
    registry = actors.load_registry(extra)
    return registry, imported - started, time.perf_counter() - imported


_MEMORY_PROBE = """
import sys, tracemalloc
from pathlib import Path
from search.actors import load_registry
tracemalloc.start()
registry = load_registry(Path(sys.argv[1]) if sys.argv[1] else None)
loaded = tracemalloc.get_traced_memory()[0]
for lang in sys.argv[2:]:
    registry.get_matcher(lang)
print(loaded / 1e6, tracemalloc.get_traced_memory()[0] / 1e6)
"""


def measure_memory(extra: Path | None, langs: list[str]) -> tuple[float, float]:
    """MB allocated by load_registry, and after building matchers (fresh process, after imports)."""
    command = [sys.executable, "-c", _MEMORY_PROBE, str(extra or ""), *langs]
    output = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    loaded, built = output.split()
    return float(loaded), float(built)


def type_of(registry, actor_id: str) -> str:
    actor = registry.get(actor_id)
    return actor.type if actor is not None else "unknown"


def score(registry, cases: list[dict], show_errors: bool):
    """Count true/false positives and false negatives per language, per type and overall."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for case in cases:
        gold = set(case["actors"])
        found = set(registry.find_actors(case["text"], case["lang"]))
        for actor_id in found | gold:
            slot = 0 if actor_id in found and actor_id in gold else 1 if actor_id in found else 2
            kind = "discovered" if actor_id.startswith("discovered:") else type_of(registry, actor_id)
            for key in (("lang", case["lang"]), ("type", kind), ("all", "all")):
                counts[key][slot] += 1
        if show_errors and found != gold:
            print(f"line {case['line']} [{case['lang']}] FP={sorted(found - gold)} "
                  f"FN={sorted(gold - found)}: {case['text'][:110]!r}")
    return counts


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def print_table(counts, group: str) -> None:
    print(f"\n{group:<12} {'tp':>5} {'fp':>5} {'fn':>5} {'precision':>10} {'recall':>8}")
    for (kind, name), (tp, fp, fn) in sorted(counts.items()):
        if kind == group:
            print(f"{name:<12} {tp:>5} {fp:>5} {fn:>5} {ratio(tp, tp + fp):>10.3f} "
                  f"{ratio(tp, tp + fn):>8.3f}")


def build_articles(lang: str, cases: list[dict]) -> tuple[list[str], str]:
    """Twenty ~3 KB articles of real news sentences (../shared), else of the evaluation texts."""
    source = SENTENCES / f"{lang}.txt.gz"
    if source.is_file():
        with gzip.open(source, "rt", encoding="utf-8") as handle:
            text = " ".join(line.strip() for line in handle)
        kind = "news"
    else:
        text = "\n".join(c["text"] for c in cases if c["lang"] == lang)
        kind = "eval"
    # ~3 KB of UTF-8: about 3,000 Latin characters, 1,000 Chinese ones.
    size = max(1, int(ARTICLE_BYTES * len(text) / max(len(text.encode("utf-8")), 1)))
    text = text * (size * 20 // max(len(text), 1) + 1)
    return [text[i:i + size] for i in range(0, size * 20, size)], kind


def measure_speed(registry, cases: list[dict], langs: list[str]):
    """Articles/s of the matching step alone and of find_actors, on ~3 KB articles."""
    rows = []
    for lang in langs:
        articles, kind = build_articles(lang, cases)
        matcher = registry.get_matcher(lang)
        rows.append((lang, kind, _rate(lambda: [matcher.find(a) for a in articles], len(articles)),
                     _rate(lambda: [registry.find_actors(a, lang) for a in articles],
                           len(articles))))
    return rows


def _rate(work, per_call: int, seconds: float = 0.2, repeats: int = 3) -> float:
    """Best of a few timed runs: other processes share the machine."""
    best = 0.0
    for _ in range(repeats):
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            work()
            done += per_call
        best = max(best, done / (time.perf_counter() - started))
    return best


def main() -> int:
    args = parse_args()
    registry, import_seconds, load_seconds = measure_load(args.actors)
    if not args.data.is_file():
        print(f"NO DATA: {args.data} is missing (write it, or pass --data FILE)")
        return 2
    cases = load_cases(args.data)
    langs = sorted({c["lang"] for c in cases})
    started = time.perf_counter()
    for lang in langs:
        registry.get_matcher(lang)
    build_seconds = time.perf_counter() - started
    load_mb, built_mb = measure_memory(args.actors, langs)
    counts = score(registry, cases, args.errors)
    print(f"Actor evaluation: {len(cases)} texts from {args.data}")
    for group in ("lang", "type", "all"):
        print_table(counts, group)
    tp, fp, fn = counts[("all", "all")]
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    rows = measure_speed(registry, cases, langs)
    slowest = min((r[2] for r in rows), default=0.0)
    print(f"\n{'speed':<12} {'text':>5} {'match/s':>10} {'find_actors/s':>14}"
          f"   (articles of ~{ARTICLE_BYTES} bytes; news = ../shared sentences)")
    for lang, kind, match_rate, find_rate in rows:
        print(f"{lang:<12} {kind:>5} {match_rate:>10.0f} {find_rate:>14.0f}")
    print(f"\nimport search.actors {import_seconds:.3f} s (the whole search package)")
    print(f"registry load {load_seconds:.3f} s ({len(registry)} actors, {load_mb:.1f} MB); "
          f"matchers for {len(rows)} languages built in {build_seconds:.3f} s, {built_mb:.1f} MB in all")
    checks = [("precision", precision, TARGET_PRECISION), ("recall", recall, TARGET_RECALL),
              ("slowest match/s", slowest, TARGET_SPEED)]
    ok = True
    for name, value, target in checks:
        passed = value >= target
        ok &= passed
        print(f"{name:<16} {value:>10.3f}  target >= {target:<8} {'PASS' if passed else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
