"""Benchmark the engine end to end: rebuild, update, query latency, HTTP throughput, memory.

Run from the repository root: ``python bench/bench_engine.py --n 1000 [--json out.json]
[--compare previous.json]``. It generates (or reuses) a corpus, rebuilds with the CLI, times
searches in-process and over HTTP against the production server, and prints each target with the
measured value and PASS/FAIL. It reports; it never fails on a target.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Target, describe_machine, dig, fmt, format_table  # noqa: E402
from bench_http import measure_http  # noqa: E402
from bench_queries import index_facets, lift_term_limit, make_queries, measure_latency  # noqa: E402
from bench_rebuild import folder_bytes, measure_rebuild, measure_update  # noqa: E402
from bench_stages import STAGES, profile_stages  # noqa: E402
from generate_corpus import GENERATOR_VERSION, generate_corpus, load_pools, read_marker  # noqa: E402

TARGETS = (
    Target("rebuild speed", "rebuild.articles_per_s", 500, "articles/s", True),
    Target("rebuild peak memory (RSS, all processes)", "rebuild.peak_rss_mb", 2048, "MB", False),
    Target("index size / text size", "rebuild.index_ratio", 1.2, "x", False),
    Target("update-index, 100 changed articles", "update.seconds", 5, "s", False),
    Target("search p50 (all facets, 10 highlighted hits)", "queries.all.p50", 15, "ms", False),
    Target("search p99 (all facets, 10 highlighted hits)", "queries.all.p99", 100, "ms", False),
    Target("repeated query p50", "queries.repeated.p50", 2, "ms", False),
    Target("/api/search throughput", "http.requests_per_s", 300, "req/s", True),
    Target("serving memory per worker (RSS)", "http.worker_rss_max_mb", 400, "MB", False),
)
EXTRA_FIGURES = ("rebuild.mb_per_s", "rebuild.steady_articles_per_s", "rebuild.fixed_seconds", "rebuild.peak_pss_mb", "rebuild.seconds", "queries.all.p95",
                 "queries.open_ms", "http.latency_ms.p50", "http.latency_ms.p99", "http.master_rss_mb",
                 "stages.pipeline_ms_per_article")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles to generate [1000]")
    parser.add_argument("--corpus", type=Path, help="use this corpus instead of generating one")
    parser.add_argument("--workdir", type=Path, help="folder for corpus, index and logs "
                        "[/tmp/news-search-bench-N]")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--compare", type=Path, help="print the change against this earlier JSON")
    parser.add_argument("--requests", type=int, default=2000, help="HTTP requests [2000]")
    parser.add_argument("--queries", type=int, default=500, help="distinct queries [500]")
    parser.add_argument("--clients", type=int, default=4, help="concurrent HTTP client threads [4]")
    parser.add_argument("--stage-sample", type=int, default=300, help="articles for the stage profile")
    parser.add_argument("--seed", type=int, default=1, help="corpus and query seed [1]")
    parser.add_argument("--skip-http", action="store_true", help="do not start the server")
    parser.add_argument("--lift-term-limit", action="store_true", help="diagnostic: lift the engine's "
                        "query-term limit for the in-process searches (not for HTTP)")
    return parser.parse_args(argv)


def prepare_corpus(args: argparse.Namespace, workdir: Path) -> tuple[Path, dict[str, Any], bool]:
    """The corpus folder, its description, and whether it is ours to change (for update-index)."""
    if args.corpus:
        files = list(args.corpus.rglob("*.txt")) + list(args.corpus.rglob("*.json*"))
        return args.corpus, {"path": str(args.corpus), "articles": len(files),
                             "bytes": folder_bytes(args.corpus), "generated": False}, False
    corpus = workdir / "corpus"
    marker = read_marker(corpus)
    wanted = {"n": args.n, "seed": args.seed, "version": GENERATOR_VERSION}
    if marker is None or any(marker.get(k) != v for k, v in wanted.items()):
        print(f"Generating {args.n:,} articles in {corpus} ...", flush=True)
        generate_corpus(corpus, args.n, args.seed)
        marker = read_marker(corpus) or {}
    return corpus, {"path": str(corpus), "articles": marker["articles"], "bytes": marker["bytes"],
                    "generated": True, "seed": args.seed, "generate_seconds": marker["seconds"],
                    "languages": len(marker["languages"])}, True  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement, in an order where changing the corpus (update) comes last."""
    workdir = (args.workdir or Path(f"/tmp/news-search-bench-{args.n}")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    corpus, corpus_info, ours = prepare_corpus(args, workdir)
    index_dir = workdir / "index"
    results: dict[str, Any] = {"machine": describe_machine(), "corpus": corpus_info,
                               "params": {k: str(v) if isinstance(v, Path) else v
                                          for k, v in vars(args).items()}}
    print(f"Rebuilding {corpus_info['articles']:,} articles ...", flush=True)
    results["rebuild"] = measure_rebuild(corpus, index_dir, corpus_info["bytes"], corpus_info["articles"])
    # Searches are timed first, in a process that has only opened the index (as a server worker
    # has): after the stage profile, whose 400,000 objects stay behind, p50 measured 1.6 ms more.
    queries = make_queries(load_pools(), index_facets(index_dir), args.queries, args.seed)
    print(f"Timing {len(queries)} searches in-process ...", flush=True)
    lifted = args.lift_term_limit and lift_term_limit()
    results["queries"] = {**measure_latency(index_dir, queries), "term_limit_lifted": lifted}
    print("Profiling the indexing stages ...", flush=True)
    results["stages"] = profile_stages(corpus, args.stage_sample)
    if not args.skip_http:
        print(f"Sending {args.requests:,} requests to /api/search ...", flush=True)
        results["http"] = measure_http(index_dir, corpus, [q.path() for q in queries],
                                       args.requests, args.clients)
    results["update"] = (measure_update(corpus, index_dir) if ours else
                         {"skipped": "not run on a corpus given with --corpus (it changes files)"})
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = [{"target": t.label, "path": t.path, "limit": t.describe(),
                           "value": dig(results, t.path), "verdict": t.verdict(dig(results, t.path))}
                          for t in TARGETS]
    return results


def print_report(results: dict[str, Any]) -> None:
    """The tables: machine, targets, latency by kind, stages."""
    m, c = results["machine"], results["corpus"]
    print(f"\n{m['date']}  {m['cores']} cores, {m['memory_gb']} GB, {m['cpu']}, Python {m['python']}, "
          f"commit {m['commit']}, load average at start {m.get('load_average')}")
    print(f"Corpus: {c['articles']:,} articles, {c['bytes'] / 1e6:.1f} MB ({c['path']})\n")
    rows = [[t.label, fmt(dig(results, t.path), 2), t.describe(), t.verdict(dig(results, t.path))]
            for t in TARGETS]
    print(format_table(rows, ["target", "measured", "goal", "verdict"]))
    for note in ("update", "http"):
        if isinstance(results.get(note), dict) and "skipped" in results[note]:
            print(f"  note: {note}: {results[note]['skipped']}")
    print()
    figures = ("seconds", "fixed_seconds", "steady_articles_per_s", "mb_per_s", "peak_pss_mb",
               "peak_process_rss_mb", "index_bytes")
    print(format_table([["rebuild", *(fmt(dig(results, f"rebuild.{f}"), 2) for f in figures)]],
                       ["", "seconds", "1-article s", "articles/s after start-up", "MB/s",
                        "peak PSS MB", "peak 1-process RSS MB", "index bytes"]))
    print_latency(results)
    print_stages(results.get("stages", {}))
    if "http" in results:
        h = results["http"]
        print(f"\nHTTP: {h['requests']:,} requests ({h['distinct']} distinct) from {h['clients']} clients "
              f"in {h['seconds']} s = {h['requests_per_s']} req/s; latency p50 {h['latency_ms']['p50']} "
              f"ms, p99 {h['latency_ms']['p99']} ms; errors {h['errors']}, non-200 {h['non_200']}; "
              f"{h['workers']} workers, RSS {h['worker_rss_mb']} MB, master {h['master_rss_mb']} MB")
        if "cold" in h:
            c = h["cold"]
            print(f"HTTP, every query once on a fresh server (nothing cached): {c['requests']:,} requests "
                  f"in {c['seconds']} s = {c['requests_per_s']} req/s; latency p50 "
                  f"{c['latency_ms']['p50']} ms, p99 {c['latency_ms']['p99']} ms")


def print_latency(results: dict[str, Any]) -> None:
    """Latency per kind of search."""
    q = results["queries"]
    rows = [[kind, fmt(s["count"]), fmt(s.get("errors")), fmt(s["p50"], 2), fmt(s["p95"], 2),
             fmt(s["p99"], 2), fmt(s.get("mean_total"))]
            for kind, s in [*q["kinds"].items(), ("all", q["all"]), ("repeated", q["repeated"])]]
    lifted = " [query-term limit lifted: diagnostic]" if q.get("term_limit_lifted") else ""
    print(f"\nSearch latency in-process, ms (opening the index: {q['open_ms']} ms; failed searches "
          f"are counted apart, not timed){lifted}")
    print(format_table(rows, ["kind", "timed", "failed", "p50", "p95", "p99", "mean hits"]))
    for example in q.get("error_examples", []):
        print(f"  failed: {example}")


def print_stages(stages: dict[str, Any]) -> None:
    """Where indexing time goes, per article on one core."""
    if "error" in stages or not stages:
        print(f"\nStage profile unavailable: {stages.get('error', 'not run')}")
        return
    per = stages["ms_per_article"]
    rows = [[stage, fmt(per[stage], 3)] for stage in STAGES]
    print(f"\nIndexing stages on {stages['articles']} articles, one core, ms per article "
          f"(registry load {stages['registry_load_ms']} ms, first prepare pass "
          f"{stages['first_pass_prepare_ms']} ms)")
    print(format_table(rows + [["pipeline (read+prepare+fields+write)",
                                fmt(stages["pipeline_ms_per_article"], 3)]], ["stage", "ms/article"]))
    print(f"  = {stages['one_core_articles_per_s']} articles/s on one core")


def print_comparison(results: dict[str, Any], previous: dict[str, Any]) -> None:
    """Each figure now, before, and the change."""
    rows = []
    for path in [t.path for t in TARGETS] + list(EXTRA_FIGURES):
        new, old = dig(results, path), dig(previous, path)
        change = (f"{(new - old) / old:+.1%}" if isinstance(new, (int, float)) and
                  isinstance(old, (int, float)) and old else "-")
        rows.append([path, fmt(old, 2), fmt(new, 2), change])
    print(f"\nCompared with {dig(previous, 'machine.date')} (commit {dig(previous, 'machine.commit')}, "
          f"{dig(previous, 'corpus.articles')} articles)")
    print(format_table(rows, ["figure", "before", "now", "change"]))


def main(argv: list[str] | None = None) -> int:
    """Run, print, save, compare."""
    args = parse_args(argv)
    results = run(args)
    print_report(results)
    if args.compare:
        print_comparison(results, json.loads(args.compare.read_text(encoding="utf-8")))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n",
                             encoding="utf-8")
        print(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
