"""A question about a service on an aircraft (training its crews, maintaining it) is about a defense service, which
DDTC approves before it is furnished, not about selling the aircraft (bot/answer/read.py, the answer plan); a question
that also sells it gets the sale's verdict. Seen in the answer a user gets."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService

DDTC_APPROVES = "Defense services, such as helping a foreign company integrate, maintain or produce a military UAV, " \
    "need DDTC approval before they are furnished"


@pytest.mark.parametrize("question", ["can we give a foreign customer training on how to fly our Reaper?",
                                      "can we maintain Saudi Arabia's MQ-9s?"])
def test_a_service_on_a_named_aircraft_is_a_defense_service(real_service: ComplianceService, question: str) -> None:
    answer = real_service.ask(question)
    # the first had been answered as a sale of the MQ-9A missing its destination; the second as a sale to Saudi Arabia
    assert answer.verdict is None and answer.answer.startswith(DDTC_APPROVES), answer.answer[:300]
    assert "a defense service is assistance, training included" in answer.answer.split("\n")[1]


def test_selling_the_aircraft_with_training_is_still_a_sale(real_service: ComplianceService) -> None:
    answer = real_service.ask("can we sell Reapers with pilot training to Poland?")
    assert answer.verdict is not None and answer.verdict["destination"]["country"] == "PL", answer.answer[:300]


def test_co_producing_a_named_system_abroad_is_a_defense_service_not_a_sale(real_service: ComplianceService) -> None:
    answer = real_service.ask("a partner in saudi wants us to co-produce reapers locally, is that a manufacturing "
                              "licence agreement?")
    assert answer.verdict is None, answer.answer[:300]  # had been a sale verdict for the MQ-9A
    assert answer.answer.startswith("Defense services, such as helping a foreign company integrate, maintain or "
                                    "produce a military UAV"), answer.answer[:300]


def test_helping_a_foreign_maker_design_its_drone_is_a_defense_service(real_service: ComplianceService) -> None:
    answer = real_service.ask("can a US citizen working for Baykar help design the Akinci?")
    # read as a sale of the Akinci to the United States
    assert answer.verdict is None, answer.answer[:300]
    assert answer.answer.startswith("Defense services, such as helping a foreign company integrate, maintain or "
                                    "produce a military UAV, need DDTC approval"), answer.answer[:300]


@pytest.mark.parametrize("question", ["a Russian citizen applied for a job in our drone team. can we hire him?",
                                      "Can a Chinese student at our university lab fly our ITAR drone?"])
def test_a_foreign_person_named_by_nationality_is_a_deemed_export(real_service: ComplianceService,
                                                                  question: str) -> None:
    # had led with the nationality's country rules (Russia's licence policy, China's §126.1 listing)
    answer = real_service.ask(question).answer
    assert answer.startswith("A deemed export is the release or other transfer of technical data to a foreign "
                             "person"), answer[:300]


def test_technical_data_carried_abroad_is_licensed_like_any_export(real_service: ComplianceService) -> None:
    # had led with a remark on competition with Türkiye and China
    answer = real_service.ask("our engineer is traveling to China with a laptop containing drone designs. problem?")
    assert answer.answer.startswith("The ITAR licence for unclassified technical data"), answer.answer[:300]
