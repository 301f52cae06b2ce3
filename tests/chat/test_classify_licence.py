"""The /classify embed's Jurisdiction and Licence fields, through the simulated Discord."""

from __future__ import annotations

from typing import Any

from bot.chat.format import EMBED_TOTAL_LIMIT, FIELD_VALUE_LIMIT, embed_size
from tests.chat.helpers import final_message, world


def _field(embed: Any, name: str) -> str:
    found = [f.value for f in embed.fields if f.name == name]
    assert found, [f.name for f in embed.fields]
    return str(found[0])


async def test_classify_embed_shows_licence_for_a_civil_drone(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    result = await alice.slash(channel, "classify", range="5 km", payload="2 kg", aerosol="0 L", military=False,
                               bvlos=True, endurance="45 min", gust=True, destination="Germany", as_of="2026-03-01")
    embed = final_message(result).embeds[0]
    jurisdiction, licence = _field(embed, "Jurisdiction"), _field(embed, "Licence")
    assert "9A012.a.1" in jurisdiction and "EAR" in jurisdiction
    assert "not required under the reasons checked" in licence and "NS2 ✗" in licence
    assert "restricted-party screening were not checked" in licence and "confirm" in licence
    names = [f.name for f in embed.fields]
    assert names.index("Licence") < names.index("Why")  # the short sections come first, never trimmed away
    assert embed_size(embed) <= EMBED_TOTAL_LIMIT and len(licence) <= FIELD_VALUE_LIMIT


async def test_classify_embed_licence_for_an_armed_system_and_an_open_fact(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    armed = final_message(await alice.slash(channel, "classify", system="gray eagle", destination="Poland",
                                            as_of="2026-03-01")).embeds[0]
    licence = _field(armed, "Licence")
    assert "**required**" in licence and "DDTC (ITAR)" in licence and "15 days" in licence
    assert "Category VIII(a)" in _field(armed, "Jurisdiction")
    open_fact = final_message(await alice.slash(channel, "classify", range="5 km", payload="2 kg", aerosol="0 L",
                                                military=False, bvlos=True, endurance="45 min",
                                                destination="Germany", as_of="2026-03-01")).embeds[0]
    assert "Needed: gust" in _field(open_fact, "Jurisdiction")
    assert "not settled" in _field(open_fact, "Licence") and "not required" not in _field(open_fact, "Licence")


async def test_classify_takes_a_take_off_weight_that_rules_out_category_i(simcord_env: Any) -> None:
    _, channel, alice = await world(simcord_env)
    embed = final_message(await alice.slash(channel, "classify", range="900 km", mtow="25 kg", aerosol="0 L",
                                            destination="Poland", as_of="2026-03-01")).embeds[0]
    text = " ".join([str(embed.title), str(embed.description), *(str(f.value) for f in embed.fields)])
    assert "Category II" in text and "take-off weight" in text
