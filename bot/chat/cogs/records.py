"""/about, /case show|export, and the re-screening summary posted after a start with new rules."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.cogs.compliance import user_errors
from bot.chat.embeds import about_embed, answer_embed, decision_embed
from bot.chat.rescreen import summary_messages
from bot.chat.views import is_reviewer, signoff_view
from bot.errors import CaseNotFound, UavexError

if TYPE_CHECKING:
    from bot.chat.app import UavexBotMixin

log = logging.getLogger(__name__)



class Records(commands.Cog):
    case = app_commands.Group(name="case", description="Past answers and classifications")

    def __init__(self, bot: UavexBotMixin) -> None:
        self.bot = bot
        self.service = bot.service
        self.rescreened = False

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Once per process: when the rules changed since the last re-screening, re-screen the stored cases and
        post a summary to UAVEX_RESCREEN_CHANNEL (one line per changed case, no mentions)."""
        channel_id = self.bot.settings.rescreen_channel
        if self.rescreened or channel_id is None:
            return
        self.rescreened = True
        await self.post_rescreen(channel_id)

    async def post_rescreen(self, channel_id: int) -> None:
        from bot.casework.rescreen import needs_rescreen, rescreen

        try:
            if not await asyncio.to_thread(needs_rescreen, self.service):
                return
            screening = await asyncio.to_thread(rescreen, self.service, source="discord")
        except UavexError as exc:
            log.error("re-screening after the start failed: %s", exc)
            return
        bot: Any = self.bot
        try:
            channel = bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)
            for text in summary_messages(self.service, screening):
                await channel.send(text, allowed_mentions=discord.AllowedMentions.none())
        except discord.DiscordException as exc:
            log.error("could not post the re-screening summary to channel %s: %s", channel_id, exc)

    @app_commands.command(name="about", description="Version, rules version, corpus date and index build.")
    async def about(self, interaction: discord.Interaction) -> None:
        info = await asyncio.to_thread(self.service.about)
        await interaction.response.send_message(embed=about_embed(info), ephemeral=True)

    def _allowed(self, interaction: discord.Interaction, user_id: int | None, guild_id: int | None) -> bool:
        """The requester sees their own cases; reviewers and server managers see the cases of their server and
        those made on the command line (no user); nobody else does."""
        if user_id is not None and user_id == interaction.user.id:
            return True
        if interaction.guild_id is None or (guild_id is not None and guild_id != interaction.guild_id):
            return False
        member = interaction.user
        roles = {r.id for r in getattr(member, "roles", [])}
        perms = getattr(member, "guild_permissions", None)
        reviewer = self.bot.settings.reviewer_role
        return bool((reviewer is not None and reviewer in roles) or (perms and perms.manage_guild))

    async def _record(self, interaction: discord.Interaction, case_id: str) -> Any:
        """The case, or the same 'not found' reply whether it is missing or not the user's to see."""
        missing = CaseNotFound(f"no case {case_id.strip()[:80]!r} that you may see")
        try:
            record = await asyncio.to_thread(self.service.cases.get, case_id)
        except CaseNotFound:
            raise missing from None
        if not self._allowed(interaction, record.user_id, record.guild_id):
            log.info("case %s refused to user %s", record.id, interaction.user.id)
            raise missing
        return record

    @case.command(name="show", description="Show a past case (only you see it).")
    @app_commands.describe(id="Case id, e.g. C-20261127-142501-9f3c0a1b2c3d4e5f")
    @user_errors
    async def show(self, interaction: discord.Interaction, id: app_commands.Range[str, 1, 64]) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        record = await self._record(interaction, id)
        embed = decision_embed(record.result, record.id) if record.kind == "classify" else answer_embed(
            record.result, record.id)
        await interaction.followup.send(embed=embed, ephemeral=True)

    @case.command(name="export", description="The memo for counsel on a past case (only you see it).")
    @app_commands.describe(id="Case id, e.g. C-20261127-142501-9f3c0a1b2c3d4e5f",
                           pdf="A PDF instead of Markdown")
    @user_errors
    async def export(self, interaction: discord.Interaction, id: app_commands.Range[str, 1, 64],
                     pdf: bool = False) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        record = await self._record(interaction, id)
        if pdf:
            data = await asyncio.to_thread(self.service.case_memo_pdf, record.id)
            file = discord.File(io.BytesIO(data), filename=f"{record.id}.pdf")
        else:
            memo = await asyncio.to_thread(self.service.case_memo, record.id)
            file = discord.File(io.BytesIO(memo.encode()), filename=f"{record.id}.md")
        extra: dict[str, Any] = {"view": signoff_view(record.id)} if is_reviewer(interaction) else {}
        await interaction.followup.send(content=f"Memo for case `{record.id}`", file=file, ephemeral=True, **extra)


async def setup(bot: Any) -> None:
    await bot.add_cog(Records(bot))
