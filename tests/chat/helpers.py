from __future__ import annotations

from typing import Any


async def world(env: Any) -> tuple[Any, Any, Any]:
    await env.bot.tree.sync()
    guild = env.create_guild()
    channel = guild.create_text_channel("export-compliance")
    alice = guild.add_member(env.create_user("alice"))
    return guild, channel, alice


def first_callback_type(env: Any) -> int:
    """The type of the first interaction callback the bot sent (5 = deferred 'thinking')."""
    calls = [r for r in env.http_requests if r.path.endswith("/callback")]
    return int(calls[-1].json["type"])


def final_message(result: Any) -> Any:
    return result.followups[-1] if result.followups else result.response
