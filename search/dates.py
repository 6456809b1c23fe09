"""Publication dates: the article header, explicit ISO metadata and filter bounds."""
from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from search.datelines import (
    MAX_YEAR,
    MIN_YEAR,
    Dateline,
    parse_dateline,
    parse_wire_dateline,
)
from search.provenance import find_translation_note, is_repeated_title

__all__ = ["ArticleHeader", "Dateline", "parse_date_bound", "parse_dateline", "parse_iso_datetime",
           "parse_wire_dateline", "read_header"]

HEADER_WINDOW = 5        # paragraphs after the title that may hold header metadata


@dataclass(frozen=True)
class ArticleHeader:
    """What the top of an article says about itself; ``header`` indexes metadata paragraphs."""

    date: datetime.date | None
    time: datetime.datetime | None
    translated_from: str | None
    header: tuple[int, ...]


def read_header(title: str, paragraphs: Sequence[str], lang: str | None = None) -> ArticleHeader:
    """Read the date, time and translation source of an article from its title and top paragraphs."""
    found: list[tuple[int, Dateline]] = []
    if title_line := parse_dateline(title, lang, require_cue=True):
        found.append((-1, title_line))
    window = paragraphs[:HEADER_WINDOW]
    found += [(i, line) for i, text in enumerate(window) if (line := parse_dateline(text, lang))]
    found = _drop_conflicting(found)
    if not found and window and (wire := parse_wire_dateline(window[0], lang)):
        found.append((-1, wire))  # the date of the body's first paragraph; not a header line
    header = {index for index, _ in found if index >= 0}
    notes = {i: line.translated_from for i, line in found if i >= 0 and line.translated_from}
    tail = range(max(HEADER_WINDOW, len(paragraphs) - 2), len(paragraphs))
    for index in [*range(len(window)), *tail]:
        if index not in header and (code := find_translation_note(paragraphs[index])):
            notes[index] = code
    header.update(notes)
    for index, text in enumerate(window):
        if index not in header and is_repeated_title(title, text):
            header.add(index)
            break
    best = next((line for _, line in found if not line.updated), None) or next(
        (line for _, line in found), None)
    source = notes[min(notes)] if notes else None
    return ArticleHeader(best.date if best else None, best.time if best else None, source,
                         tuple(sorted(header)))


def _drop_conflicting(found: list[tuple[int, Dateline]]) -> list[tuple[int, Dateline]]:
    """Drop uncued datelines that disagree with each other: a list of events, not a header."""
    bare_dates = {line.date for _, line in found if not line.cued}
    if len(bare_dates) <= 1:
        return found
    return [(index, line) for index, line in found if line.cued]


def parse_iso_datetime(value: str) -> tuple[datetime.date, datetime.datetime | None]:
    """Parse explicit ISO 8601 metadata: a date, or a date-time with or without a zone."""
    text = value.strip() if isinstance(value, str) else ""
    day: datetime.date | None = None
    stamp: datetime.datetime | None = None
    try:
        if text and "T" not in text.upper() and " " not in text:
            day = datetime.date.fromisoformat(text)
        else:
            stamp = datetime.datetime.fromisoformat(text)
            day = stamp.date()
    except ValueError:
        pass
    if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(
            f"not an ISO 8601 date or date-time from {MIN_YEAR} to {MAX_YEAR}: {value!r} "
            "(expected e.g. 2026-01-28, 2026-01-28T14:05 or 2026-01-28T14:05:00+01:00)"
        )
    return day, stamp


_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date_bound(value: str, *, end: bool) -> datetime.date:
    """Parse a filter bound "YYYY", "YYYY-MM" or "YYYY-MM-DD"; ``end`` gives the period's last day."""
    m = _BOUND.fullmatch(value.strip()) if isinstance(value, str) else None
    if not m:
        raise ValueError(f"not a date bound: {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(m[1])
    month = int(m[2]) if m[2] else (12 if end else 1)
    if not 1 <= month <= 12:
        raise ValueError(f"not a date bound: {value!r} (month {month} is not 01-12)")
    last = calendar.monthrange(year, month)[1]
    day = int(m[3]) if m[3] else (last if end else 1)
    if not 1 <= day <= last:
        raise ValueError(f"not a date bound: {value!r} (day {day} is not in {year}-{month:02d})")
    return datetime.date(year, month, day)
