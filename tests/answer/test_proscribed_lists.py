"""The ITAR §126.1 listings a user reads (corpus/rules/destinations/itar_126_1.yaml, prompts/rule_passages.md.j2):
Hong Kong, which the tables do not name, is under the denial policy through the China entry since July 2020; the
list of a day before the tables (2025) names the countries under a denial policy instead of two empty tables."""

from __future__ import annotations

from datetime import date

import pytest

from bot.service import ComplianceService


def test_hong_kong_is_under_the_denial_policy_through_the_china_entry(real_service: ComplianceService) -> None:
    answer = real_service.ask("is hong kong treated as china under 126.1")
    lead = answer.answer.split("\n")[0]
    # it had said Hong Kong was not a proscribed destination
    assert lead.startswith("For US-origin defense articles on") and "Hong Kong is on ITAR §126.1 (policy of denial)" \
        in lead and "2020-07-14" in lead, lead
    assert any(c["url"] == "https://www.federalregister.gov/d/2020-15646" for c in answer.citations)
    sale = real_service.ask("can we sell a reaper to a customer in hong kong").as_dict()
    assert sale["verdict"]["verdict"] == "denial-policy", sale["answer"][:300]


def test_the_list_names_hong_kong_apart_from_the_tables(real_service: ComplianceService) -> None:
    lead = real_service.ask("list the proscribed countries").answer.split("\n")[0]
    tables, _, rest = lead.partition("Also under a policy of denial, not named in the tables: ")
    assert "Hong Kong" not in tables and rest.startswith("Hong Kong."), lead[:600]


def test_a_list_before_the_tables_names_the_denied_countries(real_service: ComplianceService) -> None:
    lead = real_service.ask("which countries were under a policy of denial in 2015 under the itar").answer
    lead = lead.split("\n")[0]
    # it had printed "Table 1 (full policy of denial): . Table 2 (...): ." with both lists empty
    assert "Table 1" not in lead and "policy of denial: Afghanistan, Belarus, Burma (Myanmar), China" in lead, lead


def test_the_policy_for_a_country_is_its_126_1_status(real_service: ComplianceService) -> None:
    lead = real_service.ask("what's the policy for iraq?").answer.split("\n")[0]
    # a list of §126.1's country paragraphs had led, without Iraq's status
    assert lead.startswith("For US-origin defense articles on") and "Iraq is on ITAR §126.1 Table 2" in lead, lead


def test_a_country_taken_off_the_list_says_when(real_service: ComplianceService) -> None:
    # Vietnam had no record: "not on the §126.1 lists in uavex's rule data", as if it had never been listed
    # (asked as of a fixed day: the lead names the day it answers for)
    lead = real_service.ask("is vietnam still under an arms embargo from the US?",
                            today=date(2026, 12, 7)).answer.split("\n")[0]
    assert lead.startswith("Vietnam is not a proscribed destination under ITAR §126.1 on 2026-12-07: it was removed "
                           "from the list on 2016-05-23 (on it in uavex's records from 1993-07-22, earlier dates "
                           "unknown)."), lead
    answer = real_service.ask("could we have sold a scaneagle to vietnam in 2015?").as_dict()
    assert answer["verdict"]["verdict"] == "denial-policy", answer["answer"][:300]
    assert "Vietnam is on ITAR §126.1 (policy of denial, with listed exceptions)" in answer["answer"]
    lead = real_service.ask("is cambodia on 126.1 now?").answer.split("\n")[0]
    assert "removed from the list on 2025-11-07 (listed from 2021-12-09)" in lead, lead


def test_a_civil_item_to_a_listed_country_says_the_listing_binds_defense_articles(
        real_service: ComplianceService) -> None:
    # the answer had applied §126.1 to commercial drones without saying it governs defense articles only
    answer = real_service.ask("are small commercial drones to russia restricted?").answer
    lines = answer.split("\n")
    assert "not designed for military use" in lines[0], lines[0]
    assert any(line.startswith("- ITAR §126.1 binds defense articles only: an item not designed for military use, or "
                               "one under the EAR, is not one") for line in lines[2:6]), lines[:7]
    # so does an item the asker says a jurisdiction ruling put under the EAR
    lines = real_service.ask("we got a CJ back saying our drone is EAR. can we now ship to china?").answer.split("\n")
    assert "an EAR item as you state it, not a defense article" in lines[0], lines[0]
    assert any(line.startswith("- ITAR §126.1 binds defense articles only") for line in lines[2:7]), lines[:8]
    # a defense article meets the listing with no such caveat
    assert "binds defense articles only" not in real_service.ask("can we sell reapers to russia?").answer


@pytest.mark.parametrize(("question", "status"), [
    ("Is Ukraine under any arms restrictions?", "Ukraine is not a proscribed destination under ITAR §126.1 on"),
    ("are there export restrictions on Iraq?", "For US-origin defense articles on 2026-12-07: Iraq is on ITAR §126.1"),
])
def test_arms_restrictions_on_a_country_are_its_126_1_status(real_service: ComplianceService, question: str,
                                                              status: str) -> None:
    # the brokering rules' "similar restrictions" had led the first, naming no status of Ukraine
    lead = real_service.ask(question, today=date(2026, 12, 7)).answer.split("\n")[0]
    assert lead.startswith(status), lead


def test_what_changed_for_a_country_starts_from_its_listing(real_service: ComplianceService) -> None:
    # the year's changes to the US UAS policy had led, which say nothing of Syria
    answer = real_service.ask("what changed for Syria in 2025?").answer
    lead, rest = answer.split("\n")[0], answer.split("**Sources**")[0]
    assert lead.startswith("For US-origin defense articles on 2025-12-31: Syria is on ITAR §126.1 Table 1"), lead
    assert "EO 14312" in rest and "2 September 2025" in rest, rest
