"""Buttons (persistent across restarts), mention replies in threads with follow-up context, access refusals."""

from __future__ import annotations

from typing import Any

import pytest

from tests.chat.helpers import final_message, world


async def _answer(env: Any) -> tuple[Any, Any, Any, str]:
    guild, channel, alice = await world(env)
    result = await alice.slash(channel, "ask", question="is the gray eagle category I?")
    message = final_message(result)
    case_id = message.embeds[0].footer.text.rsplit("case ", 1)[1]
    return guild, channel, alice, case_id


async def test_feedback_buttons_record_votes_and_reasons(simcord_env: Any) -> None:
    _, channel, alice, case_id = await _answer(simcord_env)
    message = channel.last_message
    up = await alice.click(message, custom_id=f"uavex:fb:{case_id}:up")
    assert up.ephemeral and "recorded" in up.response.content
    down = await alice.click(message, custom_id=f"uavex:fb:{case_id}:down")
    assert down.modal is not None
    submitted = await alice.submit_modal(down, {"reason": "cited the wrong paragraph"})
    assert submitted.ephemeral
    record = simcord_env.bot.service.cases.get(case_id)
    assert [f["value"] for f in record.feedback] == [1, -1]
    assert record.feedback[1]["reason"] == "cited the wrong paragraph"


async def test_buttons_still_work_after_a_restart(simcord_env: Any) -> None:
    _, channel, alice, case_id = await _answer(simcord_env)
    message = channel.last_message
    await simcord_env.restart_bot()
    more = await alice.click(message, custom_id=f"uavex:more:{case_id}")
    assert more.ephemeral and more.response.embeds[0].title == f"Sources for case {case_id}"


@pytest.mark.parametrize("chat_settings", [{"reviewer_role": 424242}], indirect=True)
async def test_request_review_pings_the_reviewer_role(simcord_env: Any) -> None:
    _, channel, alice, case_id = await _answer(simcord_env)
    result = await alice.click(channel.last_message, label="Request review")
    assert "<@&424242>" in result.response.content and not result.ephemeral
    posts = [r for r in simcord_env.http_requests if r.path.endswith("/callback") and r.json.get("type") == 4]
    assert [str(r) for r in posts[-1].json["data"]["allowed_mentions"]["roles"]] == ["424242"]
    assert simcord_env.bot.service.cases.get(case_id).reviews


