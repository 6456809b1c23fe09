"""The `news-search` command: thin wrappers over the engine's functions."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

import click
from flask import Flask
from flask.cli import with_appcontext

from search import BuildSummary, SearchError, rebuild_index
from web.config import SETTINGS

SUMMARY_LANGUAGES = 12
DEFAULT_CORPUS = SETTINGS["CORPUS_DIR"][0]
DEFAULT_INDEX = SETTINGS["INDEX_DIR"][0]
corpus_option = click.option("--corpus", type=click.Path(path_type=Path), default=None,
                             help=f"Folder of articles [default: {DEFAULT_CORPUS}]")
index_option = click.option("--index", "index_dir", type=click.Path(path_type=Path), default=None,
                            help=f"Folder of the index [default: {DEFAULT_INDEX}]")


def _fail_cleanly(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn engine errors into a one-line message and exit code 1."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except SearchError as error:
            raise click.ClickException(str(error)) from None
    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def _app(corpus: Path | None, index_dir: Path | None) -> Flask:
    from web import create_app
    overrides = {k: v for k, v in (("CORPUS_DIR", corpus), ("INDEX_DIR", index_dir)) if v}
    return create_app(overrides)


def run_rebuild(corpus: Path, index_dir: Path, strict: bool = False) -> BuildSummary:
    """Rebuild with a progress bar on a terminal and a summary at the end."""
    click.echo(f"Indexing {corpus} into {index_dir} ...", err=True)
    if sys.stderr.isatty():
        with click.progressbar(length=1, label="files", file=sys.stderr) as bar:
            def progress(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)
            summary = rebuild_index(corpus, index_dir, progress=progress, strict=strict)
    else:
        summary = rebuild_index(corpus, index_dir, strict=strict)
    _print_summary(summary)
    return summary


def _print_summary(summary: BuildSummary) -> None:
    counts = summary.languages.most_common()
    languages = ", ".join(f"{lang}: {n}" for lang, n in counts[:SUMMARY_LANGUAGES]) or "none"
    if len(counts) > SUMMARY_LANGUAGES:
        languages += f" and {len(counts) - SUMMARY_LANGUAGES} more languages"
    click.echo(f"Indexed {summary.articles} articles from {summary.files} files "
               f"in {summary.seconds:.2f} s ({languages}).")
    if summary.faults:
        click.echo(f"Skipped {len(summary.faults)}:", err=True)
        for fault in summary.faults:
            click.echo(f"  warning: {fault}", err=True)


@click.group(help="A multilingual news search engine.")
def main() -> None:
    """The news-search command group."""


@main.command("rebuild-index")
@corpus_option
@index_option
@click.option("--strict", is_flag=True, help="Fail when any corpus file cannot be read.")
@_fail_cleanly
def rebuild_command(corpus: Path | None, index_dir: Path | None, strict: bool) -> None:
    """Rebuild the index from the corpus (the live index keeps serving until it is done)."""
    app = _app(corpus, index_dir)
    run_rebuild(app.config["CORPUS_DIR"], app.config["INDEX_DIR"], strict)


@main.command("update-index")
@corpus_option
@index_option
@click.option("--strict", is_flag=True, help="Fail when any corpus file cannot be read.")
@_fail_cleanly
def update_command(corpus: Path | None, index_dir: Path | None, strict: bool) -> None:
    """Apply only what changed in the corpus since the last build (by content checksum)."""
    from search import update_index
    app = _app(corpus, index_dir)
    summary = update_index(app.config["CORPUS_DIR"], app.config["INDEX_DIR"], strict=strict)
    _print_update(summary)


def _print_update(summary: Any) -> None:
    if summary.rebuilt:
        click.echo(f"The actors file changed: rebuilt the whole index ({summary.articles_added} "
                   f"articles) in {summary.seconds:.2f} s.")
    else:
        click.echo(f"Updated in {summary.seconds:.2f} s: {len(summary.added)} files added, "
                   f"{len(summary.changed)} changed, {len(summary.removed)} removed "
                   f"({summary.articles_added} articles written, {summary.articles_removed} removed).")
    for fault in summary.faults:
        click.echo(f"  warning: {fault}", err=True)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=None, type=int, help="Worker processes [default: NEWS_SEARCH_WORKERS or max(2, cores)].")
@click.option("--watch", default=0.0, type=float, metavar="SECONDS",
              help="Apply corpus changes every SECONDS (update-index in the background).")
@corpus_option
@index_option
@_fail_cleanly
def serve_command(host: str, port: int, workers: int | None, watch: float, corpus: Path | None,
                  index_dir: Path | None) -> None:
    """Serve the search engine with a production server, building the index first if needed."""
    from search import IndexMissingError, SchemaMismatchError, check_index
    from web.server import serve
    app = _app(corpus, index_dir)
    try:
        check_index(app.config["INDEX_DIR"])  # without opening it: workers open their own
    except (IndexMissingError, SchemaMismatchError) as reason:
        click.echo(f"{reason}; building it now.", err=True)
        run_rebuild(app.config["CORPUS_DIR"], app.config["INDEX_DIR"])
    serve(app, host, port, workers or app.config["WORKERS"], app.config["THREADS"],
          watch=(app.config["CORPUS_DIR"], app.config["INDEX_DIR"], watch) if watch > 0 else None)


@main.command("query")
@click.argument("text")
@click.option("--lang", "langs", multiple=True, help="Keep only articles in this language (repeatable).")
@click.option("--actor", "actors", multiple=True, help="Keep only articles about this actor id (repeatable).")
@click.option("--page", default=1, show_default=True, type=int)
@click.option("--size", default=10, show_default=True, type=int)
@click.option("--json", "as_json", is_flag=True, help="Print exactly the API's JSON.")
@index_option
@_fail_cleanly
def query_command(text: str, langs: tuple[str, ...], actors: tuple[str, ...], page: int, size: int,
                  as_json: bool, index_dir: Path | None) -> None:
    """Search the index from the command line."""
    app = _app(None, index_dir)
    params = {"q": text, "lang": list(langs), "actor": list(actors), "page": page, "size": size}
    response = app.test_client().get("/api/search", query_string=params)
    body = response.get_json()
    if response.status_code != 200:
        raise click.ClickException(body["error"]["message"])
    if as_json:
        click.echo(response.get_data(as_text=True).rstrip())
        return
    _print_results(body)


def _print_results(body: dict[str, Any]) -> None:
    from markupsafe import Markup
    click.echo(f"{body['total']} articles ({body['took_ms']} ms)")
    for n, hit in enumerate(body["hits"], start=(body["page"] - 1) * body["size"] + 1):
        title = Markup(hit["title"]).striptags()
        click.echo(f"{n:>3}. [{hit['lang']}] {title}  ({hit['id']}, {hit['date'] or 'date unknown'})")
        click.echo(f"     {Markup(hit['snippet']).striptags()}")
    langs = ", ".join(f"{v['value']}: {v['count']}" for v in body["facets"]["lang"])
    click.echo(f"languages: {langs or 'none'}")
    for warning in body["warnings"]:
        click.echo(f"warning: {warning}", err=True)


@click.command("rebuild-index")
@click.option("--strict", is_flag=True, help="Fail when any corpus file cannot be read.")
@with_appcontext
@_fail_cleanly
def flask_rebuild_command(strict: bool) -> None:
    """Rebuild the index of the configured corpus (flask --app web rebuild-index)."""
    from flask import current_app
    run_rebuild(current_app.config["CORPUS_DIR"], current_app.config["INDEX_DIR"], strict)


def init_app(app: Flask) -> None:
    """Register the CLI commands on `flask --app web`."""
    app.cli.add_command(flask_rebuild_command)


if __name__ == "__main__":
    main()
