"""Figures as people write them (bot/answer/figures.py): in words ("half a ton"), or as a change ("range goes from
280 to 320 km"), read and shown in the answer."""

from __future__ import annotations

from bot.service import ComplianceService


def test_half_a_ton_is_a_payload_of_500_kg_said_as_read(real_service: ComplianceService) -> None:
    data = real_service.ask("a drone that lifts half a ton and flies 350km, what cat is that?").as_dict()
    understood = data["answer"].split("\n")[0]
    assert "payload half a ton = 500 kg" in understood and "US short tons it would be 453.592 kg" in understood, \
        understood
    assert "Category I (Item 1.A.2)" in data["answer"].split("\n")[1], data["answer"][:600]


def test_two_tonnes_of_payload_and_a_ton_of_paperwork(real_service: ComplianceService) -> None:
    answer = real_service.ask("our drone carries two tonnes of payload over 400 km").answer
    assert "payload two tonnes = 2,000 kg" in answer.split("\n")[0], answer[:400]
    answer = real_service.ask("exporting a drone with 250 km range is a ton of paperwork, what category is it?").answer
    assert "a ton =" not in answer and "1000 kg" not in answer, answer[:400]  # an idiom, not a payload


def test_a_range_that_goes_from_one_figure_to_another_is_the_asker_s_airframe(real_service: ComplianceService) -> None:
    data = real_service.ask("If we add a bigger fuel tank and range goes from 280 to 320 km, does anything change?"
                            ).as_dict()
    understood = data["answer"].split("\n")[0]
    assert "range 320 km" in understood and "Several ranges are given" in understood, understood
    assert data["verdict"]["verdict"] == "case-by-case", data["answer"][:300]
    assert "read the range of values" not in data["answer"]  # a change, not a spread of values
