"""Phrases matched with numpy find the documents and scores Whoosh's own phrase matcher finds."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from search import matching, rebuild_index, update_index
from search.analysis import analyze_spans, analyzer_key
from search.deadline import Deadline
from search.documents import decode_stored
from search.schema import text_field
from search.storage import current_generation

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def two_segments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus, the seeds and an article in one segment, then a changed and a new
    article in a second (the changed article's first version is deleted from the first)."""
    corpus = tmp_path_factory.mktemp("phrase-corpus")
    shutil.copytree(FIXTURES, corpus / "fixtures")
    shutil.copytree(ROOT / "seeds", corpus / "seeds")
    (corpus / "base.txt").write_text("Envoys in Bern\n\nThe envoys met in Bern, where the talks "
                                     "about the new treaty went on for a week.\n", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("phrase-index")
    rebuild_index(corpus, index_dir, procs=1)
    changed = sorted((corpus / "fixtures").rglob("*.txt"))[0]
    changed.write_text(changed.read_text("utf-8") + "\n\nThe envoys met the envoys again.\n",
                       encoding="utf-8")
    (corpus / "extra.txt").write_text(
        "Envoys in Geneva\n\nThe envoys met in Geneva. The new envoys met the old envoys, and "
        "envoys envoys envoys met again.\n", encoding="utf-8")
    update_index(corpus, index_dir)
    return index_dir


def phrases(searcher) -> list[wq.Phrase]:  # type: ignore[no-untyped-def]
    """Word runs from the indexed bodies: neighbours, one and two words apart, reversed,
    three in a row and a word repeated, in several languages."""
    found = []
    records = searcher.reader().column_reader("record")
    for docnum in searcher.reader().all_doc_ids():
        record = decode_stored(records[docnum])
        for lang, text in record["paragraphs"][:3]:
            key = analyzer_key(lang)
            terms = [span.term for span in analyze_spans(text, key)]
            field = text_field("body", key)
            for i in range(0, max(len(terms) - 3, 0), 7):
                a, b, c, d = terms[i:i + 4]
                found += [wq.Phrase(field, words, slop=slop, boost=boost)
                          for words in ([a, b], [a, c], [a, d], [b, a], [a, b, c], [a, a])
                          for slop, boost in ((1, 1.0), (2, 3.0))]
    return found


def test_phrases_agree_with_whoosh(two_segments: Path) -> None:
    with whoosh_index.open_dir(str(current_generation(two_segments).path)).searcher() as searcher:
        assert len(searcher.leaf_searchers()) == 2
        reader = searcher.reader()
        size = reader.doc_count_all()
        live = np.array([not reader.is_deleted(d) for d in range(size)])
        assert not live.all()
        cases = phrases(searcher)
        cases.append(wq.Phrase("body_en", ["envoy", "met"], slop=2))  # in both segments
        matched = 0
        for phrase in cases:
            ours, our_scores = matching.evaluate(searcher, phrase, size, Deadline(None))
            whoosh, whoosh_scores = matching._stepped(searcher, phrase, size, Deadline(None))
            assert np.array_equal(ours & live, whoosh & live), phrase
            assert np.array_equal(our_scores[live], whoosh_scores[live]), phrase
            matched += bool((ours & live).any())
        assert len(cases) > 300
        assert 0.2 * len(cases) < matched < len(cases)  # both outcomes are exercised
        both = matching.evaluate(searcher, cases[-1], size, Deadline(None))[0]
        offset = searcher.leaf_searchers()[1][1]
        assert both[:offset].any() and both[offset:].any()
