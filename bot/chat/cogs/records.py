"""/about and /case show|export."""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.cogs.compliance import user_errors
from bot.chat.embeds import about_embed, answer_embed, decision_embed
from bot.errors import CaseNotFound

if TYPE_CHECKING:
    from bot.chat.app import UavexBotMixin


class Records(commands.Cog):
    case = app_commands.Group(name="case", description="Past answers and classifications")

    def __init__(self, bot: UavexBotMixin) -> None:
        self.bot = bot
        self.service = bot.service

    @app_commands.command(name="about", description="Version, rules version, corpus date and index build.")
    async def about(self, interaction: discord.Interaction) -> None:
        info = await asyncio.to_thread(self.service.about)
        await interaction.response.send_message(embed=about_embed(info), ephemeral=True)

    def _allowed(self, interaction: discord.Interaction, user_id: int | None, guild_id: int | None) -> bool:
        if guild_id is not None and guild_id != interaction.guild_id:
            return False
        if user_id is None or user_id == interaction.user.id:
            return True
        member = interaction.user
        roles = {r.id for r in getattr(member, "roles", [])}
        perms = getattr(member, "guild_permissions", None)
        return bool((self.bot.settings.reviewer_role in roles) or (perms and perms.manage_guild))

    async def _record(self, interaction: discord.Interaction, case_id: str) -> Any:
        record = await asyncio.to_thread(self.service.cases.get, case_id)
        if not self._allowed(interaction, record.user_id, record.guild_id):
            raise CaseNotFound(f"no case {case_id!r} that you may see")
        return record

    @case.command(name="show", description="Show a past case (only you see it).")
    @app_commands.describe(id="Case id, e.g. C-20261127-ab12cd")
    @user_errors
    async def show(self, interaction: discord.Interaction, id: str) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        record = await self._record(interaction, id)
        embed = decision_embed(record.result, record.id) if record.kind == "classify" else answer_embed(
            record.result, record.id)
        await interaction.followup.send(embed=embed, ephemeral=True)

    @case.command(name="export", description="A Markdown memo of a past case (only you see it).")
    @app_commands.describe(id="Case id, e.g. C-20261127-ab12cd")
    @user_errors
    async def export(self, interaction: discord.Interaction, id: str) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        record = await self._record(interaction, id)
        memo = await asyncio.to_thread(self.service.case_memo, record.id)
        file = discord.File(io.BytesIO(memo.encode()), filename=f"{record.id}.md")
        await interaction.followup.send(content=f"Memo for case `{record.id}`", file=file, ephemeral=True)


async def setup(bot: Any) -> None:
    await bot.add_cog(Records(bot))
