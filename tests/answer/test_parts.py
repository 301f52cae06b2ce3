"""Who exports, read from the question (bot/answer/parts.py), seen in the answer a user gets."""

from __future__ import annotations

from bot.service import ComplianceService


def test_a_buyer_re_exporting_our_drones_is_a_us_retransfer(real_service: ComplianceService) -> None:
    data = real_service.ask("Can the UAE re-export our drones to Sudan?").as_dict()
    first = data["answer"].splitlines()[0]
    assert data["verdict"]["exporter"] == "US" and "re-transfer by the United Arab Emirates" in first, first
    assert data["verdict"]["verdict"] == "denial-policy", data["answer"][:400]  # Sudan is on §126.1


def test_a_buyer_giving_or_donating_us_drones_on_is_a_us_retransfer(real_service: ComplianceService) -> None:
    # had been read as a US sale to Ukraine, with no word of the re-transfer
    for question, seller in (("can poland give its reapers to ukraine", "Poland"),
                             ("can the uk donate reapers to ukraine?", "the United Kingdom")):
        first = real_service.ask(question).answer.splitlines()[0]
        assert f"re-transfer by {seller} of a US-origin item" in first and "destination Ukraine" in first, first


def test_a_buyer_re_exporting_its_own_drones_is_its_own_sale(real_service: ComplianceService) -> None:
    data = real_service.ask("can the UAE re-export its drones to Sudan?").as_dict()
    assert data["verdict"]["exporter"] == "AE" and "re-transfer" not in data["answer"], data["answer"][:400]


def test_a_country_that_needs_permission_to_sell_is_the_seller(real_service: ComplianceService) -> None:
    first = real_service.ask("Does Israel need US permission to sell Herons?").answer.splitlines()[0]
    assert first.startswith("_Understood: exporter Israel (as stated) · no destination named"), first
    data = real_service.ask("does turkey need US consent to export TB2s to Ukraine?").as_dict()
    assert data["verdict"]["exporter"] == "TR" and data["verdict"]["destination"]["country"] == "UA"
    data = real_service.ask("india needs drones urgently, can we sell them MQ-9Bs?").as_dict()
    assert data["verdict"]["destination"]["country"] == "IN"  # a country that needs drones still buys them


def test_what_a_country_got_in_the_past_is_history_not_a_proposed_sale(real_service: ComplianceService) -> None:
    for question in ("Was the UK the first country to get armed Reapers?", "did Ukraine get MQ-9s?"):
        data = real_service.ask(question).as_dict()
        assert data["verdict"] is None and "described" not in data["answer"], (question, data["answer"][:300])
    data = real_service.ask("the 31 mq-9b deal w/ india that DSCA notified feb 2024: what category, and how did the "
                            "US get it past the strong presumption?").as_dict()
    assert data["verdict"] is not None, data["answer"][:300]  # "did the US get it past" is not a past purchase


def test_how_many_or_who_was_first_is_history_not_a_proposed_sale(real_service: ComplianceService) -> None:
    for question in ("how many reapers has the uk bought", "first country to buy armed reapers from the us",
                     "what happened when the us sold reapers to the uk"):
        data = real_service.ask(question).as_dict()
        assert data["verdict"] is None, (question, data["answer"][:300])
    data = real_service.ask("have we got approval to sell reapers to poland").as_dict()
    assert data["verdict"]["verdict"] == "case-by-case", data["answer"][:300]  # asked of a sale still to be made


def test_whether_the_us_approved_a_sale_is_history(real_service: ComplianceService) -> None:
    data = real_service.ask("did the us approve mq-9b for india?").as_dict()
    lead = data["answer"].split("\n")[0]
    assert data["verdict"] is None and "1 February 2024" in lead and "31 MQ-9B" in lead, data["answer"][:400]
    data = real_service.ask("has the state department approved reapers for qatar?").as_dict()
    assert data["verdict"] is None, data["answer"][:300]


def test_a_history_question_opens_with_what_happened(real_service: ComplianceService) -> None:
    # the buyer's §126.1 status today had led each of these
    for question, held in (("how many reapers has the uk bought", "The United Kingdom acquired its first MQ-9"),
                           ("how many mq-9b did india buy", "On 1 February 2024 the Defense Security"),
                           ("what happened when the us sold reapers to the uk", "Reaper")):
        lead = real_service.ask(question).answer.split("\n")[0]
        assert held in lead and "is not a proscribed destination" not in lead, (question, lead)
    # "when was it approved" asks what happened (it had been a sale verdict for the MQ-9B)
    data = real_service.ask("when was the MQ-9B approved for India and how many").as_dict()
    assert data["verdict"] is None and "31 MQ-9B" in data["answer"].split("\n")[0], data["answer"][:300]


def test_data_for_a_foreign_person_is_a_deemed_export(real_service: ComplianceService) -> None:
    data = real_service.ask("deemed export for a chinese engineer working on our drone").as_dict()
    # it had been a US sale of a drone to China
    assert data["verdict"] is None, data["answer"][:300]
    assert "A deemed export is the release or other transfer of technical data" in data["answer"]
    assert "China is on ITAR §126.1 Table 1" in data["answer"]
    # an intern given access to the files: declined before
    answer = real_service.ask("can our iranian intern see the reaper cad files?").answer
    assert answer.startswith("A deemed export is the release or other transfer of technical data"), answer[:300]


def test_the_exporter_gets_no_review_period_of_its_own(real_service: ComplianceService) -> None:
    answer = real_service.ask("how did the US get the congressional review done for the India sale so fast?").answer
    assert "30 days for India" in answer and "United States is a NATO member" not in answer, answer[:400]


def test_the_drone_maker_dji_is_not_djibouti(real_service: ComplianceService) -> None:
    answer = real_service.ask("do we need an export license for a DJI-style camera drone to mexico?").answer
    assert "Djibouti" not in answer and "Mexico is not a proscribed destination" in answer, answer[:300]


def test_a_follow_up_asking_whether_the_buyer_may_sell_on_is_its_re_transfer(real_service: ComplianceService) -> None:
    first = real_service.ask("can they resell them to egypt later?", context="can we sell reapers to saudi arabia?"
                             ).answer.split("\n")[0]
    # it had been a new US sale to Egypt, with no word of Saudi Arabia
    assert "a re-transfer by Saudi Arabia of a US-origin item" in first and "destination Egypt" in first, first
