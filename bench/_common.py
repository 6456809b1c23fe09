"""Shared helpers of the benchmark scripts: the machine, process memory, percentiles, targets."""
from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import socket
import signal
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
PACKAGES = ("news-search", "Whoosh-Reloaded", "flask", "gunicorn", "numpy", "snowballstemmer",
            "PyStemmer", "babel", "py3langid", "pyahocorasick", "lingua-language-detector")


def describe_machine() -> dict[str, Any]:
    """Cores, memory, CPU model, Python and package versions, the date and the commit."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cores": os.cpu_count(), "memory_gb": round(_meminfo_kb("MemTotal") / 1024 ** 2, 1),
        "cpu": _cpu_model(), "platform": platform.platform(),
        "python": platform.python_version(), "packages": versions, "commit": _git_commit(),
        "load_average": [round(x, 2) for x in os.getloadavg()],  # other work on a shared machine
    }


def _meminfo_kb(key: str) -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _git_commit() -> str | None:
    if shutil.which("git") is None:
        return None
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=5)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "") if out.returncode == 0 else None


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (from /proc, so Linux only)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def rss_kb(pid: int) -> int:
    """RSS of one process in KiB, from /proc/<pid>/statm: cheap enough to read often."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return 0


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; PSS shares pages fairly between forked processes."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of a list (share in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def latency_summary(values_ms: list[float]) -> dict[str, float]:
    """Count, mean and p50/p95/p99 of latencies in ms (None when nothing was timed)."""
    if not values_ms:
        return {"count": 0, "mean": None, "p50": None, "p95": None, "p99": None}  # type: ignore[dict-item]
    return {"count": len(values_ms), "mean": round(sum(values_ms) / max(1, len(values_ms)), 3),
            "p50": round(percentile(values_ms, 50), 3), "p95": round(percentile(values_ms, 95), 3),
            "p99": round(percentile(values_ms, 99), 3)}


def free_port() -> int:
    """A TCP port on loopback that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def dig(data: dict[str, Any], path: str) -> Any:
    """data["a"]["b"] for path "a.b", or None when a key is missing."""
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


@dataclass(frozen=True)
class Target:
    """A performance target: the figure's path in the results, its limit and direction."""

    label: str
    path: str
    limit: float
    unit: str
    higher_is_better: bool

    def verdict(self, value: float | None) -> str:
        """PASS, FAIL or n/a (never raises: the benchmark reports, it does not judge)."""
        if value is None:
            return "n/a"
        ok = value >= self.limit if self.higher_is_better else value <= self.limit
        return "PASS" if ok else "FAIL"

    def describe(self) -> str:
        """The target as text, e.g. '>= 500 articles/s'."""
        return f"{'>=' if self.higher_is_better else '<='} {self.limit:g} {self.unit}"


def format_table(rows: list[list[str]], header: list[str]) -> str:
    """A plain-text table with aligned columns (first column left, the others right)."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(str(cell).ljust(w) if i == 0 else str(cell).rjust(w)
                         for i, (cell, w) in enumerate(zip(row, widths)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def fmt(value: Any, digits: int = 1) -> str:
    """A number for a table: thousands separators, fixed digits; '-' for None."""
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def timed(function: Callable[[], Any]) -> tuple[Any, float]:
    """Call function and return (its result, seconds it took)."""
    import time
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop the server we started: SIGTERM (gunicorn's graceful stop), then SIGKILL if it hangs."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
