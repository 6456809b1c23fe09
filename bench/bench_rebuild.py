"""Benchmark of `news-search rebuild-index` and `update-index` run as subprocesses, memory sampled."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import memory_kb, process_tree, rss_kb

SAMPLE_SECONDS = 0.2  # RSS (statm, cheap) is read this often
TREE_EVERY = 5  # the process tree and PSS every 5 samples: smaps_rollup costs ~10 ms a read for a
                # 900 MB process, 6 % of a 2-core machine if read with every sample
_INDEXED_RE = re.compile(r"Indexed (\d+) articles")


def cli_command(*args: str) -> list[str]:
    """The `news-search` command of this Python's environment (or `python -m web.cli`)."""
    script = Path(sys.executable).with_name("news-search")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "web.cli", *args]


def has_command(name: str) -> bool:
    """Whether the CLI has a command (update-index is on its way)."""
    out = subprocess.run(cli_command("--help"), capture_output=True, text=True, timeout=60)
    return re.search(rf"^\s+{re.escape(name)}\s", out.stdout, re.MULTILINE) is not None


def run_sampled(command: list[str], log: Path) -> dict[str, Any]:
    """Run a command, sampling the RSS and PSS of its whole process tree; return time and peaks."""
    peak_rss = peak_pss = peak_single = 0
    started = time.perf_counter()
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=log.parent)
        tree, rounds = [process.pid], 0
        while process.poll() is None:
            if rounds % TREE_EVERY == 0:  # scanning /proc costs; the pool's workers rarely change
                tree = process_tree(process.pid)
                peak_pss = max(peak_pss, sum(memory_kb(pid)[1] for pid in tree))
            sizes = [rss_kb(pid) for pid in tree]
            peak_rss = max(peak_rss, sum(sizes))
            peak_single = max([peak_single, *sizes])
            rounds += 1
            time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "returncode": process.returncode,
            "peak_rss_mb": round(peak_rss / 1024, 1), "peak_pss_mb": round(peak_pss / 1024, 1),
            "peak_process_rss_mb": round(peak_single / 1024, 1),
            "output_tail": log.read_text(errors="replace")[-2000:]}


def folder_bytes(folder: Path) -> int:
    """Total size of the files under a folder."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        total += sum(os.path.getsize(os.path.join(dirpath, name)) for name in files)
    return total


def live_generation(index_dir: Path) -> Path:
    """The live generation's folder (the index proper: older generations and caches aside)."""
    pointer = index_dir / "CURRENT"
    return index_dir / pointer.read_text().strip() if pointer.is_file() else index_dir


def measure_rebuild(corpus: Path, index_dir: Path, text_bytes: int, articles: int) -> dict[str, Any]:
    """Rebuild a fresh index of corpus with the CLI; speed, peak memory and index size."""
    shutil.rmtree(index_dir, ignore_errors=True)
    run = run_sampled(cli_command("rebuild-index", "--corpus", str(corpus), "--index", str(index_dir)),
                      index_dir.parent / "rebuild.log")
    match = _INDEXED_RE.search((index_dir.parent / "rebuild.log").read_text(errors="replace"))
    indexed = int(match.group(1)) if match else None
    index_bytes = folder_bytes(live_generation(index_dir)) if index_dir.is_dir() else 0
    seconds = run["seconds"]
    run.update(
        articles=articles, indexed=indexed, text_bytes=text_bytes, index_bytes=index_bytes,
        articles_per_s=round(articles / seconds, 1) if seconds else None,
        mb_per_s=round(text_bytes / 1e6 / seconds, 3) if seconds else None,
        index_ratio=round(index_bytes / text_bytes, 3) if text_bytes else None)
    fixed = measure_fixed_cost(corpus, index_dir.parent)
    run.update(fixed_seconds=fixed, steady_articles_per_s=(
        round((articles - 1) / (seconds - fixed), 1) if seconds > fixed else None))
    if run["returncode"] != 0:
        print(f"rebuild failed (exit {run['returncode']}):\n{run['output_tail']}", file=sys.stderr)
    return run


def measure_fixed_cost(corpus: Path, workdir: Path) -> float:
    """Seconds a rebuild of a one-article corpus takes: start-up, models, commit."""
    first = min(corpus.rglob("*.txt"), default=None)
    if first is None:
        return 0.0
    one = workdir / "one-article"
    shutil.rmtree(one, ignore_errors=True)
    one.mkdir(parents=True)
    shutil.copyfile(first, one / first.name)
    index_dir = workdir / "one-article-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    run = run_sampled(cli_command("rebuild-index", "--corpus", str(one), "--index", str(index_dir)),
                      workdir / "rebuild-one.log")
    seconds: float = run["seconds"]
    return seconds


def change_articles(corpus: Path, count: int) -> dict[Path, bytes]:
    """Append a paragraph to count evenly spread .txt articles; return their original bytes."""
    files = sorted(corpus.rglob("*.txt"))
    chosen = files[::max(1, len(files) // count)][:count]
    originals = {}
    for path in chosen:
        originals[path] = path.read_bytes()
        path.write_bytes(originals[path] + "\nUpdated: the article was changed for the benchmark.\n"
                         .encode())
    return originals


def measure_update(corpus: Path, index_dir: Path, count: int = 100) -> dict[str, Any]:
    """Time `update-index` after changing count articles, then after restoring them."""
    if not has_command("update-index"):
        return {"skipped": "the CLI has no update-index command yet"}
    command = cli_command("update-index", "--corpus", str(corpus), "--index", str(index_dir))
    originals = change_articles(corpus, count)
    try:
        changed = run_sampled(command, index_dir.parent / "update.log")
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    restored = run_sampled(command, index_dir.parent / "update-restore.log")
    return {"changed": len(originals), "seconds": changed["seconds"],
            "returncode": changed["returncode"], "peak_rss_mb": changed["peak_rss_mb"],
            "restore_seconds": restored["seconds"], "output_tail": changed["output_tail"][-500:]}