async def test_mention_opens_a_thread_and_follow_up_reuses_context(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    bot_mention = simcord_env.bot.user.mention
    await alice.send(channel, f"{bot_mention} can we sell a gray eagle to poland?")
    thread = channel.threads[0]
    first = thread.last_message.embeds[0]
    assert "Category II" in first.title and "Case-by-case" in first.title
    await alice.send(thread, f"{bot_mention} and what about Japan?")
    follow = thread.last_message.embeds[0]
    assert "Japan" in follow.description and "Gray Eagle" in follow.description


async def test_thread_follow_up_keeps_its_context_after_a_restart(simcord_env: Any) -> None:
    """The thread's context lives in the case store, not in memory: a restart loses nothing."""
    _, channel, alice = await world(simcord_env)
    bot_mention = simcord_env.bot.user.mention
    await alice.send(channel, f"{bot_mention} can we sell a gray eagle to poland?")
    thread = channel.threads[0]
    await simcord_env.restart_bot()
    await alice.send(thread, f"{bot_mention} and what about Japan?")
    follow = thread.last_message.embeds[0]
    assert "Japan" in follow.description and "Gray Eagle" in follow.description
    case_id = follow.footer.text.rsplit("case ", 1)[1]
    record = simcord_env.bot.service.cases.get(case_id)
    assert "gray eagle to poland" in record.inputs["context"] and record.inputs["follow_up_of"]


async def test_correct_the_facts_reruns_the_classification_with_the_corrected_facts(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    result = await alice.slash(channel, "ask", question="can we sell a drone with 250 km range and 600 kg payload "
                                                         "to poland?")
    message = final_message(result)
    case_id = message.embeds[0].footer.text.rsplit("case ", 1)[1]
    opened = await alice.click(channel.last_message, custom_id=f"uavex:fix:{case_id}")
    assert opened.modal is not None
    prefilled = {c["custom_id"]: c.get("value") for row in opened.modal["components"] for c in row["components"]}
    assert prefilled["range"] == "250 km" and prefilled["destination"] == "Poland"
    rerun = await alice.submit_modal(opened, {"range": "1,200 km", "payload": "600 kg", "destination": "Poland",
                                              "system": "", "as_of": "2026-11-27"})
    embed = rerun.response.embeds[0]
    assert rerun.ephemeral and "Category I" in embed.title
    assert simcord_env.bot.service.cases.list(limit=1)[0]["kind"] == "classify"


async def test_mention_without_a_question_gets_a_hint(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    await alice.send(channel, simcord_env.bot.user.mention)
    assert "Ask me a question" in channel.last_message.content


@pytest.mark.parametrize("chat_settings", [{"allowed_channels": frozenset({1})}], indirect=True)
async def test_commands_outside_allowed_channels_are_refused_privately(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    result = await alice.slash(channel, "ask", question="what is 19.A.2")
    assert result.ephemeral and "not enabled in this channel" in result.response.content


@pytest.mark.parametrize("chat_settings", [{"allowed_roles": frozenset({777})}], indirect=True)
async def test_members_without_an_allowed_role_are_refused(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    result = await alice.slash(channel, "classify", system="tb2")
    assert result.ephemeral and "roles allowed" in result.response.content


@pytest.mark.parametrize("chat_settings", [{"cooldown_seconds": 60}], indirect=True)
async def test_per_user_cooldown(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    await alice.slash(channel, "cite", query="payload")
    second = await alice.slash(channel, "cite", query="range")
    assert second.ephemeral and "Slow down" in second.response.content
    about = await alice.slash(channel, "about")  # light commands are not rate limited
    assert about.response.embeds


async def test_direct_messages_are_off_by_default(simcord_env: Any) -> None:
    await simcord_env.bot.tree.sync()
    guild = simcord_env.create_guild()
    bob = guild.add_member(simcord_env.create_user("bob"))
    await bob.send_dm("is the reaper category I?")
    replies = [m for m in bob.user.dm_channel.history() if m.author.bot]
    assert len(replies) == 1 and "direct messages" in replies[0].content


@pytest.mark.parametrize("chat_settings", [{"allow_dms": True}], indirect=True)
async def test_direct_messages_when_enabled(simcord_env: Any) -> None:
    await simcord_env.bot.tree.sync()
    guild = simcord_env.create_guild()
    bob = guild.add_member(simcord_env.create_user("bob"))
    await bob.send_dm("is the gray eagle category I?")
    replies = [m for m in bob.user.dm_channel.history() if m.author.bot]
    assert replies and "Category II" in replies[-1].embeds[0].title


async def test_without_embed_permission_the_answer_is_plain_text_under_2000(simcord_env: Any) -> None:
    import discord

    await simcord_env.bot.tree.sync()
    guild = simcord_env.create_guild()
    channel = guild.create_text_channel(
        "no-embeds", overwrites={simcord_env.bot.user: discord.PermissionOverwrite(embed_links=False)})
    alice = guild.add_member(simcord_env.create_user("alice"))
    await alice.send(channel, f"{simcord_env.bot.user.mention} can we sell a reaper to the emirates in 2019?")
    messages = [m for m in channel.threads[0].history() if m.author.bot]
    assert messages and not any(m.embeds for m in messages)
    assert all(len(m.content) <= 2000 for m in messages)
    text = "\n".join(m.content for m in messages)
    assert "Strong presumption of denial" in text or "strong presumption of denial" in text
    assert "**Sources**" in text and "<https://" in text
