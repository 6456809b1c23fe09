"""Header metadata besides the date: translation notes, bylines, repeated titles."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from babel import Locale, UnknownLocaleError

# Languages an article may be translated from; names outside this set are ignored so that rare
# CLDR names cannot shadow common ones ("slovacco" vs "sloveno").
SOURCE_LANGUAGES: tuple[str, ...] = (
    "en", "es", "fr", "de", "it", "pt", "ru", "zh", "ja", "ko", "ar", "nl", "pl", "tr", "uk",
    "ca", "ro", "sv", "da", "no", "fi", "cs", "sk", "hu", "el", "he", "fa", "hi", "bg", "hr",
    "sr", "sl", "lt", "lv", "et", "id", "vi", "th", "ga", "eu", "gl", "be", "ka", "hy", "az",
)

# Names CLDR does not give but newsrooms use.
NAME_ALIASES: dict[str, str] = {
    "castellano": "es", "castellà": "es", "castelhano": "es", "castillan": "es",
    "kastilisch": "es", "castilian": "es", "mandarin": "zh", "mandarino": "zh", "mandarín": "zh",
    "farsi": "fa", "persan": "fa",
}

_NAME = r"(?P<name>[^\W\d_][^\s\d.,;:!?()\[\]/|]*)"
_FILLER = r"(?:(?:the|het|de|lo|la|il|limba|lingua|języka|jazyka|языка|мови|kielestä)\s+)*"

# Note language -> patterns. Each pattern starts at the beginning of the note and captures the
# source-language word; what may follow is checked by _TAIL.
_NOTE_PATTERNS: dict[str, tuple[str, ...]] = {
    "it": (r"(?:tradott[oaie]|traduzione)\s+(?:dall'|dallo\s+|dalla\s+|dal\s+|dai\s+|da\s+)",),
    "es": (r"(?:traducid[oa]s?|traducción|traducci[oó]n)\s+(?:del\s+|de\s+la\s+|desde\s+el\s+|de\s+)",),
    "fr": (r"(?:tradui(?:t|te|ts|tes)|traduction)\s+(?:de\s+l'|du\s+|de\s+|depuis\s+l')",),
    "de": (r"(?:übersetzt|übersetzung|uebersetzt)\s+aus\s+dem\s+",
           r"(?:aus\s+dem|vom)\s+" + _NAME + r"\s+(?:übersetzt|uebersetzt)"),
    "en": (r"(?:translated|translation)\s+(?:from|out\s+of)\s+",),
    "pt": (r"(?:traduzid[oa]s?|tradução|traducao)\s+(?:do\s+|da\s+|de\s+)",),
    "nl": (r"(?:vertaald|vertaling)\s+(?:uit|van)\s+",),
    "ru": (r"(?:переведено|переведен[аы]?|перевод)\s+с\s+",),
    "uk": (r"(?:перекладено|переклад)\s+з\s+",),
    "pl": (r"(?:przetłumaczon[oyaei]|tłumaczenie|tłum\.)\s+z\s+",),
    "tr": (_NAME + r"\s+(?:çevrilmiştir|çevrildi|çeviri|çeviren)",),
    "ca": (r"(?:tradu[iï]t|traduïda|traducció)\s+(?:de\s+l'|del\s+|de\s+)",),
    "ro": (r"(?:tradus[aă]?|traducere)\s+din\s+",),
    "sv": (r"(?:översatt|översättning)\s+från\s+",),
    "da": (r"(?:oversat|oversættelse)\s+fra\s+",),
    "no": (r"(?:oversatt|oversettelse)\s+fra\s+",),
    "cs": (r"(?:přeloženo|přeložil[a]?|překlad)\s+z\s+",),
}

_LABEL = r"^[\s(\[*_«\"]*(?:[^\W\d_]+\s*:\s*)?"
_TAIL = re.compile(
    r"(?:\s*[,:;]?\s*(?:by|da|di|por|par|von|door|przez|de|av|af|от|від|tarafından|kirjoittanut)"
    r"(?:\s+[\w.'\-]+){1,4})?[\s.)\]*_»\"]*$"
)


def normalize_text(text: str) -> str:
    """Casefold for matching: NFC, one apostrophe, no bidi marks, Turkish dotted I made plain."""
    text = unicodedata.normalize("NFC", text).casefold()
    if text.isascii():
        return text
    # str.replace runs in C; str.translate with a dict is ten times slower on long lines.
    for old, new in _FOLD:
        if old in text:
            text = text.replace(old, new)
    return text


_FOLD = (("\u0307", ""), ("’", "'"), ("ʼ", "'"), ("\u200e", ""), ("\u200f", ""), ("\u061c", ""))


def strip_accents(word: str) -> str:
    """Drop combining marks ("inglés" -> "ingles") so unaccented scrapes still match."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")


@lru_cache(maxsize=1)
def _compiled_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    compiled = []
    for note_lang, patterns in _NOTE_PATTERNS.items():
        for pattern in patterns:
            body = pattern + _FILLER + _NAME if "(?P<name>" not in pattern else pattern
            compiled.append((note_lang, re.compile(_LABEL + body)))
    return tuple(compiled)


