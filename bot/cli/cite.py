"""`uavex cite`: the passages that answer a query, with exact citations."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import click

from bot.cli.common import _service, friendly, lines
from bot.errors import InputError

log = logging.getLogger(__name__)


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
        for line in lines(batch):
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
