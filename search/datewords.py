"""The words of datelines: month and weekday names from CLDR (Babel), cue words, time zones."""
from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names

from search.languages import stemmed_languages
from search.provenance import normalize_text, strip_accents

# Extra CLDR locales beyond the stemmed ones, for month names only. Sesotho is left out: its
# abbreviation "Jan" (June) would clash with January everywhere else.
EXTRA_DATE_LOCALES = ("bg", "hr", "sk", "sl", "uk", "zh", "ja", "ko", "he", "lv", "mk", "bs",
                      "be", "sq", "vi", "gl", "is", "ms", "az", "kk")


def date_locales() -> tuple[str, ...]:
    """Return the locales whose CLDR month names are recognised."""
    return tuple(sorted((set(stemmed_languages()) | set(EXTRA_DATE_LOCALES)) - {"st"}))


def _name_keys(name: str) -> set[str]:
    key = normalize_text(name).strip().rstrip(".׳॰")
    for article in ("de ", "d'"):  # Catalan "de gener", "d'octubre"
        key = key.removeprefix(article)
    if not key or any(c.isdigit() or c.isspace() for c in key):
        return set()
    return {key, strip_accents(key)}


@lru_cache(maxsize=128)
def month_names(lang: str) -> dict[str, int]:
    """Map casefolded month names of one locale (wide, abbreviated, both contexts) to 1-12."""
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return {}
    table: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                for key in _name_keys(name):
                    table.setdefault(key, number)
    return table


@lru_cache(maxsize=1)
def shared_month_names() -> dict[str, int]:
    """Month names of every supported locale, minus those locales disagree on ("listopad")."""
    seen: dict[str, int] = {}
    clashes: set[str] = set()
    for lang in date_locales():
        for key, number in month_names(lang).items():
            if seen.setdefault(key, number) != number:
                clashes.add(key)
    return {key: number for key, number in seen.items() if key not in clashes}


@lru_cache(maxsize=1)
def day_names() -> frozenset[str]:
    """Casefolded weekday names of every supported locale ("mercoledì", "Mi.", "среда")."""
    names: set[str] = set()
    for lang in date_locales():
        try:
            locale = Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            continue
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for name in get_day_names(width, context, locale).values():
                    for part in name.split():  # "יום רביעי", "e mërkurë"
                        names.update(_name_keys(part))
    return frozenset(names)


# Cue and connector words that may surround a date on a dateline; they are not in CLDR.
_PUBLISH_CUES = """
published posted date dated first created on at the of pubblicato pubblicata pubblicazione data
di il del alle ore publicado publicada publicación fecha de el la las a publié publiée
publication le du à veröffentlicht erstellt datum vom am um em às as do gepubliceerd geplaatst
op om l les יום г р r roku года року godine opublikowano opublikowany opublikowana publikacja publikacji dnia dn o godz godzina
опубликовано опубликован опубликована дата публикации от в опубліковано публікації yayınlanma
yayınlandı yayın tarihi tarih saat publicat ora publicerad publicerat den kl publiseret
publisert udgivet klo publikováno vydáno zveřejněno közzétéve megjelent δημοσιεύθηκε
δημοσίευση julkaistu 发布时间 发布于 发布日期 公開日 投稿日 입력 기사입력 publicada
"""
_UPDATE_CUES = """
updated update modified edited last aggiornato aggiornata aggiornamento modificato ultimo
ultima actualizado actualizada actualización modificado última mis mise jour modifié modifiée
dernière aktualisiert geändert stand zuletzt atualizado atualizada atualização bijgewerkt
gewijzigd laatst aktualizacja zaktualizowano zmieniono обновлено обновлён изменено обновления
оновлено güncellendi güncelleme son actualitzat actualizat uppdaterad uppdaterat oppdatert
opdateret päivitetty aktualizováno frissítve ενημερώθηκε ενημέρωση 更新时间 更新日 수정
"""


def _word_set(words: str) -> frozenset[str]:
    folded = normalize_text(words).split()
    return frozenset(folded) | frozenset(strip_accents(word) for word in folded)


UPDATE_WORDS = _word_set(_UPDATE_CUES)
CUE_WORDS = _word_set(_PUBLISH_CUES) | UPDATE_WORDS

# Zone abbreviation -> UTC offset in minutes; None where the name is ambiguous or seasonal.
ZONE_OFFSETS: dict[str, int | None] = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "mez": 60,
    "cest": 120, "mesz": 120, "eet": 120, "eest": 180, "msk": 180, "trt": 180, "est": -300,
    "edt": -240, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420, "brt": -180,
    "art": -180, "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "aest": 600, "aedt": 660,
    "мск": 180, "wib": 420, "wita": 480, "wit": 540, "cst": None, "ist": None, "et": None, "pt": None, "ct": None,
}