@lru_cache(maxsize=64)
def language_names(note_lang: str) -> dict[str, str]:
    """Map each language name written in ``note_lang`` (casefolded, unaccented) to its code."""
    try:
        names = Locale.parse(note_lang).languages
    except (UnknownLocaleError, ValueError):
        return {}
    table: dict[str, str] = {}
    for code in SOURCE_LANGUAGES:
        name = names.get(code)
        if name and " " not in name:
            table[strip_accents(normalize_text(name))] = code
    for alias, code in NAME_ALIASES.items():
        table.setdefault(strip_accents(alias), code)
    return table


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def match_language_name(word: str, note_lang: str) -> str | None:
    """Return the code of the language named by an inflected word ("spagnola", "Englischen")."""
    word = strip_accents(normalize_text(word))
    table = language_names(note_lang)
    if word in table:
        return table[word]
    best, best_len, tie = None, 0, False
    for name, code in table.items():
        shared = _common_prefix(word, name)
        # Inflection changes only the ending: "английского"/"английский", "angličtiny"/"angličtina".
        if shared >= max(4, len(name) - 2) and len(word) <= len(name) + 4:
            if shared > best_len:
                best, best_len, tie = code, shared, False
            elif shared == best_len and code != best:
                tie = True
    return None if tie else best


def parse_translated_from(note: str) -> str | None:
    """Return the ISO 639-1 code of the source language of a translation note, else None."""
    if len(note) > 160 or not _QUICK.search(note.lower()):
        return None
    text = normalize_text(note)
    for note_lang, pattern in _compiled_patterns():
        match = pattern.match(text)
        if match and _TAIL.match(text, match.end()):
            code = match_language_name(match.group("name"), note_lang)
            if code:
                return code
    return None


def find_translation_note(line: str) -> str | None:
    """Return the source language of a header line made of a translation note and bylines."""
    if len(line) > 160 or not _QUICK.search(line.lower()):
        return None
    code = None
    for segment in SEGMENT_SPLIT.split(line.strip()):
        if found := parse_translated_from(segment):
            code = code or found
        elif segment and not is_byline(segment):
            return None
    return code


# Header lines hold several items: "Por Ana García | Traducido del inglés".
SEGMENT_SPLIT = re.compile(r"\s*(?:[|•·▪¦]|\s[-–—/]\s)\s*")

# Cheap pre-check on the lowercased text: every note pattern contains one of these stems
# (re.IGNORECASE would make this search eight times slower).
_QUICK = re.compile(
    "tradu|tradot|übersetz|uebersetz|translat|vertaal|vertaling|перев|перекла|tłum|çev|"
    "översätt|översatt|overs|přelo|překl"
)


# Words that open a byline or credit beside a dateline ("By Jane Doe", "Redazione", "Fonte: ANSA").
BYLINE_WORDS: frozenset[str] = frozenset(["by", "por", "di", "da", "de", "par", "von", "door", "przez", "av", "af", "от", "від", "autor", "autore", "auteur", "author", "redazione", "redacción", "redaccion", "rédaction", "redaktion", "redactie", "redakcja", "редакция", "fonte", "fuente", "source", "quelle", "bron", "źródło", "источник", "foto", "photo", "fotos", "photos", "lesezeit", "lectura", "lettura", "lecture", "leitura", "leestijd"])

_TOKENS = re.compile(r"\w+")


def is_byline(segment: str, *, before_date: bool = True) -> bool:
    """True for a byline, agency, place or reading time that may sit beside a date on a dateline."""
    words = segment.split()
    if not words or len(words) > 5 or len(segment) > 50:
        return False
    first = normalize_text(words[0]).rstrip(":.")
    if first in BYLINE_WORDS or any(normalize_text(w).startswith(("min", "мин")) for w in words[1:3]):
        return True
    if all(w.isupper() or not w[:1].isalpha() for w in words):
        return True  # agencies and places: "EFE", "MADRID"
    # Capitalised names before the date ("Mario Rossi | 28 gennaio 2026"); after a date, a
    # capitalised phrase is more likely a timeline entry ("24 febbraio 2022 - L'invasione").
    return before_date and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_TOKENS.findall(normalize_text(text)))


_title_tokens = lru_cache(maxsize=64)(_tokens)  # one title is compared with several paragraphs


def is_repeated_title(title: str, paragraph: str) -> bool:
    """True when ``paragraph`` is a near-duplicate of the title (a few words added or dropped)."""
    # A Jaccard index of 0.7 needs lengths within a factor of about 1.5 of each other.
    if not title or not 0.5 * len(title) - 10 <= len(paragraph) <= 1.6 * len(title) + 10:
        return False
    a, b = _title_tokens(title), _tokens(paragraph)
    if not a or not b:
        return False
    if len(a) <= 3:
        return a == b
    return len(a & b) / len(a | b) >= 0.7
