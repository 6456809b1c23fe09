"""The actor registry: who the news is about, the same in every language."""
from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Iterator, Mapping

import babel

from search.actor_discovery import discover_people, get_role_words
from search.actor_lookup import LabelIndex, QueryIndex, fold
from search.actor_matching import Surface, TextMatcher, is_unspaced
from search.actor_rules import EXCLUDED_CLDR_NAMES, NOT_ACTOR_PHRASES
from search.actor_sources import (CLDR_LANGUAGES, ActorSpec, build_country_specs,
                                  load_territory_names, merge_spec, read_actor_file,
                                  split_cldr_name)
from search.languages import UNDETERMINED, normalize_code
from search.storage import write_atomically

DATA_DIR = Path(__file__).resolve().parent / "data"
BUILTIN_FILES = ("countries.toml", "demonyms.toml", "actors.toml")
DISCOVERED_PREFIX = "discovered:"
MIN_CLDR_LETTERS = 3     # Irã, Çin, США; shorter ones (Vietnamese "Áo") are other words
_MAX_REMEMBERED = 10_000
MATCHER_VERSION = 2  # bump when TextMatcher's matching or pickled form changes (cache key)


@dataclass(frozen=True)
class Actor:
    """A person, country or organisation, with a display name per language."""

    id: str
    type: str
    names: Mapping[str, str] = field(hash=False)
    country: str | None = None
    roles: tuple[str, ...] = ()
    discovered: bool = False

    def label(self, lang: str | None) -> str:
        """Return the name in lang, else the English name."""
        return (self.names.get(normalize_code(lang)) if lang else None) or self.names["en"]


class CountryNames(Mapping[str, str]):
    """Display names of a CLDR territory, read from Babel only for the languages asked."""

    def __init__(self, territory: str, overrides: Mapping[str, str]) -> None:
        self._territory = territory
        self._overrides = dict(overrides)

    def __getitem__(self, lang: str) -> str:
        if lang in self._overrides:
            return self._overrides[lang]
        name = load_territory_names(lang).get(self._territory) if lang.isalpha() else None
        if not name:
            raise KeyError(lang)
        return split_cldr_name(self._territory, name, lang)[0]

    def __iter__(self) -> Iterator[str]:
        langs = dict.fromkeys([*self._overrides, *CLDR_LANGUAGES])
        return (lang for lang in langs if lang in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, lang: object) -> bool:
        return isinstance(lang, str) and self.get(lang) is not None


