"""Whether the item was designed for military use and whether it is armed, read from the question
(bot/answer/request.py) and shown in the answer's "Understood" line; the design decides between the USML or the 600
series and ECCN 9A012."""

from __future__ import annotations

from bot.service import ComplianceService


def _understood(service: ComplianceService, question: str) -> tuple[str, str]:
    answer = service.ask(question).answer
    return answer.split("\n")[0], answer


def test_a_drone_said_not_to_be_military_is_read_as_a_civil_design(real_service: ComplianceService) -> None:
    for question in ("It is not a military drone: a mapping UAV with 2 hours endurance, BVLOS. Can we export it to "
                     "Brazil?",
                     "non-military survey UAV, 2 hours endurance, flies BVLOS; export to Brazil?",
                     "Can a US company export a BVLOS mapping drone with 2 hours endurance (ECCN 9A012, not "
                     "military) to Brazil?"):
        understood, answer = _understood(real_service, question)
        assert "· not designed for military use ·" in understood, (question, understood)
        assert "ECCN 9A610" not in answer and "a military UAV" not in answer, (question, answer[:900])


def test_a_commercial_or_civil_use_drone_with_a_describing_word_is_a_civil_design(
        real_service: ComplianceService) -> None:
    for question in ("commercial inspection drone, 2 hours endurance, BVLOS, 5 kg payload, 50 km range, export to "
                     "Brazil?",
                     "a civil-use fixed-wing drone, 2 hours endurance, BVLOS, 5 kg payload, 50 km range, to Brazil?"):
        understood, answer = _understood(real_service, question)
        assert "· not designed for military use ·" in understood, (question, understood)
        assert "ECCN 9A012.a.2" in answer, (question, answer[:900])


def test_a_commercial_sale_is_not_a_civil_design_and_military_or_armed_drones_are_shown(
        real_service: ComplianceService) -> None:
    understood, _ = _understood(real_service, "direct commercial sale of drones with 900 km range and 300 kg payload "
                                              "to Japan?")
    assert "designed for military use" not in understood, understood
    understood, _ = _understood(real_service, "armed military drone, 900 km range, 300 kg payload, to Japan?")
    assert "· armed · designed for military use ·" in understood, understood
    understood, _ = _understood(real_service, "unarmed ISR drone, 1,200 km range, 700 kg payload, to Japan?")
    assert "· unarmed ·" in understood, understood


def test_a_drone_said_not_to_be_armed_is_unarmed(real_service: ComplianceService) -> None:
    for question in ("we build a fixed-wing ISR drone, 420 kg payload, 650 km range, not armed. can we sell it to "
                     "Saudi Arabia?",
                     "ISR drone without weapons, 420 kg payload, 650 km range, to Saudi Arabia?"):
        understood, _ = _understood(real_service, question)
        assert "· unarmed ·" in understood and "· armed ·" not in understood, (question, understood)
