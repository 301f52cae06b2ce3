from __future__ import annotations

import pytest

from bot.errors import InputError
from bot.units import parse_quantity


@pytest.mark.parametrize(("text", "dimension", "value"), [
    ("1,200 km", "distance", 1200), ("500kg", "mass", 500), ("650 nm", "distance", 1203.8),
    ("400 mi", "distance", 643.7376), ("1,100 lb", "mass", 498.951607), ("420 kt", "speed", 777.84),
    ("300 mph", "speed", 482.8032), ("30 L", "volume", 30), ("8 gal", "volume", 30.283294),
    ("90 min", "duration", 1.5), ("300", "distance", 300), ("Mach 0.7", "speed", 857.5), ("0.5 t", "mass", 500),
])
def test_people_type_these(text: str, dimension: str, value: float) -> None:
    assert parse_quantity(text, dimension).value == pytest.approx(value, rel=1e-6)  # type: ignore[arg-type]


def test_mach_states_its_assumption() -> None:
    assert "sea-level" in (parse_quantity("Mach 0.8", "speed").note or "")


@pytest.mark.parametrize(("text", "needle"), [
    ("-5 km", "negative"), ("5 parsecs", "unknown unit"), ("1e9 km", "cannot read"), ("60,000 km", "beyond any UAV"),
    ("", "empty"), ("far", "cannot read"),
])
def test_bad_figures_get_one_line_with_accepted_forms(text: str, needle: str) -> None:
    with pytest.raises(InputError) as info:
        parse_quantity(text, "distance", field_name="range")
    message = str(info.value)
    assert needle in message and "\n" not in message
    assert message.startswith("range:")
