"""/ask, /classify, /cite, /source, /system."""

from __future__ import annotations

import asyncio
import functools
import io
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.chat.embeds import answer_embed, decision_embed, passages_embed, source_embed, system_embed
from bot.chat.format import one_line
from bot.chat.replies import reply_privately
from bot.chat.views import case_view
from bot.countries import name_table
from bot.errors import CaseStoreUnavailable, InputError, UavexError
from bot.intake import ClassifyRequest, parse_as_of

if TYPE_CHECKING:
    from bot.chat.app import UavexBotMixin

log = logging.getLogger(__name__)

# Every string option has a max_length (Discord otherwise allows 6,000 characters).
Figure = app_commands.Range[str, 1, 64]
Name = app_commands.Range[str, 1, 100]
Day = app_commands.Range[str, 1, 32]
Text = app_commands.Range[str, 1, 500]
NOT_RECORDED = "⚠️ This answer was not recorded (the case store is unavailable); save it yourself if you need it."


def user_errors(func: Any) -> Any:
    """Expected problems (bad input, unknown case) become a one-line ephemeral reply, not an error."""

    @functools.wraps(func)
    async def wrapper(self: Any, interaction: discord.Interaction, *args: Any, **kwargs: Any) -> None:
        try:
            await func(self, interaction, *args, **kwargs)
        except UavexError as exc:
            await reply_privately(interaction, one_line(exc))

    return wrapper


async def record_or_none(func: Any, *args: Any, **kwargs: Any) -> str | None:
    """Write a case record off the event loop; None (logged) when the case store cannot be written."""
    try:
        result: str = await asyncio.to_thread(func, *args, **kwargs)
        return result
    except CaseStoreUnavailable as exc:
        log.error("case not recorded: %s", exc)
        return None


def _extras(case_id: str | None, *, share: bool = False, correct: bool = False) -> dict[str, Any]:
    """The buttons of a recorded case, or a one-line warning when it was not recorded."""
    if case_id is None:
        return {"content": NOT_RECORDED}
    return {"view": case_view(case_id, share=share, correct=correct)}


async def chart_file(decision: dict[str, Any]) -> discord.File | None:
    """The payload-range chart as an attachment with its alt text; None (logged) if it cannot be drawn, so a
    chart problem never withholds the verdict."""
    from bot.casework.chart import chart_data, render_chart  # matplotlib only on this path

    try:
        data = chart_data(decision)
        rendered = await asyncio.to_thread(render_chart, data)
    except Exception:  # a plotting failure must not cost the user the verdict
        log.exception("could not draw the payload-range chart")
        return None
    return discord.File(io.BytesIO(rendered.png), filename="margins.png", description=rendered.alt_text)


def _ids(interaction: discord.Interaction) -> dict[str, int | None]:
    return {"guild_id": interaction.guild_id, "channel_id": interaction.channel_id, "user_id": interaction.user.id}


