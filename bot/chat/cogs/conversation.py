"""Answers when mentioned or in a configured channel, one thread per question; follow-ups in that thread
reuse its context (system, destination and date already discussed)."""

from __future__ import annotations

import asyncio
import logging
import re
from functools import partial
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.chat.cogs.compliance import NOT_RECORDED
from bot.chat.embeds import answer_embed
from bot.chat.format import clip, escape_answer, one_line, split_message
from bot.chat.views import case_view
from bot.errors import CaseStoreUnavailable, UavexError

if TYPE_CHECKING:
    from bot.chat.app import UavexBotMixin

log = logging.getLogger(__name__)

_MENTION = re.compile(r"<(?:@[!&]?|#|/[^:>]{1,64}:)\d+>|@(?=everyone|here)|<a?:\w{1,64}:\d+>")


def thread_name(question: str) -> str:
    """A thread title from the question with every mention (users, roles, channels, @everyone/@here, custom
    emoji) removed, so the title neither pings nor shows raw mention syntax."""
    text = " ".join(_MENTION.sub("", question).split())
    return clip(f"uavex: {text}", 100) if text else "uavex"


class Conversation(commands.Cog):
    def __init__(self, bot: UavexBotMixin) -> None:
        self.bot = bot
        self.service = bot.service

    def _wanted(self, message: discord.Message) -> bool:
        me = self.bot.user
        if me is None or message.author.bot:
            return False
        if message.guild is None:
            return True
        if me in message.mentions:
            return True
        channel = message.channel
        parent = getattr(channel, "parent_id", None)
        answer_channels = self.bot.settings.answer_channels
        ours = isinstance(channel, discord.Thread) and channel.owner_id == me.id
        return bool(message.content) and (channel.id in answer_channels or parent in answer_channels or ours)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if not self._wanted(message):
            return
        channel = message.channel
        member_roles = {r.id for r in getattr(message.author, "roles", [])}
        perms = getattr(message.author, "guild_permissions", None)
        refusal = self.bot.access.refusal(
            user_id=message.author.id, channel_id=channel.id, parent_id=getattr(channel, "parent_id", None),
            role_ids=member_roles, in_dm=message.guild is None, is_admin=bool(perms and perms.administrator))
        if refusal:
            await message.reply(refusal, delete_after=20, mention_author=False)
            return
        me = self.bot.user
        question = re.sub(rf"<@!?{me.id}>" if me else r"$^", "", message.content).strip()
        if not question:
            await message.reply("Ask me a question after the mention, e.g. *is the MQ-1C Category I?*",
                                mention_author=False)
            return
        target: Any = channel
        if message.guild is not None and not isinstance(channel, discord.Thread):
            target = await message.create_thread(name=thread_name(question), auto_archive_duration=1440)
        try:
            async with target.typing():
                earlier = await asyncio.to_thread(self._earlier, target.id)
                context = self.service.conversation_of(earlier.inputs) if earlier else None
                answer = await asyncio.to_thread(self.service.ask, question, None, None, context)
                case_id = await self._record(answer, message, target.id, context, earlier.id if earlier else None)
        except UavexError as exc:
            await target.send(one_line(exc))
            return
        await self._send(target, answer.as_dict(), case_id)

    def _earlier(self, thread_id: int) -> Any:
        """The thread's last answered question, from the case store (so context survives a restart)."""
        try:
            return self.service.cases.latest_in_channel(thread_id)
        except CaseStoreUnavailable as exc:
            log.warning("no thread context: %s", exc)
            return None

    async def _record(self, answer: Any, message: discord.Message, channel_id: int, context: str | None,
                      follow_up_of: str | None) -> str | None:
        try:
            case_id: str = await asyncio.to_thread(
                partial(self.service.record_answer, answer, source="discord",
                        guild_id=message.guild.id if message.guild else None, channel_id=channel_id,
                        user_id=message.author.id, context=context, follow_up_of=follow_up_of))
            return case_id
        except CaseStoreUnavailable as exc:
            log.error("case not recorded: %s", exc)
            return None

    async def _send(self, target: Any, answer: dict[str, Any], case_id: str | None) -> None:
        guild = getattr(target, "guild", None)
        can_embed = True
        if guild is not None and guild.me is not None:
            can_embed = target.permissions_for(guild.me).embed_links
        view = case_view(case_id, correct=bool(answer.get("verdict"))) if case_id else discord.utils.MISSING
        content = NOT_RECORDED if case_id is None else None
        if can_embed:
            await target.send(content, embed=answer_embed(answer, case_id), view=view)
            return
        chunks = split_message(escape_answer(answer["answer"]) + (f"\n\n{NOT_RECORDED}" if content else ""))
        for i, chunk in enumerate(chunks):
            await target.send(chunk, view=view if i == len(chunks) - 1 else discord.utils.MISSING)


async def setup(bot: Any) -> None:
    await bot.add_cog(Conversation(bot))
