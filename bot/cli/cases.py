"""`uavex cases`: case records of past answers and classifications."""

from __future__ import annotations

import json
import logging

import click

from bot.cli.common import _service, friendly
from bot.errors import InputError

log = logging.getLogger(__name__)


@click.group()
def cases() -> None:
    """Case records of past answers and classifications."""


@cases.command("list")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly
def cases_list(ctx: click.Context, limit: int, as_json: bool) -> None:
    """The most recent cases."""
    rows = _service(ctx).cases.list(limit=limit)
    if as_json:
        click.echo(json.dumps(rows))
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['created_at']}  {row['kind']:8} {row['verdict'] or '-':28} {row['summary']}")


@cases.command("purge")
@click.option("--yes", is_flag=True, help="Confirm: delete records older than UAVEX_RETENTION_DAYS.")
@click.pass_context
@friendly
def cases_purge(ctx: click.Context, yes: bool) -> None:
    """Delete case records older than the retention period (an explicit, logged act; never automatic)."""
    store = _service(ctx).cases
    if not yes:
        raise InputError(f"cases purge deletes records older than {store.retention_days} days; "
                         "add --yes to confirm")
    removed = store.purge()
    click.echo(f"purged {removed} case record(s) older than {store.retention_days} days")


@cases.command("show")
@click.argument("case_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@friendly
def cases_show(ctx: click.Context, case_id: str, as_json: bool) -> None:
    """One case, with feedback and review requests."""
    record = _service(ctx).cases.get(case_id)
    if as_json:
        click.echo(json.dumps(record.as_dict(), ensure_ascii=False))
    else:
        click.echo(f"{record.id} {record.created_at} {record.kind} {record.verdict or ''}\n\n{record.answer}")


@cases.command("export")
@click.argument("case_id")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the memo to a file instead of stdout.")
@click.pass_context
@friendly
def cases_export(ctx: click.Context, case_id: str, out: str | None) -> None:
    """A Markdown memo of a past case."""
    memo = _service(ctx).case_memo(case_id)
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(memo)
        click.echo(f"wrote {out}")
    else:
        click.echo(memo)
