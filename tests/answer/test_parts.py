"""Who exports, read from the question (bot/answer/parts.py), seen in the answer a user gets."""

from __future__ import annotations

from bot.service import ComplianceService


def test_a_buyer_re_exporting_our_drones_is_a_us_retransfer(real_service: ComplianceService) -> None:
    data = real_service.ask("Can the UAE re-export our drones to Sudan?").as_dict()
    first = data["answer"].splitlines()[0]
    assert data["verdict"]["exporter"] == "US" and "re-transfer by United Arab Emirates" in first, first
    assert data["verdict"]["verdict"] == "denial-policy", data["answer"][:400]  # Sudan is on §126.1


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
