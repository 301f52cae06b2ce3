"""How an airframe is flown, read from the question (bot/answer/read.py: autonomous or by hand, within or beyond
sight), seen in the answer a user gets: it decides Item 19.A.3 for a sprayer."""

from __future__ import annotations

from bot.service import ComplianceService


def test_preprogrammed_routes_are_autonomous_flight(real_service: ComplianceService) -> None:
    data = real_service.ask("our sprayer drone has a 30 litre tank and flies preprogrammed routes. is it mtcr "
                            "listed?").as_dict()
    assert "· autonomous flight ·" in data["answer"].split("\n")[0], data["answer"][:300]
    assert data["verdict"]["verdict"] == "case-by-case" and "Item 19.A.3" in data["answer"], data["answer"][:500]


def test_a_sprayer_flown_by_hand_within_sight_is_ruled_out_of_the_aerosol_item(real_service: ComplianceService
                                                                               ) -> None:
    answer = real_service.ask("ag drone, 40 L spray tank, manual control only, within sight. mtcr?").answer
    assert "no autonomous flight · flight within sight" in answer.split("\n")[0], answer[:300]
    assert "- Item 19.A.3 does not apply: neither autonomous flight nor flight beyond direct vision." in answer


def test_a_smaller_tank_in_a_follow_up_is_ruled_out_of_the_aerosol_item(real_service: ComplianceService) -> None:
    earlier = "our sprayer drone has a 30 litre tank and flies preprogrammed routes. is it mtcr listed?"
    answer = real_service.ask("what about if the tank is 15 litres?", context=earlier).answer
    assert "- Item 19.A.3 does not apply: no aerosol dispensing system over 20 L." in answer, answer[:500]


def test_manual_line_of_sight_control_is_flight_by_hand_within_sight(real_service: ComplianceService) -> None:
    answer = real_service.ask("is a 25 litre crop sprayer drone with manual line-of-sight control controlled by the "
                              "mtcr?").answer
    assert "no autonomous flight · flight within sight" in answer.split("\n")[0], answer[:300]
    assert "Item 19.A.3 does not apply" in answer, answer[:600]


def test_beyond_line_of_sight_written_with_hyphens_is_bvlos(real_service: ComplianceService) -> None:
    data = real_service.ask("30 L sprayer, beyond line-of-sight control, 10 km range, going to kenya").as_dict()
    assert "flight beyond sight (BVLOS)" in data["answer"].split("\n")[0], data["answer"][:300]
    assert data["verdict"]["verdict"] == "case-by-case" and "Item 19.A.3" in data["answer"]


def test_a_hexacopter_with_a_spray_tank_is_a_uav_sold_to_the_country_named(real_service: ComplianceService) -> None:
    # had been answered without a verdict: "hexacopter" was not read as an aircraft
    data = real_service.ask("can our hexacopter with a 30l spray tank be sold to kenya? it flies by waypoint").as_dict()
    assert data["verdict"]["verdict"] == "case-by-case", data["answer"][:300]
    answer = data["answer"]
    assert "destination Kenya" in answer.split("\n")[0] and "Item 19.A.3" in answer, answer[:500]
