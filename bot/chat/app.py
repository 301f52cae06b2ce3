"""The discord.py bot: built once with a ready ComplianceService; sharding is a setting."""

from __future__ import annotations

import asyncio
import gc
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.access import AccessPolicy
from bot.chat.format import one_line
from bot.chat.replies import reply_privately
from bot.chat.turns import TurnBudget
from bot.chat.views import DYNAMIC_ITEMS
from bot.config import Settings
from bot.errors import UavexError
from bot.service import ComplianceService

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.chat.cogs.compliance", "bot.chat.cogs.records", "bot.chat.cogs.conversation")
HEAVY = {"ask", "classify", "cite"}
CASE_LOOKUPS = {"case show", "case export"}  # their own cooldown bucket: ids must not be guessable by brute force


def _cooldown(name: str) -> bool | str:
    return True if name in HEAVY else ("case" if name in CASE_LOOKUPS else False)


class UavexTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        bot: Any = interaction.client
        await bot.turns.admit()  # a burst's first steps are spread over loop turns (bot/chat/turns.py)
        command = interaction.command
        name = command.qualified_name if command else ""
        roles = {r.id for r in getattr(interaction.user, "roles", [])}
        perms = getattr(interaction.user, "guild_permissions", None)
        channel = interaction.channel
        refusal = bot.access.refusal(
            user_id=interaction.user.id, channel_id=interaction.channel_id,
            parent_id=getattr(channel, "parent_id", None), role_ids=roles, in_dm=interaction.guild_id is None,
            is_admin=bool(perms and perms.administrator), cooldown=_cooldown(name))
        if refusal:
            await interaction.response.send_message(refusal, ephemeral=True)
            return False
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        original = getattr(error, "original", error)
        if isinstance(error, app_commands.CheckFailure) and interaction.response.is_done():
            return
        if isinstance(original, UavexError):
            message = str(original)
        elif isinstance(error, app_commands.CheckFailure):
            message = str(error) or "You cannot use this command here."
        else:
            ref = uuid.uuid4().hex[:8]
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("command /%s failed (ref %s)", command, ref, exc_info=original)
            message = f"Something went wrong on our side (ref {ref}); the details were logged. Please try again."
        await reply_privately(interaction, one_line(message))


class UavexBotMixin:
    service: ComplianceService
    settings: Settings
    access: AccessPolicy
    turns: TurnBudget
    tree: UavexTree
    user: discord.ClientUser | None


def create_bot(service: ComplianceService, settings: Settings | None = None) -> commands.Bot:
    """Build the bot around a ready service; AutoShardedBot when UAVEX_SHARDED is true."""
    settings = settings or service.settings
    base: Any = commands.AutoShardedBot if settings.sharded else commands.Bot

    class UavexBot(UavexBotMixin, base):
        async def setup_hook(self) -> None:
            # Service calls run in worker threads; two match the two cores and keep the event loop responsive.
            asyncio.get_running_loop().set_default_executor(
                ThreadPoolExecutor(max_workers=self.settings.workers, thread_name_prefix="uavex"))
            for extension in EXTENSIONS:
                if extension not in self.extensions:
                    await self.load_extension(extension)
            self.add_dynamic_items(*DYNAMIC_ITEMS)
            # The loaded rules, catalogue, index and passages live as long as the bot: moved out of the collector's
            # reach, a full collection no longer walks them while holding the GIL (it stalled the loop ~100 ms).
            gc.collect()
            gc.freeze()

        async def process_commands(self, message: discord.Message, /) -> None:
            """There are no prefix commands (mentions are questions, answered by the conversation cog); parsing
            a mention as a command would only log CommandNotFound for every question."""

        async def on_ready(self) -> None:
            log.info("uavex connected as %s (guilds: %d)", self.user, len(self.guilds))

    intents = discord.Intents.default()
    # Mentions and DMs carry content without the privileged intent; answering un-mentioned messages in
    # UAVEX_ANSWER_CHANNELS needs it (enable "Message Content Intent" in the developer portal).
    intents.message_content = bool(settings.answer_channels)
    bot = UavexBot(command_prefix=commands.when_mentioned, intents=intents, tree_cls=UavexTree,
                   allowed_mentions=discord.AllowedMentions.none(), help_command=None)
    bot.service, bot.settings, bot.access = service, settings, AccessPolicy(settings)
    bot.turns = TurnBudget()
    return bot


def configure_endpoints(settings: Settings) -> None:
    """Point discord.py at a self-hosted Discord-compatible server when configured."""
    import yarl

    if settings.discord_api_base:
        discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    if settings.discord_gateway:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway)
