"""`uavex cases`: case records of past answers and classifications."""

from __future__ import annotations

import json
import logging

import click

from bot.cli.common import _service, friendly
from bot.cli.screening import cases_rerun, cases_rescreen
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
@click.option("--format", "fmt", type=click.Choice(["markdown", "pdf"]), default=None,
              help="Markdown (default) or PDF (needs --out; the default when --out ends in .pdf).")
@click.pass_context
@friendly
def cases_export(ctx: click.Context, case_id: str, out: str | None, fmt: str | None) -> None:
    """The memo for counsel on a past case: inputs and their basis, verdict, full rule trace, passages quoted,
    rules version, index manifest and reviewer sign-offs."""
    service = _service(ctx)
    fmt = fmt or ("pdf" if out and out.lower().endswith(".pdf") else "markdown")
    if fmt == "pdf" and not out:
        raise InputError("cases export --format pdf: give --out FILE.pdf (a PDF is not printed to the terminal)")
    content: str | bytes = service.case_memo_pdf(case_id) if fmt == "pdf" else service.case_memo(case_id)
    if not out:
        click.echo(content)
        return
    try:
        with open(out, "wb") as handle:
            handle.write(content if isinstance(content, bytes) else content.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"--out: cannot write {out[:200]!r} ({exc.strerror or type(exc).__name__})") from None
    click.echo(f"wrote {out}")


@cases.command("review")
@click.argument("case_id")
@click.option("--by", "reviewer", required=True, metavar="NAME", help="Who reviewed the case.")
@click.option("--decision", required=True, type=click.Choice(["agree", "disagree"]),
              help="Whether the reviewer agrees with the verdict.")
@click.option("--note", metavar="TEXT", help="The reviewer's note (shown in the memo).")
@click.pass_context
@friendly
def cases_review(ctx: click.Context, case_id: str, reviewer: str, decision: str, note: str | None) -> None:
    """Record a reviewer's sign-off on a case (shown in its memo)."""
    service = _service(ctx)
    service.cases.sign_off(case_id, reviewer=reviewer, decision=decision, note=note, user_id=None, source="cli",
                           rules_version=service.rules.version)
    click.echo(f"recorded: {' '.join(reviewer.split())} {decision}s with case {case_id.strip()}")


cases.add_command(cases_rerun)
cases.add_command(cases_rescreen)
