"""A question whether the MTCR reaches small or light drones is answered first by what its UAV entries test (range,
payload, aerosol capacity), not size or weight (corpus/documents/common-misconceptions.md, answer plan), seen in
the answer a user gets; a payload or tank figure is not taken for the drone's weight. A civil drone asked about
without figures gets what makes one a listed item (9.A.12) and what an unlisted one is (EAR99), unless the question
names another regime (the MTCR, the ITAR), whose answer it is."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService

NO_SIZE_TEST = "The MTCR has no size or weight below which a UAV is outside it"


@pytest.mark.parametrize("question", ["does the MTCR apply to drones under 25 kg?",
                                      "are lightweight quadcopters covered by the MTCR?",
                                      "isn't every small drone exempt from the MTCR?",
                                      "can a hobby drone ever be mtcr controlled"])
def test_size_or_weight_is_not_the_test(real_service: ComplianceService, question: str) -> None:
    answer = real_service.ask(question)
    assert answer.answer.startswith(NO_SIZE_TEST), answer.answer[:300]  # other points had led (the 800 km/h note)


def test_a_payload_under_a_figure_is_not_the_drones_weight(real_service: ComplianceService) -> None:
    answer = real_service.ask("is a drone with under 25 kg of payload and 400 km range controlled?")
    assert not answer.answer.startswith(NO_SIZE_TEST), answer.answer[:300]


@pytest.mark.parametrize("question", ["is our hobby drone controlled?",
                                      "are consumer quadcopters regulated for export?"])
def test_a_civil_drone_with_no_figures_gets_what_makes_one_controlled(real_service: ComplianceService,
                                                                       question: str) -> None:
    answer = real_service.ask(question)  # both had been declined as not covered
    assert not answer.abstained, answer.answer[:300]
    lines = answer.answer.split("**Sources**")[0].strip().split("\n")
    assert lines[0].startswith("Under 9.A.12.a, a non-military UAV is controlled if") and "1 hour" in lines[0], lines[0]
    assert "EAR99" in lines[1], lines[:3]


def test_a_drone_type_asked_about_under_the_mtcr_gets_the_mtcr_answer(real_service: ComplianceService) -> None:
    answer = real_service.ask("Are target drones covered by the MTCR?")
    lead = answer.answer.split("\n")[0]
    # the civil list's 9.A.12.a test had led
    assert lead.startswith("MTCR Category I covers complete UAV systems, including reconnaissance drones, "
                           "target drones"), lead
    assert "9.A.12" not in lead


def test_a_component_for_drones_is_not_read_as_the_drone(real_service: ComplianceService) -> None:
    # "are satellite datalinks for drones controlled?" had been answered with the civil drone's 9.A.12.a test
    lead = real_service.ask("are satellite datalinks for drones controlled?").answer.split("\n")[0]
    assert not lead.startswith("Under 9.A.12.a"), lead


@pytest.mark.parametrize("question", ["is an armed drone automatically Category I?",
                                      "does arming a drone make it MTCR category I?"])
def test_arming_a_drone_is_not_what_decides_its_category(real_service: ComplianceService, question: str) -> None:
    # the first had led with the 2020 policy's "selection, not automatic reclassification"
    lead = real_service.ask(question).answer.split("\n")[0]
    assert lead.startswith("The test is what the system can carry and how far, not whether it is armed"), lead


def test_a_claim_that_a_small_drone_is_not_export_controlled(real_service: ComplianceService) -> None:
    answer = real_service.ask("a drone under 25 kg isn't export controlled at all, right?")
    # "isn't" had not been read as a negation, and the question was declined as outside the indexed guidance
    assert answer.answer.startswith("A civil UAV with one hour of endurance, designed to fly beyond the operator's "
                                    "sight, is controlled under 9.A.12"), answer.answer[:300]


@pytest.mark.parametrize("question", ["isn't every drone under 150 kg exempt from ITAR?",
                                      "small drones aren't on the USML, right?"])
def test_the_usml_lists_an_article_by_design_not_size(real_service: ComplianceService, question: str) -> None:
    # the civil entry (9.A.12) had led, an answer about the EAR to a question about the ITAR
    assert real_service.ask(question).answer.startswith("Under 22 CFR 120.11(a), an article is on the USML for one of "
                                                        "two reasons")


def test_a_promise_not_to_arm_does_not_decide_the_category(real_service: ComplianceService) -> None:
    answer = real_service.ask("the buyer promises not to arm it, so it's cat II, right?").answer
    assert answer.startswith("MTCR Category I covers complete UAV systems, including reconnaissance drones"), \
        answer[:300]
