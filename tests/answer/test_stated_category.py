"""A UAV described only by the category the asker states ("a Category II drone"), sold to a named destination: the
rule engine decides it on that stated category, and the answer says that is what it read. Software, technical data
or engines for a proscribed destination are not a complete UAV to classify."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


def test_a_stated_category_ii_drone_to_a_named_destination_gets_a_verdict(real_service: ComplianceService) -> None:
    for question in ("can a category II drone be sold to pakistan?", "can a cat II drone go to pakistan?"):
        data = real_service.ask(question).as_dict()
        lines = data["answer"].split("\n")
        assert "destination Pakistan · Category II as you state it" in lines[0], (question, lines[0])
        assert lines[1].startswith("A US sale of the described UAV to Pakistan would be reviewed case by case"), \
            (question, lines[1])
        assert data["verdict"]["verdict"] == "case-by-case", question


def test_a_stated_category_to_a_proscribed_destination_is_denied(real_service: ComplianceService) -> None:
    data = real_service.ask("can our cat 2 uav be exported to iran?").as_dict()
    assert data["verdict"]["verdict"] == "denial-policy", data["answer"][:300]


def test_a_stated_category_without_a_destination_stays_a_general_answer(real_service: ComplianceService) -> None:
    data = real_service.ask("can category II drones be sold to non-members?").as_dict()
    assert data["verdict"] is None, data["answer"][:300]
    assert "A non-partner can receive a Category II UAV" in data["answer"], data["answer"][:500]


def test_software_or_engines_for_a_proscribed_destination_are_not_a_complete_uav(
        real_service: ComplianceService) -> None:
    for question in ("does selling drone software to china need a license?", "can we export drone engines to iran?"):
        data = real_service.ask(question).as_dict()
        assert data["verdict"] is None and "described UAV" not in data["answer"], (question, data["answer"][:300])
        assert "§126.1 Table 1 (policy of denial)" in data["answer"].split("\n")[0], (question, data["answer"][:300])


def test_category_drones_named_before_where_they_go_are_a_proposed_sale(real_service: ComplianceService) -> None:
    # no "sell" and no determiner: both had been answered with the partners' consensus on the 2020 change
    for question in ("mtcr cat 2 drones to pakistan ok??", "category II drones to Pakistan, ok?"):
        data = real_service.ask(question).as_dict()
        assert data["verdict"] and data["verdict"]["verdict"] == "case-by-case", (question, data["answer"][:300])
        assert "Category II as you state it" in data["answer"].split("\n")[0], question
    # a drone taken to a country and brought back is a temporary export, not a sale
    assert real_service.ask("taking our drone to Germany for an airshow and bringing it back, which form?"
                            ).answer.startswith("A DSP-73 licence covers the temporary export")


def test_a_country_that_would_get_or_import_drones_of_a_stated_category_is_a_sale(
        real_service: ComplianceService) -> None:
    # "can they get cat I drones from us?" had not read as a sale: the answer led with Chinese sales to the Gulf
    for question, name, verdict in (("is Saudi Arabia MTCR? can they get cat I drones from us?", "Saudi Arabia",
                                     "case-by-case"),
                                    ("can vietnam import cat II drones?", "Vietnam", "case-by-case")):
        data = real_service.ask(question).as_dict()
        lines = data["answer"].split("\n")
        assert f"destination {name} · Category " in lines[0], (question, lines[0])
        assert data["verdict"]["verdict"] == verdict, question
    answer = real_service.ask("is Saudi Arabia MTCR? can they get cat I drones from us?").answer
    assert "Saudi Arabia is not an MTCR partner" in answer, answer


def test_a_category_sent_to_a_country_stands_for_the_item(real_service: ComplianceService) -> None:
    data = real_service.ask("two questions: what's the review for cat I to japan, and how long does congress get?")
    # the category had not been read as the item sold: only the review period was answered
    assert data.verdict is not None and data.verdict["verdict"] == "case-by-case", data.answer[:300]
    assert "Category I as you state it" in data.answer.split("\n")[0] and "15 days" in data.answer, data.answer[:900]
    # two categories compared are not an item sold
    assert real_service.ask("whats the difference from cat I to cat II").verdict is None


def test_armed_and_unarmed_both_named_states_neither(real_service: ComplianceService) -> None:
    understood = real_service.ask("our 600 kg / 900 km uav to the netherlands - armed version. what changes vs "
                                  "unarmed?").answer.split("\n")[0]
    assert "· armed ·" not in understood and "· unarmed ·" not in understood, understood  # it had said "unarmed"
    understood = real_service.ask("is a not armed reaper cat I?").answer.split("\n")[0]
    assert "· unarmed ·" in understood, understood


def test_a_sale_listed_by_its_particulars_is_decided(real_service: ComplianceService) -> None:
    # neither had been decided: a category listed last, and a payload with a destination but no verb of selling
    answer = real_service.ask("armed drones for the saudi national guard, 2018, cat I")
    assert answer.verdict is not None and answer.verdict["verdict"] == "strong-presumption-of-denial", \
        answer.answer[:300]
    answer = real_service.ask("payload 700 kg, range unknown, to egypt. verdict?")
    assert answer.verdict is not None and answer.verdict["verdict"] == "insufficient-data", answer.answer[:300]
    assert "Needed to decide: the one-way range" in answer.answer, answer.answer[:500]


def test_a_category_named_with_the_sale_is_the_item_sold(real_service: ComplianceService) -> None:
    answer = real_service.ask("what would the answer have been on 1 july 2020 for a cat I sale to the UAE?")
    # it had been answered from passages, without a verdict
    assert answer.verdict is not None and answer.verdict["verdict"] == "strong-presumption-of-denial", \
        answer.answer[:300]
    assert "as of 2020-07-01" in answer.answer.split("\n")[0], answer.answer[:300]


def test_a_category_the_asker_says_the_item_is_decides_it(real_service: ComplianceService) -> None:
    # "it's cat I" and "system is cat II" had been ignored: no verdict, or insufficient data
    data = real_service.ask("the drone flies 790 km/h max, it's cat I. what happened under the 2020 policy?").as_dict()
    lines = data["answer"].split("\n")
    assert "Category I as you state it · as of 2020-07-24" in lines[0], lines[0]
    assert data["verdict"]["verdict"] == "case-by-case", data["answer"][:300]
    assert any(line.startswith("- Maximum airspeed 790 km/h is below 800 km/h") for line in lines), lines[:6]
    data = real_service.ask("the buyer is the royal thai air force, system is cat II, date is march 2026. policy?"
                            ).as_dict()
    # "march 2026. policy?" had been read as the name of a March 2026 policy, and the sale dated today
    assert "destination Thailand · Category II as you state it · as of 2026-03-01" in data["answer"].split("\n")[0]
    assert data["verdict"]["verdict"] == "case-by-case", data["answer"][:300]


@pytest.mark.parametrize("question", ["our drone's range is 280 km with a 600 kg payload, so it's cat I right?",
                                      "is it cat I or cat II?", "the system is cat II?"])
def test_a_category_put_for_confirmation_is_not_stated(real_service: ComplianceService, question: str) -> None:
    assert "as you state it" not in real_service.ask(question).answer.split("\n")[0]


def test_a_follow_up_about_another_destination_keeps_the_stated_category(real_service: ComplianceService) -> None:
    # the category was lost: the follow-up was answered with Chinese sales to Pakistan
    data = real_service.ask("same but to pakistan?", context="cat II drone to india 2026").as_dict()
    assert "destination Pakistan · Category II as you state it" in data["answer"].split("\n")[0], data["answer"][:300]
    assert data["verdict"]["verdict"] == "case-by-case"


def test_a_category_given_to_a_kind_of_drone_is_stated(real_service: ComplianceService) -> None:
    # "our cat I MALE" had been read as no item at all: the DCS definition led, with no verdict
    data = real_service.ask("our cat I MALE to the netherlands, 2017 — FMS only back then?").as_dict()
    assert "destination Netherlands · Category I as you state it · as of 2017-12-31" in data["answer"].split("\n")[0]
    assert data["verdict"]["verdict"] == "strong-presumption-of-denial", data["answer"][:300]
    assert "- The 2015 UAS policy routed sensitive systems through FMS (secondary)." in data["answer"]


def test_an_item_of_a_stated_category_listed_with_a_country_is_a_sale_to_it(real_service: ComplianceService) -> None:
    # "cat II drone, Argentina, 2026" had been answered with the 2020 airspeed policy, no verdict
    data = real_service.ask("short answer pls: cat II drone, Argentina, 2026").as_dict()
    assert "destination Argentina · Category II as you state it" in data["answer"].split("\n")[0], data["answer"][:300]
    assert data["verdict"]["verdict"] == "case-by-case"


def test_a_hobby_drone_to_a_proscribed_destination_has_the_caveat_next_to_the_listing(
        real_service: ComplianceService) -> None:
    # "hobby" had not been read as a civil design, and the caveat had come after the partner status and missing facts
    answer = real_service.ask("hobby drone to Iran — is it allowed?").answer
    lines = answer.split("**Sources**")[0].strip().split("\n")
    assert "not designed for military use" in lines[0], lines[0]
    assert "Iran is on ITAR §126.1 Table 1" in lines[2] and lines[3].startswith(
        "- ITAR §126.1 binds defense articles only"), lines[:5]
