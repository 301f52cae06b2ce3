"""Commands that need the index, the answerer, the case store or discord.py; heavy imports happen inside them."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import click

from bot.cli import _service, friendly
from bot.errors import InputError


def _lines(source: str) -> Iterator[str]:
    """Non-blank lines of a batch file ('-' = stdin), streamed; an unreadable file is a one-line InputError."""
    try:
        handle = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
        try:
            for line in handle:
                if line.strip():
                    yield line.strip()
        finally:
            if handle is not sys.stdin:
                handle.close()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise InputError(f"--batch: cannot read {source[:200]!r} ({reason})") from None


@click.group("index")
def index_group() -> None:
    """Build or inspect the retrieval index (index/)."""


@index_group.command("build")
@click.option("--force", is_flag=True, help="Re-embed every passage instead of only the changed ones.")
@click.pass_context
@friendly
def index_build(ctx: click.Context, force: bool) -> None:
    """Build the FAISS index from corpus/documents (atomic; re-embeds only what changed)."""
    from bot.retrieval.store import build_index

    service = _service(ctx)
    settings = service.settings
    report = build_index(settings.index_dir, settings.documents_dir, service.embedder, force=force,
                         progress=sys.stderr.isatty())
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    rate = report.embedded / report.seconds if report.seconds else 0.0
    click.echo(f"built {report.passages} passages from {report.documents} documents in {report.seconds:.1f}s "
               f"({report.embedded} embedded, {report.reused} reused; {rate:.1f} passages/s)")


@index_group.command("status")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly
def index_status(ctx: click.Context, as_json: bool) -> None:
    """Documents, passages, model, build time, and whether the index is stale."""
    from bot.retrieval.store import read_manifest, staleness

    settings = _service(ctx).settings
    manifest = read_manifest(settings.index_dir) or {}
    reason = staleness(settings.index_dir, settings.documents_dir, settings.embed_model)
    status = {"index_dir": str(settings.index_dir), "documents": manifest.get("documents"),
              "passages": manifest.get("passages"), "model": manifest.get("model"),
              "dimension": manifest.get("dimension"), "built_at": manifest.get("built_at"),
              "corpus_newest": manifest.get("corpus_newest"), "stale": reason is not None, "reason": reason,
              "skipped_files": manifest.get("warnings", [])}
    if as_json:
        click.echo(json.dumps(status))
        return
    for key, value in status.items():
        click.echo(f"{key + ':':15} {value}")


def _cite_json(service: Any, query: str, k: int, kinds: list[str], as_of: str | None) -> dict[str, Any]:
    from bot.intake import parse_as_of

    day = parse_as_of(as_of) if as_of else None
    hits = service.retriever(progress=sys.stderr.isatty()).search(query, k=k, kinds=kinds or None, as_of=day)
    return {"query": query, "passages": [hit.as_dict() for hit in hits]}


@click.command()
@click.argument("query", required=False)
@click.option("--k", default=5, show_default=True, help="Number of passages.")
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["regulation", "policy", "guidance", "analysis", "explainer"]),
              help="Only these document kinds (repeatable).")
@click.option("--as-of", help="Only documents in effect on this date (YYYY-MM-DD).")
@click.option("--batch", "batch", metavar="FILE", help="One query per line ('-' for stdin); JSON lines out.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly
def cite(ctx: click.Context, query: str | None, k: int, kinds: tuple[str, ...], as_of: str | None,
         batch: str | None, as_json: bool) -> None:
    """Find the passages that answer QUERY, with exact citations."""
    service = _service(ctx)
    if batch:
        for line in _lines(batch):
            try:
                click.echo(json.dumps(_cite_json(service, line, k, list(kinds), as_of), ensure_ascii=False))
            except InputError as exc:
                click.echo(json.dumps({"query": line, "error": str(exc), "passages": []}))
        return
    if not query:
        raise InputError("cite: give a query, or --batch FILE")
    data = _cite_json(service, query, k, list(kinds), as_of)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    from bot.render import render

    click.echo(render(service.settings.prompts_dir, "cite.md.j2", query=query, passages=data["passages"]))


def register(cli: click.Group) -> None:
    cli.add_command(index_group)
    cli.add_command(cite)
    try:
        from bot.cli_more import register_more
    except ImportError:  # pragma: no cover - during incremental development
        return
    register_more(cli)
