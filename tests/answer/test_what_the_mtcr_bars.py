"""Whether the MTCR bans countries is answered by what the Guidelines ask (every transfer weighed case by case,
whoever the recipient is) before the US list that does bar destinations (ITAR §126.1); a claim that Category I
exports are banned, however put ("is it true that ...?"), gets its correction first (corpus/language/answer_plan.yaml,
bot/answer/blocks.py). Seen in the answer a user
gets."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService

CASE_BY_CASE = "The Guidelines ask partners to consider every transfer case by case, with restraint, whoever the " \
    "recipient is."


@pytest.mark.parametrize("question", ["Does the MTCR have a list of banned countries?",
                                      "which countries are banned by the MTCR?"])
def test_the_mtcr_bans_no_country(real_service: ComplianceService, question: str) -> None:
    lines = real_service.ask(question).answer.split("**Sources**")[0].strip().split("\n")
    # the layout of ITAR §126.1's tables had led, as if the list were the MTCR's
    assert lines[0].startswith(CASE_BY_CASE), lines[0]
    assert any("126.1" in line for line in lines[1:4]), lines[:4]


@pytest.mark.parametrize("question", ["mtcr bans cat I exports outright, yes?",
                                      "is it true that MTCR partners can't sell Category I drones to each other?",
                                      "Category I drones cannot be exported, correct?"])
def test_a_ban_on_category_i_exports_is_corrected_first(real_service: ComplianceService, question: str) -> None:
    lead = real_service.ask(question).answer.split("\n")[0]
    # the second had led with the partners' consensus on the 2020 reinterpretation
    assert lead.startswith("The Guidelines do not ban Category I transfers."), lead


def test_joining_the_mtcr_entitles_no_one_to_buy(real_service: ComplianceService) -> None:
    # the United States' own partner status had led
    lead = real_service.ask("once a country joins the MTCR it can buy any US drone, right?").answer.split("\n")[0]
    assert lead.startswith("Being an MTCR partner does not entitle a country to receive controlled items"), lead


@pytest.mark.parametrize("question", ["is there any way to get a cat I drone approved?",
                                      "can an mtcr partner transfer cat I drones to another partner freely?"])
def test_whether_category_i_can_ever_go_is_answered_by_the_rare_occasions(real_service: ComplianceService,
                                                                          question: str) -> None:
    lead = real_service.ask(question).answer.split("\n")[0]
    # the two category definitions had led, saying nothing of whether a transfer can be approved
    assert lead.startswith("The Guidelines do not ban Category I transfers.") and "rare occasions" in lead, lead


@pytest.mark.parametrize(("question", "opening"), [
    # the category definitions had led, confirming nothing and correcting nothing
    ("the 2025 policy means cat I drones are now treated as cat II, correct?", "Under the Annex, a UAS able to "
     "deliver at least 500 kg to at least 300 km is still a Category I item"),
    # Israel's MTCR status had led, then the notification thresholds
    ("we can sell anything to israel since they're a major ally, yes?", "A military UAV on the US Munitions List "
     "still needs a DDTC licence or an FMS case"),
])
def test_a_premise_about_what_a_policy_or_an_ally_frees_is_corrected_first(real_service: ComplianceService,
                                                                          question: str, opening: str) -> None:
    assert real_service.ask(question).answer.startswith(opening)


def test_drones_said_not_to_be_missiles_are_in_the_mtcr(real_service: ComplianceService) -> None:
    answer = real_service.ask("drones are not missiles so the MTCR doesn't apply, right?").answer
    assert answer.startswith("MTCR Category I covers complete UAV systems"), answer[:300]


def test_leaving_the_satcom_off_does_not_shorten_the_range(real_service: ComplianceService) -> None:
    # "Membership of the MTCR is not a condition ..." had led
    answer = real_service.ask("we sell it without the satcom so it's outside the MTCR?").answer
    assert answer.startswith("Range is set without taking account of outside limits"), answer[:300]


@pytest.mark.parametrize("question", ["does the 2025 policy remove the presumption of denial?",
                                      "can the president waive the presumption of denial?"])
def test_the_presumption_of_denial_is_the_mtcr_s_for_category_i(real_service: ComplianceService,
                                                                 question: str) -> None:
    """The MTCR's presumption against Category I transfers, not the ITAR's policy of denial for a destination (the
    first had led with the layout of §126.1's Table 2, the second with the waiver of missile sanctions)."""
    lead = real_service.ask(question).answer.split("\n")[0]
    assert "Category I" in lead and "126.1" not in lead and "Table" not in lead and "sanction" not in lead, lead


def test_a_gentlemen_s_agreement_is_still_binding_law_for_us_exporters(real_service: ComplianceService) -> None:
    # the 2020 speed-based proposal had led, which does not answer the premise
    lead = real_service.ask("since the MTCR is just a gentlemen's agreement, the US can sell cat I to anyone, "
                            "correct?").answer.split("\n")[0]
    assert lead.startswith("In the United States the controls are binding law for exporters"), lead
