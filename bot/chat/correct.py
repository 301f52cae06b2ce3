""""Correct the facts": a button on every answer that carries a verdict. It opens a modal prefilled with what
uavex understood (system, range, payload, destination, as-of date); submitting it re-runs the classification with
the corrected facts and records it as a new case."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import discord

from bot.chat.embeds import decision_embed
from bot.errors import UavexError
from bot.intake import ClassifyRequest

log = logging.getLogger(__name__)
CASE = r"(?P<case>C-\d{8}-(?:\d{6}-[0-9a-f]{16}|[0-9a-f]{6}))"


def prefill(result: dict[str, Any]) -> dict[str, str]:
    """The facts of a recorded answer, as the modal's starting values."""
    verdict = result.get("verdict") or {}
    facts = verdict.get("facts") or {}
    system = (verdict.get("system") or {}).get("name") or ""
    destination = (verdict.get("destination") or {}).get("name") or ""

    def figure(name: str, unit: str) -> str:
        entry = facts.get(name) or {}
        value = entry.get("value")
        return f"{value:g} {unit}" if isinstance(value, int | float) and entry.get("origin") == "input" else ""

    return {"system": system, "range": figure("range_km", "km"), "payload": figure("payload_kg", "kg"),
            "destination": destination, "as_of": str(verdict.get("as_of") or result.get("as_of") or "")}


class CorrectFactsModal(discord.ui.Modal, title="Correct the facts and re-run"):
    def __init__(self, case_id: str, values: dict[str, str], exporter: str) -> None:
        super().__init__(custom_id=f"uavex:fixed:{case_id}")
        self.case_id, self.exporter = case_id, exporter
        self.fields: dict[str, discord.ui.TextInput[Any]] = {}
        for key, label, hint in (("system", "System (catalogue name)", "e.g. MQ-1C Gray Eagle"),
                                 ("range", "One-way range", "e.g. 1,200 km or 650 nm"),
                                 ("payload", "Payload", "e.g. 500 kg or 1,100 lb"),
                                 ("destination", "Destination country", "e.g. Poland"),
                                 ("as_of", "As of (YYYY-MM-DD)", "e.g. 2026-01-15")):
            field: discord.ui.TextInput[Any] = discord.ui.TextInput(
                label=label, placeholder=hint, default=values.get(key) or None, required=False, max_length=100,
                custom_id=key)
            self.fields[key] = field
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot: Any = interaction.client
        values = {k: (str(f.value).strip() or None) for k, f in self.fields.items()}
        request = ClassifyRequest(system=values["system"], range=values["range"], payload=values["payload"],
                                  destination=values["destination"], as_of=values["as_of"], exporter=self.exporter)
        try:
            decision = await asyncio.to_thread(bot.service.classify, request)
        except UavexError as exc:
            await interaction.response.send_message(str(exc)[:300], ephemeral=True)
            return
        case_id = await asyncio.to_thread(
            bot.service.record_decision, request, decision, source="discord",
            guild_id=interaction.guild_id, channel_id=interaction.channel_id, user_id=interaction.user.id)
        from bot.chat.views import case_view

        await interaction.response.send_message(embed=decision_embed(decision.as_dict(), case_id),
                                                view=case_view(case_id, share=True), ephemeral=True)


class CorrectFactsButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"uavex:fix:" + CASE):
    def __init__(self, case_id: str) -> None:
        super().__init__(discord.ui.Button(label="Correct the facts", style=discord.ButtonStyle.secondary,
                                           custom_id=f"uavex:fix:{case_id}"))
        self.case_id = case_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str]) -> CorrectFactsButton:
        return cls(match["case"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: Any = interaction.client
        record = await asyncio.to_thread(bot.service.cases.get, self.case_id)
        exporter = ((record.result.get("verdict") or {}).get("exporter")) or "US"
        await interaction.response.send_modal(CorrectFactsModal(self.case_id, prefill(record.result), exporter))
