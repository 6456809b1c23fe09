"""Time budgets for searches: a slow query is cut off with a clear error, not left running."""
from __future__ import annotations

import time

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
