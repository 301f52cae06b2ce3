"""`uavex serve`: run the Discord bot (discord.py is imported only here)."""

from __future__ import annotations

import logging
import sys

import click

from bot.cli.common import _service, friendly, one_line
from bot.errors import InputError

log = logging.getLogger(__name__)


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
