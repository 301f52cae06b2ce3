"""A partner's membership fact cites the MTCR's own press release where one dates it, and says how sure its year is;
a non-partner's cites the list of partners; seen in the answer a user gets."""

from __future__ import annotations

from datetime import date

import pytest

from bot.service import ComplianceService

BONN_1995 = "https://mtcr.info/en/press-releases/10th-plenary-meeting-bonn-germany-10-12-october-1995"


def test_a_year_the_regime_dates_cites_its_press_release(real_service: ComplianceService) -> None:
    answer = real_service.ask("is brazil an mtcr partner?").answer
    assert "Brazil remains an MTCR partner on" in answer and "a member since 1995. [" in answer, answer[:600]
    assert BONN_1995 in answer and "blogspot" not in answer, answer


def test_a_first_plenary_dates_the_year_but_leaves_it_uncertain(real_service: ComplianceService) -> None:
    answer = real_service.ask("is russia an mtcr partner?").answer
    assert "a member since 1995 (accession date uncertain)" in answer, answer[:600]
    assert BONN_1995 in answer and "blogspot" not in answer, answer


MOFA_LIST_2012 = "https://www.mofa.go.jp/policy/un/disarmament/arms/pr_1211_en.html"


def test_not_a_partner_is_cited_to_the_list_of_partners(real_service: ComplianceService) -> None:
    answer = real_service.ask("is pakistan in the mtcr?")
    sentence = next(line for line in answer.answer.splitlines() if "Pakistan is not an MTCR partner" in line)
    n = int(sentence.split("listed on")[1].split("[")[1].split("]")[0])
    # the partner list (Japan MOFA, 34 partners named in 2012) says who is a partner; the ITAR's definition of the
    # MTCR (22 CFR 120.23(d)(1)), which names only the seven founders, had been cited
    assert answer.citations[n - 1]["url"] == MOFA_LIST_2012, answer.citations[n - 1]


def test_the_1990_joiners_are_dated_from_the_uk_governments_1991_answer(real_service: ComplianceService) -> None:
    # the years had been cited to a blog list, which gives New Zealand 1991 and Spain 1990
    answer = real_service.ask("is Norway in the MTCR?")
    assert answer.answer.startswith("Norway remains an MTCR partner on") and "a member since 1990." in \
        answer.answer.split("\n")[0], answer.answer[:200]
    assert answer.citations[0]["url"].startswith("https://hansard.parliament.uk/"), answer.citations[0]
    assert "a member since 1990 (uncertain: also given as 1991)" in real_service.ask(
        "is New Zealand an MTCR partner?").answer.split("\n")[0]
    assert "a member since 1989 (uncertain: also given as 1990)" in real_service.ask(
        "is Spain an MTCR partner?").answer.split("\n")[0]


def test_a_non_partner_answer_has_no_sentence_about_china_that_hides_its_subject(
        real_service: ComplianceService) -> None:
    # China's pledge and control list, written "it ...", had appeared in answers about Pakistan and Saudi Arabia
    for question in ("is Pakistan an MTCR partner", "is Saudi Arabia an MTCR partner?"):
        answer = real_service.ask(question).answer
        assert "November 1991" not in answer and "August 2002" not in answer, (question, answer)


def test_a_thing_asked_beside_a_named_country_is_answered_too(real_service: ComplianceService) -> None:
    answer = real_service.ask("how many countries are in the mtcr? is israel one?").answer
    lines = answer.split("**Sources**")[0].split("\n")
    assert lines[0].startswith("Israel is not an MTCR partner"), lines[0]
    # only passages about Israel had been searched, and the count of partners was missing
    assert any("The MTCR has 35 partners" in line for line in lines[1:4]), lines[:4]


def test_a_country_asked_whether_it_is_mtcr_gets_its_partner_status(real_service: ComplianceService) -> None:
    # "is egypt MTCR" had gone unanswered among three things asked: the §126.1 status led, no partner status at all
    lines = real_service.ask("three things: is egypt MTCR, is it on 126.1, and what review period applies?"
                             ).answer.split("\n")
    assert lines[0].startswith("Egypt is not an MTCR partner"), lines[0]
    assert lines[1].startswith("- Egypt is not a proscribed destination under ITAR §126.1"), lines[1]
    assert lines[2].startswith("- Congressional review period before the sale may proceed: 30 days for Egypt"), lines[2]


def test_the_number_of_partners_in_a_past_year(real_service: ComplianceService) -> None:
    # a Chinese statement of November 2000 had led, with no count
    lead = real_service.ask("how many partners did the mtcr have in 2000?").answer.split("\n")[0]
    assert lead.startswith("The MTCR has 32 partners (members) on 2000-12-31."), lead
    lead = real_service.ask("how many countries signed the armed drone declaration?").answer.split("\n")[0]
    assert "partners (members)" not in lead, lead  # another instrument's count is not the Regime's


