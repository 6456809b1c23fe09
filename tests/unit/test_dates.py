"""Datelines, article headers, ISO metadata and filter bounds."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.dates import format_date

from search.dates import (
    ArticleHeader,
    parse_date_bound,
    parse_dateline,
    parse_iso_datetime,
    read_header,
)
from search.datewords import month_names, shared_month_names

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
UTC = dt.UTC
CET = dt.timezone(dt.timedelta(hours=1))
D = dt.date


def read_seed(name: str) -> tuple[str, list[str]]:
    """Split a seed file as the corpus reader does: title, then the other non-empty lines."""
    lines = [line.strip() for line in (SEEDS / name).read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    return lines[0], lines[1:]


def test_italian_seed_has_date_translation_and_header() -> None:
    title, paragraphs = read_seed("003_9419a023137d7c1a.txt")
    header = read_header(title, paragraphs, "it")
    assert header == ArticleHeader(D(2026, 1, 28), None, "es", (0, 2))
    assert paragraphs[0] == "Pubblicato il 28 January 2026 | Tradotto dallo spagnolo"
    assert paragraphs[2] == "Cina e Russia approfondiscono la loro cooperazione in difesa"


def test_italian_seed_without_language_hint() -> None:
    title, paragraphs = read_seed("003_9419a023137d7c1a.txt")
    assert read_header(title, paragraphs).date == D(2026, 1, 28)


@pytest.mark.parametrize("lang", ["es", None])
def test_spanish_seed_gets_no_date(lang: str | None) -> None:
    title, paragraphs = read_seed("000_bbaff72d806f1524.txt")
    assert "el martes" in paragraphs[0]
    assert read_header(title, paragraphs, lang) == ArticleHeader(None, None, None, ())


# lang, line, date, time (ISO string or None)
DATELINES = [
    ("it", "Pubblicato il 28 January 2026 | Tradotto dallo spagnolo", D(2026, 1, 28), None),
    ("it", "28 gennaio 2026, 14:05", D(2026, 1, 28), "2026-01-28T14:05:00"),
    ("it", "mercoledì 28 gennaio 2026 ore 14:05", D(2026, 1, 28), "2026-01-28T14:05:00"),
    ("it", "Aggiornato il 12 novembre 2025 ore 09:41", D(2025, 11, 12), "2025-11-12T09:41:00"),
    ("es", "Publicado el 28 de enero de 2026", D(2026, 1, 28), None),
    ("es", "28 de enero de 2026 - 14:05 CET", D(2026, 1, 28), "2026-01-28T14:05:00+01:00"),
    ("es", "Por Ana García | 02/02/2026 - 10:32 h", D(2026, 2, 2), "2026-02-02T10:32:00"),
    ("fr", "Publié le 3 mars 2025 à 10h", D(2025, 3, 3), "2025-03-03T10:00:00"),
    ("fr", "1er janvier 2026", D(2026, 1, 1), None),
    ("fr", "Mis à jour le 17 septembre 2024 à 07h30", D(2024, 9, 17), "2024-09-17T07:30:00"),
    ("de", "Aktualisiert am 5. März 2025", D(2025, 3, 5), None),
    ("de", "Stand: 28.01.2026 14:05 Uhr", D(2026, 1, 28), "2026-01-28T14:05:00"),
    ("de", "So., 23.02.2025", D(2025, 2, 23), None),
    ("en", "January 28, 2026", D(2026, 1, 28), None),
    ("en", "2026-01-28T14:05:00Z", D(2026, 1, 28), "2026-01-28T14:05:00+00:00"),
    ("en", "Updated: Jan. 28, 2026 2:05 p.m. ET", D(2026, 1, 28), "2026-01-28T14:05:00"),
    ("en", "Published: 14:02 GMT, 14 November 2025", D(2025, 11, 14), "2025-11-14T14:02:00+00:00"),
    ("en", "Last updated 29 January 2026 at 10:00 UTC+1", D(2026, 1, 29), "2026-01-29T10:00:00+01:00"),
    ("pt", "Publicado em 28 de janeiro de 2026", D(2026, 1, 28), None),
    ("pt", "28/01/2026 às 14h05", D(2026, 1, 28), "2026-01-28T14:05:00"),
    ("nl", "Gepubliceerd op 28 januari 2026 om 14:05", D(2026, 1, 28), "2026-01-28T14:05:00"),
    ("pl", "28 stycznia 2026 r., godz. 14:05", D(2026, 1, 28), "2026-01-28T14:05:00"),
    ("ru", "Опубликовано 28 января 2026", D(2026, 1, 28), None),
    ("ru", "12 июня 2025 года, 10:00 МСК", D(2025, 6, 12), "2025-06-12T10:00:00+03:00"),
    ("tr", "28 Ocak 2026 Çarşamba 14:05", D(2026, 1, 28), "2026-01-28T14:05:00"),
    ("tr", "3 KASIM 2025", D(2025, 11, 3), None),
    ("el", "ΔΗΜΟΣΙΕΥΣΗ: 28 ΙΑΝΟΥΑΡΙΟΥ 2026", D(2026, 1, 28), None),
    ("hu", "2026. január 28. 14:05", D(2026, 1, 28), "2026-01-28T14:05:00"),
    ("lt", "2026 m. sausio 28 d.", D(2026, 1, 28), None),
    ("ja", "2026年1月28日 14:05", D(2026, 1, 28), "2026-01-28T14:05:00"),
    ("zh", "发布时间：2026年1月28日 14:05", D(2026, 1, 28), "2026-01-28T14:05:00"),
    ("ca", "Publicat l'1 d'octubre de 2025", D(2025, 10, 1), None),
]


@pytest.mark.parametrize(("lang", "line", "date", "time"), DATELINES)
def test_reads_dateline(lang: str, line: str, date: dt.date, time: str | None) -> None:
    header = read_header("Some headline", [line, "The body starts here."], lang)
    assert header.date == date
    assert (header.time.isoformat() if header.time else None) == time
    assert header.header == (0,)


# Lines that must give no date: prose, no year, impossible or ambiguous dates, law titles.
REFUSED = [
    ("it", "Elezioni del 28 gennaio 2026"),
    ("it", "Il 28 gennaio 2026 si è riunito il consiglio dei ministri."),
    ("it", "Legge 28 gennaio 2026, n. 15"),
    ("it", "Pubblicato il 28 gennaio"),
    ("es", "El martes"),
    ("es", "La Declaración de 1948 sigue vigente."),
    ("es", "Real Decreto 123/2025, de 4 de marzo"),
    ("es", "31/02/2026"),
    ("fr", "La loi du 9 décembre 1905"),
    ("de", "Stand: 31.02.2026"),
    ("de", "Der Vertrag vom 3. Oktober 1990"),
    ("en", "In 2022 the war began"),
    ("en", "01/02/2026"),
    ("en", "Feb 30, 2024"),
    ("en", "January 2026"),
    ("en", "24 February 2022 - The Invasion"),
    ("ru", "Указ от 9 мая 2025 года № 300"),
    ("tr", "2025 yılı bütçesi"),
    ("pt", "Publicado há 2 horas"),
]


@pytest.mark.parametrize(("lang", "line"), REFUSED)
def test_refuses_non_datelines(lang: str, line: str) -> None:
    assert read_header("Some headline", [line, "The body."], lang).date is None


# lang, line, date: numeric dates are day-first, except month-first for en-US.
NUMERIC = [
    (None, "01/02/2026", D(2026, 2, 1)),
    ("it", "01/02/2026", D(2026, 2, 1)),
    ("en", "01/02/2026", None),
    ("en-US", "01/02/2026", D(2026, 1, 2)),
    ("en", "28/01/2026", D(2026, 1, 28)),
    ("en", "01/28/2026", D(2026, 1, 28)),
    ("en-US", "02.01.2026", D(2026, 1, 2)),
    ("de", "01.28.2026", None),
    ("cs", "5. 3. 2025", D(2025, 3, 5)),
]


@pytest.mark.parametrize(("lang", "line", "date"), NUMERIC)
def test_orders_numeric_dates(lang: str | None, line: str, date: dt.date | None) -> None:
    found = parse_dateline(line, lang)
    assert (found.date if found else None) == date


@pytest.mark.parametrize("locale", ["it", "es", "fr", "de", "en", "pt", "nl", "pl", "ru", "tr",
                                    "ca", "ro", "sv", "da", "fi", "cs", "hu", "el", "uk", "bg",
                                    "hr", "ar", "ja", "zh", "ko", "id"])
@pytest.mark.parametrize("width", ["long", "medium", "full"])
def test_reads_cldr_formats(locale: str, width: str) -> None:
    for day in (D(2025, 3, 5), D(2024, 12, 31), D(2026, 1, 28)):
        found = parse_dateline(format_date(day, width, locale=locale), locale)
        assert found is not None and found.date == day


# lang, word, month: the month table comes from CLDR in every form.
MONTH_WORDS = [
    ("it", "gennaio", 1), ("es", "ene", 1), ("fr", "févr", 2), ("fr", "fevrier", 2),
    ("de", "märz", 3), ("pl", "stycznia", 1), ("pl", "styczeń", 1), ("ru", "января", 1),
    ("ru", "январь", 1), ("hr", "listopada", 10), ("pl", "listopada", 11), ("el", "ιανουαριου", 1),
    ("ca", "octubre", 10), ("tr", "kasım", 11),
]


@pytest.mark.parametrize(("lang", "word", "month"), MONTH_WORDS)
def test_month_names_come_from_cldr(lang: str, word: str, month: int) -> None:
    assert month_names(lang)[word] == month


@pytest.mark.parametrize(("lang", "date"), [("hr", D(2025, 10, 15)), ("pl", D(2025, 11, 15)),
                                            (None, None)])
def test_month_names_disagreeing_across_languages_need_the_language(
        lang: str | None, date: dt.date | None) -> None:
    assert "listopada" not in shared_month_names()
    found = parse_dateline("15. listopada 2025.", lang)
    assert (found.date if found else None) == date


def test_published_wins_over_updated() -> None:
    paragraphs = ["Aggiornato il 29 gennaio 2026", "Pubblicato il 28 gennaio 2026", "Testo."]
    header = read_header("Titolo", paragraphs, "it")
    assert header.date == D(2026, 1, 28) and header.header == (0, 1)


def test_updated_is_used_when_alone() -> None:
    assert read_header("Titel", ["Aktualisiert am 5. März 2025", "Text."], "de").date == D(2025, 3, 5)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_timeline_of_bare_dates_is_not_a_header(lang: str) -> None:
    paragraphs = ["Le tappe.", "24 febbraio 2022", "L'invasione.", "29 marzo 2022", "Colloqui."]
    assert read_header("Cronologia", paragraphs, lang) == ArticleHeader(None, None, None, ())


def test_dates_deep_in_the_body_are_ignored() -> None:
    paragraphs = ["Testo.", "Altro testo.", "Ancora.", "E poi.", "Quinto.", "28 gennaio 2026"]
    assert read_header("Titolo", paragraphs, "it").date is None


@pytest.mark.parametrize(("title", "date"), [
    ("11 settembre 2001 | vent'anni dopo", None),
    ("Pubblicato il 28 gennaio 2026", D(2026, 1, 28)),
])
def test_title_needs_a_cue_word(title: str, date: dt.date | None) -> None:
    assert read_header(title, ["Testo dell'articolo."], "it").date == date


@pytest.mark.parametrize(("lang", "paragraph", "date"), [
    ("es", "MADRID, 28 de enero de 2026 (EFE).- El Gobierno aprobó hoy el decreto.", D(2026, 1, 28)),
    ("fr", "MARSEILLE, 5 août 2025 (AFP) - Un incendie a ravagé la colline.", D(2025, 8, 5)),
    ("en", "WASHINGTON, Jan 28 (Reuters) - The Senate voted on Tuesday.", None),
    ("it", "ROMA – Il 12 dicembre 2015 a Parigi quasi 200 paesi firmarono l'accordo.", None),
])
def test_reads_agency_dateline_opening_the_body(lang: str, paragraph: str, date: dt.date | None) -> None:
    header = read_header("Titular", [paragraph, "Más texto."], lang)
    assert header.date == date and header.header == ()


def test_repeated_title_only_near_the_top() -> None:
    title = "Cina e Russia approfondiscono la cooperazione in difesa"
    near = ["Didascalia della foto.", "Cina e Russia approfondiscono la cooperazione in difesa"]
    far = ["a", "b", "c", "d", "e", "Cina e Russia approfondiscono la cooperazione in difesa"]
    assert read_header(title, near, "it").header == (1,)
    assert read_header(title, far, "it").header == ()


@pytest.mark.parametrize(("value", "end", "expected"), [
    ("2026", False, D(2026, 1, 1)),
    ("2026", True, D(2026, 12, 31)),
    ("2026-01", False, D(2026, 1, 1)),
    ("2026-01", True, D(2026, 1, 31)),
    ("2024-02", True, D(2024, 2, 29)),
    ("2025-02", True, D(2025, 2, 28)),
    ("2026-01-28", True, D(2026, 1, 28)),
    (" 2026-01-28 ", False, D(2026, 1, 28)),
])
def test_parse_date_bound(value: str, end: bool, expected: dt.date) -> None:
    assert parse_date_bound(value, end=end) == expected


@pytest.mark.parametrize("value", ["", "26", "2026-1", "2026-13", "2026-02-30", "2026/01/28",
                                   "January 2026", "2026-01-28T10:00", "20260128"])
def test_parse_date_bound_rejects(value: str) -> None:
    with pytest.raises(ValueError, match="not a date bound"):
        parse_date_bound(value, end=False)


@pytest.mark.parametrize(("value", "date", "time"), [
    ("2026-01-28", D(2026, 1, 28), None),
    ("2026-01-28T14:05", D(2026, 1, 28), dt.datetime(2026, 1, 28, 14, 5)),
    ("2026-01-28T14:05:00Z", D(2026, 1, 28), dt.datetime(2026, 1, 28, 14, 5, tzinfo=UTC)),
    ("2026-01-28T14:05:00+01:00", D(2026, 1, 28), dt.datetime(2026, 1, 28, 14, 5, tzinfo=CET)),
    ("2026-01-28 14:05:00", D(2026, 1, 28), dt.datetime(2026, 1, 28, 14, 5)),
    (" 2026-01-28 ", D(2026, 1, 28), None),
])
def test_parse_iso_datetime(value: str, date: dt.date, time: dt.datetime | None) -> None:
    assert parse_iso_datetime(value) == (date, time)


@pytest.mark.parametrize("value", ["", "28.01.2026", "2026-02-30", "January 28, 2026",
                                   "2026-01-28T25:00", "yesterday", "0001-01-01"])
def test_parse_iso_datetime_rejects(value: str) -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        parse_iso_datetime(value)
