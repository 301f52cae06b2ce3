"""A follow-up of a few words that names nothing of its own ("since when?", "why?") asks about the earlier turn's
subject; one that asks how to proceed ("which form do we file?") gets the procedure for the earlier turn's
destination, not the earlier sale decided again (bot/answer/composer.py), seen in the answer a user gets."""

from __future__ import annotations

from datetime import date

import pytest

from bot.service import ComplianceService


def test_since_when_asks_the_earlier_subject_s_year(real_service: ComplianceService) -> None:
    answer = real_service.ask("since when?", context="is turkey an mtcr partner?").answer
    lead = answer.split("\n")[0]
    assert lead.startswith("Türkiye remains an MTCR partner on") and "a member since 1997" in lead, answer[:500]


def test_a_short_follow_up_with_a_subject_of_its_own_is_read_on_its_own(real_service: ComplianceService) -> None:
    answer = real_service.ask("and egypt?", context="can we sell mq-9a reapers to poland?").answer
    assert "destination Egypt" in answer.split("\n")[0], answer[:300]


def test_a_follow_up_asking_how_to_proceed_does_not_decide_the_sale_again(real_service: ComplianceService) -> None:
    answer = real_service.ask("which form do we file?", context="can we export scaneagles to vietnam?")
    assert answer.verdict is None and not answer.answer.startswith("_Understood"), answer.answer[:300]
    assert "DSP-5" in answer.answer.split("\n")[0], answer.answer[:300]
    lead = real_service.ask("how long will congress take?", context="can we sell MQ-1C Gray Eagles to India?"
                            ).answer.split("\n")[0]
    assert lead.startswith("Congressional review period before the sale may proceed: 30 days for India"), lead


def test_a_year_asked_again_leaves_a_figure_that_looks_like_a_year(real_service: ComplianceService) -> None:
    first = real_service.ask("and in 2026?", context="750 km/h drone with 1 ton payload and 2000 km range, to UAE "
                             "in 2021").answer.split("\n")[0]
    # the range had been read as 2,026 km
    assert "range 2000 km" in first and "2026 km" not in first and "as of 2026-" in first, first


def test_a_follow_up_changing_a_figure_still_decides_the_item(real_service: ComplianceService) -> None:
    answer = real_service.ask("and if the payload were 550 kg?", context="a drone with 450 kg payload and 900 km "
                              "range to Brazil")
    assert answer.verdict is not None and "payload 550 kg" in answer.answer.split("\n")[0], answer.answer[:300]


def test_a_follow_up_naming_another_year_asks_the_earlier_question_of_that_year(
        real_service: ComplianceService) -> None:
    answer = real_service.ask("and the 2020 one?", context="what did the 2018 policy change?").answer
    # the two turns run together had led with the 2018 attempt to change the Regime
    assert answer.startswith("Timeline of the US policy on exporting UAS (drones) in 2020"), answer[:300]
    assert "2020-07-24" in answer.split("\n")[0], answer[:300]


def test_a_follow_up_on_an_mtcr_item_is_about_a_uav(real_service: ComplianceService) -> None:
    # "what is 19.A.3?" names no drone, so "does it apply to a 15 liter tank?" had been declined as off-topic
    answer = real_service.ask("does it apply to a 15 liter tank?", context="what is 19.A.3?").answer
    assert "aerosol tank 15 liter = 15 L" in answer.split("\n")[0], answer[:300]
    assert "Item 19.A.3 does not apply: no aerosol dispensing system over 20 L." in answer, answer


def test_a_follow_up_of_a_follow_up_takes_the_latest_destination(real_service: ComplianceService) -> None:
    # the conversation so far, its turns run together as the bot keeps them; Vietnam had been taken
    answer = real_service.ask("and in 2019?", context="can we sell MQ-9B to Vietnam? what about Indonesia?").answer
    assert "destination Indonesia" in answer.split("\n")[0], answer[:300]
    # one turn that names two destinations keeps both
    answer = real_service.ask("and in 2019?", context="can we sell MQ-9B to Vietnam and Indonesia?").answer
    assert "Vietnam" in answer and "Indonesia" in answer, answer[:600]


def test_a_follow_up_naming_the_other_category_asks_the_earlier_question_of_it(
        real_service: ComplianceService) -> None:
    # the two turns run together had led with Category I's definition again
    for follow_up in ("and category II?", "what about cat 2"):
        lead = real_service.ask(follow_up, context="what is category I?").answer.split("\n")[0]
        assert lead == real_service.ask("what is Category II?").answer.split("\n")[0], (follow_up, lead)


