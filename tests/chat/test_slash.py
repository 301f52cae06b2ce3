"""Every slash command through the simulated Discord: defer, follow-up, ephemeral replies and limits."""

from __future__ import annotations

from typing import Any

import discord

from bot.chat.format import EMBED_TOTAL_LIMIT, embed_size
from tests.chat.helpers import final_message, first_callback_type, world


def _check_limits(message: Any) -> None:
    for embed in message.embeds:
        assert embed_size(embed) <= EMBED_TOTAL_LIMIT
        assert len(embed.fields) <= 25 and len(embed.description or "") <= 4096
    assert len(message.content or "") <= 2000


async def test_ask_defers_then_answers_with_citations(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    result = await alice.slash(channel, "ask", question="is the gray eagle category I?")
    assert first_callback_type(simcord_env) == 5  # deferred before the slow work
    message = final_message(result)
    assert not message.ephemeral
    embed = message.embeds[0]
    assert "Category II" in embed.title
    assert any(f.name == "Sources" for f in embed.fields) and "Advisory" in embed.footer.text
    labels = {c["custom_id"].split(":")[1] for row in message.components for c in row["components"]}
    assert {"fb", "more", "review"} <= labels
    _check_limits(message)


async def test_private_ask_is_ephemeral(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    result = await alice.slash(channel, "ask", question="what is 19.A.3", private=True)
    assert final_message(result).ephemeral


async def test_classify_is_private_by_default_with_share_button(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    result = await alice.slash(channel, "classify", system="predator b", destination="SA", as_of="2019-06-01")
    message = final_message(result)
    assert message.ephemeral
    embed = message.embeds[0]
    assert embed.title.startswith("Strong presumption of denial") and "Category I" in embed.title
    _check_limits(message)
    share = await alice.click(message.message, label="Share to channel")
    assert not share.ephemeral
    assert "Category I" in share.response.embeds[0].title
    assert channel.last_message.embeds[0].title == embed.title


async def test_bad_values_get_a_one_line_ephemeral_error(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    result = await alice.slash(channel, "classify", range="-300 km")
    message = final_message(result)
    assert message.ephemeral and "negative" in message.content and "\n" not in message.content
    result = await alice.slash(channel, "classify", destination="Atlantis")
    assert "unknown country" in final_message(result).content
    result = await alice.slash(channel, "system", name="definitely not a drone")
    assert final_message(result).ephemeral and "no catalogue entry" in final_message(result).content


async def test_autocomplete_offers_catalogue_and_countries(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    systems = await alice.autocomplete(channel, "classify", "system", "gray")
    assert any("Gray Eagle" in c["name"] for c in systems) and len(systems) <= 25
    countries = await alice.autocomplete(channel, "classify", "destination", "pol")
    assert any(c["value"] == "PL" for c in countries)


async def test_cite_source_system_and_about(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    cite = final_message(await alice.slash(channel, "cite", query="19.A.2", k=3))
    embed = cite.embeds[0]
    assert embed.fields[0].name.startswith("[1] Annex Item 19.A.2")
    _check_limits(cite)
    passage_id = embed.fields[0].value.rsplit("`", 2)[1]
    source = final_message(await alice.slash(channel, "source", passage_id=passage_id))
    assert source.ephemeral and source.embeds[0].title == "Annex Item 19.A.2"
    system = final_message(await alice.slash(channel, "system", name="tb2"))
    assert system.embeds[0].title == "Bayraktar TB2" and any(f.name == "Sources" for f in system.embeds[0].fields)
    about = final_message(await alice.slash(channel, "about"))
    text = " ".join(f"{f.name} {f.value}" for f in about.embeds[0].fields)
    assert about.ephemeral and "rules version" in text and "token" not in text.lower()


async def test_case_show_and_export(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    result = await alice.slash(channel, "classify", system="gray eagle", destination="Poland")
    case_id = final_message(result).embeds[0].footer.text.rsplit("case ", 1)[1]
    shown = final_message(await alice.slash(channel, "case show", id=case_id))
    assert shown.ephemeral and "Category II" in shown.embeds[0].title
    exported = final_message(await alice.slash(channel, "case export", id=case_id))
    assert exported.attachments and exported.attachments[0].filename == f"{case_id}.md"
    missing = final_message(await alice.slash(channel, "case show", id="C-20990101-000000"))
    assert missing.ephemeral and "no case" in missing.content


async def test_a_handler_that_raises_gets_a_short_message(simcord_env: Any, monkeypatch: Any) -> None:
    _, channel, alice = await world(simcord_env)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database exploded with secret details")

    monkeypatch.setattr(simcord_env.bot.service, "ask", boom)
    result = await alice.slash(channel, "ask", question="anything", private=True)
    message = final_message(result)
    assert message.ephemeral and "Something went wrong" in message.content and "\n" not in message.content
    assert "secret" not in message.content
    assert any("database exploded" in str(e.__cause__ or e) for e in simcord_env.errors)  # logged, not shown


def test_no_mentions_are_ever_pinged(simcord_bot: Any) -> None:
    mentions = simcord_bot.allowed_mentions
    assert isinstance(mentions, discord.AllowedMentions)
    assert not mentions.everyone and not mentions.users and not mentions.roles
