"""Replies that reach the user even when the interaction's state is not what the code expected."""

from __future__ import annotations

import logging

import discord

log = logging.getLogger(__name__)


async def reply_privately(interaction: discord.Interaction, message: str) -> None:
    """An ephemeral reply whether or not the interaction was acknowledged; if the first way fails (e.g.
    "already acknowledged" after a race), the other is tried, so the user is never left with nothing."""
    first_followup = interaction.response.is_done()
    for use_followup in (first_followup, not first_followup):
        try:
            if use_followup:
                await interaction.followup.send(message, ephemeral=True)
            else:
                await interaction.response.send_message(message, ephemeral=True)
            return
        except (discord.HTTPException, discord.InteractionResponded) as exc:
            log.warning("error reply via %s failed (%s); trying the other way",
                        "follow-up" if use_followup else "response", type(exc).__name__)
    log.error("could not tell the user about an error in /%s",
              interaction.command.qualified_name if interaction.command else "?")
