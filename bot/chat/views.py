"""Persistent buttons (they work after a restart): feedback, more sources, request review, reviewer sign-off,
share to channel.

Each button's state (the case id) lives in its custom_id, parsed back by a DynamicItem.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.chat.correct import CorrectFactsButton
from bot.chat.embeds import answer_embed, decision_embed
from bot.chat.format import build_embed, clip, escape_corpus

if TYPE_CHECKING:
    from bot.chat.app import UavexBotMixin

log = logging.getLogger(__name__)
CASE = r"(?P<case>C-\d{8}-(?:\d{6}-[0-9a-f]{16}|[0-9a-f]{6}))"  # current ids, and the older short ones


def _bot(interaction: discord.Interaction) -> UavexBotMixin:
    return interaction.client  # type: ignore[return-value]


class ReasonModal(discord.ui.Modal, title="What was wrong with this answer?"):
    reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Reason (optional)", style=discord.TextStyle.paragraph, required=False, max_length=1000,
        custom_id="reason")

    def __init__(self, case_id: str) -> None:
        super().__init__(custom_id=f"uavex:reason:{case_id}")
        self.case_id = case_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        service = _bot(interaction).service
        await asyncio.to_thread(service.cases.feedback, self.case_id, -1, interaction.user.id,
                                str(self.reason.value or "") or None)
        await interaction.response.send_message("Thanks — your 👎 and reason were recorded.", ephemeral=True)


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                     template=r"uavex:fb:" + CASE + r":(?P<vote>up|down)"):
    def __init__(self, case_id: str, vote: str) -> None:
        super().__init__(discord.ui.Button(emoji="👍" if vote == "up" else "👎", style=discord.ButtonStyle.secondary,
                                           custom_id=f"uavex:fb:{case_id}:{vote}"))
        self.case_id, self.vote = case_id, vote

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: Any) -> FeedbackButton:
        return cls(match["case"], match["vote"])

    async def callback(self, interaction: discord.Interaction) -> None:
        if self.vote == "down":
            await interaction.response.send_modal(ReasonModal(self.case_id))
            return
        await asyncio.to_thread(_bot(interaction).service.cases.feedback, self.case_id, 1, interaction.user.id)
        await interaction.response.send_message("Thanks — your 👍 was recorded.", ephemeral=True)


class _CaseButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"uavex:(?!)"):
    """A button whose only state is a case id, carried in its custom_id (``uavex:<PREFIX>:<case>``)."""

    PREFIX = ""
    LABEL = ""
    STYLE = discord.ButtonStyle.secondary

    def __init__(self, case_id: str) -> None:
        super().__init__(discord.ui.Button(label=self.LABEL, style=self.STYLE,
                                           custom_id=f"uavex:{self.PREFIX}:{case_id}"))
        self.case_id = case_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: Any) -> _CaseButton:
        return cls(match["case"])


class MoreSourcesButton(_CaseButton, template=r"uavex:more:" + CASE):
    PREFIX, LABEL = "more", "More sources"

    async def callback(self, interaction: discord.Interaction) -> None:
        record = await asyncio.to_thread(_bot(interaction).service.cases.get, self.case_id)
        fields = []
        for c in record.result.get("citations", []):
            fields.append((f"[{c['n']}] {escape_corpus(c['label'])}",
                           f"{clip(escape_corpus(c['text']), 700)}\n<{c['url']}>"))
        for step in record.result.get("trace", []):
            ref = step["reference"]
            fields.append((f"{step['step']} ({step['rule']})", f"{step['finding']}\n{ref['title']} <{ref['url']}>"))
        for p in record.result.get("closest", []):
            fields.append((escape_corpus(p["label"]), f"{clip(escape_corpus(p['text']), 700)}\n<{p['url']}>"))
        embed = build_embed(f"Sources for case {self.case_id}", "Full passages and rule references.",
                            fields or [("None", "This case cited no passage.")], "uavex")
        await interaction.response.send_message(embed=embed, ephemeral=True)


class ReviewButton(_CaseButton, template=r"uavex:review:" + CASE):
    PREFIX, LABEL, STYLE = "review", "Request review", discord.ButtonStyle.primary

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = _bot(interaction)
        await asyncio.to_thread(bot.service.cases.review_request, self.case_id, interaction.user.id)
        role = bot.settings.reviewer_role
        if role is None:
            await interaction.response.send_message(
                "Review request recorded. No reviewer role is configured (UAVEX_REVIEWER_ROLE), so nobody was "
                "pinged.", ephemeral=True)
            return
        await interaction.response.send_message(
            f"<@&{role}> review requested for case `{self.case_id}` by {interaction.user.display_name}.",
            allowed_mentions=discord.AllowedMentions(everyone=False, users=False,
                                                     roles=[discord.Object(id=role)]),
            view=signoff_view(self.case_id))


def is_reviewer(interaction: discord.Interaction) -> bool:
    """A member with the reviewer role (UAVEX_REVIEWER_ROLE) or the Manage Server permission, in a server."""
    if interaction.guild_id is None:
        return False
    roles = {r.id for r in getattr(interaction.user, "roles", [])}
    perms = getattr(interaction.user, "guild_permissions", None)
    reviewer = _bot(interaction).settings.reviewer_role
    return bool((reviewer is not None and reviewer in roles) or (perms and perms.manage_guild))


class SignOffModal(discord.ui.Modal, title="Sign off this case"):
    note: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Note for the memo (optional)", style=discord.TextStyle.paragraph, required=False, max_length=1000,
        custom_id="note")

    def __init__(self, case_id: str, decision: str) -> None:
        super().__init__(custom_id=f"uavex:signnote:{case_id}:{decision}")
        self.case_id, self.decision = case_id, decision

    async def on_submit(self, interaction: discord.Interaction) -> None:
        service = _bot(interaction).service
        await asyncio.to_thread(service.cases.sign_off, self.case_id, reviewer=interaction.user.display_name,
                                decision=self.decision, note=str(self.note.value or "") or None,
                                user_id=interaction.user.id, source="discord", rules_version=service.rules.version)
        await interaction.response.send_message(
            f"Recorded: you {self.decision} with case `{self.case_id}`; the sign-off is shown in its memo "
            "(/case export).", ephemeral=True)


class SignOffButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                    template=r"uavex:signoff:" + CASE + r":(?P<decision>agree|disagree)"):
    """Reviewers only: agree or disagree with a case's verdict; a modal takes the note."""

    def __init__(self, case_id: str, decision: str) -> None:
        agree = decision == "agree"
        super().__init__(discord.ui.Button(label="Sign off: agree" if agree else "Sign off: disagree",
                                           style=discord.ButtonStyle.success if agree else discord.ButtonStyle.danger,
                                           custom_id=f"uavex:signoff:{case_id}:{decision}"))
        self.case_id, self.decision = case_id, decision

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: Any) -> SignOffButton:
        return cls(match["case"], match["decision"])

    async def callback(self, interaction: discord.Interaction) -> None:
        if not is_reviewer(interaction):
            await interaction.response.send_message("Only members with the reviewer role can sign off a case.",
                                                    ephemeral=True)
            return
        await interaction.response.send_modal(SignOffModal(self.case_id, self.decision))


