"""Issue 13 in Discord: the re-screening summary after a start with new rules (one line per changed case, private
cases by id only, no mentions), the chart on /classify with its alt text, the PDF memo, and reviewer sign-off."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from bot.intake import ClassifyRequest
from bot.service import ComplianceService
from tests.casework_fixtures import NEW_CYPRUS, OLD_CYPRUS, corpus_with, service_for
from tests.chat.helpers import final_message, world


@pytest.fixture()
def chat_service(tmp_path: Path, fake_index: Path) -> ComplianceService:
    """The bot runs on the 'new' fixture rules; cases are recorded beforehand under the 'old' ones."""
    service = service_for(corpus_with(tmp_path / "new", NEW_CYPRUS), tmp_path / "data", cooldown_seconds=0.0)
    service.settings = dataclasses.replace(service.settings, index_dir=fake_index, embed_model="fake-hashing")
    return service


def _record(service: ComplianceService, destination: str, *, private: bool, user_id: int | None) -> str:
    request = ClassifyRequest(system="gray eagle", destination=destination, as_of="2026-11-01")
    return service.record_decision(request, service.classify(request), source="discord" if user_id else "cli",
                                   private=private, user_id=user_id, guild_id=None)


def _posts(env: Any, channel_id: int) -> list[Any]:
    return [r for r in env.http_requests if r.method == "POST" and r.path.endswith(f"/channels/{channel_id}/messages")]


async def test_rescreen_summary_goes_to_the_configured_channel_once(simcord_env: Any, tmp_path: Path) -> None:
    _, channel, alice = await world(simcord_env)
    old = service_for(corpus_with(tmp_path / "old", OLD_CYPRUS), tmp_path / "data")
    public = _record(old, "Cyprus", private=False, user_id=alice.id)
    private = _record(old, "Cyprus", private=True, user_id=alice.id)
    steady = _record(old, "Poland", private=False, user_id=None)
    bot = simcord_env.bot
    bot.settings = dataclasses.replace(bot.settings, rescreen_channel=channel.id)
    await simcord_env.restart_bot()  # a start with new rules
    text = "\n".join(m.content for m in channel.history())
    assert "**Rules changed: re-screened 3 case(s)**" in text and "differs for 2" in text
    public_line = next(line for line in text.splitlines() if public in line)
    assert "MQ-1C Gray Eagle → Cyprus: case-by-case → denial-policy today" in public_line
    assert "`destinations.itar_126_1.CY`" in public_line
    private_line = next(line for line in text.splitlines() if private in line)
    assert "private case" in private_line and "Cyprus" not in private_line and "Gray Eagle" not in private_line
    assert steady not in text
    posts = _posts(simcord_env, channel.id)
    assert posts and all(p.json["allowed_mentions"] == {"parse": []} for p in posts)
    count = len(posts)
    await simcord_env.restart_bot()  # same rules again: nothing new is posted
    assert len(_posts(simcord_env, channel.id)) == count


async def test_classify_shows_the_chart_with_alt_text_and_records_privacy(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    message = final_message(await alice.slash(channel, "classify", system="gray eagle", destination="Poland"))
    embed = message.embeds[0]
    assert embed.image.url == "attachment://margins.png"
    attachment = message.attachments[0]
    assert attachment.filename == "margins.png"
    assert attachment.description.startswith("Payload-range chart for MQ-1C Gray Eagle: payload 488 kg, range 400 km")
    assert "12 kg below the Category I payload threshold" in attachment.description
    case_id = embed.footer.text.rsplit("case ", 1)[1]
    assert simcord_env.bot.service.cases.get(case_id).private == 1  # /classify is private by default


async def test_reviewer_exports_a_pdf_memo_and_signs_off(simcord_env: Any) -> None:
    guild, channel, alice = await world(simcord_env)
    role = guild.create_role("export-counsel")
    bob = guild.add_member(simcord_env.create_user("bob"), roles=[role])
    bot = simcord_env.bot
    bot.settings = dataclasses.replace(bot.settings, reviewer_role=role.id)
    shown = final_message(await alice.slash(channel, "classify", system="gray eagle", destination="Poland",
                                            private=False))
    case_id = shown.embeds[0].footer.text.rsplit("case ", 1)[1]
    export = final_message(await bob.slash(channel, "case export", id=case_id, pdf=True))
    assert export.ephemeral and export.attachments[0].filename == f"{case_id}.pdf"
    labels = [c.get("label") for row in export.components for c in row.get("components", [])]
    assert "Sign off: agree" in labels and "Sign off: disagree" in labels
    own = final_message(await alice.slash(channel, "case export", id=case_id))
    assert not [c for row in own.components for c in row.get("components", [])]  # not a reviewer: no buttons
    request = await alice.click(channel.last_message, label="Request review")
    assert f"<@&{role.id}>" in request.response.content  # the request carries the sign-off buttons
    not_reviewer = await alice.click(channel.last_message, custom_id=f"uavex:signoff:{case_id}:agree")
    assert not_reviewer.ephemeral and "reviewer role" in not_reviewer.response.content
    assert bot.service.cases.get(case_id).signoffs == []
    clicked = await bob.click(channel.last_message, custom_id=f"uavex:signoff:{case_id}:disagree")
    assert clicked.modal is not None
    done = await bob.submit_modal(clicked, {"note": "datalink range, not one-way"})
    assert done.ephemeral and "disagree" in done.response.content
    record = bot.service.cases.get(case_id)
    assert [(s["reviewer"], s["decision"], s["note"], s["source"], s["user_id"]) for s in record.signoffs] == [
        ("bob", "disagree", "datalink range, not one-way", "discord", bob.id)]
    memo = bot.service.case_memo(case_id)
    assert re.search(r"\| bob \| disagree \| .* \| datalink range, not one-way \|", memo)
