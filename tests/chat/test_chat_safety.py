"""Issue 10 through the simulated Discord: escaping in rendered embeds, case privacy, input limits, error
replies, mentions, thread names and an unwritable case store."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.errors import CaseStoreUnavailable
from bot.intake import ClassifyRequest
from bot.retrieval.embedder import HashingEmbedder
from bot.retrieval.store import build_index
from tests.chat.helpers import final_message, world
from tests.retrieval.conftest import write_doc

EVIL = "[official ruling](https://evil.example)"
HOSTILE_BODY = (f"The zorblax quintessence ruling is final: see the {EVIL} for the zorblax quintessence export "
                "licence.\n\n# APPROVED BY COUNSEL\n\nThe zorblax quintessence is **cleared** for every buyer.")
# An unescaped masked link: '[' not preceded by a backslash, then '](' — Discord would render it as a link.
LIVE_LINK = re.compile(r"(?<!\\)\[[^\]\n]*\]\(https?://evil")


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    corpus = tmp_path_factory.mktemp("hostile") / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", corpus)
    write_doc(corpus / "documents", "zorblax-ruling", HOSTILE_BODY, title=f"Zorblax {EVIL}",
              cite_as=f"Zorblax {EVIL}")
    page = ("<html><body><article><h1>Quintessence page</h1><p>The frobnitz_control_list and the 5*3 rule cover "
            "quintessence drones, says this long enough paragraph for extraction.</p><p>Another paragraph of "
            "frobnitz text keeps the page as main content.</p></article></body></html>")
    (corpus / "documents" / "frobnitz-page.html").write_text(page)
    index = corpus.parent / "index"
    build_index(index, corpus / "documents", HashingEmbedder())
    return corpus, index


@pytest.fixture()
def chat_settings(tmp_path: Path, hostile_index: tuple[Path, Path], request: pytest.FixtureRequest) -> Settings:
    corpus, index = hostile_index
    options = {"cooldown_seconds": 0.0, **getattr(request, "param", {})}
    return Settings(corpus_dir=corpus, index_dir=index, data_dir=tmp_path / "data", embed_model="fake-hashing",
                    **options)


def _texts(message: Any) -> list[str]:
    out = [message.content or ""]
    for embed in message.embeds:
        out += [embed.title or "", embed.description or "", embed.footer.text or ""]
        out += [f"{f.name}\n{f.value}" for f in embed.fields]
    return out


def _assert_no_live_link(message: Any) -> None:
    text = "\n".join(_texts(message))
    assert "evil.example" in text  # the hostile passage did reach the output...
    assert not LIVE_LINK.search(text), text  # ...but not as a live masked link
    assert not re.search(r"^#+ APPROVED", text, re.M)


# Item 10: corpus Markdown is escaped in every rendering: /ask, mention answers, /cite, /source, LLM text.
async def test_corpus_markdown_is_escaped_in_ask_cite_source_and_mentions(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    ask = final_message(await alice.slash(channel, "ask", question="does the MTCR zorblax ruling cover drone exports?"))
    _assert_no_live_link(ask)
    cite = final_message(await alice.slash(channel, "cite", query="zorblax quintessence ruling"))
    _assert_no_live_link(cite)
    passage_id = re.search(r"`(zorblax-ruling#[^`]+)`", "\n".join(_texts(cite)))
    assert passage_id
    source = final_message(await alice.slash(channel, "source", passage_id=passage_id.group(1)))
    _assert_no_live_link(source)
    await alice.send(channel, f"{simcord_env.bot.user.mention} does the MTCR zorblax ruling cover drone exports?")
    _assert_no_live_link(channel.threads[0].last_message)


async def test_extracted_html_is_escaped_once_in_cite(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    cite = final_message(await alice.slash(channel, "cite", query="frobnitz_control_list quintessence drones"))
    text = "\n".join(_texts(cite))
    assert "frobnitz\\_control\\_list" in text and "5\\*3" in text  # escaped once: shown as typed
    assert "\\\\" not in text  # no escaped backslash: trafilatura's own escapes are not escaped again


@pytest.mark.parametrize("chat_settings", [{"llm_url": "http://llm.invalid/v1"}], indirect=True)
async def test_language_model_text_is_escaped_too(simcord_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.answer.llm as llm

    monkeypatch.setattr(llm, "call", lambda *a, **k: f"The gray eagle is reviewed case by case; see {EVIL} [1].")
    _, channel, alice = await world(simcord_env)
    message = final_message(await alice.slash(channel, "ask", question="can we sell a gray eagle to poland?"))
    _assert_no_live_link(message)


# Item 13: cases are private: CLI-made cases and other users' cases get the same reply as a missing one.
@pytest.mark.parametrize("chat_settings", [{"cooldown_seconds": 60}], indirect=True)
async def test_cases_are_private_with_one_reply_and_a_cooldown(simcord_env: Any) -> None:
    guild, channel, alice = await world(simcord_env)
    service = simcord_env.bot.service
    request = ClassifyRequest(system="gray eagle", destination="Poland")
    cli_case = service.record_decision(request, service.classify(request), source="cli")
    bob = guild.add_member(simcord_env.create_user("bob"))
    bobs = service.record_decision(request, service.classify(request), source="discord", guild_id=guild.id,
                                   user_id=bob.id)
    replies = []
    for user, case_id in ((alice, cli_case), (bob, cli_case), (alice, bobs)):
        for command in ("case show", "case export"):
            message = final_message(await user.slash(channel, command, id=case_id))
            assert message.ephemeral and not message.embeds and not message.attachments
            replies.append(message.content.replace(case_id, "ID"))
            simcord_env.bot.access._last.clear()  # the cooldown is checked separately below
    missing = final_message(await alice.slash(channel, "case show", id="C-20990101-000000-0000000000000000"))
    replies.append(missing.content.replace("C-20990101-000000-0000000000000000", "ID"))
    assert len(set(replies)) == 1, replies
    own = final_message(await bob.slash(channel, "case show", id=bobs))
    assert own.embeds
    again = final_message(await bob.slash(channel, "case show", id=bobs))
    assert again.ephemeral and "Slow down" in again.content


async def test_managers_may_open_cases_made_on_the_cli(simcord_env: Any) -> None:
    guild, channel, _ = await world(simcord_env)
    service = simcord_env.bot.service
    request = ClassifyRequest(system="gray eagle", destination="Poland")
    cli_case = service.record_decision(request, service.classify(request), source="cli")
    role = guild.create_role("compliance-leads", permissions=discord.Permissions(manage_guild=True))
    carol = guild.add_member(simcord_env.create_user("carol"), roles=[role])
    shown = final_message(await carol.slash(channel, "case show", id=cli_case))
    assert shown.ephemeral and shown.embeds and "Category II" in shown.embeds[0].title


# Item 4 (Discord side): every string option has a max_length.
def test_every_string_option_has_a_max_length(simcord_bot: Any) -> None:
    import asyncio

    asyncio.run(simcord_bot.setup_hook())
    for command in simcord_bot.tree.walk_commands():
        if not hasattr(command, "parameters"):
            continue
        for option in command.to_dict(simcord_bot.tree)["options"]:
            if option["type"] == discord.AppCommandOptionType.string.value:
                assert option.get("max_length") and option["max_length"] <= 2000, (command.name, option)


# Item 15: mentions log no CommandNotFound; an error reply that fails one way is sent the other way.
async def test_a_mention_is_not_parsed_as_a_prefix_command(simcord_env: Any, caplog: Any) -> None:
    _, channel, alice = await world(simcord_env)
    await alice.send(channel, f"{simcord_env.bot.user.mention} is the reaper category I?")
    assert channel.threads[0].last_message.embeds
    assert not [e for e in simcord_env.errors if "CommandNotFound" in type(e).__name__]
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_error_reply_falls_back_when_already_acknowledged(simcord_env: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _, channel, alice = await world(simcord_env)
    original = discord.InteractionResponse.send_message

    async def already(self: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("ephemeral") and "qwertyuiop" in str(args[0] if args else kwargs.get("content")):
            raise discord.InteractionResponded(self._parent)
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(discord.InteractionResponse, "send_message", already)
    result = await alice.slash(channel, "system", name="qwertyuiop")
    message = final_message(result)
    assert message is not None and "qwertyuiop" in (message.content or "")


# Item 17: thread names carry no mention syntax.
async def test_thread_names_have_no_mentions(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    me = simcord_env.bot.user.mention
    await alice.send(channel, f"{me} @everyone @here <@&12345> <#67890> <@{alice.id}> can we sell a reaper to japan?")
    name = channel.threads[0].name
    assert "@" not in name and "<" not in name and "reaper" in name


# Item 3 (Discord side): an unwritable store still answers, with a one-line note and no buttons.
async def test_answer_is_shown_when_the_case_store_fails(simcord_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> str:
        raise CaseStoreUnavailable("the case store /x cannot be written (disk I/O error)")

    _, channel, alice = await world(simcord_env)
    monkeypatch.setattr(simcord_env.bot.service, "record_answer", broken)
    message = final_message(await alice.slash(channel, "ask", question="is the gray eagle category I?"))
    assert message.embeds and "Category II" in message.embeds[0].title
    assert "not recorded" in message.content and not message.components
    await alice.send(channel, f"{simcord_env.bot.user.mention} is the gray eagle category I?")
    reply = channel.threads[0].last_message
    assert reply.embeds and "not recorded" in reply.content
