"""Time budgets for searches: a slow query is cut off with a clear error, not left running."""
from __future__ import annotations

import time
from typing import Iterable, Iterator

from whoosh.collectors import Collector, WrappingCollector

from search.errors import QueryTimeoutError

CHECK_EVERY = 2048  # documents between two looks at the clock


class Deadline:
    """A point in time after which the current search gives up."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds if seconds else None

    def check(self) -> None:
        """Raise QueryTimeoutError once the budget is spent."""
        if self.at is not None and time.monotonic() > self.at:
            raise QueryTimeoutError(f"the search took longer than {self.seconds:g} s and was "
                                    "stopped; make the query more specific")

    def watch(self, docs: Iterable[int]) -> Iterator[int]:
        """Pass documents through, checking the clock every few thousand."""
        for count, docnum in enumerate(docs):
            if count % CHECK_EVERY == 0:
                self.check()
            yield docnum


class DeadlineCollector(WrappingCollector):  # type: ignore[misc]
    """Wraps a Whoosh collector and stops it when the deadline passes (no timer threads)."""

    def __init__(self, child: Collector, deadline: Deadline) -> None:
        self.child = child
        self.deadline = deadline

    def collect_matches(self) -> None:
        child = self.child
        for count, sub_docnum in enumerate(child.matches()):
            if count % CHECK_EVERY == 0:
                self.deadline.check()
            child.collect(sub_docnum)
