"""Times named without a calendar date (bot/answer/dates.py, corpus/language/periods.yaml), seen in the answer a user
gets: an administration ("under Obama": the rules at its end), a time counted back ("last year", "two years ago")
and a year bounded from above ("before 2020", "pre-2020": the rules at the end of the year before). Each had been
answered as of today."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.answer.dates import named_periods
from bot.errors import RuleDataError
from bot.service import ComplianceService


def _decided(service: ComplianceService, question: str) -> dict:
    return service.ask(question, today=date(2026, 12, 7)).as_dict()


@pytest.mark.parametrize(("question", "as_of", "said"), [
    ("could we have sold reapers to qatar under obama?", "2017-01-19", "the end of the Obama administration"),
    ("reapers to the uae during trump's first term", "2021-01-19", "the end of the first Trump administration"),
    ("mq-9b to india under biden, what applied?", "2025-01-19", "the end of the Biden administration"),
    ("gray eagles to saudi last year", "2025-12-31", "read 'last year' as 2025-12-31"),
    ("reapers to egypt two years ago", "2024-12-07", "read 'two years ago' as 2024-12-07"),
    ("reaper to jordan before 2020", "2019-12-31", "read 'before 2020' as 2019-12-31"),
    ("reaper to jordan pre-2020", "2019-12-31", "read 'pre-2020' as 2019-12-31"),
])
def test_a_time_named_without_a_date_sets_the_as_of_day(real_service: ComplianceService, question: str, as_of: str,
                                                        said: str) -> None:
    data = _decided(real_service, question)
    assert data["verdict"]["as_of"] == as_of, data["answer"][:300]
    assert said in data["answer"].splitlines()[0], data["answer"][:400]


def test_the_rules_of_an_administration_decide_the_sale(real_service: ComplianceService) -> None:
    # a Category I sale to Qatar faced the strong presumption under Obama, and is reviewed case by case today
    assert _decided(real_service, "could we have sold reapers to qatar under obama?")["verdict"]["verdict"] == \
        "strong-presumption-of-denial"
    assert _decided(real_service, "could we sell reapers to qatar?")["verdict"]["verdict"] == "case-by-case"


def test_a_period_asked_about_in_history_is_not_a_day_to_decide(real_service: ComplianceService) -> None:
    answer = real_service.ask("was there any us drone export to the gulf before 2015? i remember something about "
                              "predator and the uae in the 2000s").answer
    assert not answer.startswith("**"), answer[:300]  # one answer, not one block per date
    lead = real_service.ask("how did the us treat category I before 2020?").answer.split("\n")[0]
    assert "in force on 2019-12-31" in lead, lead


def test_a_period_entry_without_its_dates_is_refused_at_load(tmp_path: Path) -> None:
    bad = tmp_path / "periods.yaml"
    bad.write_text("periods:\n  - pattern: 'under obama'\n    label: the Obama administration\n")
    with pytest.raises(RuleDataError, match="period 1 needs pattern, start, end"):
        named_periods(bad)


def test_prior_to_a_year_is_said_as_written(real_service: ComplianceService) -> None:
    first = _decided(real_service, "reaper to jordan prior to 2020")["answer"].splitlines()[0]
    assert "read 'prior to 2020' as 2019-12-31" in first, first  # the note had quoted "to 2020"
