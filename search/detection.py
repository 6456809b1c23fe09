"""Language identification of documents, paragraphs and queries (py3langid's model, batched)."""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE
from py3langid.modelio import load_model

from search.languages import DETECTABLE_LANGUAGES, UNDETERMINED, normalize_code
from search.lexicon import query_words, word_log_likelihoods

MIN_LETTERS = 2  # fewer letters than this carry no language at all
SHORT_LETTERS = 40  # below this a paragraph is a heading, caption, bullet or teaser
SHORT_CONFIDENCE = 0.90  # a short paragraph leaves the article language only above this
LONG_CONFIDENCE = 0.80  # a long paragraph leaves the article language above this
IMPOSSIBLE = 1e-4  # a prior this unlikely (say Italian for Cyrillic text) is dropped even when short
UNPRIMED_CONFIDENCE = 0.30  # a short text with no prior gets a language only above this
QUERY_CONFIDENCE = 0.60  # a query's best guess must reach this to be returned at all
QUERY_RUNNER_UP = 0.25  # further guesses for a query must reach this
QUERY_MIN_MASS = 0.001  # candidates holding less probability than this cannot be the language
RERANKED = 6  # word frequencies re-rank this many of the n-gram model's best guesses

# Yiddish is written in Hebrew script, which py3langid labels "he"; these marks (the
# ligatures and the pointed alef, pe and komets) are standard in YIVO Yiddish and absent
# from unpointed modern Hebrew.
_YIDDISH_MARKS = re.compile("[\u05f0-\u05f2\ufb1f\ufb2e\ufb2f\ufb4e]|\u05d0[\u05b7\u05b8]|\u05e4\u05bf")


@dataclass(frozen=True)
class _Model:
    """py3langid's naive Bayes model, restricted to the detectable languages."""

    nextmove: np.ndarray  # DFA transitions, indexed by rowbase[state] + byte
    rowbase: np.ndarray  # per state: offset of its 256 transitions
    depth: np.ndarray  # per state: length in bytes of the n-gram it stands for
    feature: np.ndarray  # per state: feature id it emits, or -1
    weights: np.ndarray  # (features, classes) log P(feature | class), float32 (float16 gathers slowly)
    prior: np.ndarray  # (classes,) log P(class)
    fold: np.ndarray  # (classes, codes) one-hot: model columns -> language codes
    codes: tuple[str, ...]


@dataclass(frozen=True)
class _Batch:
    """Per-text language probabilities (texts x codes), best guess with its probability, letters."""

    probabilities: np.ndarray
    best: list[str]
    confidence: list[float]
    letters: list[int]


def detect_language(text: str, prior: str | None = None) -> str:
    """Return the main language code of a text, or the prior (else ``und``) when unclear."""
    batch = _classify([text])
    return _decide(batch, 0, _known(prior))


def detect_paragraph_languages(paragraphs: Sequence[str], prior: str | None = None) -> list[str]:
    """Return each paragraph's language; short ones keep the prior unless clearly otherwise."""
    batch = _classify(paragraphs)
    main = _known(prior) or _main_language(batch)
    return [_decide(batch, i, main) for i in range(len(paragraphs))]


def detect_article_languages(paragraphs: Sequence[str]) -> tuple[str, list[str]]:
    """Return (main language, per-paragraph languages); main is the language with most letters."""
    batch = _classify(paragraphs)
    main = _main_language(batch)
    return main or UNDETERMINED, [_decide(batch, i, main) for i in range(len(paragraphs))]


def detect_query_languages(
    query: str, candidates: Collection[str] | None = None
) -> list[tuple[str, float]]:
    """Return ranked (code, confidence) guesses for a query, or [] when not confident."""
    if sum(_letter_bytes(np.frombuffer(query.encode("utf-8", "surrogatepass"), np.uint8))) < MIN_LETTERS:
        return []
    ranked = rank_languages(query, candidates)
    if not ranked or ranked[0][1] < QUERY_CONFIDENCE:
        return []
    return [(code, round(p, 4)) for code, p in ranked if p >= QUERY_RUNNER_UP]


def rank_languages(text: str, candidates: Collection[str] | None = None) -> list[tuple[str, float]]:
    """Return every (code, probability) for a text, best first, renormalized over candidates."""
    batch = _classify([text], by_words=False)  # the words re-rank the candidates below
    allowed = None if candidates is None else {normalize_code(c) for c in candidates}
    guesses: dict[str, float] = {}
    for code, p in zip(_load_model().codes, batch.probabilities[0].tolist()):
        code = _refine(code, text)
        if allowed is None or code in allowed:
            guesses[code] = p
    mass = sum(guesses.values())
    if mass < QUERY_MIN_MASS:  # e.g. a Cyrillic text when every candidate is Latin-script
        return []
    ranked = sorted(((code, p / mass) for code, p in guesses.items()), key=lambda cp: -cp[1])
    return _rerank_by_words(query_words(text), ranked)