def test_the_nato_members_outside_the_mtcr_are_counted_from_both_lists(real_service: ComplianceService) -> None:
    # partner status in general had led ("Partners apply two common documents ..."), naming no country
    answer = real_service.ask("which nato countries are not mtcr partners?", today=date(2026, 12, 7))
    lead = answer.answer.split("\n")[0]
    assert lead.startswith("On 2026-12-07, 22 of the 32 NATO members are MTCR partners; the 10 that are not: Albania, "
                           "Croatia, Estonia, Latvia, Lithuania, Montenegro, North Macedonia, Romania, Slovakia and "
                           "Slovenia. [1] [2]"), lead
    # dated: before Sweden joined NATO on 7 March 2024 it is not counted among the members
    before = real_service.ask("how many NATO members are in the MTCR?", today=date(2024, 3, 6)).answer.split("\n")[0]
    assert before.startswith("On 2024-03-06, 21 of the 31 NATO members are MTCR partners;"), before


def test_the_partners_outside_nato_are_named(real_service: ComplianceService) -> None:
    lead = real_service.ask("which mtcr members aren't nato allies", today=date(2026, 12, 7)).answer.split("\n")[0]
    assert lead.startswith("On 2026-12-07, 22 of the 35 MTCR partners are NATO members; the 13 that are not: "
                           "Argentina, Australia,"), lead
    assert "Sweden" not in lead and "Japan" in lead and "Ukraine." in lead, lead


def test_a_partner_on_the_126_1_lists_is_named_for_the_day_asked(real_service: ComplianceService) -> None:
    # the list of partners by year of joining had led the premise, which it does not answer
    lead = real_service.ask("an MTCR partner can't be on 126.1", today=date(2026, 12, 7)).answer.split("\n")[0]
    assert lead.startswith("On 2026-12-07, 1 of the 35 MTCR partners is on the ITAR §126.1 lists in uavex's rule "
                           "data: Russia (Table 2, policy of denial, with listed exceptions). ["), lead
    # Russia joined in 1995 and left the list on 3 April 1996; between 1996 and 2021 no partner was on it
    then = real_service.ask("which mtcr partners were on 126.1 in 1995?").answer.split("\n")[0]
    assert then.startswith("On 1995-12-31, 1 of the 28 MTCR partners is on") and "Russia" in then, then
    later = real_service.ask("which mtcr partners were on 126.1 in 2015?").answer.split("\n")[0]
    assert later.startswith("On 2015-12-31, none of the 34 MTCR partners is on"), later


@pytest.mark.parametrize("question", ["Which countries left the MTCR?",
                                      "has any country ever withdrawn from the regime"])
def test_who_left_the_regime_is_counted_from_the_dated_list(real_service: ComplianceService, question: str) -> None:
    # had led with "the 2018 policy left [the MTCR] as it was"
    answer = real_service.ask(question, today=date(2026, 12, 7)).answer
    assert answer.startswith("On 2026-12-07, uavex's dated list of MTCR partners records who joined and when; none "
                             "has left: all 35 it lists are MTCR partners on that day."), answer[:300]
    assert "no procedure for expelling a partner" in answer


@pytest.mark.parametrize(("question", "first", "second"), [
    ("is India in the MTCR and in NATO?", "India remains an MTCR partner", "India is not a NATO member"),
    ("is Turkey a NATO member and an MTCR partner?", "Türkiye is a NATO member", "Türkiye remains an MTCR partner"),
])
def test_both_lists_asked_of_a_country_are_both_answered(real_service: ComplianceService, question: str, first: str,
                                                         second: str) -> None:
    # only the NATO status had been given whenever NATO was named
    lines = real_service.ask(question, today=date(2026, 12, 7)).answer.splitlines()
    assert lines[0].startswith(first) and lines[1].startswith(f"- {second}"), lines[:2]


@pytest.mark.parametrize(("question", "expected"), [
    ("which states adhere to the MTCR guidelines?", "States adhering to the MTCR Guidelines without being partners"),
    ("mtcr status of saudi arabia and uae?", "Saudi Arabia is not an MTCR partner"),
])
def test_the_adherents_and_a_country_s_mtcr_status_are_from_the_lists(real_service: ComplianceService, question: str,
                                                                      expected: str) -> None:
    # had been answered with unrelated sentences (Chinese drone buyers, the 2007 BIS report alone)
    assert real_service.ask(question).answer.startswith(expected)
