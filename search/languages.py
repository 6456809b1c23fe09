"""The table of supported languages: codes, names and Snowball stemmers."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError

UNDETERMINED = "und"

# ISO 639-1 code -> snowballstemmer algorithm (34 languages).
SNOWBALL_ALGORITHMS: dict[str, str] = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "fa": "persian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}

# Codes that detectors report for a language we stem under another code.
ALIASES: dict[str, str] = {"nb": "no", "nn": "no", "iw": "he", "ji": "yi", "in": "id"}


@dataclass(frozen=True)
class Language:
    """One language: its code, English and native names, and Snowball stemmer if any."""

    code: str
    name: str
    native_name: str
    stemmer: str | None


def normalize_code(code: str | None) -> str:
    """Return the canonical lowercase code for a language code, or ``und``."""
    if not code:
        return UNDETERMINED
    code = code.strip().lower().replace("_", "-").split("-")[0]
    code = ALIASES.get(code, code)
    if not (2 <= len(code) <= 3 and code.isascii() and code.isalpha()):
        return UNDETERMINED
    return code


@lru_cache(maxsize=512)
def get_language(code: str) -> Language:
    """Describe a language by code, with names from CLDR (through Babel)."""
    code = normalize_code(code)
    if code == UNDETERMINED:
        return Language(UNDETERMINED, "Undetermined", "Undetermined", None)
    try:
        locale = Locale.parse(code)
        name = locale.get_display_name("en") or code
        native = locale.get_display_name(code) or name
    except (UnknownLocaleError, ValueError):
        name = native = code
    return Language(code, name, native, SNOWBALL_ALGORITHMS.get(code))


def stemmed_languages() -> tuple[str, ...]:
    """Return the codes of every language with a Snowball stemmer, sorted."""
    return tuple(sorted(SNOWBALL_ALGORITHMS))


# Languages the detector may answer (normalized codes): the py3langid languages we can measure on
# ../shared/data/langid, plus the Snowball ones and a few with a script of their own. Regional
# neighbours py3langid also knows (ext, an, gl, lij, vec, lb, wa, pcm...) are left out on purpose:
# they mostly steal short Spanish, Italian or English paragraphs.
DETECTABLE_LANGUAGES: frozenset[str] = frozenset({
    "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo",
    "es", "et", "eu", "fa", "fi", "fr", "ga", "gu", "he", "hi", "hr", "hu", "hy", "id", "is", "it",
    "ja", "ka", "kk", "km", "kn", "ko", "la", "lg", "lo", "lt", "lv", "mk", "ml", "mn", "mr", "ms",
    "my", "ne", "nl", "no", "or", "pa", "pl", "pt", "ro", "ru", "si", "sk", "sl", "sn", "so", "sq",
    "sr", "st", "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "vi", "xh", "yi", "yo", "zh",
    "zu",
})
