"""Profile indexing and searching with cProfile and print the hotspots as file:function tables.

Run from the repository root: ``python bench/profile_engine.py --corpus /tmp/news-search-bench-1000/corpus
[--sample 1000] [--queries 300] [--top 25]``. Indexing is profiled as one in-process rebuild
(procs=1) of the first --sample articles; searching as the benchmark's query mix over that index.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, fmt, format_table  # noqa: E402
from bench_queries import index_facets, lift_term_limit, make_queries, time_search  # noqa: E402
from generate_corpus import load_pools  # noqa: E402

from search import SearchRequest, rebuild_index, run_search  # noqa: E402


def short_name(key: tuple[str, int, str]) -> str:
    """'search/engine.py:search' or 'whoosh/writing.py:add_document' for a pstats key."""
    filename, _line, function = key
    path = filename.replace("\\", "/")
    for marker in (str(ROOT) + "/", "site-packages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{function}" if filename != "~" else function


def hotspots(profile: cProfile.Profile, top: int) -> dict[str, list[dict[str, Any]]]:
    """The top functions by own time and by cumulative time."""
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = sum(tt for _cc, _nc, tt, _ct, _callers in stats.values()) or 1.0
    rows = [{"function": short_name(key), "calls": nc, "own_s": round(tt, 3),
             "own_share": round(tt / total, 3), "cumulative_s": round(ct, 3)}
            for key, (_cc, nc, tt, ct, _callers) in stats.items()]
    return {"total_s": round(total, 3),  # type: ignore[dict-item]
            "by_own": sorted(rows, key=lambda r: -r["own_s"])[:top],
            "by_cumulative": sorted(rows, key=lambda r: -r["cumulative_s"])[:top]}


def profiled(function: Callable[[], Any]) -> cProfile.Profile:
    """Run function under cProfile."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        function()
    finally:
        profile.disable()
    return profile


def sample_corpus(corpus: Path, sample: int, into: Path) -> Path:
    """A corpus of the first sample .txt articles (links, no copies)."""
    for path in sorted(corpus.rglob("*.txt"))[:sample]:
        target = into / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path.resolve())
    return into


def print_hotspots(title: str, spots: dict[str, Any]) -> None:
    """Two tables: own time and cumulative time."""
    print(f"\n{title}: {spots['total_s']} s profiled")
    for key, label in (("by_own", "own time"), ("by_cumulative", "cumulative time")):
        rows = [[r["function"], fmt(r["calls"]), fmt(r["own_s"], 3), f"{r['own_share']:.1%}",
                 fmt(r["cumulative_s"], 3)] for r in spots[key]]
        print(f"\nTop by {label}")
        print(format_table(rows, ["function", "calls", "own s", "own %", "cumulative s"]))


def main(argv: list[str] | None = None) -> int:
    """Profile a rebuild and a query mix, print the hotspots, optionally save them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a generated corpus")
    parser.add_argument("--sample", type=int, default=1000, help="articles to index [1000]")
    parser.add_argument("--queries", type=int, default=300, help="distinct queries [300]")
    parser.add_argument("--top", type=int, default=25, help="rows per table [25]")
    parser.add_argument("--index", type=Path, help="search this index instead of the sample's")
    parser.add_argument("--json", type=Path, help="write the hotspots as JSON here")
    parser.add_argument("--lift-term-limit", action="store_true",
                        help="diagnostic: lift the engine's query-term limit in this process")
    args = parser.parse_args(argv)
    if args.lift_term_limit and not lift_term_limit():
        print("note: the engine has no MAX_QUERY_TERMS any more; nothing to lift", file=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="news-search-profile-"))
    try:
        corpus = sample_corpus(args.corpus, args.sample, work / "corpus")
        index_dir = work / "index"
        indexing = profiled(lambda: rebuild_index(corpus, index_dir, procs=1))
        index_dir = args.index or index_dir
        run_search(index_dir, SearchRequest())  # open the searcher outside the profile
        queries = make_queries(load_pools(), index_facets(index_dir), args.queries)
        searching = profiled(lambda: [time_search(index_dir, q) for q in queries])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = {"indexing": hotspots(indexing, args.top), "searching": hotspots(searching, args.top)}
    print_hotspots(f"Indexing {args.sample} articles in-process (procs=1)", results["indexing"])
    print_hotspots(f"Searching {len(queries)} distinct queries", results["searching"])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