class Compliance(commands.Cog):
    def __init__(self, bot: UavexBotMixin) -> None:
        self.bot = bot
        self.service = bot.service

    async def system_autocomplete(self, interaction: discord.Interaction,
                                  current: str) -> list[app_commands.Choice[str]]:
        names = self.service.catalogue.suggest(current, 25)
        return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names][:25]

    async def country_autocomplete(self, interaction: discord.Interaction,
                                   current: str) -> list[app_commands.Choice[str]]:
        from bot.countries import country_name

        text = current.strip().lower()
        codes = sorted({code for name, code in name_table().items() if not text or name.startswith(text)})
        return [app_commands.Choice(name=f"{country_name(c)} ({c})", value=c) for c in codes][:25]

    @app_commands.command(name="ask", description="Ask an export-compliance question in plain words.")
    @app_commands.describe(question="Your question", as_of="Rules in force on this date (YYYY-MM-DD)",
                           private="Only you see the answer")
    @user_errors
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 2000],
                  as_of: Day | None = None, private: bool = False) -> None:
        await interaction.response.defer(thinking=True, ephemeral=private)
        if as_of:
            parse_as_of(as_of)
        answer = await asyncio.to_thread(self.service.ask, question, as_of)
        case_id = await record_or_none(self.service.record_answer, answer, source="discord", private=private,
                                       **_ids(interaction))
        await interaction.followup.send(embed=answer_embed(answer.as_dict(), case_id), ephemeral=private,
                                        **_extras(case_id, correct=answer.verdict is not None))

    @app_commands.command(name="classify", description="Classify a proposed UAV sale (private by default).")
    @app_commands.describe(system="Catalogue system, e.g. 'MQ-1C Gray Eagle'", range="e.g. '1,200 km', '650 nm'",
                           payload="e.g. '500 kg', '1,100 lb'", speed="Maximum airspeed, e.g. '780 km/h', 'Mach 0.7'",
                           aerosol="Spray system capacity, e.g. '30 L' (0 if none)",
                           autonomous="Autonomous flight control/navigation",
                           bvlos="Controlled flight beyond the operator's direct vision",
                           endurance="Maximum endurance, e.g. '45 min', '24 h' (ECCN 9A012)",
                           mtow="Maximum take-off weight, e.g. '25 kg' (bounds an unknown payload)",
                           military="Designed for military use (USML or EAR)",
                           armed="Armed or designed to carry weapons (USML VIII(a))",
                           gust="Designed for stable flight in gusts of at least 46.3 km/h / 25 kt (9A012.a.1)",
                           destination="Destination country", exporter="Exporting country (default US)",
                           end_use="End use / end user", as_of="Rules in force on this date (YYYY-MM-DD)",
                           private="Only you see the verdict (default yes)")
    @app_commands.autocomplete(system=system_autocomplete, destination=country_autocomplete,
                               exporter=country_autocomplete)
    @user_errors
    async def classify(self, interaction: discord.Interaction, system: Name | None = None,
                       range: Figure | None = None, payload: Figure | None = None, speed: Figure | None = None,
                       aerosol: Figure | None = None, autonomous: bool | None = None, bvlos: bool | None = None,
                       endurance: Figure | None = None, mtow: Figure | None = None, military: bool | None = None,
                       armed: bool | None = None,
                       gust: bool | None = None,
                       destination: Name | None = None, exporter: Name | None = None, end_use: Text | None = None,
                       as_of: Day | None = None, private: bool = True) -> None:
        await interaction.response.defer(thinking=True, ephemeral=private)
        request = ClassifyRequest(system=system, range=range, payload=payload, speed=speed, aerosol=aerosol,
                                  autonomous=autonomous, bvlos=bvlos, endurance=endurance, mtow=mtow,
                                  military=military,
                                  armed=armed, gust=gust, destination=destination, exporter=exporter,
                                  end_use=end_use, as_of=as_of)
        decision = await asyncio.to_thread(self.service.classify, request)
        case_id = await record_or_none(self.service.record_decision, request, decision, source="discord",
                                       private=private, **_ids(interaction))
        data = decision.as_dict()
        embed = decision_embed(data, case_id)
        chart = await chart_file(data)
        if chart is not None:
            embed.set_image(url=f"attachment://{chart.filename}")
        extras: dict[str, Any] = {**_extras(case_id, share=private), **({"file": chart} if chart else {})}
        await interaction.followup.send(embed=embed, ephemeral=private, **extras)

    @app_commands.command(name="cite", description="Pull the passages that answer a query, with citations.")
    @app_commands.describe(query="Keywords or a question", k="How many passages (1-10)")
    @user_errors
    async def cite(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 500],
                   k: app_commands.Range[int, 1, 10] = 5) -> None:
        await interaction.response.defer(thinking=True)
        hits = await asyncio.to_thread(self.service.cite, query, k)
        await interaction.followup.send(embed=passages_embed(query, [h.as_dict() for h in hits]))

    @app_commands.command(name="source", description="Show a full passage and its document.")
    @app_commands.describe(passage_id="A passage id from /cite, e.g. mtcr-annex-uav-items#item-19-a-2-1")
    @user_errors
    async def source(self, interaction: discord.Interaction, passage_id: app_commands.Range[str, 1, 200]) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        retriever = await asyncio.to_thread(self.service.retriever)
        passage = retriever.by_id.get(passage_id.strip())
        if passage is None:
            raise InputError(f"no passage {passage_id[:100]!r}; copy an id from /cite")
        await interaction.followup.send(embed=source_embed(passage.as_dict()), ephemeral=True)

    @app_commands.command(name="system", description="A catalogue card for a named UAV, with sources.")
    @app_commands.describe(name="System name or alias")
    @app_commands.autocomplete(name=system_autocomplete)
    @user_errors
    async def system(self, interaction: discord.Interaction, name: Name) -> None:
        spec = self.service.catalogue.resolve(name)
        await interaction.response.send_message(embed=system_embed(spec.as_dict()))


async def setup(bot: Any) -> None:
    await bot.add_cog(Compliance(bot))
