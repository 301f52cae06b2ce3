"""`uavex systems`: the systems catalogue."""

from __future__ import annotations

import json
import logging

import click

from bot.cli.common import _service, friendly

log = logging.getLogger(__name__)


@click.command()
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly
def systems(ctx: click.Context, name: str | None, as_json: bool) -> None:
    """List catalogue systems, or show one (fuzzy name)."""
    catalogue = _service(ctx).catalogue
    if name:
        spec = catalogue.resolve(name)
        if as_json:
            click.echo(json.dumps(spec.as_dict(), ensure_ascii=False))
            return
        for key, value in spec.as_dict().items():
            if key == "sources":
                for s in value:
                    click.echo(f"source: {s['title']} ({s['date']}) <{s['url']}>")
            else:
                click.echo(f"{key}: {value}")
        return
    rows = [s.as_dict() for s in catalogue.systems]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for s in catalogue.systems:
        click.echo(f"{s.id:22} {s.name:32} {s.uav_class:20} {s.origin}")
