"""Tables the corpus generator composes articles from: datelines, translation notes, actor names."""
from __future__ import annotations

import datetime as dt
import random

# Zipf-like mix: the big seven first, then every other language of the sentence files.
MAIN_LANGUAGES = ("es", "it", "fr", "de", "pt", "en", "ru")
ZIPF_EXPONENT = 1.3

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
}
MONTH_NAMES = {lang: names.split() for lang, names in MONTHS.items()}

# {d} day, {dd} zero-padded day, {m}/{mm} month, {M} month name in the language, {E} English
# month name, {y} year, {H}/{MI} time; generic forms serve every language.
DATELINES = {
    "es": ["Publicado el {d} de {M} de {y}", "{d} de {M} de {y}, {H}:{MI}",
           "Madrid, {d} de {M} de {y} (EFE).", "Actualizado: {dd}/{mm}/{y} {H}:{MI}"],
    "it": ["Pubblicato il {d} {M} {y}", "Pubblicato il {d} {E} {y}", "Roma, {d} {M} {y}",
           "{dd}/{mm}/{y} ore {H}:{MI}"],
    "fr": ["Publié le {d} {M} {y} à {H}h{MI}", "Mis à jour le {dd}/{mm}/{y}", "Paris, le {d} {M} {y}"],
    "de": ["{dd}.{mm}.{y}", "Veröffentlicht am {d}. {M} {y}", "Berlin, {d}. {M} {y}",
           "Stand: {dd}.{mm}.{y}, {H}:{MI} Uhr"],
    "pt": ["Publicado em {d} de {M} de {y}", "Lisboa, {d} de {M} de {y}", "{dd}/{mm}/{y} às {H}h{MI}"],
    "en": ["{E} {d}, {y}", "Published {d} {E} {y}", "Updated: {E} {d}, {y} {H}:{MI} GMT",
           "LONDON, {E} {d} ({y})"],
    "ru": ["{d} {M} {y}", "Опубликовано {dd}.{mm}.{y} в {H}:{MI}", "Москва, {d} {M} {y} г."],
}
GENERIC_DATELINES = ["{y}-{mm}-{dd}T{H}:{MI}:00Z", "{y}-{mm}-{dd}", "{dd}.{mm}.{y}",
                     "{E} {d}, {y}", "{d} {E} {y}"]

TRANSLATION_NOTES = {
    "es": ["Traducido del {src}"], "it": ["Tradotto dallo {src}", "Traduzione dal {src}"],
    "fr": ["Traduit de l'{src}", "Traduit du {src}"], "de": ["Aus dem {src} übersetzt"],
    "pt": ["Traduzido do {src}"], "en": ["Translated from {src}"], "ru": ["Перевод с {src}"],
}
SOURCE_NAMES = {  # the language an article was translated from, named in the article's language
    "es": {"en": "inglés", "fr": "francés", "ru": "ruso", "de": "alemán"},
    "it": {"en": "inglese", "es": "spagnolo", "fr": "francese", "ru": "russo"},
    "fr": {"en": "anglais", "es": "espagnol", "ru": "russe", "de": "allemand"},
    "de": {"en": "Englischen", "es": "Spanischen", "fr": "Französischen", "ru": "Russischen"},
    "pt": {"en": "inglês", "es": "espanhol", "fr": "francês", "ru": "russo"},
    "en": {"es": "Spanish", "fr": "French", "ru": "Russian", "de": "German", "zh": "Chinese"},
    "ru": {"en": "английского", "es": "испанского", "fr": "французского", "de": "немецкого"},
}

_ACTORS = {  # actor -> names by language; "*" when the name is the same everywhere
    "putin": {"*": "Putin", "ru": "Путин", "en": "Vladimir Putin", "es": "Vladímir Putin"},
    "xi": {"*": "Xi Jinping", "ru": "Си Цзиньпин"},
    "zelensky": {"*": "Zelensky", "es": "Zelenski", "de": "Selenskyj", "fr": "Zelensky",
                 "ru": "Зеленский", "it": "Zelensky"},
    "nato": {"*": "NATO", "es": "OTAN", "fr": "OTAN", "pt": "OTAN", "ru": "НАТО"},
    "russia": {"*": "Russia", "es": "Rusia", "fr": "Russie", "de": "Russland", "pt": "Rússia",
               "ru": "Россия", "it": "Russia"},
    "china": {"*": "China", "it": "Cina", "fr": "Chine", "pt": "China", "ru": "Китай"},
    "usa": {"*": "United States", "es": "Estados Unidos", "it": "Stati Uniti",
            "fr": "États-Unis", "de": "Vereinigte Staaten", "pt": "Estados Unidos", "ru": "США"},
    "ukraine": {"*": "Ukraine", "es": "Ucrania", "it": "Ucraina", "pt": "Ucrânia",
                "ru": "Украина", "en": "Ukraine"},
    "eu": {"*": "EU", "es": "Unión Europea", "it": "Unione Europea", "fr": "Union européenne",
           "de": "Europäische Union", "ru": "Евросоюз"},
    "trump": {"*": "Donald Trump", "ru": "Трамп"},
    "macron": {"*": "Emmanuel Macron", "ru": "Макрон"},
    "biden": {"*": "Joe Biden", "ru": "Байден"},
}
ACTOR_KEYS = tuple(_ACTORS)
ACTOR_WEIGHTS = (9, 5, 6, 6, 9, 7, 6, 7, 4, 4, 2, 2)  # Russia and Putin most, Biden least
EMOJI = ("🌍", "🤝", "📌", "🔴", "⚡", "📈", "🇺🇦", "🇷🇺", "✅", "👉")
BULLETS = ("  • ", "- ", "* ", "• ", "– ")
START, SPAN_DAYS = dt.date(2023, 1, 1), 1127  # through January 2026


def actor_name(actor: str, lang: str) -> str:
    """An actor's name as an article in lang writes it."""
    names = _ACTORS[actor]
    return names.get(lang, names["*"])


def make_dateline(rng: random.Random, lang: str) -> str:
    """A dateline in one of the formats scraped articles of that language use."""
    day = START + dt.timedelta(days=rng.randrange(SPAN_DAYS))
    own = DATELINES.get(lang, [])
    template = rng.choice(own if own and rng.random() < 0.75 else GENERIC_DATELINES)
    names = MONTH_NAMES.get(lang, MONTH_NAMES["en"])
    return template.format(
        d=day.day, dd=f"{day.day:02d}", m=day.month, mm=f"{day.month:02d}", y=day.year,
        M=names[day.month - 1], E=MONTH_NAMES["en"][day.month - 1],
        H=f"{rng.randrange(6, 23):02d}", MI=f"{rng.randrange(60):02d}")


def make_translation_note(rng: random.Random, lang: str) -> str | None:
    """A 'translated from' note in the article's language, or None for languages without one."""
    if lang not in TRANSLATION_NOTES:
        return None
    source = rng.choice(list(SOURCE_NAMES[lang].values()))
    return rng.choice(TRANSLATION_NOTES[lang]).format(src=source)
