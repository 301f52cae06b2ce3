"""`uavex ask`, `uavex serve` and `uavex cases` (registered by bot.cli_extra)."""

from __future__ import annotations

import json
import sys
from functools import partial
from itertools import chain

import click

from bot.cli import _service, finish, friendly, one_line, record
from bot.errors import InputError


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
    from bot.cli_extra import _lines

    service = _service(ctx)
    lines = _lines(batch) if batch else None
    first = next(lines, None) if lines is not None else None  # an unreadable batch file fails before the index
    service.retriever(progress=sys.stderr.isatty())
    if lines is not None:
        for line in chain([first] if first is not None else [], lines):
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


@click.command()
@click.option("--sync-guild", type=int, metavar="ID", help="Sync slash commands to this guild only (development).")
@click.option("--no-sync", is_flag=True, help="Do not sync slash commands at start-up.")
@click.pass_context
@friendly
def serve(ctx: click.Context, sync_guild: int | None, no_sync: bool) -> None:
    """Run the Discord bot (needs DISCORD_TOKEN in the environment or a .env file)."""
    service = _service(ctx)
    settings = service.settings
    if not settings.discord_token:
        raise InputError("DISCORD_TOKEN is not set; put it in the environment or in a .env file "
                         "(see README, 'Running the Discord bot')")
    import asyncio
    import logging

    import discord

    from bot.chat.app import configure_endpoints, create_bot

    root = logging.getLogger()
    for handler in list(root.handlers):  # the CLI's basicConfig handler: one handler, each line printed once
        root.removeHandler(handler)
    discord.utils.setup_logging(level=getattr(logging, settings.log_level, logging.INFO))
    configure_endpoints(settings)
    click.echo("loading rules, catalogue and index...", err=True)
    service.rules, service.catalogue  # noqa: B018 - fail fast on bad data before connecting
    service.retriever(progress=sys.stderr.isatty())
    bot = create_bot(service)
    guild = sync_guild or settings.dev_guild

    async def run() -> None:
        async with bot:
            if not no_sync:
                original = bot.setup_hook

                async def hook() -> None:
                    await original()
                    if guild:
                        target = discord.Object(id=guild)
                        bot.tree.copy_global_to(guild=target)
                        await bot.tree.sync(guild=target)
                    else:
                        await bot.tree.sync()

                bot.setup_hook = hook  # type: ignore[method-assign]
            await bot.start(settings.discord_token or "")

    import aiohttp

    from bot.errors import UavexError

    try:
        asyncio.run(run())
    except discord.LoginFailure:
        raise InputError("Discord rejected DISCORD_TOKEN (login failed); check the bot token") from None
    except discord.PrivilegedIntentsRequired:
        raise UavexError("the Message Content intent is not enabled for this bot in the developer portal "
                         "(needed for UAVEX_ANSWER_CHANNELS)") from None
    except (TimeoutError, discord.DiscordException, aiohttp.ClientError, OSError) as exc:
        raise UavexError(f"cannot connect to Discord ({type(exc).__name__}: {one_line(exc) or 'no detail'}); "
                         "check the network and UAVEX_DISCORD_API_BASE / UAVEX_DISCORD_GATEWAY") from None
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


def register_more(cli: click.Group) -> None:
    cli.add_command(ask)
    cli.add_command(cases)
    cli.add_command(serve)
