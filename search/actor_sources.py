"""Actor data sources: the TOML actor files and CLDR country names (through Babel)."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import localedata

ACTOR_TYPES = ("person", "country", "organisation")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# CLDR "territories" that are not countries we want, or that are organisations.
_SKIPPED_TERRITORIES = frozenset({"EZ", "QO", "XA", "XB", "ZZ", "AQ"})
ORGANISATION_TERRITORIES = {"EU": "european-union", "UN": "united-nations"}
# CLDR's English name makes a poor id here ("Palestinian Territories"); the data files use these.
TERRITORY_IDS = {"PS": "palestine"}
# Babel locales whose territory names feed query matching and label search.
CLDR_LANGUAGES: tuple[str, ...] = (
    "af", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo",
    "es", "et", "eu", "fa", "fi", "fil", "fr", "ga", "gl", "he", "hi", "hr", "hu", "hy", "id",
    "is", "it", "ja", "ka", "kk", "ko", "lt", "lv", "mk", "ms", "ne", "nl", "no", "pl", "pt",
    "ro", "ru", "sk", "sl", "sq", "sr", "sv", "sw", "ta", "th", "tr", "uk", "ur", "vi", "zh",
)
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "i",
     "ye", "g"],
))


@dataclass
class ActorSpec:
    """A mutable actor record while the registry is being assembled."""

    id: str
    type: str
    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    country: str | None = None
    roles: tuple[str, ...] = ()
    territory: str | None = None


def slugify(name: str) -> str:
    """Make a lowercase ASCII slug: 'Zhang Youxia' -> 'zhang-youxia', 'Türkiye' -> 'turkiye'."""
    text = "".join(_CYRILLIC.get(c, c) for c in name.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@lru_cache(maxsize=None)
def load_territory_names(lang: str) -> dict[str, str]:
    """Return CLDR territory names (code -> name) in a language, or {} without CLDR data."""
    if not lang.isalpha() or not localedata.exists(lang):
        return {}
    try:
        # Babel's raw locale data rather than Locale(lang).territories: Locale objects stay
        # cached with all their data, and we want only this table.
        names = dict(localedata.load(lang)["territories"])
    finally:
        _evict_babel_cache(lang)
    return {code: name for code, name in names.items() if len(code) == 2 and code.isalpha()}


def _evict_babel_cache(lang: str) -> None:
    # Babel keeps every loaded locale (~1 MB each) forever; we only need the territory names.
    cache = getattr(localedata, "_cache", None)
    if isinstance(cache, dict) and lang not in ("root", "en"):
        cache.pop(lang, None)


def split_cldr_name(code: str, name: str, lang: str) -> list[str]:
    """Turn one CLDR territory name into usable surface names ('Myanmar (Burma)' -> both)."""
    name = name.replace(" SAR China", "").replace("\u2019", "'")
    inner = re.search(r" ?\(([^)]*)\)", name)
    base = name if inner is None else (name[:inner.start()] + name[inner.end():]).strip()
    forms = [base]
    if inner is not None and inner.end() == len(name) and code not in ("HK", "MO"):
        extra = inner.group(1).strip()
        # "Myanmar (Burma)": both are names; "Внешние малые острова (США)" names the owner.
        if not extra.isupper() and extra not in load_territory_names(lang).values():
            forms.append(extra)
    if lang == "en" and " & " in base:
        forms.append(base.replace(" & ", " and "))
    return [f for f in forms if f]


def build_country_specs() -> dict[str, ActorSpec]:
    """Create one actor per CLDR territory, id from its English name, names filled lazily."""
    specs: dict[str, ActorSpec] = {}
    for code, name in load_territory_names("en").items():
        if code in _SKIPPED_TERRITORIES:
            continue
        display = split_cldr_name(code, name, "en")[0]
        # The id slugs the whole English name ("myanmar-burma"), as the data files expect.
        actor_id = (ORGANISATION_TERRITORIES.get(code) or TERRITORY_IDS.get(code)
                    or slugify(name.replace(" SAR China", "")))
        kind = "organisation" if code in ORGANISATION_TERRITORIES else "country"
        specs[actor_id] = ActorSpec(actor_id, kind, {"en": display}, territory=code)
    return specs


def read_actor_file(path: Path) -> list[ActorSpec]:
    """Parse and validate one actors TOML file; raise ValueError naming the file and problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read actor file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML: {exc}") from exc
    entries = data.get("actor", [])
    unknown = sorted(set(data) - {"actor"})
    if unknown or not isinstance(entries, list):
        raise ValueError(f"{path}: expected only [[actor]] tables, found {unknown or 'actor'}")
    return [_parse_entry(path, i, entry) for i, entry in enumerate(entries, 1)]


def _parse_entry(path: Path, index: int, entry: Any) -> ActorSpec:
    where = f"{path}: actor #{index}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: must be a table")
    actor_id = entry.get("id")
    if not isinstance(actor_id, str) or not _ID_RE.match(actor_id):
        raise ValueError(f"{where}: 'id' must be a lowercase ASCII slug like 'vladimir-putin', got {actor_id!r}")
    where = f"{where} ({actor_id})"
    unknown = sorted(set(entry) - {"id", "type", "names", "aliases", "country", "roles"})
    if unknown:
        raise ValueError(f"{where}: unknown keys {unknown}")
    kind = entry.get("type", "")
    if kind not in ACTOR_TYPES + ("",):
        raise ValueError(f"{where}: 'type' must be one of {ACTOR_TYPES}, got {kind!r}")
    names = _check_table(where, "names", entry.get("names", {}), str)
    aliases = _check_table(where, "aliases", entry.get("aliases", {}), list)
    for lang, forms in aliases.items():
        if not all(isinstance(f, str) and f.strip() for f in forms):
            raise ValueError(f"{where}: aliases.{lang} must be a list of non-empty strings")
    country, roles = entry.get("country"), entry.get("roles", [])
    if country is not None and not isinstance(country, str):
        raise ValueError(f"{where}: 'country' must be a string")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise ValueError(f"{where}: 'roles' must be a list of strings")
    return ActorSpec(actor_id, kind, dict(names), {k: list(v) for k, v in aliases.items()},
                     country, tuple(roles))


def _check_table(where: str, key: str, value: Any, item_type: type) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(v, item_type) for v in value.values()):
        raise ValueError(f"{where}: '{key}' must be a table of language code -> {item_type.__name__}")
    return value


def merge_spec(specs: dict[str, ActorSpec], new: ActorSpec, source: Path) -> None:
    """Add a new actor, or extend an existing one (aliases merged, scalars replaced)."""
    old = specs.get(new.id)
    if old is None:
        if not new.type or "en" not in new.names:
            raise ValueError(f"{source}: actor {new.id!r} is new, so it needs 'type' and names.en")
        specs[new.id] = new
        return
    old.type = new.type or old.type
    old.names.update(new.names)
    for lang, forms in new.aliases.items():
        known = old.aliases.setdefault(lang, [])
        known.extend(f for f in forms if f not in known)
    old.country = new.country or old.country
    old.roles = new.roles or old.roles
