"""Which short follow-ups ask the earlier question again of another year (bot/answer/follow_up.py); the answers they
get are in test_bare_follow_ups.py."""

from __future__ import annotations

import pytest

from bot.answer.follow_up import asked_again_for_year


@pytest.mark.parametrize(("question", "context", "expected"), [
    ("and the 2020 one?", "what did the 2018 policy change?", "what did the 2020 policy change?"),
    ("what about 2015?", "what did the 2018 policy change?", "what did the 2015 policy change?"),
    ("and in 2021?", "could we sell Reapers to India in 2019?", "could we sell Reapers to India in 2021?"),
    # a figure that looks like a year is not one ("2000 km" had become "2026 km")
    ("and in 2026?", "a 750 km/h drone with 2000 km range, to the UAE in 2021",
     "a 750 km/h drone with 2000 km range, to the UAE in 2026"),
    # not asked again: no year in the earlier turn, the same year, a subject of its own, or not elliptical
    ("and in 2019?", "can we sell MQ-9B to Vietnam?", None),
    ("and 2018?", "what did the 2018 policy change?", None),
    ("and Egypt in 2020?", "could we sell Reapers to India in 2019?", None),
    ("what changed in 2020?", "what did the 2018 policy change?", None),
])
def test_asked_again_for_year(question: str, context: str, expected: str | None) -> None:
    assert asked_again_for_year(question, context) == expected
