"""The Whoosh schema: per-language text fields, facet fields and stored display fields."""
from __future__ import annotations

from functools import lru_cache

from whoosh import columns, fields

from search.analysis import analyzer_keys, language_analyzer
from search.postings import CompactPositions

# Bump when the schema, a field's meaning or a file format changes: older indexes are refused.
SCHEMA_VERSION = 4
TEXT_PARTS = ("title", "body")
# Title words weigh more than body words.
FIELD_BOOSTS = {"title": 2.0, "body": 1.0}


def text_field(part: str, key: str) -> str:
    """Name of the text field of one part (title/body) for one analyzer key: ``body_es``."""
    return f"{part}_{key}"


@lru_cache(maxsize=1)
def build_schema() -> fields.Schema:
    """Build the schema shared by the indexer and the searcher."""
    schema = fields.Schema(
        id=fields.ID(unique=True),
        lang=fields.ID(),
        actor=fields.KEYWORD(lowercase=False, commas=False, scorable=False),
        provenance=fields.ID(),
        # One compact record per document for facets and sorting, read once per searcher.
        facet_row=fields.COLUMN(columns.VarBytesColumn()),
        # What a hit shows, compressed (a column: Whoosh's stored fields would pickle the bytes
        # as text and compress them again, 30 % larger).
        record=fields.COLUMN(columns.VarBytesColumn()),
    )
    for key in analyzer_keys():
        analyzer = language_analyzer(key)
        for part in TEXT_PARTS:
            field = fields.TEXT(analyzer=analyzer, phrase=True, field_boost=FIELD_BOOSTS[part])
            field.format = CompactPositions(field_boost=FIELD_BOOSTS[part])
            schema.add(text_field(part, key), field)
    return schema
