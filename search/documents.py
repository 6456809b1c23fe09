"""From an article to an indexable document: languages, header, date, provenance and actors."""
from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from search.actors import ActorRegistry
from search.analysis import analyzer_key
from search.corpus import Article
from search.dates import parse_iso_datetime, read_header
from search.detection import detect_article_languages
from search.languages import UNDETERMINED, normalize_code
from search.provenance import parse_translated_from
from search.schema import text_field

ORIGINAL = "original"
# The fields of a stored record, in the order they are written.
RECORD_KEYS = ("id", "path", "title", "lang", "langs", "date", "datetime", "translated_from", "url",
               "source", "actors", "discovered", "header", "paragraphs")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text and the language it is written in."""

    text: str
    lang: str


@dataclass(frozen=True)
class Document:
    """An article ready to be indexed and shown."""

    id: str
    path: str
    title: str
    lang: str
    langs: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    header: tuple[str, ...] = ()
    date: dt.date | None = None
    time: dt.datetime | None = None
    translated_from: str | None = None
    actors: tuple[str, ...] = ()
    discovered: dict[str, str] = field(default_factory=dict)
    url: str | None = None
    source: str | None = None

    @property
    def provenance(self) -> str:
        """``original`` or ``translated-from-XX``."""
        return f"translated-from-{self.translated_from}" if self.translated_from else ORIGINAL


def prepare_document(article: Article, registry: ActorRegistry) -> Document:
    """Detect languages, read the header (date, translation note) and find actors, once per text."""
    main, para_langs = detect_article_languages([article.title, *article.paragraphs])
    lang = normalize_code(article.lang) if article.lang else main
    if lang == UNDETERMINED and main != UNDETERMINED:
        lang = main
    header = read_header(article.title, article.paragraphs, lang)
    date, time = _explicit_date(article) or (header.date, header.time)
    body = tuple(Paragraph(text, para_lang or lang)
                 for i, (text, para_lang) in enumerate(zip(article.paragraphs, para_langs[1:]))
                 if i not in header.header)
    translated = _explicit_translation(article) or header.translated_from
    actors, discovered = _find_actors(registry, article.title, lang, body)
    return Document(
        id=article.id, path=article.path, title=article.title, lang=lang,
        langs=_languages_by_weight(lang, body),
        paragraphs=body, header=tuple(article.paragraphs[i] for i in sorted(header.header)),
        date=date, time=time, translated_from=translated, actors=actors, discovered=discovered,
        url=article.url, source=article.source,
    )


def index_fields(document: Document) -> dict[str, Any]:
    """The Whoosh fields of a document: text per analyzer, facets, the stored record."""
    texts: dict[str, list[str]] = {}
    texts.setdefault(text_field("title", analyzer_key(document.lang)), []).append(document.title)
    for paragraph in document.paragraphs:
        texts.setdefault(text_field("body", analyzer_key(paragraph.lang)), []).append(paragraph.text)
    result: dict[str, Any] = {name: "\n".join(parts) for name, parts in texts.items()}
    result.update(
        id=document.id,
        lang=document.lang,
        actor=" ".join(document.actors),
        provenance=document.provenance,
        facet_row=facet_row(document),
        record=encode_stored(document),
    )
    return result


def facet_row(document: Document) -> bytes:
    """The compact per-document facet record: lang, provenance, date ordinal, actors."""
    ordinal = document.date.toordinal() if document.date else 0
    return f"{document.lang}\t{document.provenance}\t{ordinal}\t{' '.join(document.actors)}".encode()


def encode_stored(document: Document) -> bytes:
    """Everything shown about a document, compressed (the body is most of the index's size)."""
    record = {
        "id": document.id, "path": document.path, "title": document.title,
        "lang": document.lang, "langs": list(document.langs),
        "date": document.date.isoformat() if document.date else None,
        "datetime": document.time.isoformat() if document.time else None,
        "translated_from": document.translated_from,
        "url": document.url, "source": document.source,
        "actors": list(document.actors), "discovered": document.discovered,
        "header": list(document.header),
        "paragraphs": [[p.lang, p.text] for p in document.paragraphs],
    }
    # Values only, in RECORD_KEYS order: the keys would be 5 % of each compressed record.
    values = [record[key] for key in RECORD_KEYS]
    return zlib.compress(json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def decode_stored(data: bytes) -> dict[str, Any]:
    """Inverse of :func:`encode_stored`."""
    return dict(zip(RECORD_KEYS, json.loads(zlib.decompress(data))))


def _explicit_date(article: Article) -> tuple[dt.date, dt.datetime | None] | None:
    if not article.date:
        return None
    try:
        return parse_iso_datetime(article.date)
    except ValueError:
        return None


def _explicit_translation(article: Article) -> str | None:
    if not article.translated_from:
        return None
    code = normalize_code(article.translated_from)
    if code != UNDETERMINED:
        return code
    return parse_translated_from(article.translated_from)


def _find_actors(registry: ActorRegistry, title: str, lang: str,
                 body: tuple[Paragraph, ...]) -> tuple[tuple[str, ...], dict[str, str]]:
    """Match actors per language group, in order of first mention."""
    groups: dict[str, list[str]] = {lang: [title]}
    for paragraph in body:
        groups.setdefault(paragraph.lang, []).append(paragraph.text)
    found: dict[str, None] = {}
    for group_lang, texts in groups.items():
        for actor_id in registry.find_actors("\n".join(texts), group_lang):
            found.setdefault(actor_id, None)
    discovered = {a: actor.label(lang) for a in found
                  if a.startswith("discovered:") and (actor := registry.get(a)) is not None}
    return tuple(found), discovered


def _languages_by_weight(main: str, body: tuple[Paragraph, ...]) -> tuple[str, ...]:
    """The main language first, then the others by how much text they have."""
    weights: dict[str, int] = {}
    for paragraph in body:
        weights[paragraph.lang] = weights.get(paragraph.lang, 0) + len(paragraph.text)
    others = sorted((code for code in weights if code not in (main, UNDETERMINED)),
                    key=lambda code: -weights[code])
    return (main, *others)
