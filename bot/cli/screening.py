"""`uavex cases rerun` and `uavex cases rescreen`: stored cases evaluated again under the current rules."""

from __future__ import annotations

import json
import logging

import click

from bot.cli.common import _service, friendly
from bot.errors import InputError

log = logging.getLogger(__name__)


@click.command("rerun")
@click.argument("case_id")
@click.option("--as-of", metavar="YYYY-MM-DD|today",
              help="Evaluate for this date instead of the case's own as-of date.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@friendly
def cases_rerun(ctx: click.Context, case_id: str, as_of: str | None, as_json: bool) -> None:
    """Re-run a case's inputs under the current rules and show what changed, step by step."""
    from datetime import date

    from bot.casework.compare import rerun
    from bot.intake import parse_as_of
    from bot.render import render

    service = _service(ctx)
    record = service.cases.get(case_id)
    day = None if as_of is None else date.today() if as_of.strip().lower() == "today" else parse_as_of(as_of)
    comparison = rerun(service, record, day)
    if as_json:
        click.echo(json.dumps(comparison.as_dict(), ensure_ascii=False))
        return
    click.echo(render(service.settings.prompts_dir, "rerun.md.j2", c=comparison.as_dict(), kind=record.kind,
                      recorded_at=record.created_at), nl=False)


@click.command("rescreen")
@click.option("--since", metavar="YYYY-MM-DD", help="Only cases recorded on or after this date.")
@click.option("--horizon", default=90, show_default=True, type=click.IntRange(0, 3650),
              help="Flag rule values that lapse within this many days.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@friendly
def cases_rescreen(ctx: click.Context, since: str | None, horizon: int, as_json: bool) -> None:
    """Re-evaluate every stored classification (and answer with a verdict) for its own date and for today; list
    the cases whose verdict for today differs, with the rules that changed, and rule values about to lapse."""
    from bot.casework.rescreen import rescreen
    from bot.intake import parse_as_of
    from bot.render import render

    service = _service(ctx)
    if since is not None and not since.strip():
        raise InputError("--since: give a date, YYYY-MM-DD")
    screening = rescreen(service, since=parse_as_of(since) if since else None, horizon_days=horizon)
    if as_json:
        click.echo(json.dumps(screening.as_dict(), ensure_ascii=False))
        return
    click.echo(render(service.settings.prompts_dir, "rescreen.md.j2", s=screening.as_dict(), horizon=horizon),
               nl=False)
