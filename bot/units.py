"""Parse the figures people type ("1,200 km", "500kg", "Mach 0.7", "25 gal") into canonical units.

Canonical units: km (distance), kg (mass), km/h (speed), litres (volume), hours (duration).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.errors import InputError

Dimension = Literal["distance", "mass", "speed", "volume", "duration"]

MACH_KMH = 1225.0  # speed of sound, ISA sea level (340.3 m/s)
MACH_NOTE = (
    "Mach converted at the ISA sea-level speed of sound (1 Mach = 1,225 km/h); "
    "at altitude the speed of sound is lower, so the true airspeed would be lower"
)
US_GALLON_L = 3.785411784

_FACTORS: dict[Dimension, dict[str, float]] = {
    "distance": {
        "km": 1.0, "kms": 1.0, "kilometre": 1.0, "kilometres": 1.0, "kilometer": 1.0, "kilometers": 1.0,
        "m": 0.001, "metre": 0.001, "metres": 0.001, "meter": 0.001, "meters": 0.001,
        "nm": 1.852, "nmi": 1.852, "nautical mile": 1.852, "nautical miles": 1.852,
        "mi": 1.609344, "mile": 1.609344, "miles": 1.609344, "statute miles": 1.609344,
    },
    "mass": {
        "kg": 1.0, "kgs": 1.0, "kilogram": 1.0, "kilograms": 1.0, "kilo": 1.0, "kilos": 1.0,
        "lb": 0.45359237, "lbs": 0.45359237, "pound": 0.45359237, "pounds": 0.45359237,
        "t": 1000.0, "tonne": 1000.0, "tonnes": 1000.0, "g": 0.001,
    },
    "speed": {
        "km/h": 1.0, "kmh": 1.0, "kph": 1.0, "kmph": 1.0, "km/hr": 1.0,
        "kt": 1.852, "kts": 1.852, "kn": 1.852, "knot": 1.852, "knots": 1.852,
        "mph": 1.609344, "m/s": 3.6,
    },
    "volume": {
        "l": 1.0, "litre": 1.0, "litres": 1.0, "liter": 1.0, "liters": 1.0, "ltr": 1.0,
        "gal": US_GALLON_L, "gallon": US_GALLON_L, "gallons": US_GALLON_L, "us gal": US_GALLON_L,
    },
    "duration": {
        "h": 1.0, "hr": 1.0, "hrs": 1.0, "hour": 1.0, "hours": 1.0,
        "min": 1 / 60, "mins": 1 / 60, "minute": 1 / 60, "minutes": 1 / 60,
    },
}
CANONICAL: dict[Dimension, str] = {
    "distance": "km", "mass": "kg", "speed": "km/h", "volume": "L", "duration": "h",
}
# Values above these are not a UAV: reject rather than classify nonsense.
ABSURD: dict[Dimension, float] = {
    "distance": 50_000.0, "mass": 100_000.0, "speed": 40_000.0, "volume": 100_000.0, "duration": 20_000.0,
}
ACCEPTED: dict[Dimension, str] = {
    "distance": "e.g. '1,200 km', '650 nm', '400 mi', '300' (km assumed)",
    "mass": "e.g. '500 kg', '500kg', '1,100 lb', '0.5 t'",
    "speed": "e.g. '780 km/h', '420 kt', '300 mph', 'Mach 0.7'",
    "volume": "e.g. '30 L', '30 litres', '8 gal' (US gallons)",
    "duration": "e.g. '24 h', '90 min'",
}

# The unit words a number may be written with ("1966 km", "2000 km range", "120.5 kg"): such a number is a figure,
# not a year or a section number (a regular-expression alternation, for a lookahead after the number)
UNIT_WORDS = (r"km|kms|kilo\w*|kg|kgs|nm|nmi|mi|miles?|lbs?|pounds?|kts?|knots?|km/h|kph|mph|l|lit(?:re|er)s?|gal|"
              r"gallons?|h|hrs?|hours?|min\w*|m|ft|feet")

# Longer than any figure a person types ("1,234.5 nautical miles"); checked before any regex runs.
MAX_INPUT = 64
# Every pattern runs on stripped text and has one way to match each character (no nested or adjacent
# quantifiers over the same characters), so matching is linear.
_NUMBER = r"(?P<num>[-+−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+))"
_PATTERN = re.compile(rf"{_NUMBER}\s*(?P<unit>[a-zA-Z/.][a-zA-Z/ .]*)?")
_MACH_NUMBER = r"\d+(?:\.\d+)?|\.\d+"
_MACH = re.compile(rf"mach\s*(?P<num>{_MACH_NUMBER})|(?P<num2>{_MACH_NUMBER})\s*mach", re.I)


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    original: str
    note: str | None = None


def parse_quantity(text: str | float | int, dimension: Dimension, *, field_name: str | None = None) -> Quantity:
    """Parse ``text`` as a ``dimension`` quantity; raise InputError with the accepted forms."""
    label = field_name or dimension
    canonical = CANONICAL[dimension]
    if isinstance(text, bool):
        raise InputError(f"{label}: expected a number, {ACCEPTED[dimension]}")
    if isinstance(text, int | float):
        return _checked(float(text), dimension, label, str(text), None)
    raw = str(text).strip()
    if not raw:
        raise InputError(f"{label}: empty value; {ACCEPTED[dimension]}")
    if len(raw) > MAX_INPUT:
        raise InputError(f"{label}: too long ({len(raw):,} characters, at most {MAX_INPUT}); {ACCEPTED[dimension]}")
    if dimension == "speed":
        mach = _MACH.fullmatch(raw)
        if mach:
            number = float(mach.group("num") or mach.group("num2"))
            return _checked(number * MACH_KMH, dimension, label, raw, MACH_NOTE)
    match = _PATTERN.fullmatch(raw)
    if not match:
        raise InputError(f"{label}: cannot read {raw!r}; {ACCEPTED[dimension]}")
    number = float(match.group("num").replace(",", "").replace("−", "-"))
    unit = " ".join((match.group("unit") or "").lower().rstrip(".").split())
    note = None
    if not unit:
        factor = 1.0
        note = f"no unit given; {canonical} assumed"
    else:
        factor_or_none = _FACTORS[dimension].get(unit)
        if factor_or_none is None:
            raise InputError(f"{label}: unknown unit {unit!r}; {ACCEPTED[dimension]}")
        factor = factor_or_none
        if unit in {"gal", "gallon", "gallons"}:
            note = "gallons read as US gallons (3.785 L)"
    return _checked(number * factor, dimension, label, raw, note)


def _checked(value: float, dimension: Dimension, label: str, raw: str, note: str | None) -> Quantity:
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(f"{label}: {raw!r} is not a finite number")
    if value < 0:
        raise InputError(f"{label}: {raw!r} is negative; {ACCEPTED[dimension]}")
    if value > ABSURD[dimension]:
        limit = f"{ABSURD[dimension]:,.0f} {CANONICAL[dimension]}"
        raise InputError(f"{label}: {raw!r} is beyond any UAV (over {limit}); check the figure and unit")
    return Quantity(round(value, 6), CANONICAL[dimension], raw, note)


def from_canonical(value: float, dimension: Dimension, unit: str) -> float:
    """``value``, in the dimension's canonical unit (km, kg, km/h, L, h), expressed in ``unit`` ("lb", "miles")."""
    return value / _FACTORS[dimension][unit]


def fmt(value: float, unit: str) -> str:
    """Human formatting: 1,200 km, 0.5 kg, 799 km/h."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,} {unit}"
    return f"{value:,.1f} {unit}"
