"""Which passage sentences an answer leads with, seen in the answer a user gets (service.ask, real model)."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


def _lines(real_service: ComplianceService, question: str) -> list[str]:
    return real_service.ask(question).answer.split("\n")


def test_definition_leads_before_premise_points(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "under the missile regime what counts as payload - are the cameras included?")
    assert lines[0].startswith('"Payload" is'), lines[:3]


def test_a_bare_policy_question_gets_the_review_policy(real_service: ComplianceService) -> None:
    answer = real_service.ask("Do EAR99 UAV components need a licence for Russia? What is the review policy?").answer
    head = "\n".join(answer.split("\n")[:5])
    assert "746.8" in head and "denial" in head, head
    assert "described UAV" not in answer  # parts are not classified as a complete UAV system


def test_a_note_on_what_was_not_read_does_not_lead(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "which EAR99 drone components need a licence for Russia?")
    assert "not read" not in lines[0], lines[0]


def test_list_items_keep_their_labels(real_service: ComplianceService) -> None:
    answer = real_service.ask("which conditions could be attached to a UAS sale under the 2015 framework?").answer
    lead = answer.split("\n")[0]
    assert "End-use assurances" in lead and "Proper use" in lead, lead  # the list's labels, named by its introduction
    # "under the 2015 US policy" is the policy in force from the day it took effect, from the rule data, conditions too
    lead = real_service.ask("which conditions could be attached to a UAS sale under the 2015 US policy?").answer
    assert lead.startswith("The US policy on exporting UAS (drones) in force on 2015-02-17") and \
        "The recipient gives end-use assurances as a condition of sale" in lead.split("\n")[0], lead[:300]


def test_below_a_threshold_names_what_still_applies(real_service: ComplianceService) -> None:
    answer = real_service.ask("is the MTCR silent on UAVs that fly less than 300 km?").answer
    assert "19.A.3" in answer and "aerosol" in answer, answer


def test_what_did_not_change_in_2020(real_service: ComplianceService) -> None:
    answer = real_service.ask("what stayed the same after the 2020 drone policy update?").answer
    assert "cruise missiles" in answer, answer


def test_other_partners_are_not_bound_by_the_us_choice(real_service: ComplianceService) -> None:
    answer = real_service.ask("does the US 800 km/h approach now apply globally, for other partners as well?").answer
    assert "not bound" in answer, answer


def test_unilateral_change_is_set_against_consensus(real_service: ComplianceService) -> None:
    answer = real_service.ask("can Washington change its reading of the Guidelines unilaterally?").answer
    assert "consensus" in answer, answer


def test_a_comparison_says_what_sets_the_two_apart(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "how is the Wassenaar Arrangement different from the MTCR when it comes to UAVs?")[0]
    assert "different questions" in lead and "ML10" in lead, lead


def test_a_sale_question_that_asks_for_paperwork_gets_it(real_service: ComplianceService) -> None:
    answer = real_service.ask("Oman wants MQ-9B through FMS - which paperwork does that involve for us?").answer
    assert "LOA" in answer or "Letter of Offer" in answer, answer


def test_a_sentence_that_leans_on_the_one_before_keeps_it(real_service: ComplianceService) -> None:
    answer = real_service.ask("so armed drones can never be exported under the MTCR?").answer
    assert "do not ban Category I transfers. They set a strong presumption" in answer, answer


def test_inflected_words_match_their_stem(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "how many states are in the MTCR and which one joined most recently?")[0]
    assert lead.startswith("The MTCR has 35 partners") and "2016: India" in lead, lead


def test_a_comparison_of_the_categories_leads_with_their_definitions(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "how does Category I differ from Category II for UAVs?")[0]
    assert lead.startswith("Category I (Item 1.A.2)"), lead


def test_the_exporter_is_not_screened_as_a_destination(real_service: ComplianceService) -> None:
    answer = real_service.ask("when did the US first allow armed drone exports outside NATO?").answer
    assert "United States is not a proscribed destination" not in answer, answer


def test_asked_partner_status_survives_a_long_two_part_answer(real_service: ComplianceService) -> None:
    answer = real_service.ask("a 350 km, 40 kg drone to brazil and to egypt - are they mtcr partners?").answer
    assert "Brazil remains an MTCR partner" in answer and "Egypt is not an MTCR partner" in answer, answer


def test_the_review_period_names_the_country_it_is_for(real_service: ComplianceService) -> None:
    answer = real_service.ask("how many days of congressional review for japan and for qatar?").answer
    assert "15 days (Japan" in answer and "30 days for Qatar" in answer, answer


def test_a_rule_fact_sharing_one_word_with_the_question_does_not_lead(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "are there licence exceptions for civil drones going to Canada?")[0]
    assert "§126.1 proscribed countries" not in lead, lead


def test_an_agreement_acronym_finds_its_passage(real_service: ComplianceService) -> None:
    answer = real_service.ask("when do we need a TAA for a drone programme abroad?")
    assert not answer.abstained and "technical assistance agreement" in answer.answer.lower(), answer.answer


def test_a_claim_put_for_confirmation_is_corrected_first(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "small drones under 20 kg are exempt from export controls, right?")[0]
    assert "9.A.12" in lead, lead


def test_a_decade_matches_the_years_in_it(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "which states became MTCR partners in the 1990s?")[0]
    assert "Partners by year of joining" in lead and "1995: Brazil" in lead, lead


def test_a_sentence_opening_with_a_bare_pronoun_does_not_lead(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "how many states signed the 2016 joint declaration on armed drones?")[0]
    assert not lead.startswith(("It ", "They ", "This ")), lead


def test_the_us_policy_values_in_the_rule_data_answer_in_any_wording(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "what is the CAT policy?")[0]
    assert "Conventional Arms Transfer (CAT) policy" in lead and "NSPM-10" in lead, lead
    then = _lines(real_service, "which CAT policy standard applied in 2024?")[0]
    assert "NSM-18" in then or "more likely than not" in then, then


def test_a_form_number_is_not_matched_by_another_form(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "what is a DSP-5 and when would we need it?")
    assert lines[0].startswith("DSP-5"), lines[0]


def test_a_section_typed_without_its_sign_finds_the_list(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "list the 126.1 countries please")
    assert lines[0].startswith("ITAR §126.1 proscribed countries on"), lines[0]
    assert "Table 1 (full policy of denial): Belarus" in lines[0]


def test_the_example_the_bot_suggests_is_answered(real_service: ComplianceService) -> None:
    data = real_service.ask("what changed in 2020?").as_dict()
    assert data["intent"] != "off-topic" and data["citations"], data["answer"][:200]
    assert "2020" in data["answer"].split("\n")[0]


def test_changes_between_two_years_are_listed_by_date_with_their_sources(real_service: ComplianceService) -> None:
    data = real_service.ask("how did the rules for exporting drones change from 2016 to 2021?").as_dict()
    lead = data["answer"].split("\n")[0]
    assert lead.startswith("Timeline of the US policy on exporting UAS (drones) from 2016 to 2021"), lead
    assert "2018-04-19" in lead and "direct commercial sale" in lead and "2020-07-24" in lead, lead
    assert "2025" not in lead.split("(between")[1] and len(data["citations"]) >= 2


def test_a_sale_question_that_asks_for_the_conditions_gets_them(real_service: ComplianceService) -> None:
    answer = real_service.ask("what conditions would the US attach to selling Gray Eagles to Qatar?").answer
    assert "- The recipient gives end-use assurances as a condition of sale. [" in answer, answer[:600]
    assert "- The end user may not arm, or further arm, the UAS without US authorisation. [" in answer


def test_a_timeline_request_lists_every_dated_change(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "can you give me a timeline of US armed drone export policy")[0]
    assert lead.startswith("Timeline of the US policy on exporting UAS (drones) since 1993"), lead
    assert all(day in lead for day in ("2015-02-17", "2018-04-19", "2020-07-24", "2025-09-15")), lead


def test_the_policy_in_force_answers_a_question_with_only_general_words(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "so what's the US policy on drone exports right now?")[0]
    assert lead.startswith("The US policy on exporting UAS (drones) in force on"), lead
    assert "manned fighter aircraft" in lead and "direct commercial sale" in lead, lead


def test_a_second_point_does_not_lead_without_its_first(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "explain the difference between the MTCR guidelines and the annex")
    assert not lines[0].startswith("Second"), lines[0]


def test_a_denial_gives_its_reason_first(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "could we have sold mq-1c gray eagles to venezuela in 2024?")
    assert "a denial policy" in lines[1] and "ITAR §126.1" in lines[2], lines[:4]


def test_a_year_in_the_question_does_not_bring_in_an_unrelated_rule_fact(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "whats the license exception STA change for drones in 2026?")[0]
    assert "§126.1" not in lead and "STA" in lead, lead


def test_an_acronym_for_a_procedure_is_in_scope(real_service: ComplianceService) -> None:
    data = real_service.ask("how long does a CJ usually take?").as_dict()
    assert data["intent"] != "off-topic" and "commodity jurisdiction" in data["answer"].lower(), data["answer"][:200]


def test_a_penalty_question_gets_the_statutory_penalty_with_its_source(real_service: ComplianceService) -> None:
    data = real_service.ask("what penalties apply if we export a military drone without a licence?").as_dict()
    lead = data["answer"].split("\n")[0]
    assert "22 U.S.C. 2778(c)" in lead and "$1,000,000" in lead and "20 years" in lead, lead
    assert any("section2778" in c["url"] for c in data["citations"])


def test_what_is_an_acronym_leads_with_the_sentence_that_spells_it_out(real_service: ComplianceService) -> None:
    assert _lines(real_service, "what's the MTCR?")[0].startswith("The Missile Technology Control Regime, an")
    assert _lines(real_service, "what is ITAR")[0].startswith("The International Traffic in Arms Regulations")


def test_the_regulator_named_in_a_question_is_not_screened_as_a_party(real_service: ComplianceService) -> None:
    answer = real_service.ask("how does the US treat an MTCR adherent compared with a partner?").answer
    assert "United States remains an MTCR partner" not in answer, answer[:300]


def test_the_strictest_treatment_is_category_i(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "which UAVs face the strictest rules in the missile technology regime?")[0]
    assert lead.startswith("Category I (Item 1.A.2)") and "strong presumption of denial" in lead, lead


def test_a_claim_put_for_confirmation_is_corrected_before_the_facts(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "the guidelines ban all cat I sales, right?")[0]
    assert lead.startswith("The Guidelines do not ban Category I transfers"), lead


def test_a_re_export_question_cites_the_retransfer_approval(real_service: ComplianceService) -> None:
    answer = real_service.ask("since india is an mtcr member can they re-export our reapers freely?").answer
    assert "DDTC's written approval is needed before a defense article is resold" in answer, answer[:500]


def test_the_policy_summary_answers_only_questions_about_the_policy(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "what's the military end use rule for china and drones?")[0]
    assert not lead.startswith("The US policy on exporting UAS (drones) in force"), lead


def test_itar_versus_ear_says_which_department_controls_what(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "EAR vs ITAR for our new drone: who controls it?")[0]
    assert "Department of State under the International Traffic in Arms Regulations" in lead, lead


def test_what_changed_in_one_year_lists_that_years_changes(real_service: ComplianceService) -> None:
    data = real_service.ask("what changed in 2021?").as_dict()  # the bot's own example form, another year
    lead = data["answer"].split("\n")[0]
    assert data["intent"] != "off-topic" and lead.startswith("Changes to the ITAR §126.1 list"), lead
    assert all(f"{name} on 2021-" in lead for name in ("Russia", "Ethiopia", "Cambodia")), lead
    lead = _lines(real_service, "what happened in 2023 regarding drone export rules?")[0]  # "regarding" says nothing
    assert lead.startswith("Timeline of the US policy on exporting UAS (drones) in 2023") and "2023-02-23" in lead, lead


def test_a_policy_named_by_its_year_gets_what_that_policy_changed(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "what did the 2018 UAS export policy do")[0]
    assert lead.startswith("Timeline of the US policy on exporting UAS (drones) in 2018"), lead
    assert "2018-04-19" in lead and "direct commercial sale" in lead and "§126.1" not in lead, lead


def test_a_dated_policy_asked_for_a_destination_gets_both(real_service: ComplianceService) -> None:
    data = real_service.ask("does the 2025 policy change anything for sales to poland").as_dict()
    lines = data["answer"].split("\n")
    assert not data["abstained"] and "manned fighter aircraft" in lines[0], lines[:2]
    assert lines[1].startswith("- Poland is not a proscribed destination under ITAR §126.1"), lines[1]


def test_a_section_36_threshold_is_the_dollar_value_not_the_mtcr_categories(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "what's the 36(c) threshold for a DCS licence")
    assert "§36(c) dollar thresholds" in lines[0] and "$14,000,000" in lines[1], lines[:2]
    assert not any(line.lstrip("- ").startswith("Category I (Item 1.A.2)") for line in lines), lines[:4]


def test_what_is_asked_of_the_categories_comes_before_their_definitions(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "what does the mtcr say about transferring production technology for cat I")[0]
    assert lead.startswith("The Guidelines do not ban Category I transfers") and "production facilities" in lead, lead
    lead = _lines(real_service, "is 9A012 the same as MTCR 19.A.2?")[0]
    assert lead.startswith("ECCN 9A012 is the U.S. implementation of Wassenaar"), lead
    lead = _lines(real_service, "whats the difference between cat I and cat II in plain english")[0]
    assert lead.startswith("Category I (Item 1.A.2)"), lead  # about the categories themselves: definitions first
    lead = _lines(real_service, "under what conditions can cat I items be transferred?")[0]
    assert lead.startswith("Category I (Item 1.A.2)"), lead  # a common word held by a sentence on something else
    lead = _lines(real_service, "do we need a license to export spare parts for a cat I uav?")[0]
    assert "Russia" not in lead, lead  # a sentence about a country the question does not name does not lead


def test_which_department_gets_the_state_or_commerce_sentence(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "which department licenses civil drone exports?")[0]
    assert "by the Department of State under the International Traffic in Arms Regulations" in lead, lead
    answer = real_service.ask("which agency handles drone export licences for military systems - state or commerce?")
    assert "controlled either by the Department of State" in answer.answer, answer.answer[:600]


def test_notes_on_what_the_rule_engine_should_do_are_not_guidance(real_service: ComplianceService) -> None:
    for question in ("is israel an mtcr member?", "do MTCR controls apply to drone engines?",
                     "is ukraine an mtcr partner? need it for a country profile"):
        answer = real_service.ask(question).answer
        assert "engine should" not in answer and "Further consequences" not in answer, answer[:400]


def test_what_congress_can_do_about_a_sale_is_answered(real_service: ComplianceService) -> None:
    data = real_service.ask("what happens if congress objects to a drone sale?").as_dict()
    assert not data["abstained"] and "Congress" in data["answer"].split("\n")[0], data["answer"][:300]


def test_how_the_us_treated_category_i_at_a_time_is_the_policy_then_in_force(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "how did the US treat Category I drones before 2020?")[0]
    assert lead.startswith("The US policy on exporting UAS (drones) in force on 2019-12-31"), lead
    assert "strong presumption to deny Category I" in lead, lead
    lead = _lines(real_service, "how did the US handle category I UAS in 2016?")[0]
    assert lead.startswith("The US policy on exporting UAS (drones) in force on 2016-12-31"), lead
    lead = _lines(real_service, "how does the US treat an MTCR adherent vs partner in licensing?")[0]
    assert not lead.startswith("The US policy on exporting UAS"), lead  # not about how Category I is reviewed


def test_a_caveat_that_may_differ_does_not_answer_a_comparison(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "is a target drone treated differently from a combat drone under MTCR?")
    assert "may differ" not in lines[0], lines[:2]
    assert any("target drones and cruise missiles" in line for line in lines[:3]), lines[:4]


def test_a_plan_point_that_says_what_is_asked_of_the_categories_leads(real_service: ComplianceService) -> None:
    for question in ("does the mtcr flat out prohibit cat I transfers?", "does the MTCR ban Category I outright?"):
        lead = _lines(real_service, question)[0]
        assert lead.startswith("The Guidelines do not ban Category I transfers"), (question, lead)


def test_who_decides_state_or_commerce_leads_before_the_destinations_status(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "who decides if a drone sale to india gets approved in the US - state or commerce?")[0]
    assert "controlled either by the Department of State" in lead, lead


def test_a_destinations_status_not_asked_about_follows_what_is_asked(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "how long does congress get to review a drone sale to japan")
    assert lines[0].startswith("Congressional review period before the sale may proceed: 15 days"), lines[:2]
    assert any("§126.1" in line for line in lines[1:]), lines  # still given, after what was asked


def test_is_it_true_that_is_not_the_true_of_true_airspeed(real_service: ComplianceService) -> None:
    lines = _lines(real_service, "is it true that MTCR partners can't sell cat I systems at all?")
    assert not lines[0].startswith("MT-controlled items"), lines[0]  # held "maximum true airspeed"
    assert any(line.lstrip("- ").startswith("The Guidelines do not ban Category I transfers") for line in lines[:5]), \
        lines[:5]
    lead = _lines(real_service, "does the MTCR outlaw exports of big drones to non-members?")[0]
    assert lead.startswith("The Guidelines do not ban Category I transfers"), lead


def test_a_comparison_leads_with_a_sentence_about_both_things_compared(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "difference between USML cat VIII and CCL 9A012?")[0]
    assert "VIII(a)" in lead and "9A012" in lead, lead  # not "numbering differs between the U.S. and EU lists"


def test_a_title_before_a_name_does_not_end_the_sentence(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "what would H.R. 3998 change?")[0]
    assert "(Rep. Keith Self), would raise the USML Category I firearms trigger" in lead, lead


def test_who_may_not_get_us_drones_is_answered_from_126_1(real_service: ComplianceService) -> None:
    for question in ("who's not allowed to get drones from the US at all?",
                     "which countries can't buy US military drones?"):
        head = "\n".join(_lines(real_service, question)[:2])
        assert "126.1" in head and ("denial" in head or "deny" in head), (question, head)


def test_the_current_policy_on_armed_drones_is_the_policy_in_force(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "whats the current US policy on armed drone exports")[0]
    assert lead.startswith("The US policy on exporting UAS (drones) in force on"), lead


def test_glossary_definitions_read_as_sentences_that_name_their_term(real_service: ComplianceService) -> None:
    answer = real_service.ask("wat is catagory 2 under mtcr").answer
    assert "\n- Every MTCR Annex item" not in answer, answer  # a fragment that does not say what it defines
    lead = _lines(real_service, "what does range mean for a uav under the mtcr? does the datalink limit count")[0]
    assert lead.startswith("Range is how far a rocket or UAV system can fly"), lead


def test_an_annex_item_named_leads_with_its_own_definition(real_service: ComplianceService) -> None:
    lead = _lines(real_service, "what is 19.A.2?")[0]
    assert lead.startswith("Category II (Item 19.A.2)"), lead
    lead = _lines(real_service, "does item 19.a.3 need a sprayer?")[0]
    assert "(Item 19.A.3)" in lead and "aerosol" in lead, lead


def test_not_on_the_126_1_lists_cites_the_section_on_the_ecfr(real_service: ComplianceService) -> None:
    answer = real_service.ask("is germany on the 126.1 list?").answer
    lead = answer.split("\n")[0]
    assert lead.startswith("Germany is not a proscribed destination") and lead.endswith("[1]"), lead
    first_source = next(line for line in answer.split("\n") if line.startswith("[1]"))
    assert "ecfr.gov/current/title-22/chapter-I/subchapter-M/part-126/section-126.1" in first_source, first_source


def test_for_export_control_purposes_is_the_frame_not_the_subject(real_service: ComplianceService) -> None:
    answer = real_service.ask("how does the US define a UAV for export control purposes?").answer
    assert "short list of purposes" not in answer and "746.8(b)(3)" not in answer, answer[:400]


def test_a_clause_opening_with_since_dates_a_premise_it_does_not_ask_for_a_date(
        real_service: ComplianceService) -> None:
    # "since the 2025 change" had made the question ask for a year, so a sentence dating a congressional note led
    answer = real_service.ask("since the 2025 change, drones are regulated exactly like fighter jets, so the MTCR no "
                              "longer matters for us?").answer
    assert answer.startswith("A military UAV on the US Munitions List still needs a DDTC licence"), answer[:300]
    assert real_service.ask("since when is India in the MTCR?").answer.startswith("India remains an MTCR partner")


def test_a_comparison_weighs_what_names_each_side(real_service: ComplianceService) -> None:
    # "the MTCR Guidelines": the Guidelines, not the MTCR; a sentence on the MTCR and the Annex had led, and before it
    # a sentence that only pointed to two corpus documents
    lead = _lines(real_service, "how do the MTCR guidelines differ from the annex?")[0]
    assert "the Guidelines supply the licensing policy" in lead, lead
    assert "the Annex fixes which items are in scope" in lead, lead


def test_the_most_a_drone_may_have_before_a_control_is_a_threshold(real_service: ComplianceService) -> None:
    # "what's the maximum range ... to stay outside" had led with "Membership of the MTCR is not a condition ..."
    for question in ("what's the maximum range for a drone to stay outside the MTCR?",
                     "how heavy can the payload get before it's category I?"):
        lead = real_service.ask(question).answer.split("\n")[0]
        assert "300 km" in lead, (question, lead)


def test_two_kinds_of_denial_are_told_apart(real_service: ComplianceService) -> None:
    # the shared word "denial" had hidden the comparison, and the question was declined as not covered
    answer = real_service.ask("what's a presumption of denial versus a policy of denial?")
    lead = answer.answer.split("\n")[0]
    assert not answer.abstained and "It differs from the MTCR's presumption against Category I transfers" in lead, lead
    assert "[Glossary Policy of denial" not in answer.answer  # (the citations are numbered)
    assert "Glossary Policy of denial" in answer.answer


def test_first_asks_for_the_earliest_date_not_for_the_word(real_service: ComplianceService) -> None:
    # "America First Arms Transfer Strategy" (2026) had led because it contains the word "first"
    for question in ("when did the US first reinterpret the MTCR for drones?",
                     "when did the US first have an export policy specifically for military drones?"):
        lead = real_service.ask(question).answer.split("\n")[0]
        assert "America First" not in lead, (question, lead)


def test_the_mtcr_presumption_of_denial_is_not_the_126_1_list(real_service: ComplianceService) -> None:
    # "denial" had called up the whole §126.1 country list as the lead
    lead = real_service.ask("what did the 2025 policy say about the strong presumption of denial?").answer
    assert "proscribed countries" not in lead.split("\n")[0] and "strong presumption" in lead.split("\n")[0], lead[:300]


def test_where_the_regime_is_run_from(real_service: ComplianceService) -> None:
    # "headquarters" had found nothing, and the question was declined
    for question in ("does the MTCR have a headquarters?", "where is the mtcr based?"):
        lead = real_service.ask(question).answer.split("\n")[0]
        assert lead.startswith("A Point of Contact in Paris, run by the French Ministry of Foreign Affairs"), lead


def test_a_conference_talk_abroad_asks_whether_it_is_technical_data(real_service: ComplianceService) -> None:
    # the destination's §126.1 status had led
    answer = real_service.ask("our engineer wants to present at a conference in dubai about drone autonomy. license?")
    lines = answer.answer.split("\n")
    assert lines[0].startswith("Technical data leaves out general scientific, mathematical and engineering "
                               "principles"), lines[0]
    assert lines[1].startswith("- The ITAR licence for unclassified technical data"), lines[1]


def test_the_2020_exception_is_in_scope(real_service: ComplianceService) -> None:
    # it had been declined as off-topic: no word of it was in the domain's vocabulary
    answer = real_service.ask("whats the max speed for the 2020 exception in knots")
    assert not answer.abstained and "less than 800 kilometers per hour" in answer.answer.split("\n")[0], \
        answer.answer[:300]


def test_a_word_that_only_looks_like_another_chooses_no_sentence(real_service: ComplianceService) -> None:
    # "thoughts" had been read as "though", and "even though ..." about Russia had pushed out §126.1(e)
    answer = real_service.ask("venezuela wants shadow drones, thoughts?").answer
    assert "Paragraph (e)(1) bars any sale" in answer and "no procedure for expelling" not in answer, answer[:1500]


def test_a_comparison_of_two_terms_opens_with_what_one_of_them_is(real_service: ComplianceService) -> None:
    # had opened with a remark about both (neither is entitled to technology) instead of what an adherent is
    lead = real_service.ask("What's the difference between MTCR partner and adherent?").answer.splitlines()[0]
    assert lead.startswith("A unilateral adherent is a state that is not an MTCR partner"), lead


def test_a_sentence_after_a_list_leans_on_the_lists_introduction(real_service: ComplianceService) -> None:
    # "These track the ... factors" had been joined to the list's last item and opened the answer in lower case
    answer = real_service.ask("what are the MTCR Guidelines' factors for assessing a transfer?").answer
    body = answer.split("**Sources**")[0]
    assert "whether a contract existed before the licence requirement arose. These track" not in body, body[:600]
    assert "in its FAQ 238 (verified). These track the transfer-evaluation factors" in body, body[:600]
    assert all(not line.lstrip("- ")[:1].islower() for line in body.splitlines() if line.strip()), body[:900]


@pytest.mark.parametrize(("question", "introduction"), [
    ("what is country group A:5", "Two UAV-specific points tie STA to A:5."),
    ("how many mtcr partners are there", "All 35 MTCR partners, in alphabetical order"),
])
def test_a_lists_introduction_alone_is_not_an_answer(real_service: ComplianceService, question: str,
                                                     introduction: str) -> None:
    # a line written to introduce a list ("...:") says nothing without its items; it had been quoted on its own
    assert introduction not in real_service.ask(question).answer


def test_a_list_that_shares_only_country_names_does_not_lead(real_service: ComplianceService) -> None:
    # the Wassenaar participants named Turkey and Ukraine, and that alone had made the list the answer
    lead = real_service.ask("What did Turkey sell to Ukraine?").answer.splitlines()[0]
    assert not lead.startswith("The Wassenaar participating states"), lead
    # a list the question asks for is still chosen ("the 35 partners are ...")
    assert "The 35 partners are Argentina" in real_service.ask("is the netherlands in the mtcr").answer


def test_questions_joined_by_commas_are_each_answered(real_service: ComplianceService) -> None:
    # "what's a DSP-5, what's a DSP-73, ..." had been one question: the DSP-5 went unanswered
    lines = real_service.ask("what's a DSP-5, what's a DSP-73, and when do I need each?").answer.splitlines()
    assert lines[0].startswith("DSP-5 — permanent export"), lines[:2]
    assert "DSP-73" in lines[1], lines[:2]
    lead = real_service.ask("who administers ITAR, who administers EAR, and who handles FMS?").answer.splitlines()[0]
    assert lead.startswith("The Directorate of Defense Trade Controls (DDTC)"), lead


def test_a_wrapped_year_is_not_a_numbered_list_item(real_service: ComplianceService) -> None:
    # "(reproduced 17 Oct\n2025) says ..." had been split as if "2025)" numbered an item, leaving "CBO's cost estimate
    # (reproduced 17 Oct." and "says raising them ..." as two fragments
    answer = real_service.ask("what did CBO say about raising the notification thresholds?").answer
    assert "CBO's cost estimate (reproduced 17 Oct 2025) says raising them would remove the review period" in answer, \
        answer[:1200]


@pytest.mark.parametrize("question", ["EAR items never need a licence to allies", "What is 9A610?",
                                      "what does the (MT) tag on USML VIII mean?"])
def test_a_note_to_the_rule_engine_is_never_quoted(real_service: ComplianceService, question: str) -> None:
    # "The engine should take US treatment from ..." had led; such notes speak to the code, not to a user
    body = real_service.ask(question).answer.split("**Sources**")[0]
    assert "engine should" not in body.lower() and "rule engine" not in body.lower(), body[:600]
