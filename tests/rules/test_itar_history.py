"""§126.1 listings before the MTCR rule data starts (1993): checked on the destination rule directly."""

from __future__ import annotations

from datetime import date

import pytest

from bot.rules.destinations import check_destination
from bot.rules.model import RuleSet
from bot.service import ComplianceService

# Publishers of the texts a verified §126.1 value may cite: the eCFR, the Federal Register (federalregister.gov,
# govinfo) and the State Department's own statements.
OFFICIAL = ("ecfr.gov", "federalregister.gov", "govinfo.gov", "state.gov")


@pytest.fixture(scope="module")
def rules(service: ComplianceService) -> RuleSet:
    return service.rules


def test_china_denial_recorded_from_16_february_1990(rules: RuleSet) -> None:
    before = check_destination(rules, "CN", "US", date(1990, 2, 15))
    assert not before.denial and [m["fact"] for m in before.missing] == ["itar_126_1_status"]
    on = check_destination(rules, "CN", "US", date(1990, 2, 16))
    assert on.denial and not on.missing
    assert on.info["restrictions"][0]["status"] == "denial"
    assert "policy of denial" in on.trace[-1].finding


def test_cyprus_1987_is_year_only_then_denial(rules: RuleSet) -> None:
    in_1987 = check_destination(rules, "CY", "US", date(1987, 6, 1))
    assert not in_1987.denial and in_1987.missing
    assert check_destination(rules, "CY", "US", date(1988, 1, 1)).denial


def test_afghanistan_policy_from_1992_is_year_only(rules: RuleSet) -> None:
    before = check_destination(rules, "AF", "US", date(1991, 12, 31))
    assert not before.denial and [m["fact"] for m in before.missing] == ["itar_126_1_status"]
    within = check_destination(rules, "AF", "US", date(1992, 6, 1))
    assert not within.denial and within.missing
    assert "1992" in within.missing[0]["why"]


def test_non_us_exporter_is_not_bound(rules: RuleSet) -> None:
    check = check_destination(rules, "CN", "FR", date(2019, 6, 1))
    assert not check.denial and "binds US-origin" in check.trace[-1].finding


def test_every_history_reference_is_a_federal_register_or_named_source(rules: RuleSet) -> None:
    for code, parameter in rules.group("destinations.itar_126_1").items():
        for value in parameter.values:
            ref = value.reference
            if value.confidence == "verified":
                assert any(host in ref.url for host in OFFICIAL), (code, ref.url)
