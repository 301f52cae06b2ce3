"""The facts of a proposed sale, merged from user input and the catalogue, with their provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from bot.catalogue import RANGE_BASES, SystemSpec
from bot.errors import InputError
from bot.units import fmt

_NEGATION = r"(?:no|not|non|never|without|excluding|nor)\b\W+(?:\w+\W+){0,3}"
_WMD = (r"(?:wmd|weapons? of mass destruction|nuclear[- ]?(?:weapons?|warheads?|capable|delivery|bombs?)|"
        r"chemical (?:weapons?|agents?|warfare)|biological (?:weapons?|agents?|warfare)|bio-?weapons?|"
        r"nerve agents?|radiological (?:weapons?|dispersal)|dirty bombs?|"
        r"deliver(?:y|ing)? (?:of )?(?:a )?(?:nuclear|chemical|biological))")
_NON_STATE = (r"(?:non-?state(?: actors?| groups?| end[- ]users?)?|militias?|terror\w*|insurgen\w*|rebels?|"
              r"armed groups?|cartels?|paramilitar\w*|private military|pmcs?|mercenar\w*|hezbollah|hamas|"
              r"houthis?|isis|isil|al-?qaeda|wagner)")


def _flag(pattern: str, text: str) -> bool:
    lowered = text.lower()
    for match in re.finditer(rf"\b{pattern}\b", lowered):
        before = lowered[max(0, match.start() - 40):match.start()]
        if re.search(rf"\b{_NEGATION}$", before):
            continue
        return True
    return False


_MILITARY_USER = (r"(?:military|armed forces|army|navy|naval|air force|marines?|national guard|defen[cs]e (?:forces?|"
                  r"ministry|department)|ministry of defen[cs]e|mod|soldiers?|troops|combat|intelligence services?)")
_CIVIL_USE = (r"(?:civil(?:ian)?|commercial|agricultur\w*|farm\w*|crop\w*|spraying|police|search and rescue|"
              r"firefight\w*|survey\w*|inspection|mapping|delivery|cargo|film\w*|photograph\w*|research|university)")


def military_end_use(text: str | None) -> bool | None:
    """Does the end-use text name a military end use or end user? None when the text does not say either way."""
    if not text:
        return None
    if _flag(_MILITARY_USER, text):
        return True
    return False if _flag(_CIVIL_USE, text) else None


def end_use_flags(text: str | None) -> dict[str, bool]:
    """Read an end-use / end-user description: WMD delivery and non-state end users, negations respected."""
    if not text:
        return {"wmd": False, "non_state": False}
    return {"wmd": _flag(_WMD, text), "non_state": _flag(_NON_STATE, text)}


@dataclass(frozen=True)
class Sale:
    """A proposed transfer as typed. Figures in canonical units (km, kg, km/h, L, h)."""

    as_of: date
    system: SystemSpec | None = None
    range_km: float | None = None
    range_basis: str | None = None
    payload_kg: float | None = None
    range_at_500kg_km: float | None = None
    max_speed_kmh: float | None = None
    endurance_h: float | None = None
    cruise_speed_kmh: float | None = None
    aerosol_l: float | None = None
    mtow_kg: float | None = None  # maximum take-off weight: an upper bound on the payload
    autonomous: bool | None = None
    bvlos: bool | None = None
    military_design: bool | None = None  # designed (specially) for military use
    armed: bool | None = None
    gust: bool | None = None  # designed to take off and fly stably in gusts of at least 46.3 km/h (25 kt)
    separate_maxima: bool | None = None
    stated_category: str | None = None  # the category the person asking states, used only when figures do not decide
    destination: str | None = None
    exporter: str = "US"
    end_use: str | None = None
    input_notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.range_basis is not None and self.range_basis not in RANGE_BASES:
            raise InputError(f"range basis: {self.range_basis!r} is not one of {', '.join(sorted(RANGE_BASES))}")
        for name in ("range_km", "payload_kg", "range_at_500kg_km", "max_speed_kmh", "endurance_h",
                     "cruise_speed_kmh", "aerosol_l", "mtow_kg"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise InputError(f"{name}: must not be negative")

    def with_(self, **changes: Any) -> Sale:
        return replace(self, **changes)


@dataclass
class ResolvedFacts:
    """Each fact with where it came from ("input", "catalogue", "estimate", "assumed")."""

    values: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    separate_maxima: bool = False

    def set(self, name: str, value: Any, origin: str) -> None:
        self.values[name] = value
        self.origin[name] = origin

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def as_dict(self) -> dict[str, Any]:
        return {name: {"value": value, "origin": self.origin[name]} for name, value in self.values.items()}


@dataclass(frozen=True)
class RangeFact:
    """The MTCR range as far as it is known: exact, an estimate, a lower bound, or unknown."""

    kind: str  # exact | estimate | lower-bound | unknown
    value: float | None
    explanation: str

    def at_least(self, threshold: float) -> bool | None:
        """True/False when the facts decide whether range >= threshold; None when they do not."""
        if self.value is None:
            return None
        if self.kind == "lower-bound":
            return True if self.value >= threshold else None
        return self.value >= threshold


def resolve_facts(sale: Sale) -> ResolvedFacts:
    facts = ResolvedFacts(notes=list(sale.input_notes))
    system = sale.system
    fields = {
        "range_km": ("range_km", "range_km"), "payload_kg": ("payload_kg", "max_payload_kg"),
        "range_at_500kg_km": ("range_at_500kg_km", "range_at_500kg_km"),
        "max_speed_kmh": ("max_speed_kmh", "max_speed_kmh"), "endurance_h": ("endurance_h", "endurance_h"),
        "cruise_speed_kmh": ("cruise_speed_kmh", "cruise_speed_kmh"), "aerosol_l": ("aerosol_l", "spray_capacity_l"),
        "autonomous": ("autonomous", "autonomous"), "bvlos": ("bvlos", "bvlos"),
        "mtow_kg": ("mtow_kg", "max_takeoff_weight_kg"),
    }
    for name, (sale_attr, spec_attr) in fields.items():
        value = getattr(sale, sale_attr)
        if value is not None:
            facts.set(name, value, "input")
        elif system is not None and getattr(system, spec_attr) is not None:
            facts.set(name, getattr(system, spec_attr), "catalogue")
    _design_facts(sale, facts)
    if sale.range_basis is not None:
        facts.set("range_basis", sale.range_basis, "input")
    elif system is not None and sale.range_km is None and system.range_km is not None:
        facts.set("range_basis", system.range_basis, "catalogue")
    elif sale.range_km is not None:
        facts.set("range_basis", "one-way", "assumed")
    if system is not None and facts.get("aerosol_l") is None and system.uav_class != "agricultural-sprayer":
        facts.set("aerosol_l", 0.0, "assumed")
        facts.notes.append(f"The catalogue lists no aerosol dispensing system for {system.name} "
                           f"(class {system.uav_class}); uavex assumes none is fitted or designed in.")
    if system is not None and facts.get("payload_kg") is None and system.external_stores_kg is not None:
        facts.notes.append(f"The published {fmt(system.external_stores_kg, 'kg')} for {system.name} is its "
                           "external-stores load only; the maximum payload (internal and external) is not "
                           "published, so it cannot rule out Category I.")
    payload, mtow = facts.get("payload_kg"), facts.get("mtow_kg")
    if payload is not None and mtow is not None and payload > mtow:
        facts.notes.append(f"The payload {fmt(payload, 'kg')} exceeds the maximum take-off weight {fmt(mtow, 'kg')}, "
                           "which includes it: check both figures.")
    from_catalogue = {facts.origin.get("payload_kg"), facts.origin.get("range_km")} & {"catalogue"}
    if sale.separate_maxima is not None:
        facts.separate_maxima = sale.separate_maxima
    else:
        facts.separate_maxima = bool(from_catalogue)
    return facts


MILITARY_CLASSES = frozenset({"ucav", "loitering-munition"})  # classes that are military by definition


def _design_facts(sale: Sale, facts: ResolvedFacts) -> None:
    """Armed, military design and the 9A012.a.1 gust condition: input first, then what the catalogue implies."""
    system = sale.system
    if sale.armed is not None:
        facts.set("armed", sale.armed, "input")
    elif system is not None and system.armed is not None:
        facts.set("armed", system.armed, "catalogue")
    if sale.military_design is not None:
        facts.set("military_design", sale.military_design, "input")
    elif facts.get("armed") is True:
        facts.set("military_design", True, f"{facts.origin['armed']} (armed)")
    elif system is not None and system.uav_class in MILITARY_CLASSES:
        facts.set("military_design", True, f"catalogue (class {system.uav_class})")
    if sale.gust is not None:
        facts.set("gust", sale.gust, "input")


def resolve_range(facts: ResolvedFacts) -> RangeFact:
    rng = facts.get("range_km")
    basis = facts.get("range_basis") or "one-way"
    endurance, cruise = facts.get("endurance_h"), facts.get("cruise_speed_kmh")
    estimate = endurance * cruise if endurance is not None and cruise is not None else None
    est_text = (f"estimated one-way range {fmt(estimate, 'km')} = endurance {endurance:g} h × cruise speed "
                f"{fmt(cruise, 'km/h')} (an estimate, not a published range)" if estimate is not None else "")
    if rng is not None and basis in ("one-way", "ferry", "unknown"):
        text = {"one-way": "one-way range", "ferry": "ferry range (one-way, maximum fuel)",
                "unknown": "published range (basis not stated; read as one-way)"}[basis]
        return RangeFact("exact", float(rng), f"{text} {fmt(rng, 'km')}")
    if rng is not None and basis == "radius":
        bound = 2 * float(rng)
        if bound >= 300 or estimate is None:
            return RangeFact("lower-bound", bound, f"mission radius {fmt(rng, 'km')} implies a one-way range of at "
                                                   f"least {fmt(bound, 'km')} (out and back)")
        return RangeFact("estimate", estimate, est_text)
    if estimate is not None:
        if rng is not None and basis == "datalink":
            est_text += f"; the published {fmt(rng, 'km')} is a datalink range, not the MTCR range"
        return RangeFact("estimate", estimate, est_text)
    if rng is not None and basis == "datalink":
        return RangeFact("unknown", None, f"the {fmt(rng, 'km')} figure is a datalink range, not the MTCR range")
    return RangeFact("unknown", None, "no range given")
