"""Datelines: "Pubblicato il 28 January 2026", "28.01.2026, 14:05", with month names from CLDR."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from search.datewords import (
    CUE_WORDS,
    UPDATE_WORDS,
    ZONE_OFFSETS,
    day_names,
    month_names,
    shared_month_names,
)
from search.provenance import (
    SEGMENT_SPLIT,
    is_byline,
    normalize_text,
    parse_translated_from,
)

MAX_DATELINE = 160       # longer lines are prose, never datelines
MIN_YEAR, MAX_YEAR = 1900, 2099



@dataclass(frozen=True)
class Dateline:
    """A date read from one dateline: ``cued`` by a word such as "Published", ``updated`` if "Updated"."""

    date: datetime.date
    time: datetime.datetime | None
    updated: bool
    cued: bool
    translated_from: str | None


_W = r"[^\s\d.,;:!?()\[\]{}/|\"'«»“”„–—\-：，、。（）،॰׳]+"
_DAYSUF = r"(?:st|nd|rd|th|er|ère|eme|e|º|°|ª|o|\.|-?го|-?е)?"
_YEARSUF = r"(?:\s*(?:г|года|год|р|року|r|roku|yılı|évi)\.?(?![^\W\d_]))?"
_ISO = re.compile(r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?!\d)(?:t(?=\d))?")
# "5. 3. 2025" (cs, sk) and "2025. 3. 5." (ko) put a space after each dot.
_YMD_NUM = re.compile(
    r"(?P<y>\d{4})(?P<sep>[./])\s?(?P<mo>\d{1,2})(?P=sep)\s?(?P<d>\d{1,2})(?!\d)\.?"
)
_DMY_NUM = re.compile(r"(?P<a>\d{1,2})(?P<sep>[./-])\s?(?P<b>\d{1,2})(?P=sep)\s?(?P<y>\d{4})(?!\d)")
_CJK = re.compile(r"(?P<y>\d{4})\s*[年년]\s*(?P<mo>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]?")
_DMY_TEXT = re.compile(
    rf"(?P<d>\d{{1,2}}){_DAYSUF}(?:\s+|\s*[-/]\s*)(?:(?:de|del|of)\s+|d')?(?P<m>{_W})[.॰׳]?"
    rf"(?:\s*,\s*|\s+|\s*[-/]\s*)(?:(?:de|del|do)\s+)?(?P<y>\d{{4}})(?!\d){_YEARSUF}"
)
_MDY_TEXT = re.compile(
    rf"(?P<m>{_W})[.॰׳]?\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?P<y>\d{{4}})(?!\d)"
)
_YMD_TEXT = re.compile(
    rf"(?P<y>\d{{4}})\.?\s*(?:m\.\s*)?(?P<m>{_W})[.॰׳]?\s+(?P<d>\d{{1,2}})(?!\d)\.?(?:\s*d\.)?"
)
_TIME = re.compile(
    r"(?P<H>\d{1,2})(?:\s*(?P<sep>[:h.])\s*(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?(?!\d)"
    r"\s*(?P<ap>[ap]\.?\s?m\.?(?![^\W\d_]))?\s*(?P<suf>uhr|hs|hrs|h|óra|godz)?"
    r"(?:(?![^\W\d_])|(?=z(?![^\W\d_])))"  # "14:05:00z" is ISO's UTC
)
_ZONE = re.compile(
    r"\(?(?P<z>[a-zа-я]{1,4}(?![^\W\d_]))?\s*(?P<off>[+\-−]\s*\d{1,2}(?::?\d{2})?)?\)?"
)
_SKIP = re.compile(r"[\s,;:()\[\]\-–—.@'：，、（）،॰׳]*")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(rf"{_W}(?:-{_W})*")  # "quarta-feira"


def _make_date(year: int, month: int, day: int) -> datetime.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_of(word: str, lang: str | None) -> int | None:
    word = word.rstrip(".")
    if word.startswith("ב") and len(word) > 3:  # Hebrew "במרץ": "in March"
        word = word[1:]
    if lang:
        month = month_names(lang).get(word)
        if month:
            return month
    return shared_month_names().get(word)


def _order_numeric(a: int, b: int, year: int, sep: str, lang: str | None) -> datetime.date | None:
    """Day-first, except month-first in en-US; plain "en" with "/" and both <= 12 is refused."""
    day_first, month_first = _make_date(year, b, a), _make_date(year, a, b)
    if sep == ".":
        return day_first
    if day_first and month_first and a != b:
        if lang in ("en-us", "en_us"):
            return month_first
        if lang == "en" and sep == "/":
            return None
        return day_first
    return day_first or month_first


def _match_date(text: str, pos: int, lang: str | None) -> tuple[int, datetime.date] | None:
    """Match a date at ``pos``: (end, date); its time, if any, is read separately."""
    base = lang.split("-")[0].split("_")[0] if lang else None
    for pattern in (_ISO, _YMD_NUM, _CJK):
        if m := pattern.match(text, pos):
            found = _make_date(int(m["y"]), int(m["mo"]), int(m["d"]))
            return (m.end(), found) if found else None
    if m := _DMY_NUM.match(text, pos):
        found = _order_numeric(int(m["a"]), int(m["b"]), int(m["y"]), m["sep"], lang)
        return (m.end(), found) if found else None
    for pattern in (_DMY_TEXT, _MDY_TEXT, _YMD_TEXT):
        if (m := pattern.match(text, pos)) and (month := _month_of(m["m"], base)):
            found = _make_date(int(m["y"]), month, int(m["d"]))
            return (m.end(), found) if found else None
    return None


def _match_time(text: str, pos: int) -> tuple[int, datetime.time] | None:
    m = _TIME.match(text, pos)
    if not m or not (m["M"] or m["ap"] or m["suf"]):
        return None
    hour, minute, second = int(m["H"]), int(m["M"] or 0), int(m["S"] or 0)
    if m["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ap"].startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return m.end(), datetime.time(hour, minute, second)


def _match_zone(text: str, pos: int) -> tuple[int, datetime.tzinfo | None] | None:
    """Match a zone name and/or offset; ambiguous names ("ET", "IST") give no tzinfo."""
    m = _ZONE.match(text, pos)
    if not m or not (m["z"] or m["off"]) or (m["z"] and m["z"] not in ZONE_OFFSETS):
        return None
    minutes = ZONE_OFFSETS.get(m["z"] or "utc")
    if minutes is None:
        return m.end(), None
    if m["off"]:
        sign = -1 if m["off"][0] in "-−" else 1
        digits = re.sub(r"\D", "", m["off"])
        hours, mins = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if hours > 14 or mins > 59:
            return None
        minutes += sign * (hours * 60 + mins)
    return m.end(), datetime.timezone(datetime.timedelta(minutes=minutes))


@dataclass
class _Scan:
    date: datetime.date | None = None
    time: datetime.time | None = None
    zone: datetime.tzinfo | None = None
    updated: bool = False
    cued: bool = False
    second_date: bool = False


def _scan_segment(text: str, lang: str | None) -> _Scan | None:
    """Read a segment that is wholly date, time, zone and cue words; None if anything else."""
    scan, pos, n = _Scan(), 0, len(text)
    timed = zoned = False  # whether the latest date already has its time / zone
    while True:
        pos = _SKIP.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= n:
            return scan if scan.date else None
        if found := _match_date(text, pos, lang):
            pos, day = found
            scan.second_date = scan.date is not None
            scan.date, timed, zoned = scan.date or day, False, False
            continue
        if not timed and (t := _match_time(text, pos)):  # "14:02 GMT, 14 November 2025" too
            pos, timed = t[0], True
            scan.time = scan.time if scan.second_date else t[1]
            continue
        if timed and not zoned and (z := _match_zone(text, pos)):
            pos, zoned = z[0], True
            scan.zone = scan.zone if scan.second_date else z[1]
            continue
        word = _WORD.match(text, pos)
        if not word or not _is_filler(word.group()):
            return None
        if scan.date is None:
            scan.cued = scan.cued or word.group() in CUE_WORDS
            scan.updated = scan.updated or word.group() in UPDATE_WORDS
        pos = word.end()


def _read_clock(text: str) -> tuple[datetime.time, datetime.tzinfo | None] | None:
    """Read a segment that is only a time and maybe a zone ("14:05 CET"), after a date segment."""
    if not (found := _match_time(text, 0)):
        return None
    pos, time = found
    pos = _SKIP.match(text, pos).end()  # type: ignore[union-attr]
    zone = None
    if pos < len(text) and (z := _match_zone(text, pos)):
        pos, zone = z
    return (time, zone) if not text[pos:].strip(" .)") else None


def _is_update_note(text: str) -> bool:
    """A relative update beside a dateline ("Updated 2 hours ago"): ignored, not prose."""
    words = text.split()
    return 0 < len(words) <= 6 and words[0].rstrip(":") in UPDATE_WORDS


def _is_filler(word: str) -> bool:
    return word in CUE_WORDS or word in day_names()


def parse_dateline(line: str, lang: str | None = None, *, require_cue: bool = False) -> Dateline | None:
    """Read a dateline ("Pubblicato il 28 January 2026 | Tradotto dallo spagnolo"), else None."""
    if len(line) > MAX_DATELINE or not _DIGIT.search(line):
        return None
    lang = lang.lower() if lang else None
    scan: _Scan | None = None
    note: str | None = None
    for segment in SEGMENT_SPLIT.split(line.strip()):
        if not segment:
            continue
        text = normalize_text(segment)
        found = _scan_segment(text, lang) if _DIGIT.search(text) else None
        if found and scan is None:
            scan = found
        elif found:
            continue
        elif scan and scan.time is None and (clock := _read_clock(text)):
            scan.time, scan.zone = clock
        elif code := parse_translated_from(segment):
            note = note or code
        elif _is_update_note(text):
            continue
        elif not is_byline(segment, before_date=scan is None):
            return None
    if scan is None or (require_cue and not scan.cued):
        return None
    return _to_dateline(scan, note)


def _to_dateline(scan: _Scan, note: str | None) -> Dateline | None:
    if scan.date is None:
        return None
    stamp = None
    if scan.time is not None:
        stamp = datetime.datetime.combine(scan.date, scan.time, tzinfo=scan.zone)
    return Dateline(scan.date, stamp, scan.updated, scan.cued, note)


# Agency datelines open the first paragraph: "MADRID, 28 de enero de 2026 (EFE).- El Gobierno..."
_WIRE = re.compile(
    r"(?P<place>[^\W\d_][^,()\d]{0,40}?)\s*,\s*(?P<date>[^()]{6,48}?)\s*"
    r"\((?P<agency>[^()\d]{2,30})\)\s*(?:\.?\s*[-–—]|:)"
)


def parse_wire_dateline(paragraph: str, lang: str | None = None) -> Dateline | None:
    """Read an agency dateline at the start of a paragraph: place, date, (AGENCY), dash."""
    m = _WIRE.match(paragraph)
    if not m or not m["place"][0].isupper():
        return None
    scan = _scan_segment(normalize_text(m["date"]), lang.lower() if lang else None)
    return _to_dateline(scan, None) if scan else None
