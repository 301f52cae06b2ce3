"""A membership question about the Wassenaar Arrangement is answered from its participant list
(corpus/documents/wassenaar-ml10-9a12.md), not with the country's MTCR status; "which countries can't we sell to?" is
searched in ITAR §126.1 and "how do I classify my drone?" in the classification procedures
(corpus/language/synonyms.yaml). A question only about a regime the corpus does not cover (the Australia Group, the
Nuclear Suppliers Group) is declined (bot/answer/vocabulary.py). Seen in the answer a user gets."""

from __future__ import annotations

from bot.service import ComplianceService


def _lead(service: ComplianceService, question: str) -> str:
    return service.ask(question).answer.split("**Sources**")[0].strip().split("\n")[0]


def test_a_wassenaar_membership_question_gets_the_wassenaar_list(real_service: ComplianceService) -> None:
    lead = _lead(real_service, "Is Mexico a Wassenaar member?")
    assert lead.startswith("The Wassenaar participating states that ITAR §120.23(c)(1) lists") and "Mexico" in lead, \
        lead
    assert "MTCR partner" not in lead


def test_an_mtcr_membership_question_still_gets_the_mtcr_status(real_service: ComplianceService) -> None:
    assert _lead(real_service, "is Mexico in the MTCR?").startswith("Mexico is not an MTCR partner")
    lead = _lead(real_service, "is india a member of the wassenaar arrangement and the mtcr?")
    assert lead.startswith("India remains an MTCR partner"), lead


def test_which_countries_cannot_be_sold_to_is_answered_from_section_126_1(real_service: ComplianceService) -> None:
    answer = real_service.ask("Which countries can't we sell drones to?")
    assert "126.1" in answer.citations[0]["label"], [c["label"] for c in answer.citations]


def test_how_to_classify_a_drone_is_answered_by_the_classification_procedure(real_service: ComplianceService) -> None:
    lead = _lead(real_service, "how do I classify my drone?")
    assert "classification request" in lead.lower() or "commodity jurisdiction" in lead.lower(), lead
    lead = _lead(real_service, "who do I ask whether our drone is ITAR?")
    assert "commodity jurisdiction" in lead, lead


def test_a_question_only_about_a_regime_the_corpus_does_not_cover_is_declined(
        real_service: ComplianceService) -> None:
    for question in ("what does the Nuclear Suppliers Group control?", "is Mexico in the Australia Group?"):
        answer = real_service.ask(question)
        assert answer.abstained and not answer.refused and answer.intent == "off-topic", (question, answer.answer[:200])
    # with a UAV or MTCR word the question is uavex's own
    assert not real_service.ask("is Australia in the Australia Group and the MTCR?").abstained


def test_whether_wassenaar_controls_drones_is_answered_by_its_two_lists(real_service: ComplianceService) -> None:
    lines = real_service.ask("Does the Wassenaar Arrangement control drones?").answer.split("**Sources**")[0]
    first = lines.strip().split("\n")[:2]
    # the glossary's first sentence had no verb ("The Wassenaar Arrangement, established on ..., with 42 ...")
    assert first[0].startswith("The Wassenaar Arrangement was established on 12 July 1996;"), first
    assert "controls UAVs on both of its lists: Munitions List entry ML10" in first[1], first


def test_when_a_body_was_set_up_is_answered_by_when_it_was_established(real_service: ComplianceService) -> None:
    # "set up" is not the corpus's word: a sentence about Israel's non-participation had led
    assert _lead(real_service, "when was Wassenaar set up?").startswith(
        "The Wassenaar Arrangement was established on 12 July 1996")


def test_which_countries_are_barred_is_answered_by_the_list_itself(real_service: ComplianceService) -> None:
    for question in ("Which countries can't we sell drones to?", "what countries can we NOT sell drones to",
                     "what destinations are off-limits for US drones?"):
        # the layout of §126.1's tables had led (the second, written with "NOT", had led with the 2026 BIS rule)
        assert _lead(real_service, question).startswith("ITAR §126.1 proscribed countries on"), question


def test_the_controls_besides_the_mtcr_are_answered(real_service: ComplianceService) -> None:
    # had been abstained on
    answer = real_service.ask("which other export controls apply to a drone besides MTCR?")
    assert not answer.abstained and "Wassenaar controls apply regardless of MTCR status." in answer.answer, \
        answer.answer[:400]


def test_whether_the_2025_change_reaches_ear_items_is_answered_by_the_bis_rule(real_service: ComplianceService) -> None:
    # had led with when Congress was told of the change
    lead = real_service.ask("did the 2025 change apply to EAR-controlled drones?").answer.splitlines()[0]
    assert lead.startswith("The BIS rule for EAR items (86 FR 2252) is a separate regulation"), lead
