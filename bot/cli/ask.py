"""`uavex ask`: a question in plain words, answered with citations."""

from __future__ import annotations

import json
import logging
import sys
from functools import partial
from itertools import chain

import click

from bot.cli.common import _service, finish, friendly, lines, one_line, record
from bot.errors import InputError

log = logging.getLogger(__name__)


@click.command()
@click.argument("question", required=False)
@click.option("--as-of", help="Answer with the rules in force on this date (YYYY-MM-DD).")
@click.option("--batch", metavar="FILE", help="One question per line ('-' for stdin); JSON lines out.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--full", is_flag=True, help="Print the full answer with the complete rule trace.")
@click.option("--require-record", is_flag=True, help="Exit 1 if a case record cannot be written.")
@click.option("--follow-up", "follow_up", metavar="CASE_ID",
              help="Answer in the context of an earlier case (its system, countries and dates carry over).")
@click.pass_context
@friendly
def ask(ctx: click.Context, question: str | None, as_of: str | None, batch: str | None, as_json: bool,
        full: bool, require_record: bool, follow_up: str | None) -> None:
    """Answer a question in plain words, with citations (advisory, not a determination)."""
    service = _service(ctx)
    batch_lines = lines(batch) if batch else None
    # an unreadable batch file fails before the index is loaded
    first = next(batch_lines, None) if batch_lines is not None else None
    service.retriever(progress=sys.stderr.isatty())
    if batch_lines is not None:
        for line in chain([first] if first is not None else [], batch_lines):
            try:
                answer = service.ask(line, as_of=as_of)
            except InputError as exc:
                click.echo(json.dumps({"question": line, "error": one_line(exc)}))
                continue
            data = answer.as_dict()
            data["case_id"] = record(ctx, partial(service.record_answer, answer, source="cli"))
            click.echo(json.dumps(data, ensure_ascii=False))
        finish(ctx, require_record)
        return
    if not question:
        raise InputError("ask: give a question, or --batch FILE")
    context = service.follow_up_context(follow_up) if follow_up else None
    answer = service.ask(question, as_of=as_of, context=context)
    case_id = record(ctx, lambda: service.record_answer(answer, source="cli", context=context,
                                                         follow_up_of=follow_up))
    if as_json:
        data = answer.as_dict()
        data["case_id"] = case_id
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        click.echo(answer.details if full else answer.answer)
    finish(ctx, require_record)