class ActorRegistry:
    """Actors with their names and aliases, and the matchers built from them (lazily)."""

    def __init__(self, specs: Mapping[str, ActorSpec]) -> None:
        self._specs = dict(specs)
        self._actors = {spec.id: _freeze(spec) for spec in self._specs.values()}
        self._matchers: dict[str, TextMatcher] = {}
        self._query_index: QueryIndex | None = None
        self._label_indexes: dict[str | None, LabelIndex] = {}
        self._discovered: dict[str, str] = {}
        self._cache_dir: Path | None = None

    def __len__(self) -> int:
        return len(self._actors)

    def get(self, actor_id: str) -> Actor | None:
        """Return an actor by id; discovered ids give a person named as last seen."""
        if actor_id.startswith(DISCOVERED_PREFIX):
            slug = actor_id[len(DISCOVERED_PREFIX):]
            if not slug:
                return None
            name = self._discovered.get(actor_id) or slug.replace("-", " ").title()
            return Actor(actor_id, "person", MappingProxyType({"en": name}), discovered=True)
        return self._actors.get(actor_id)

    def find_actors(self, text: str, lang: str) -> list[str]:
        """Return ids of the actors a text mentions, in order of first mention."""
        lang = normalize_code(lang)
        matches, role_ends = self.get_matcher(lang).scan(text)
        found = [(m.start, m.actor_id) for m in matches]
        taken = [(m.start, m.end) for m in matches]
        for person in discover_people(text, lang, role_ends, taken):
            known = self._actors.get(person.slug)
            if known is not None and known.type == "person":
                found.append((person.start, known.id))
            elif person.slug:
                actor_id = DISCOVERED_PREFIX + person.slug
                self._remember(actor_id, person.name)
                found.append((person.start, actor_id))
        found.sort()
        return list(dict.fromkeys(actor_id for _, actor_id in found))

    def match_query(self, query: str) -> list[tuple[str, str]]:
        """Return (phrase, actor id) for each query phrase naming an actor, longest first."""
        if self._query_index is None:
            self._query_index = QueryIndex(self._iter_query_forms())
        found = self._query_index.match(query)
        return sorted(found, key=lambda pair: -len(pair[0]))

    def search_labels(self, prefix: str, lang: str | None = None) -> list[str]:
        """Return ids whose names or aliases start with prefix (case and accent blind)."""
        key = normalize_code(lang) if lang else None
        if key not in self._label_indexes:
            langs = None if key is None else (key, "en", "*")
            self._label_indexes[key] = LabelIndex(
                (text, actor_id) for _, text, actor_id in self._iter_query_forms(langs))
        ids = self._label_indexes[key].search(prefix)
        folded = fold(prefix)

        def rank(actor_id: str) -> tuple[int, int, str]:
            label = fold(self._actors[actor_id].label(lang))
            words = label.split()
            return (0 if label.startswith(folded) else 1 if any(w.startswith(folded) for w in words)
                    else 2, len(label), label)
        return sorted(ids, key=rank)

    def get_matcher(self, lang: str) -> TextMatcher:
        """Return the text matcher for a language: from memory, from the disk cache, or built."""
        matcher = self._matchers.get(lang)
        if matcher is None:
            matcher = self._cached_matcher(lang)
            self._matchers[lang] = matcher
        return matcher

    def use_cache(self, folder: Path) -> None:
        """Keep built matchers in a folder (an index generation's), so other processes reuse them."""
        self._cache_dir = folder

    def _cached_matcher(self, lang: str) -> TextMatcher:
        """Building a matcher takes ~80 ms; a pickled one loads in a few (updates need that)."""
        if self._cache_dir is None:
            return TextMatcher(lang, self._iter_surfaces(lang), get_role_words(lang))
        path = self._cache_dir / f"{lang}.pickle"
        try:
            with open(path, "rb") as handle:
                cached: TextMatcher = pickle.load(handle)
            return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
        matcher = TextMatcher(lang, self._iter_surfaces(lang), get_role_words(lang))
        try:
            self._cache_dir.mkdir(parents=True, exist_ok=True)
            write_atomically(path, lambda handle: pickle.dump(matcher, handle, pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache that cannot be written only costs time
        return matcher

    def _remember(self, actor_id: str, name: str) -> None:
        if len(self._discovered) >= _MAX_REMEMBERED:
            self._discovered.pop(next(iter(self._discovered)))
        self._discovered[actor_id] = name

    def _iter_surfaces(self, lang: str) -> Iterator[Surface]:
        name_langs = (lang, "en")
        alias_langs = (lang, "*", "en") if lang in ("en", UNDETERMINED) else (lang, "*")
        for spec in self._specs.values():
            names: dict[str, bool] = {}
            for name_lang in name_langs:
                for name in self._iter_names(spec, (name_lang,)):
                    names.setdefault(name, name_lang == lang)
            yield from (Surface(name, spec.id, False, native, spec.type)
                        for name, native in names.items())
            # A country alias sharing the name's start is a demonym (Russian, ruso); others
            # (Moscow, Washington) are capitals or nicknames, easily part of a longer name.
            prefixes = {fold(name)[:2] for name in names}
            for alias_lang in alias_langs:
                for alias in spec.aliases.get(alias_lang, ()):
                    extra = alias not in names and not (spec.type == "country"
                                                        and fold(alias)[:2] in prefixes)
                    yield Surface(alias, spec.id, extra, True, spec.type)
        yield from (Surface(phrase, "") for phrase in NOT_ACTOR_PHRASES.get(lang, ()))

    def _iter_names(self, spec: ActorSpec, langs: tuple[str, ...]) -> Iterator[str]:
        for lang in langs:
            if lang in spec.names:
                yield spec.names[lang]
            if spec.territory:
                cldr = load_territory_names(lang).get(spec.territory)
                forms = split_cldr_name(spec.territory, cldr, lang) if cldr else []
                excluded = EXCLUDED_CLDR_NAMES.get(lang, frozenset())
                yield from (f for f in forms
                            if _is_usable_cldr_name(f) and f.lower() not in excluded)

    def _iter_query_forms(self, langs: tuple[str, ...] | None = None
                          ) -> Iterator[tuple[str, str, str]]:
        name_langs = langs or CLDR_LANGUAGES
        for spec in self._specs.values():
            for lang in dict.fromkeys([*name_langs, *(spec.names if langs is None else ())]):
                yield from ((lang, name, spec.id) for name in self._iter_names(spec, (lang,)))
            for lang, aliases in spec.aliases.items():
                if langs is None or lang in langs:
                    yield from ((lang, alias, spec.id) for alias in aliases)


def _is_usable_cldr_name(name: str) -> bool:
    if is_unspaced(name):
        return len(name) >= 2
    return sum(c.isalpha() for c in name) >= MIN_CLDR_LETTERS


def _freeze(spec: ActorSpec) -> Actor:
    names: Mapping[str, str]
    if spec.territory:
        names = CountryNames(spec.territory, spec.names)
    else:
        names = MappingProxyType(dict(spec.names))
    return Actor(spec.id, spec.type, names, spec.country, spec.roles)


@lru_cache(maxsize=1)
def _load_builtin_specs() -> dict[str, ActorSpec]:
    specs = build_country_specs()
    for name in BUILTIN_FILES:
        path = DATA_DIR / name
        if path.is_file():
            _merge_file(specs, path)
    return specs


def _merge_file(specs: dict[str, ActorSpec], path: Path) -> None:
    entries = read_actor_file(path)
    for spec in entries:
        merge_spec(specs, spec, path)
    for spec in entries:
        country = specs[spec.id].country
        if country and country not in specs:
            raise ValueError(f"{path}: actor {spec.id!r}: unknown country id {country!r}")


@lru_cache(maxsize=1)
def registry_fingerprint() -> str:
    """Changes whenever the built-in data or the matcher code changes (keys the matcher cache)."""
    stamps = [f"{MATCHER_VERSION}", babel.__version__] + [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                                       for p in sorted(DATA_DIR.glob("*.toml"))]
    return "|".join(stamps)


@lru_cache(maxsize=1)
def _load_builtin_registry() -> ActorRegistry:
    return ActorRegistry(_load_builtin_specs())


def load_registry(extra_file: Path | None = None) -> ActorRegistry:
    """Load built-in actors, CLDR countries and demonyms, extended by a user actors.toml."""
    if extra_file is None:
        return _load_builtin_registry()
    extra_file = Path(extra_file)
    if not extra_file.is_file():
        raise ValueError(f"{extra_file}: actor file not found")
    specs = copy.deepcopy(_load_builtin_specs())
    _merge_file(specs, extra_file)
    return ActorRegistry(specs)