def _rerank_by_words(words: list[str], ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Weigh the best guesses by how often each language writes these words (Bayes' rule).

    A language without a word list gets the benefit of the doubt: the best listed likelihood, so
    the word lists never count against it and the n-gram model alone ranks it.
    """
    top = ranked[:RERANKED]
    likelihoods = word_log_likelihoods(words, [code for code, _ in top]) if words else {}
    if len(likelihoods) < 2:
        return ranked
    doubt = max(likelihoods.values())
    logits = np.array([math.log(max(p, 1e-12)) + likelihoods.get(code, doubt) for code, p in top])
    weights = np.exp(logits - logits.max())
    weights *= sum(p for _, p in top) / weights.sum()
    reranked = [(code, weight) for (code, _), weight in zip(top, weights.tolist())]
    return sorted(reranked, key=lambda cp: -cp[1]) + ranked[RERANKED:]


def _weigh_by_words(row: np.ndarray, text: str, codes: Sequence[str]) -> None:
    """Re-rank an unsure text's probabilities (in place) by the words it is written with."""
    order = np.argsort(-row)[:RERANKED].tolist()
    reranked = _rerank_by_words(query_words(text), [(codes[j], float(row[j])) for j in order])
    by_code = dict(reranked)
    for j in order:
        row[j] = by_code[codes[j]]


def _known(code: str | None) -> str | None:
    """Normalize a prior; ``und`` and empty mean no prior."""
    code = normalize_code(code)
    return None if code == UNDETERMINED else code


def _decide(batch: _Batch, i: int, prior: str | None) -> str:
    """Pick text i's language from its best guess, its length and the prior."""
    if batch.letters[i] < MIN_LETTERS:
        return prior or UNDETERMINED
    code, confidence = batch.best[i], batch.confidence[i]
    short = batch.letters[i] < SHORT_LETTERS
    if prior is None:
        return code if not short or confidence >= UNPRIMED_CONFIDENCE else UNDETERMINED
    if code == prior:
        return prior
    if confidence >= (SHORT_CONFIDENCE if short else LONG_CONFIDENCE):
        return code
    return code if _probability(batch, i, prior) < IMPOSSIBLE else prior


def _probability(batch: _Batch, i: int, code: str) -> float:
    """Probability of one language for text i (1.0 for a language the model does not know)."""
    codes = _load_model().codes
    code = "he" if code == "yi" else code
    return float(batch.probabilities[i, codes.index(code)]) if code in codes else 1.0


def _main_language(batch: _Batch) -> str | None:
    """Return the language with most letters over the texts of a batch, or None."""
    letters: dict[str, int] = {}
    for i, count in enumerate(batch.letters):
        code = _decide(batch, i, None)
        if code != UNDETERMINED:
            letters[code] = letters.get(code, 0) + count
    return max(letters, key=letters.__getitem__) if letters else None


def _refine(code: str, text: str) -> str:
    """Tell Yiddish from Hebrew, which the model does not know apart."""
    return "yi" if code == "he" and _YIDDISH_MARKS.search(text) else code


def _classify(texts: Sequence[str], by_words: bool = True) -> _Batch:
    """Score every text in one vectorized pass; unsure ones are re-ranked by their words."""
    model = _load_model()
    if not texts:
        return _Batch(np.zeros((0, len(model.codes)), dtype=np.float32), [], [], [])
    data, lengths = _encode(texts)
    owner = np.repeat(np.arange(len(texts)), lengths)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    offsets = np.arange(len(data)) - np.repeat(starts, lengths)
    scores = _score(model, _emitted_features(model, data, offsets), owner, len(texts))
    scores /= np.sqrt(lengths)[:, None]  # py3langid's temperature: keeps softmax calibrated
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    probabilities = scores @ model.fold
    unsure = np.flatnonzero(probabilities.max(axis=1) < LONG_CONFIDENCE).tolist() if by_words else []
    for i in unsure:
        _weigh_by_words(probabilities[i], texts[i], model.codes)
    best = [_refine(model.codes[j], text) for j, text in zip(probabilities.argmax(axis=1).tolist(), texts)]
    confidence = probabilities.max(axis=1).tolist()
    letters = np.add.reduceat(_letter_bytes(data), starts).tolist()
    return _Batch(probabilities, best, confidence, letters)


def _encode(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """UTF-8 bytes of all texts, each NFC, space-padded (word edges are features), and lengths."""
    chunks = []
    for text in texts:
        if text.isupper():  # as py3langid: all-caps headlines read like lowercase
            text = text.lower()
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        chunks.append(f" {text} ".encode("utf-8", errors="surrogatepass"))
    lengths = np.fromiter((len(c) for c in chunks), dtype=np.int64, count=len(chunks))
    return np.frombuffer(b"".join(chunks), dtype=np.uint8), lengths


def _letter_bytes(data: np.ndarray) -> np.ndarray:
    """1 for each ASCII letter and each non-ASCII character's lead byte, else 0."""
    lower = data | 0x20
    return (((lower >= 0x61) & (lower <= 0x7A)) | (data >= 0xC2)).astype(np.int64)


def _emitted_features(model: _Model, data: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Feature id emitted at each byte, exactly as py3langid's DFA walk, restarting per text."""
    # The DFA state after a byte is the longest n-gram ending there that is a trie node, so it
    # can be found for all bytes at once by growing n-grams one byte at a time.
    byte = data.astype(np.intp)
    state = model.nextmove[model.rowbase[0] + byte]
    alive = model.depth[state] == 1
    best = np.where(alive, state, 0)
    previous = np.zeros_like(state)
    was_alive = np.zeros_like(alive)
    for length in range(2, int(model.depth.max()) + 1):
        previous[1:] = state[:-1]  # the (length-1)-gram ending one byte earlier
        was_alive[1:] = alive[:-1]
        state = model.nextmove[model.rowbase[previous] + byte]
        alive = was_alive & (model.depth[state] == length) & (offsets >= length - 1)
        if not alive.any():
            break
        best = np.where(alive, state, best)
    return model.feature[best]


def _score(model: _Model, features: np.ndarray, owner: np.ndarray, count: int) -> np.ndarray:
    """Naive Bayes log scores (texts x classes) from the features each text emitted."""
    hit = features >= 0
    n_features = model.weights.shape[0]
    keys, counts = np.unique(owner[hit] * n_features + features[hit], return_counts=True)
    scores = np.zeros((count, model.weights.shape[1]), dtype=np.float32)
    if len(keys):
        # np.take and one small vector-matrix product per text beat fancy indexing and
        # np.add.reduceat (row-wise reduceat is slow) by 3x on a 3 KB article.
        rows = np.take(model.weights, keys % n_features, axis=0)
        weights = np.log1p(counts.astype(np.float32))
        texts = keys // n_features
        bounds = np.flatnonzero(np.concatenate(([True], texts[1:] != texts[:-1]))).tolist()
        bounds.append(len(keys))
        for start, end in pairwise(bounds):
            scores[texts[start]] = weights[start:end] @ rows[start:end]
    return scores + model.prior


def load_language_model() -> None:
    """Load the language model now rather than in the first search."""
    _load_model()


@lru_cache(maxsize=1)
def _load_model() -> _Model:
    """Load py3langid's bundled model once, keeping only the detectable languages."""
    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    codes = tuple(sorted({normalize_code(c) for c in classes} & DETECTABLE_LANGUAGES))
    keep = [i for i, c in enumerate(classes) if normalize_code(c) in codes]
    fold = np.zeros((len(keep), len(codes)), dtype=np.float32)
    for column, i in enumerate(keep):
        fold[column, codes.index(normalize_code(classes[i]))] = 1.0
    transitions = np.frombuffer(nextmove, dtype=np.uint32 if nextmove.itemsize == 4 else np.uint16)
    rowbase = np.frombuffer(row, dtype=np.uint32 if row.itemsize == 4 else np.uint16)
    rowbase = rowbase.astype(np.intp) << 8
    return _Model(
        nextmove=transitions,
        rowbase=rowbase,
        depth=_measure_depths(transitions, rowbase),
        feature=np.asarray(output, dtype=np.int32),
        weights=np.ascontiguousarray(ptc[:, keep], dtype=np.float32),
        prior=np.asarray(pc, dtype=np.float32)[keep],
        fold=fold,
        codes=codes,
    )


def _measure_depths(nextmove: np.ndarray, rowbase: np.ndarray) -> np.ndarray:
    """Length of each DFA state's n-gram: its breadth-first distance from the start state."""
    depth = np.full(len(rowbase), -1, dtype=np.int8)
    depth[0] = 0
    frontier = np.array([0], dtype=np.intp)
    level = 0
    while len(frontier):
        level += 1
        successors = nextmove[rowbase[frontier][:, None] + np.arange(256)].ravel()
        fresh = np.unique(successors[depth[successors] == -1])
        depth[fresh] = level
        frontier = fresh.astype(np.intp)
    return depth
