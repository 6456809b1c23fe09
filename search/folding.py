"""Per-language letter tables: lowercasing and accent folding that keep each language's own letters."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that collate as letters of their own (CLDR primary differences) in a language: folding
# them would merge words ("año" and "ano"), so they survive; every other accent is dropped.
KEPT_LETTERS: dict[str, str] = {
    "es": "ñ", "eu": "ñ",
    "sv": "åäö", "fi": "åäö", "da": "æøå", "no": "æøå",
    "tr": "çğıöşü", "pl": "ąćęłńóśźż", "cs": "čřšž", "ro": "ăâîșț",
    "hu": "öü", "et": "šžõäöü", "eo": "ĉĝĥĵŝŭ", "sr": "čćđšž", "lt": "čšž",
}

# Letters that are letters of their own in every language that writes them: never folded, so a
# Spanish "año" typed in a query does not meet Portuguese "ano" in the Portuguese fields either.
ALWAYS_KEPT = "ñ"

# Letters folded onto another letter of the language rather than onto a bare base letter.
EXTRA_FOLDS: dict[str, dict[str, str]] = {
    "sv": {"æ": "ä", "ø": "ö"}, "fi": {"æ": "ä", "ø": "ö"},
    "da": {"ä": "æ", "ö": "ø"}, "no": {"ä": "æ", "ö": "ø"},
    "hu": {"ő": "ö", "ű": "ü"},
    "ro": {"ş": "ș", "ţ": "ț"},  # legacy cedilla forms of the comma-below letters
}

# Languages whose combining marks are letters, not decoration (Yiddish vowel points).
KEEP_HEBREW_POINTS = frozenset({"yi"})

# Letters without a Unicode decomposition that still have an obvious bare spelling.
_BARE_LETTERS: dict[str, str] = {
    "æ": "ae", "œ": "oe", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "þ": "th",
    "ð": "d", "ı": "i", "ŀ": "l", "ĳ": "ij", "ſ": "s", "ё": "е", "և": "եւ",
    "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
}
_FULLWIDTH = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}  # ＮＡＴＯ in CJK text
_LATIN_GREEK = [*range(0xC0, 0x250), *range(0x1E00, 0x1F00), *range(0x370, 0x400), *range(0x1F00, 0x2000)]
_ARABIC_MARKS = [*range(0x064B, 0x0653), 0x0670, 0x0640]  # harakat, dagger alef, tatweel
_HEBREW_POINTS = [*range(0x0591, 0x05BE), 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7]
_COMBINING = range(0x0300, 0x0370)


def strip_marks(text: str) -> str:
    """Drop every combining mark: ``strip_marks("señora") == "senora"``."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=None)
def _generic_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {cp: None for cp in (*_COMBINING, *_ARABIC_MARKS, *_HEBREW_POINTS)}
    for cp in _LATIN_GREEK:
        char = chr(cp)
        if char.islower() or not char.isalpha():
            bare = strip_marks(char)
            if bare and bare != char:
                table[cp] = bare
    table.update({ord(k): v for k, v in _BARE_LETTERS.items()})
    table.update(_FULLWIDTH)
    for letter in ALWAYS_KEPT:
        table.pop(ord(letter), None)
    return table


@lru_cache(maxsize=None)
def fold_table(lang: str) -> dict[int, str | None]:
    """Return the ``str.translate`` table that folds lowercase text of ``lang``."""
    table = dict(_generic_table())
    for letter in KEPT_LETTERS.get(lang, ""):
        table.pop(ord(letter), None)
    table.update({ord(k): v for k, v in EXTRA_FOLDS.get(lang, {}).items()})
    if lang in KEEP_HEBREW_POINTS:
        for cp in _HEBREW_POINTS:
            table.pop(cp, None)
    return table


def fold(word: str, lang: str) -> str:
    """Fold the accents a reader of ``lang`` may omit: ``fold("cooperación", "es") == "cooperacion"``."""
    return word.translate(fold_table(lang))


def lower(word: str, lang: str) -> str:
    """Lowercase, with Turkish dotted/dotless i: ``lower("Iİ", "tr") == "ıi"``."""
    if lang in ("tr", "az"):
        return word.replace("I", "ı").replace("İ", "i").lower()
    return word.replace("İ", "I").lower() if "İ" in word else word.lower()


# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, Han, kana, Hangul).
NOSPACE_BMP = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u1100-\u11ff\u3005\u3040-\u30ff\u3130-\u318f"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)
NOSPACE_ASTRAL = "\U00020000-\U0003134f"  # Han extensions B to H


@lru_cache(maxsize=None)
def word_char_class() -> str:
    """Return a regex class body of the BMP letters, marks, digits and joiners outside ``NOSPACE_BMP``."""
    # re matches a class of BMP code points with one bitmap lookup; a class reaching past U+FFFF
    # falls back to scanning hundreds of ranges per character (ten times slower), hence BMP only.
    nospace = re.compile(f"[{NOSPACE_BMP}]")
    ranges: list[list[int]] = []
    for cp in range(0x10000):
        char = chr(cp)
        if (unicodedata.category(char)[0] in "LMN" and not nospace.match(char)) or cp in (0x200C, 0x200D):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


def is_word_char(char: str) -> bool:
    """Tell whether a character is a letter, mark or digit (for the rare letters past U+FFFF)."""
    return unicodedata.category(char)[0] in "LMN"