def test_a_bare_follow_up_asks_the_earlier_question_in_its_terms(real_service: ComplianceService) -> None:
    # "in pounds?" had been answered with the thresholds in kilograms only
    lead = real_service.ask("in pounds?", context="what's the cat I threshold?").answer.split("\n")[0]
    assert "about 1,102.3 lb" in lead, lead
    # "is turkey?" had been answered with Türkiye's MTCR status
    lead = real_service.ask("is turkey?", context="who is on 126.1?").answer.split("\n")[0]
    assert lead.startswith("Türkiye is not a proscribed destination under ITAR §126.1"), lead


def test_a_follow_up_to_an_in_scope_turn_without_domain_words_is_in_scope(real_service: ComplianceService) -> None:
    # "what changed in 2020?" names no domain word; its follow-ups had been declined as off-topic
    for question in ("who announced it?", "did other countries follow?"):
        answer = real_service.ask(question, context="what changed in 2020?")
        assert not answer.abstained and answer.citations, (question, answer.answer[:200])
        assert "2020" in answer.answer.split("\n")[0] or "partners" in answer.answer.split("\n")[0], answer.answer[:200]


def test_a_country_written_in_lower_case_is_read_where_the_words_say_it_is_one(
        real_service: ComplianceService) -> None:
    # "jordan" in lower case had been taken for a name: the follow-up answered Egypt again
    lead = real_service.ask("what about jordan?", context="is egypt in the mtcr?").answer.split("\n")[0]
    assert lead.startswith("Jordan is not an MTCR partner"), lead
    lead = real_service.ask("is jordan in the mtcr").answer.split("\n")[0]
    assert lead.startswith("Jordan is not an MTCR partner"), lead
    # a US state is not the country: "our plant in georgia" names no destination or exporter
    understood = real_service.ask("our plant in georgia builds a drone with 400 km range and 100 kg payload, can we "
                                  "sell it to canada?").answer.split("\n")[0]
    assert "exporter United States" in understood and "Georgia" not in understood, understood


def test_a_follow_up_asking_the_earlier_subject_of_a_country_is_in_its_scope(real_service: ComplianceService) -> None:
    # "does that affect sales to india?" names a country, so it had been read on its own and declined
    answer = real_service.ask("does that affect sales to india?", context="what changed in 2025?")
    assert not answer.abstained and "2025" in answer.answer.split("\n")[0], answer.answer[:300]


def test_a_follow_up_of_question_words_alone_asks_the_earlier_subject(real_service: ComplianceService) -> None:
    # four words, none of them a subject: it had been answered with the MTCR's founding sentence
    lead = real_service.ask("since when and why?", context="is venezuela proscribed?").answer.split("\n")[0]
    assert "Venezuela is on ITAR §126.1 Table 1" in lead, lead


def test_a_form_asked_of_the_earlier_export_leads_with_the_form(real_service: ComplianceService) -> None:
    lead = real_service.ask("do we need a dsp-83 for that?",
                            context="can we ship reaper spares to the uae?").answer.split("\n")[0]
    # which regime controls a part had led
    assert lead.startswith("A nontransfer and use certificate on Form DSP-83 is required"), lead


@pytest.mark.parametrize(("context", "question", "opening"), [
    # the earlier turn's list had been lost: the 1993 text naming Vietnam led, and Venezuela's listing date was missing
    ("what's the 126.1 list?", "is vietnam on it?", "Vietnam is not a proscribed destination under ITAR §126.1 on "
     "2026-12-07"),
    ("what's the 126.1 list?", "since when is venezuela on it?", "For US-origin defense articles on 2026-12-07: "
     "Venezuela is on ITAR §126.1 Table 1 (policy of denial); uavex records this listing from 2006-08-17."),
    ("what's country group D:4?", "is china in it?", "China is in EAR Country Group D:4"),
])
def test_a_country_asked_of_the_earlier_list(real_service: ComplianceService, context: str, question: str,
                                             opening: str) -> None:
    answer = real_service.ask(question, context=context, today=date(2026, 12, 7))
    assert answer.answer.startswith(opening), answer.answer[:300]


def test_is_it_still_in_effect_after_what_a_policy_changed(real_service: ComplianceService) -> None:
    answer = real_service.ask("is it still in effect?", context="what did the 2020 policy change?",
                              today=date(2026, 12, 7))
    # a press line on the 2025 update's aims had led
    assert answer.answer.startswith("The US policy on exporting UAS (drones) in force on 2026-12-07"), \
        answer.answer[:300]
