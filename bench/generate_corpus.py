"""Generate a realistic scraped-news corpus from real sentences, deterministic for a seed.

Run from the repository root: ``python bench/generate_corpus.py --n 1000 --out /tmp/corpus [--seed 1]``.
Articles are composed from the langid sentence files in ../shared/data (75 languages, Zipf-like mix
weighted toward es, it, fr, de, pt, en, ru): a title, often a dateline and a translation note, actor
mentions, a caption in another language, bullets, emoji and sometimes teaser lines at the end.
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _corpus_text as parts  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ROOT.parent / "shared" / "data" / "langid" / "sentences"
FILES_PER_FOLDER = 1000
MARKER = ".bench_corpus.json"  # a dot file: the corpus reader skips it
GENERATOR_VERSION = 1
MEAN_BYTES = 2900
_FOLDER_RE = re.compile(r"^\d{4}$")
_UNSPACED = ("zh", "ja", "th")


@dataclass
class CorpusStats:
    """What a generation wrote."""

    articles: int = 0
    bytes: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {"articles": self.articles, "bytes": self.bytes, "seconds": round(self.seconds, 2),
                "languages": dict(self.languages.most_common())}


@dataclass(frozen=True)
class Pools:
    """Sentences by language and the cumulative language weights of the mix."""

    sentences: dict[str, tuple[str, ...]]
    langs: tuple[str, ...]
    cum_weights: tuple[float, ...]


def load_pools(folder: Path = SENTENCES) -> Pools:
    """Read every sentence file and order the languages for the Zipf-like mix."""
    if not folder.is_dir():
        raise SystemExit(f"sentence files not found: {folder} (../shared/data must be beside the repo)")
    sentences = {}
    for path in sorted(folder.glob("*.txt.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines = tuple(s.strip() for s in handle if len(s.strip()) > 20)
        sentences[path.name.split(".")[0]] = lines
    langs = tuple([c for c in parts.MAIN_LANGUAGES if c in sentences]
                  + sorted(c for c in sentences if c not in parts.MAIN_LANGUAGES))
    weights = [1 / (rank + 1) ** parts.ZIPF_EXPONENT for rank in range(len(langs))]
    total, running, cum = sum(weights), 0.0, []
    for weight in weights:
        running += weight / total
        cum.append(running)
    return Pools(sentences, langs, tuple(cum))


def mention(rng: random.Random, sentence: str, lang: str, actor: str) -> str:
    """Insert an actor's name into a sentence at a word boundary."""
    name = parts.actor_name(actor, lang)
    if lang in _UNSPACED:
        return name + sentence
    words = sentence.split(" ")
    words.insert(rng.randrange(1, len(words)) if len(words) > 2 else 0, name)
    return " ".join(words)


def compose_body(rng: random.Random, pools: Pools, lang: str, actors: list[str], budget: int,
                 separator: str) -> list[str]:
    """Paragraphs of 1-4 sentences, with subheadings, bullets, a caption and emoji, until budget."""
    pool, blocks, used = pools.sentences[lang], [], 0
    bullets_at = rng.randrange(2, 8) if rng.random() < 0.2 else -1
    caption_at = rng.randrange(0, 4) if rng.random() < 0.2 else -1
    while used < budget:
        if len(blocks) == caption_at:
            other = rng.choice([c for c in parts.MAIN_LANGUAGES if c != lang])
            blocks.append(rng.choice(pools.sentences[other]))
        if len(blocks) == bullets_at:
            blocks.append(make_bullets(rng, pool, separator))
        elif rng.random() < 0.12:
            blocks.append(" ".join(rng.choice(pool).split(" ")[:rng.randrange(3, 8)]).rstrip(".,:;"))
        sentences = [rng.choice(pool) for _ in range(rng.randrange(1, 5))]
        if actors and rng.random() < 0.45:
            i = rng.randrange(len(sentences))
            sentences[i] = mention(rng, sentences[i], lang, rng.choice(actors))
        paragraph = " ".join(sentences) + (f" {rng.choice(parts.EMOJI)}" if rng.random() < 0.08 else "")
        blocks.append(paragraph)
        used += len(paragraph.encode()) + len(separator)
    return blocks


def make_bullets(rng: random.Random, pool: tuple[str, ...], separator: str) -> str:
    """A short list: an introducing line and 2-4 bullet lines."""
    mark = rng.choice(parts.BULLETS)
    lines = [" ".join(rng.choice(pool).split(" ")[:rng.randrange(2, 6)]).rstrip(".,;") + ":"]
    lines += [mark + " ".join(rng.choice(pool).split(" ")[:rng.randrange(5, 14)])
              for _ in range(rng.randrange(2, 5))]
    return "\n".join(lines) if separator == "\n" or rng.random() < 0.5 else "\n\n".join(lines)


