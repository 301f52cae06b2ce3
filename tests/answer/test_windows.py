"""Times a question asks about, seen in the answer a user gets (service.ask, real model): two policies compared by
their years, and the US policy asked of a year or asked whether it is still in force."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.service import ComplianceService


def test_two_policies_compared_by_year_get_the_policy_in_force_at_each(real_service: ComplianceService) -> None:
    answer = real_service.ask("what did the sept 2025 policy actually change vs the 2020 one?").answer
    lines = answer.split("\n")
    assert "in force on 2020-12-31" in lines[0] and "800 km/h" in lines[0], lines[0]
    assert "in force on 2025-09-30" in lines[1] and "fighter aircraft" in lines[1], lines[1]
    assert "set on 2025-09-15" in lines[1], lines[1]  # when the treatment in force then was set
    assert "As of 2020" not in answer  # "the 2020 one" is not the day the answer is as of


def test_a_comparison_written_the_other_way_round(real_service: ComplianceService) -> None:
    answer = real_service.ask("how does the 2018 policy differ from the 2015 one?").answer
    days = re.findall(r"in force on (\d{4}-\d\d-\d\d)", "\n".join(answer.split("\n")[:2]))
    assert days == ["2015-12-31", "2018-12-31"], answer[:600]


def test_under_a_dated_policy_is_answered_as_of_the_day_it_took_effect(real_service: ComplianceService) -> None:
    data = real_service.ask("under the 2020 policy could we sell a 700 km/h drone with 1000 kg payload and 2000 km "
                            "range to saudi arabia?").as_dict()
    assert "as of 2020-07-24 (read 'under the 2020 policy'" in data["answer"].split("\n")[0], data["answer"][:400]
    assert "below 800 km/h" in data["answer"], data["answer"][:800]  # the 2020 airspeed subset, not the 2025 review


def test_one_dated_policy_asked_about_gets_the_policy_in_force_then(real_service: ComplianceService) -> None:
    lead = real_service.ask("what are the conditions of the 2018 drone policy?").answer.split("\n")[0]
    assert "in force on 2018-12-31" in lead and "strong presumption to deny" in lead, lead  # not today's policy


def test_the_us_policy_asked_of_a_year_is_the_policy_in_force_then(real_service: ComplianceService) -> None:
    lead = real_service.ask("what was US drone export policy in 2016?").answer.split("\n")[0]
    assert lead.startswith("The US policy on exporting UAS (drones) in force on 2016-12-31"), lead
    assert "Foreign Military Sales" in lead  # the 2015 policy's FMS channel, in force then
    lead = real_service.ask("what was the US drone export policy in march 2019?").answer.split("\n")[0]
    assert "in force on 2019-03-01" in lead, lead


def test_a_policy_asked_whether_still_in_force_gets_the_policy_in_force_now(real_service: ComplianceService) -> None:
    for question in ("is the 800 km/h rule still in effect?", "is the 2015 policy still valid?"):
        lead = real_service.ask(question).answer.split("\n")[0]
        assert lead.startswith("The US policy on exporting UAS (drones) in force on"), (question, lead)
        assert "fighter aircraft" in lead, lead
    lead = real_service.ask("is NSM-18 still in force or did they go back to the old policy?").answer.split("\n")[0]
    assert "NSM-18" in lead, lead  # a named instrument keeps its own fact


def test_an_administration_named_for_its_president_gets_the_policy_it_issued(real_service: ComplianceService) -> None:
    # corpus/language/synonyms.yaml: the name alone had found a 2017 letter from Congress
    lead = real_service.ask("What was the Obama administration's drone export policy?").answer.split("\n")[0]
    assert lead.startswith("On 17 February 2015 the U.S. Department of State announced a policy for exporting "
                           "military"), lead
    lead = real_service.ask("what did Biden change on arms transfers?").answer.split("\n")[0]
    assert "NSM-18" in lead, lead


def test_two_years_joined_each_get_their_own_changes(real_service: ComplianceService) -> None:
    for question in ("what changed in 2020 and in 2025", "what changed in 2020 vs 2025?"):
        lines = real_service.ask(question).answer.split("\n")
        first = next(i for i, line in enumerate(lines) if "in 2020 (between 2020-01-01 and 2020-12-31)" in line)
        second = next(i for i, line in enumerate(lines) if "in 2025 (between 2025-01-01 and 2025-12-31)" in line)
        assert first < second, "\n".join(lines[:6])  # in the order asked
        assert "2025-09-15" in lines[second] and "2020-07-24" in lines[first], "\n".join(lines[:6])


def test_two_years_before_one_policy_word_are_both_policies_compared(real_service: ComplianceService) -> None:
    # "the 2018 and 2020 policies" had answered as of the end of 2018 (the first year read as a day, not a policy)
    answer = real_service.ask("what's the difference between the 2018 and 2020 policies?").answer
    days = re.findall(r"in force on (\d{4}-\d\d-\d\d)", "\n".join(answer.split("\n")[:2]))
    assert days == ["2018-12-31", "2020-12-31"], answer[:600]


def test_explaining_a_dated_change_is_in_scope(real_service: ComplianceService) -> None:
    for question in ("explain the sept 2025 shift", "explain the sept 2025 shift in one para"):
        answer = real_service.ask(question)  # had been declined as off-topic
        assert not answer.abstained and "15 September 2025" in answer.answer, (question, answer.answer[:300])


def test_treatment_asked_across_several_years_gives_the_policy_in_force_in_each(
        real_service: ComplianceService) -> None:
    # each year's part had repeated the same two sentences about July 2020
    answer = real_service.ask("how did US treatment of Category I UAS change across 2015, 2018, 2020 and 2025?").answer
    for year in ("2015", "2018", "2020", "2025"):
        assert f"The US policy on exporting UAS (drones) in force on {year}-12-31" in answer, (year, answer[:800])
    assert "treated as Category II" in answer.split("in force on 2020-12-31")[1].split("\n")[0], answer[:1500]


def test_a_month_asked_about_whole_gets_that_months_changes(real_service: ComplianceService) -> None:
    # "in september 2025" had been read as one day, and a press detail on the congressional note had led
    for question in ("did anything change for cat I drones in september 2025", "what changed in july 2020?"):
        lead = real_service.ask(question).answer.split("\n")[0]
        assert lead.startswith("Timeline of the US policy"), lead
    lead = real_service.ask("did anything change for cat I drones in september 2025").answer.split("\n")[0]
    assert "(between 2025-09-01 and 2025-09-30)" in lead and "2025-09-15: State reviews UAS exports" in lead, lead


def test_a_presidential_term_asked_about_whole_gets_its_changes(real_service: ComplianceService) -> None:
    # a term had been read as its last day only; "did X change ... in his second term" had not been read as a term,
    # and a 2017 letter to President Trump had led
    lead = real_service.ask("did the policy change during the biden administration?").answer.split("\n")[0]
    assert lead.startswith("Timeline of the US policy"), lead
    assert "during the Biden administration (between 2021-01-20 and 2025-01-19)" in lead, lead
    assert "2023-02-23" in lead, lead  # NSM-18, the one change in the rule data within that term
    lead = real_service.ask("did trump change drone export policy in his second term?").answer.split("\n")[0]
    assert "during the second Trump administration (between 2025-01-20 and" in lead, lead
    assert "2025-09-15: State reviews UAS exports much as it reviews manned fighter aircraft" in lead, lead


def test_compare_two_years_policies_gives_the_policy_in_force_at_each(real_service: ComplianceService) -> None:
    # "compare A and B" had not been read as a comparison: the 2020 timeline alone had led
    lines = real_service.ask("compare the 2018 and 2020 drone policies").answer.split("\n")
    assert "in force on 2018-12-31" in lines[0], lines[0]
    assert "in force on 2020-12-31" in lines[1] and "800 km/h" in lines[1], lines[1]


def test_a_dated_policy_of_any_us_uas_change_dates_the_sale(real_service: ComplianceService) -> None:
    # "the 2018 policy" and "the sept 2025 change" had been read as no date at all: the sale was decided as of today
    lead = real_service.ask("did the 2018 policy let us sell cat I drones to the UAE?").answer.split("\n")[0]
    assert "as of 2018-04-19 (read 'the 2018 policy' as 2018-04-19" in lead, lead
    lead = real_service.ask("what would the answer have been before the sept 2025 change for a 700 kg / 1000 km drone "
                            "to egypt?").answer.split("\n")[0]
    assert "as of 2025-09-14 (read 'before the sept 2025 change' as 2025-09-14" in lead, lead


def test_the_difference_between_two_dated_changes_is_the_policy_each_put_in_force(
        real_service: ComplianceService) -> None:
    # declined as off-topic; then read as the window between the two years
    lines = real_service.ask("what's the difference between the 2020 and 2025 changes in one line each?"
                             ).answer.split("\n")
    assert "in force on 2020-12-31" in lines[0] and "800 km/h" in lines[0], lines[0]
    assert "in force on 2025-12-31" in lines[1] and "fighter aircraft" in lines[1], lines[1]


@pytest.mark.parametrize("question", ["Explain the US drone export policy history in three sentences",
                                      "summarise the history of US drone export policy in a few lines"])
def test_the_history_of_the_policy_is_its_timeline(real_service: ComplianceService, question: str) -> None:
    # had been abstained on ("the indexed guidance does not cover this question")
    answer = real_service.ask(question)
    assert not answer.abstained and answer.answer.startswith("Timeline of the US policy on exporting UAS"), \
        answer.answer[:300]


def test_the_history_of_the_itar_list_is_its_changes(real_service: ComplianceService) -> None:
    lead = real_service.ask("what's the history of 126.1?").answer.splitlines()[0]
    assert lead.startswith("Changes to the ITAR §126.1 list of proscribed countries since"), lead


def test_the_treatment_compared_across_two_years_gives_the_policy_in_force_in_each(
        real_service: ComplianceService) -> None:
    # the comparison frame had pushed the policy in force out of both parts, leaving general sentences
    answer = real_service.ask("what's the difference in how the US treated a Cat I drone in 2019 vs 2021?").answer
    assert "The US policy on exporting UAS (drones) in force on 2019-12-31" in answer, answer[:600]
    assert "The US policy on exporting UAS (drones) in force on 2021-12-31" in answer, answer[:1200]


@pytest.mark.parametrize(("question", "window"), [
    # the two years had split the answer in two ("**2015**", "**now**"), and the timeline was lost
    ("walk me through the history of US drone export policy from 2015 to now", "(between 2015-01-01 and 2026-12-07)"),
    ("US drone export policy history from 2015 to 2020", "(between 2015-01-01 and 2020-12-31)"),
])
def test_a_history_from_one_year_to_another_is_one_timeline(real_service: ComplianceService, question: str,
                                                            window: str) -> None:
    answer = real_service.ask(question, today=date(2026, 12, 7)).answer
    lead = answer.splitlines()[0]
    assert lead.startswith("Timeline of the US policy on exporting UAS (drones)") and window in lead, lead
    assert "**2015**" not in answer