def signoff_view(case_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(SignOffButton(case_id, "agree"))
    view.add_item(SignOffButton(case_id, "disagree"))
    return view


class ShareButton(_CaseButton, template=r"uavex:share:" + CASE):
    PREFIX, LABEL, STYLE = "share", "Share to channel", discord.ButtonStyle.success

    async def callback(self, interaction: discord.Interaction) -> None:
        record = await asyncio.to_thread(_bot(interaction).service.cases.get, self.case_id)
        if record.user_id != interaction.user.id:
            await interaction.response.send_message("Only the person who asked can share this.", ephemeral=True)
            return
        embed = decision_embed(record.result, record.id) if record.kind == "classify" else answer_embed(
            record.result, record.id)
        await interaction.response.send_message(
            content=f"Shared by {interaction.user.display_name}", embed=embed, view=case_view(record.id))


DYNAMIC_ITEMS = (FeedbackButton, MoreSourcesButton, ReviewButton, ShareButton, CorrectFactsButton, SignOffButton)


def case_view(case_id: str, *, share: bool = False, correct: bool = False) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton(case_id, "up"))
    view.add_item(FeedbackButton(case_id, "down"))
    view.add_item(MoreSourcesButton(case_id))
    view.add_item(ReviewButton(case_id))
    if share:
        view.add_item(ShareButton(case_id))
    if correct:
        view.add_item(CorrectFactsButton(case_id))
    return view
