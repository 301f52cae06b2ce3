"""Every as-of date inside the rule data's range gets a decision: never "no value in force" (issue 9)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.errors import NoRuleInForce
from bot.intake import ClassifyRequest
from bot.rules.categories import earliest_date
from bot.service import ComplianceService

INPUTS = [
    {"range": "400 km", "payload": "600 kg", "speed": "400 km/h"},
    {"range": "400 km", "payload": "600 kg"},
    {"range": "100 km", "payload": "10 kg", "aerosol": "30 L", "autonomous": True},
    {"range": "100 km", "payload": "10 kg"},
    {"payload": "50 kg", "endurance": "24 h"},
    {"range": "400 km", "payload": "100 kg", "end_use": "delivery of chemical weapons"},
    {"range": "400 km", "payload": "100 kg", "end_use": "a militia group"},
    {"system": "reaper"}, {"system": "agras t40"},
]
DESTINATIONS = [None, "Poland", "China", "Cyprus", "Cambodia", "Russia", "Venezuela", "Saudi Arabia", "India"]


def _dates(service: ComplianceService) -> list[date]:
    rules = service.rules
    first = earliest_date(rules)
    out = {first, date(2026, 12, 31)}
    for parameter in rules.parameters.values():
        for value in parameter.values:
            for d in (value.effective - timedelta(days=1), value.effective):
                if first <= d <= date(2027, 12, 31):
                    out.add(d)
    return sorted(out)


@pytest.mark.parametrize("exporter", ["US", "France"])
def test_no_date_in_range_fails_with_no_value_in_force(service: ComplianceService, exporter: str) -> None:
    failures = []
    for on in _dates(service):
        for fields in INPUTS:
            for destination in DESTINATIONS:
                request = ClassifyRequest(**fields, destination=destination, exporter=exporter,  # type: ignore[arg-type]
                                          as_of=on.isoformat())
                try:
                    service.classify(request)
                except NoRuleInForce as exc:
                    failures.append((on.isoformat(), fields, destination, str(exc)))
    assert not failures, failures[:5]
