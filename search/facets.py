"""Facet counts over matching documents, from per-document arrays built once per searcher.

Facets are disjunctive: values within a facet combine with OR, facets with AND, and each
facet is counted with every other facet's filter applied but not its own."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from whoosh.reading import IndexReader

FACET_NAMES = ("lang", "actor", "provenance")
UNKNOWN_DATE = 0
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()  # numpy's day 0


@dataclass(frozen=True)
class FacetTable:
    """Per-document facet codes, indexed by Whoosh document number."""

    live: np.ndarray                # bool: the document is not deleted
    codes: dict[str, np.ndarray]    # single-valued facet -> int32 code per document
    values: dict[str, list[str]]    # facet -> code -> value
    dates: np.ndarray               # int32 date ordinal per document, 0 when unknown
    actor_docs: np.ndarray          # int32 document of each (document, actor) pair, ascending
    actor_codes: np.ndarray         # int32 actor code of each pair
    by_actor: np.ndarray            # the pairs' documents sorted by actor code (an inverted index)
    actor_offsets: np.ndarray       # by_actor[actor_offsets[a]:actor_offsets[a + 1]] = docs of actor a
    actor_counts: np.ndarray        # number of actors of each document
    actor_starts: np.ndarray        # actor_codes[actor_starts[d]:actor_starts[d + 1]] = actors of d

    @property
    def size(self) -> int:
        """Number of document slots (live or deleted)."""
        return int(self.live.shape[0])

    def actors_of(self, docnum: int) -> np.ndarray:
        """Actor codes of one document."""
        return self.actor_codes[self.actor_starts[docnum]:self.actor_starts[docnum + 1]]

    def docs_of(self, codes: np.ndarray) -> np.ndarray:
        """Documents of each actor code, concatenated (a document repeats once per shared actor)."""
        parts = [self.by_actor[self.actor_offsets[c]:self.actor_offsets[c + 1]] for c in codes]
        return np.concatenate(parts) if parts else np.zeros(0, np.int32)


def build_facet_table(reader: IndexReader) -> FacetTable:
    """Read every document's facet record once (call again when the index changes)."""
    total = reader.doc_count_all()
    live = np.zeros(total, dtype=bool)
    live[list(reader.all_doc_ids())] = True
    column = reader.column_reader("facet_row") if reader.has_column("facet_row") else None
    rows = list(column) if column is not None else [b""] * total
    values: dict[str, list[str]] = {"lang": [], "provenance": [], "actor": []}
    lookup: dict[str, dict[str, int]] = {name: {} for name in values}
    codes = {"lang": np.zeros(total, np.int32), "provenance": np.zeros(total, np.int32)}
    dates = np.zeros(total, np.int32)
    pair_docs: list[int] = []
    pair_codes: list[int] = []

    def code_of(name: str, value: str) -> int:
        table = lookup[name]
        if value not in table:
            table[value] = len(values[name])
            values[name].append(value)
        return table[value]

    for docnum, raw in enumerate(rows):
        lang, provenance, ordinal, actors = (raw.decode() + "\t\t0\t").split("\t")[:4]
        codes["lang"][docnum] = code_of("lang", lang or "und")
        codes["provenance"][docnum] = code_of("provenance", provenance or "original")
        dates[docnum] = int(ordinal or 0)
        for actor in actors.split():
            pair_docs.append(docnum)
            pair_codes.append(code_of("actor", actor))
    docs, actor_codes = np.array(pair_docs, np.int32), np.array(pair_codes, np.int32)
    order = np.argsort(actor_codes, kind="stable")
    offsets = np.zeros(len(values["actor"]) + 1, np.int64)
    np.cumsum(np.bincount(actor_codes, minlength=len(values["actor"])), out=offsets[1:])
    counts = np.bincount(docs, minlength=total).astype(np.int32)
    starts = np.zeros(total + 1, np.int64)
    np.cumsum(counts, out=starts[1:])
    return FacetTable(live, codes, values, dates, docs, actor_codes, docs[order], offsets, counts,
                      starts)


