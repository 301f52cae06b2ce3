"""Turn a part's figures into the engine's input (a ClassifyRequest), saying how each figure was read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answer.figures import Figure, payload_range_pairs, stated_as_maximum
from bot.answer.parts import Part
from bot.answer.read import Reading
from bot.intake import ClassifyRequest
from bot.units import fmt

SPRAY_CUES = re.compile(r"spray|aerosol|hopper|pesticid|herbicid|insecticid|larvicid|fungicid|defoliant|fumigat|"
                        r"dispens|crop|agri|farm|orchard|vineyard|mosquito|chemical|biological|liquid|tank|mist|"
                        r"fogg?(?:er|ing)|"
                        r"disinfect|saniti[sz]|fertili[sz]|seed|dust(?:er|ing)|spread|nozzle|litre|liter|gallon", re.I)
# a tank that holds fuel ("an external fuel tank", "the aux tank", "40 litres of fuel") says nothing of a sprayer
FUEL_TANK = re.compile(r"(?:\b\d[\d.,]*\s*(?:litres?|liters?|gallons?|l)\b[\s-]*)?"
                       r"\b(?:fuel|aux(?:iliary)?|drop|external|internal|ferry|gas|extra|long[- ]range|conformal)\s+"
                       r"(?:fuel\s+)?tanks?\b|\b(?:litres?|liters?|gallons?|l)\s+(?:of\s+)?(?:fuel|gas(?:oline)?|"
                       r"petrol|avgas|jet[- ]?a\w*|diesel|kerosene)\b|\b(?:fuel|gas(?:oline)?|petrol)\s+capacity\b",
                       re.I)
ARMED = re.compile(r"(?<![\w-])armed\b|\bweaponi[sz]ed\b|\bhellfires?\b|\bstrike[- ]capable\b|\bhardpoints\b",
                   re.I)
UNARMED = re.compile(r"\bunarmed\b|\bno\s+(?:weapons|hardpoints)\b|\bnot\s+(?:armed|weaponi[sz]ed)\b|\bnon[- ]armed\b|"
                     r"\bwithout\s+(?:weapons|armament|hardpoints)\b", re.I)
_MILITARY_NOUNS = r"drones?|uavs?|uas|grade|design\w*|spec\w*"  # "military drone", "military-grade", "military spec"
MILITARY_DESIGN = re.compile(rf"\bmilitary[- ](?:{_MILITARY_NOUNS})|"
                             r"\bdesigned\s+for\s+(?:the\s+)?military\b|\bcombat\s+(?:drones?|uavs?)\b", re.I)
_AIRCRAFT = r"(?:drones?|uavs?|uas|quad\w*|multirotors?|aircraft|airframes?)\b"
_MODIFIERS = r"(?:(?!sales?\b|of\b|exports?\b|to\b|for\b|and\b|or\b|with\b)[a-z]+(?:-[a-z]+)?\s+){0,2}"  # "mapping"
CIVIL_DESIGN = re.compile(rf"\b(?:civil(?:ian)?(?:[- ]use)?|commercial|consumer|hobby(?:ist)?|recreational|toy|racing|"
                          rf"fpv)\s+{_MODIFIERS}{_AIRCRAFT}|"
                          r"\b(?:ag|agricultural|crop)\s+(?:drones?|sprayers?)\b", re.I)
# the user says the item is not military: "not a military drone", "non-military survey UAV", "(9A012, not military)"
NOT_MILITARY = re.compile(rf"\bnon[- ]?military\s+{_MODIFIERS}(?:{_AIRCRAFT}|design\w*)|"
                          rf"\bnot\s+(?:an?\s+)?military[- ](?:{_MILITARY_NOUNS}|aircraft)\b|"
                          r"\bnot\s+(?:specially\s+)?designed\s+for\s+(?:the\s+)?military\b|"
                          r"\b(?:it|this|the\s+(?:drone|uav|aircraft))\s+is\s+not\s+military\b|,\s*not\s+military\b",
                          re.I)
# the asker says the item is an EAR one, not a defense article ("a CJ saying our drone is EAR", "classified 9A012",
# "it's EAR99"; a 600-series entry, 9A610, is a military item under the EAR and is not read so)
_EAR_ENTRY = r"(?:EAR(?:99)?|dual[- ]use|9A(?!6)\d{3}\w*)\b(?!['’]s|\s+(?:or|vs)\b)"
EAR_STATED = re.compile(rf"\b(?:drones?|uavs?|uas|items?|systems?|aircraft|products?|it|ours?|this|that)\s+"
                        rf"(?:is|was|are|were)\s+(?:now\s+)?(?:an?\s+)?{_EAR_ENTRY}|\bit['’]s\s+(?:an?\s+)?{_EAR_ENTRY}|"
                        rf"\bclassified\s+(?:as\s+)?{_EAR_ENTRY}|\bon\s+the\s+(?:CCL|commerce\s+control\s+list)\b",
                        re.I)
NO_SPRAY_ASSUMED = ("no spray or aerosol system is mentioned, so uavex assumes none (a sprayer of more than 20 L that "
                    "flies autonomously or beyond sight would be Category II, Item 19.A.3)")


@dataclass
class Intake:
    request: ClassifyRequest
    understood: list[str] = field(default_factory=list)  # "range 300 km (one-way)", each figure with its reading
    notes: list[str] = field(default_factory=list)  # assumptions and warnings about the figures


def _largest(figures: list[Figure]) -> Figure | None:
    return max(figures, key=lambda f: f.value) if figures else None


def _range_with_500kg(pairs: list[tuple[Figure, Figure]], longest: Figure | None
                      ) -> tuple[float | None, tuple[Figure, Figure] | None]:
    """The range with 500 kg that the payload-range points give, and a point that leaves it open. A point with 500 kg
    or more carried 300 km or further meets Category I (the range with 500 kg is at least that far); a point with
    500 kg gives the range with 500 kg; a heavier payload carried less than 300 km does not, when the longest range
    is 300 km or more (with 500 kg the airframe takes more fuel): that point is returned instead."""
    meeting = [d.value for m, d in pairs if m.value >= 500 and d.value >= 300]
    if meeting:
        return max(meeting), None
    exact = [d.value for m, d in pairs if abs(m.value - 500) < 0.5]
    if exact:
        return max(exact), None
    heavier = [(m, d) for m, d in pairs if m.value > 500]
    if heavier and longest is not None and longest.value >= 300:
        return None, max(heavier, key=lambda pair: pair[1].value)
    return (max(d.value for _, d in heavier) if heavier else None), None


def build_request(reading: Reading, part: Part, gust_kmh: float | None = None) -> Intake:
    """The engine's input for one part; ``gust_kmh`` is the 9A012.a.1 gust condition in force (rule data), against
    which a typed gust rating ("rated for 25 kt gusts") is read."""
    figures = part.figures
    system = part.system.system if part.system else None
    notes: list[str] = []
    understood: list[str] = []
    ranges = [f for f in figures if f.measure == "range"]
    unstated = [f for f in ranges if f.basis is None]
    basis: str | None = None
    if system is not None and unstated and system.range_basis in ("datalink", "radius"):
        notes.append(f"The catalogue records the {system.name}'s range as a {system.range_basis} figure; uavex reads "
                     f"the typed range the same way (say 'one-way range' if it is the fully fuelled one-way range).")
        for f in unstated:
            ranges[ranges.index(f)] = Figure(f.measure, f.value, f.unit, f.text, f.start, f.end, system.range_basis,
                                             True, f.note)
    one_way = [f for f in ranges if f.basis in (None, "one-way", "ferry")]
    chosen = _largest(one_way)
    if chosen is not None:
        basis = chosen.basis
        if len(one_way) > 1:
            notes.append(f"Several ranges are given; uavex uses the largest, {fmt(chosen.value, 'km')}, because the "
                         "MTCR range is the maximum the system is capable of (fully fuelled, including tanks it is "
                         "designed to carry).")
    else:
        chosen = _largest([f for f in ranges if f.basis == "radius"]) or _largest(
            [f for f in ranges if f.basis == "datalink"])
        basis = chosen.basis if chosen else None
    for f in ranges:
        if f is not chosen and f.basis == "datalink":
            notes.append(f"{f.text.strip()} is a datalink range, not the MTCR range (one-way, fully fuelled, "
                         "independent of datalinks).")
    payloads = [f for f in figures if f.measure == "payload"]
    payload = _largest(payloads)
    at500, heavier_short = _range_with_500kg(payload_range_pairs(reading.question, figures), chosen)
    if heavier_short is not None:
        mass, distance = heavier_short
        notes.append(f"The range with {fmt(mass.value, 'kg')} ({fmt(distance.value, 'km')}) is below 300 km, but with "
                     f"500 kg the airframe can carry more fuel: give the range with 500 kg.")
    if at500 is not None and chosen is not None and at500 > chosen.value * 1.001:
        notes.append(f"The range stated with at least 500 kg ({fmt(at500, 'km')}) is above the maximum range stated "
                     f"({fmt(chosen.value, 'km')}); check the figures.")
    max_speed = _largest([f for f in figures if f.measure == "max_speed"])
    cruise = _largest([f for f in figures if f.measure == "cruise_speed"])
    endurance = _largest([f for f in figures if f.measure == "endurance"])
    aerosol = _largest([f for f in figures if f.measure == "aerosol"])
    mtow = _largest([f for f in figures if f.measure == "mtow"])
    for item in (chosen, payload, max_speed, cruise, endurance, aerosol, mtow):
        if item is not None:
            understood.append(f"{item.describe()} = {fmt(item.value, item.unit)}" if item.unit not in item.text
                              else item.describe())
            if item.note:
                notes.append(item.note)
    weight = _largest([f for f in figures if f.measure == "mass"])
    if weight is not None and payload is None and mtow is None:
        understood.append(f"aircraft weight {weight.text.strip()} (not read as its payload)")
    if at500 is not None:
        understood.append(f"range with at least 500 kg = {fmt(at500, 'km')}")
    if reading.autonomous is not None:
        understood.append("autonomous flight" if reading.autonomous else "no autonomous flight")
    if reading.bvlos is not None:
        understood.append("flight beyond sight (BVLOS)" if reading.bvlos else "flight within sight")
    if reading.stated_category and system is None:
        understood.append(f"Category {reading.stated_category} as you state it")
    aerosol_text = f"{aerosol.value} L" if aerosol else ("0 L" if reading.no_aerosol else None)
    if aerosol_text is None and system is None and chosen is not None \
            and not SPRAY_CUES.search(FUEL_TANK.sub(" ", reading.question)):
        aerosol_text = "0 L"
        notes.append(NO_SPRAY_ASSUMED)
    question = reading.question
    # "armed version ... what changes vs unarmed?" names both: neither is stated
    unarmed, armed_too = bool(UNARMED.search(question)), bool(ARMED.search(UNARMED.sub(" ", question)))
    armed = None if unarmed == armed_too else armed_too
    ear_stated = bool(EAR_STATED.search(question)) and not MILITARY_DESIGN.search(question)
    military = False if NOT_MILITARY.search(question) or ear_stated else (
        True if MILITARY_DESIGN.search(question) else (False if CIVIL_DESIGN.search(question) else None))
    if armed is not None:
        understood.append("armed" if armed else "unarmed")
    if ear_stated:
        understood.append("an EAR item as you state it, not a defense article")
    elif military is not None:
        understood.append("designed for military use" if military else "not designed for military use")
    gusts = _largest([f for f in figures if f.measure == "gust_speed"])
    request = ClassifyRequest(
        system=system.id if system else None,
        range=f"{chosen.value} km" if chosen else None, range_basis=basis if chosen else None,
        payload=f"{payload.value} kg" if payload else None,
        range_at_500kg=f"{at500} km" if at500 is not None else None,
        speed=f"{max_speed.value} km/h" if max_speed else None,
        cruise_speed=f"{cruise.value} km/h" if cruise else None,
        endurance=f"{endurance.value} h" if endurance else None, mtow=f"{mtow.value} kg" if mtow else None,
        aerosol=aerosol_text, autonomous=reading.autonomous, bvlos=reading.bvlos, armed=armed, military=military,
        gust=(gusts.value >= gust_kmh) if gusts and gust_kmh is not None else None,
        destination=part.destination, exporter=part.exporter, end_use=reading.question,
        stated_category=reading.stated_category if system is None else None,
        # "payload up to 600 kg, range up to 1,000 km": separate maxima, Category I turns on the range with 500 kg
        separate_maxima=True if payload and chosen and at500 is None and (
            heavier_short is not None
            or (stated_as_maximum(reading.question, payload) and stated_as_maximum(reading.question, chosen)))
        else None,
        as_of=part.as_of.isoformat())
    return Intake(request, understood, notes)
