"""A follow-up of a few words that names nothing of its own ("since when?", "why?") asks about the earlier turn's
subject (bot/answer/composer.py), seen in the answer a user gets."""

from __future__ import annotations

from bot.service import ComplianceService


def test_since_when_asks_the_earlier_subject_s_year(real_service: ComplianceService) -> None:
    answer = real_service.ask("since when?", context="is turkey an mtcr partner?").answer
    lead = answer.split("\n")[0]
    assert lead.startswith("Türkiye remains an MTCR partner on") and "a member since 1997" in lead, answer[:500]


def test_a_short_follow_up_with_a_subject_of_its_own_is_read_on_its_own(real_service: ComplianceService) -> None:
    answer = real_service.ask("and egypt?", context="can we sell mq-9a reapers to poland?").answer
    assert "destination Egypt" in answer.split("\n")[0], answer[:300]
