"""A destination asked about under the EAR gets the restrictive Country Groups (and the §744.21 military end-use rule)
uavex's rule data records it in, each cited (bot/answer/rule_facts.ear_groups_point), seen in the answer a user gets.
§126.1 governs defense articles only, so an EAR question had been answered with whatever passages matched its words
(Annex items for "flight controllers to Iran", a remark about Russia's "status" as an MTCR partner)."""

from __future__ import annotations

from datetime import date

from bot.service import ComplianceService

DAY = date(2026, 12, 7)


def test_an_ear_status_question_leads_with_the_country_groups(real_service: ComplianceService) -> None:
    answer = real_service.ask("What is Russia's status under the EAR for drone parts?", today=DAY)
    assert answer.answer.startswith("Under the EAR on 2026-12-07, uavex's rule data records Russia in Country Groups "
                                    "D:4 (countries of missile technology concern)"), answer.answer[:300]
    assert "military end-use rule (15 CFR 744.21)" in answer.answer.splitlines()[0]
    assert "confirm in Supplement No. 1 to 15 CFR part 740" in answer.answer.splitlines()[0]  # not verified data


def test_a_part_for_a_terrorist_supporting_country_names_e1(real_service: ComplianceService) -> None:
    answer = real_service.ask("whats the EAR position on exporting quadcopter flight controllers to iran", today=DAY)
    first = answer.answer.splitlines()[0]
    assert "records Iran in" in first and "E:1 (terrorist-supporting countries)" in first, first


def test_itar_and_ear_asked_together_give_both(real_service: ComplianceService) -> None:
    answer = real_service.ask("Summarise Russia's status under the ITAR and the EAR for UAV components", today=DAY)
    lines = answer.answer.splitlines()
    assert "ITAR §126.1" in lines[0], lines[0]
    ear = "- Under the EAR on 2026-12-07, uavex's rule data records Russia"
    assert any(line.startswith(ear) for line in lines[1:3]), lines[:3]


def test_a_destination_in_no_restrictive_group_is_not_said_to_be_cleared(real_service: ComplianceService) -> None:
    answer = real_service.ask("what's the EAR position on drone parts to France?", today=DAY)
    assert "uavex's rule data records France" not in answer.answer
    assert "not restricted" not in answer.answer.lower()