def value_mask(table: FacetTable, name: str, selected: tuple[str, ...]) -> np.ndarray | None:
    """Documents having any of the selected values of a facet, or None when nothing is selected."""
    if not selected:
        return None
    wanted = [table.values[name].index(v) for v in selected if v in table.values[name]]
    if name == "actor":
        mask = np.zeros(table.size, dtype=bool)
        mask[table.actor_docs[np.isin(table.actor_codes, wanted)]] = True
        return mask
    return np.isin(table.codes[name], wanted)


def date_mask(table: FacetTable, start: dt.date | None, end: dt.date | None) -> np.ndarray | None:
    """Documents dated within [start, end] (inclusive); undated ones never match a range."""
    if start is None and end is None:
        return None
    low = start.toordinal() if start else 1
    high = end.toordinal() if end else dt.date.max.toordinal()
    return (table.dates >= low) & (table.dates <= high)


def count_values(table: FacetTable, name: str, mask: np.ndarray) -> dict[str, int]:
    """Count each value of a facet over the documents in ``mask``."""
    if name == "actor":
        picked = table.actor_codes[mask[table.actor_docs]]
    else:
        picked = table.codes[name][mask]
    counts = np.bincount(picked, minlength=len(table.values[name]))
    values = table.values[name]
    return {values[code]: int(counts[code]) for code in np.flatnonzero(counts).tolist()}


def combine(masks: list[np.ndarray | None], base: np.ndarray) -> np.ndarray:
    """AND the base mask with every mask that is set."""
    result = base.copy()
    for mask in masks:
        if mask is not None:
            result &= mask
    return result


@dataclass(frozen=True)
class DateBucket:
    """One bar of the date histogram."""

    value: str   # usable as from= and to= ("2026", "2026-01", "2026-01-28")
    label: str
    count: int
    start: dt.date
    end: dt.date


def date_histogram(ordinals: np.ndarray) -> tuple[str, list[DateBucket]]:
    """Zero-filled calendar buckets whose size follows the span of the dates given."""
    known = ordinals[ordinals > UNKNOWN_DATE]
    if known.size == 0:
        return "month", []
    first, last = dt.date.fromordinal(int(known.min())), dt.date.fromordinal(int(known.max()))
    span = (last - first).days
    granularity = "year" if span > 3 * 365 else "month" if span > 60 or span == 0 else "day"
    starts = _bucket_starts(first, last, granularity)
    units = _bucket_units(known, granularity)
    counts = np.bincount(units - units.min(), minlength=len(starts)).tolist()
    return granularity, [DateBucket(_bucket_key(start, granularity), _bucket_label(start, granularity),
                                    count, start, _bucket_end(start, granularity))
                         for start, count in zip(starts, counts)]


def _bucket_units(ordinals: np.ndarray, granularity: str) -> np.ndarray:
    """Each date's bucket as a number that grows by one from bucket to bucket."""
    if granularity == "day":
        return ordinals.astype(np.int64)
    days = (ordinals.astype(np.int64) - _EPOCH_ORDINAL).astype("datetime64[D]")
    return days.astype("datetime64[Y]" if granularity == "year" else "datetime64[M]").astype(np.int64)


def _bucket_key(day: dt.date, granularity: str) -> str:
    return {"year": f"{day.year:04d}", "month": f"{day.year:04d}-{day.month:02d}"}.get(
        granularity, day.isoformat())


def _bucket_label(day: dt.date, granularity: str) -> str:
    if granularity == "year":
        return str(day.year)
    if granularity == "month":
        return day.strftime("%b %Y")
    return f"{day.day} {day.strftime('%b %Y')}"


def _bucket_starts(first: dt.date, last: dt.date, granularity: str) -> list[dt.date]:
    if granularity == "year":
        return [dt.date(y, 1, 1) for y in range(first.year, last.year + 1)]
    if granularity == "month":
        months = (last.year - first.year) * 12 + last.month - first.month
        return [dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
                for i in range(months + 1)]
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _bucket_end(start: dt.date, granularity: str) -> dt.date:
    if granularity == "year":
        return dt.date(start.year, 12, 31)
    if granularity == "month":
        following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return start