def compose_article(rng: random.Random, pools: Pools) -> tuple[str, str]:
    """One article's text and its language."""
    lang = rng.choices(pools.langs, cum_weights=pools.cum_weights)[0]
    actors = rng.choices(parts.ACTOR_KEYS, weights=parts.ACTOR_WEIGHTS, k=rng.randrange(0, 4))
    title = " ".join(rng.choice(pools.sentences[lang]).split(" ")[:14]).rstrip(".")
    if actors and rng.random() < 0.5:
        title = mention(rng, title, lang, actors[0])
    head = [title]
    dateline = parts.make_dateline(rng, lang) if rng.random() < 0.7 else None
    note = parts.make_translation_note(rng, lang) if rng.random() < 0.12 else None
    if dateline and note and rng.random() < 0.6:
        head.append(f"{dateline} | {note}")
    else:
        head += [line for line in (dateline, note) if line]
    separator = "\n\n" if rng.random() < 0.5 else "\n"
    budget = min(20_000, max(500, int(rng.lognormvariate(math.log(MEAN_BYTES - 520) - 0.18, 0.6))))
    body = compose_body(rng, pools, lang, list(dict.fromkeys(actors)), budget, separator)
    if rng.random() < 0.25:  # teasers of unrelated articles scraped with the page
        body += [rng.choice(pools.sentences[rng.choices(pools.langs, cum_weights=pools.cum_weights)[0]])
                 for _ in range(rng.randrange(1, 4))]
    return separator.join(head + body) + "\n", lang


def article_path(out: Path, number: int) -> Path:
    """Where article number goes: folders of FILES_PER_FOLDER files."""
    return out / f"{number // FILES_PER_FOLDER:04d}" / f"{number:07d}.txt"


def write_folder(args: tuple[Path, int, int, int, Pools]) -> CorpusStats:
    """Write articles [start, stop) of one folder; each article has its own seeded generator."""
    out, start, stop, seed, pools = args
    stats = CorpusStats()
    article_path(out, start).parent.mkdir(parents=True, exist_ok=True)
    for number in range(start, stop):
        text, lang = compose_article(random.Random(seed * 1_000_003 + number), pools)
        data = text.encode("utf-8")
        article_path(out, number).write_bytes(data)
        stats.articles += 1
        stats.bytes += len(data)
        stats.languages[lang] += 1
    return stats


def prepare_output(out: Path) -> None:
    """Create the output folder, clearing a previous generation but never anything else."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SystemExit(f"{out} is not empty and was not written by this generator; "
                             "choose an empty or new folder")
        for child in out.iterdir():
            if child.is_dir() and _FOLDER_RE.match(child.name):
                shutil.rmtree(child)
        (out / MARKER).unlink()
    out.mkdir(parents=True, exist_ok=True)


def generate_corpus(out: Path, n: int, seed: int = 1, procs: int | None = None) -> CorpusStats:
    """Write n articles into out (replacing a previous generation there) and return the totals."""
    started = time.perf_counter()
    out = Path(out)
    prepare_output(out)
    pools = load_pools()
    jobs = [(out, start, min(n, start + FILES_PER_FOLDER), seed, pools)
            for start in range(0, n, FILES_PER_FOLDER)]
    workers = max(1, min(procs or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        results = [write_folder(job) for job in jobs]
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(write_folder, jobs, chunksize=1)
    total = CorpusStats()
    for stats in results:
        total.articles += stats.articles
        total.bytes += stats.bytes
        total.languages.update(stats.languages)
    total.seconds = time.perf_counter() - started
    marker = {"n": n, "seed": seed, "version": GENERATOR_VERSION, **total.as_dict()}
    (out / MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
    return total


def read_marker(out: Path) -> dict[str, object] | None:
    """The record a previous generation left in out, or None."""
    try:
        data: dict[str, object] = json.loads((Path(out) / MARKER).read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        return None


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate, print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles [1000]")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=1, help="random seed [1]")
    parser.add_argument("--procs", type=int, default=None, help="worker processes [cores]")
    args = parser.parse_args(argv)
    stats = generate_corpus(args.out, args.n, args.seed, args.procs)
    mix = ", ".join(f"{lang} {count / stats.articles:.0%}" for lang, count
                    in stats.languages.most_common(10)) if stats.articles else "none"
    print(f"Wrote {stats.articles:,} articles, {stats.bytes / 1e6:.1f} MB "
          f"({stats.bytes / max(1, stats.articles) / 1000:.2f} KB each) to {args.out} "
          f"in {stats.seconds:.1f} s")
    print(f"Languages ({len(stats.languages)}): {mix}, ...")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
