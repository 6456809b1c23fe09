"""Evaluate dateline reading: precision and recall per language, translation notes, and speed.

Run from the repository root: ``python bench/eval_dates.py``. A wrong date counts against precision
(a date read where none is expected, or a different one); a missed date counts against recall.
"""
from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.dates import read_header
from search.datewords import day_names, shared_month_names

DATA = ROOT / "bench" / "data"
TITLE = "Headline of the article"
BODY = "The rest of the article follows in a long paragraph of prose without any header in it."
PRECISION_TARGET, RECALL_TARGET = 1.0, 0.98
BUDGET_MS = 0.1  # per article: 10% of the indexer's 1 ms per article


@dataclass(frozen=True)
class Case:
    """One article to read and what must come out of it."""

    lang: str
    title: str
    paragraphs: tuple[str, ...]
    expected: str | None
    translated_from: str | None = None


@dataclass
class Tally:
    """Counts for precision and recall."""

    cases: int = 0
    dated: int = 0
    right: int = 0
    wrong: int = 0

    def add(self, expected: str | None, got: str | None) -> None:
        """Count one outcome."""
        self.cases += 1
        self.dated += expected is not None
        if got is not None and got == expected:
            self.right += 1
        elif got is not None:
            self.wrong += 1

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.dated if self.dated else 1.0


def load_datelines(path: Path) -> list[Case]:
    """Read the dateline table: lang, expected date or '-', the line."""
    cases = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith(("#", "lang\t")):
            continue
        lang, expected, line = row.split("\t", 2)
        cases.append(Case(lang, TITLE, (line, BODY), None if expected == "-" else expected))
    return cases


def load_bodies(path: Path) -> list[Case]:
    """Read the article bodies: one JSON object a line."""
    cases = []
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.strip():
            item = json.loads(row)
            cases.append(Case(item["lang"], item["title"], tuple(item["paragraphs"]),
                              item.get("expected"), item.get("translated_from")))
    return cases


def evaluate(cases: Sequence[Case]) -> tuple[dict[str, Tally], list[str]]:
    """Read every case; return tallies per language (and 'all') and the failures."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    failures = []
    for case in cases:
        header = read_header(case.title, case.paragraphs, case.lang)
        got = header.date.isoformat() if header.date else None
        for key in (case.lang, "all"):
            tallies[key].add(case.expected, got)
        if got != case.expected:
            failures.append(f"  {case.lang}: expected {case.expected}, got {got}: {case.paragraphs[0][:70]!r}")
    return tallies, failures


def print_table(name: str, tallies: dict[str, Tally]) -> None:
    """Print precision and recall per language."""
    print(f"\n{name}\n{'lang':<5} {'cases':>5} {'dated':>5} {'right':>5} {'wrong':>5} {'precision':>9} {'recall':>7}")
    for lang in sorted(tallies, key=lambda k: (k == "all", k)):
        t = tallies[lang]
        print(f"{lang:<5} {t.cases:>5} {t.dated:>5} {t.right:>5} {t.wrong:>5} "
              f"{t.precision:>9.1%} {t.recall:>7.1%}")


def check(label: str, ok: bool) -> bool:
    """Print one target line."""
    print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    return ok


def measure_speed(cases: Iterable[Case], rounds: int = 20) -> float:
    """Return articles read per second, after one warm-up pass (CLDR tables load lazily)."""
    items = list(cases)
    for case in items:
        read_header(case.title, case.paragraphs, case.lang)
    start = time.perf_counter()
    for _ in range(rounds):
        for case in items:
            read_header(case.title, case.paragraphs, case.lang)
    return rounds * len(items) / (time.perf_counter() - start)


def load_seeds() -> list[Case]:
    """The sample articles of seeds/, as the corpus reader splits them (title, then paragraphs)."""
    cases = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        cases.append(Case("und", lines[0], tuple(lines[1:]), None))
    return cases


def main() -> int:
    """Evaluate both sets, print the tables and the targets; exit 1 if a target is missed."""
    start = time.perf_counter()
    shared_month_names(), day_names()  # what the first article pays, once per process
    cold_ms = (time.perf_counter() - start) * 1000
    datelines = load_datelines(DATA / "datelines.tsv")
    bodies = load_bodies(DATA / "date_bodies.jsonl")
    line_tallies, line_failures = evaluate(datelines)
    body_tallies, body_failures = evaluate(bodies)
    print_table(f"Datelines ({len(datelines)} lines, {len(line_tallies) - 1} languages)", line_tallies)
    print_table(f"Article bodies ({len(bodies)} articles, {len(body_tallies) - 1} languages)", body_tallies)
    noted = [c for c in bodies if c.translated_from]
    notes_right = sum(read_header(c.title, c.paragraphs, c.lang).translated_from == c.translated_from
                      for c in bodies)
    if line_failures or body_failures:
        print("\nMisses and errors:", *line_failures, *body_failures, sep="\n")
    speed = measure_speed(bodies)
    seed_speed = measure_speed(load_seeds(), rounds=2000)
    print(f"\nTranslation source right on {notes_right}/{len(bodies)} bodies ({len(noted)} with a note)")
    print(f"Speed on the bodies (short paragraphs, every one a candidate): {speed:,.0f} articles/s "
          f"({1000 / speed:.3f} ms per article)")
    print(f"Speed on seeds/ (3 KB articles): {seed_speed:,.0f} articles/s "
          f"({1000 / seed_speed:.3f} ms per article)")
    print(f"CLDR tables built on first use: {cold_ms:.0f} ms once per process\n\nTargets")
    results = [
        check(f"datelines precision {line_tallies['all'].precision:.1%} (target 100%)",
              line_tallies["all"].precision >= PRECISION_TARGET),
        check(f"datelines recall {line_tallies['all'].recall:.1%} (target >= 98%)",
              line_tallies["all"].recall >= RECALL_TARGET),
        check(f"bodies precision {body_tallies['all'].precision:.1%} (target 100%)",
              body_tallies["all"].precision >= PRECISION_TARGET),
        check(f"translation notes {notes_right}/{len(bodies)} (target all)", notes_right == len(bodies)),
        check(f"speed {1000 / min(speed, seed_speed):.3f} ms per article, worst of both "
              f"(target <= {BUDGET_MS} ms)", 1000 / min(speed, seed_speed) <= BUDGET_MS),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
