"""Figures in free text with what each one measures: "200 km radius", "the link range is 120 km", "flies 20 h at
90 kt", "max 450 KTAS", "a 6 gallon (US) tank". Values are converted to canonical units (km, kg, km/h, h, L) by
``bot.units`` (a fixed table of exact factors: a unit library such as pint costs 0.8 s to import on this
machine, more than the whole answer, for a dozen units).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from bot.errors import InputError
from bot.units import MACH_KMH, fmt, parse_quantity

_N = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT = (r"km/h|kmh|kph|km/hr|m/s|ktas|kias|keas|kcas|kts|kt|knots?|mph|km|kilomet(?:er|re)s?|nautical\s+miles?|"
         r"nmi|nm|statute\s+miles?|miles?|mi|kgs?|kilograms?|kilos?|lbs?|pounds?|tonnes?|tons?|t|litres?|liters?|"
         r"l|us\s+gal(?:lons?)?|gallons?|gal|hours?|hrs?|hr|h|minutes?|mins?|min")
# several tanks of one size: "2 x 15 L", "two 15 L tanks", "twin 12 L"
TIMES = re.compile(r"\b(?:(\d)\s*(?:x|×|\*)|(two|three|four|twin|dual)(?:\s*(?:x|×|\*))?)\s*$", re.I)
TIMES_WORDS = {"two": 2, "three": 3, "four": 4, "twin": 2, "dual": 2}
# tonnes in words ("half a ton", "two tonnes"), but not the idiom "a ton of paperwork"
CHANGE_FROM = re.compile(r"\b(?:from|was)\s+$", re.I)  # "goes from 280 to 320 km": a change, two figures
SHORT_TON_KG = 907.18474
TONNES_IN_WORDS = {"half a": 0.5, "a quarter of a": 0.25, "a quarter": 0.25, "a": 1.0, "one": 1.0, "two": 2.0,
                   "three": 3.0, "four": 4.0, "five": 5.0}
FIGURE = re.compile(
    rf"(?<![\w.$])(?P<approx>~|≈|about\s+|around\s+|approx\.?\s+|roughly\s+|some\s+)?(?P<a>{_N})"
    rf"(?:\s?(?:-|–|to)\s?(?P<b>{_N}))?(?P<plus>\+)?(?:-?ish\b)?\s?(?P<unit>{_UNIT})(?![\w]|/\s*(?:h|hr|hrs|hours?|s|sec|min)\b)"
    rf"|\bmach\s?(?P<mach>\d*\.?\d+)"
    rf"|\b(?P<words>half\s+a|a\s+quarter(?:\s+of\s+a)?|a|one|two|three|four|five)\s+(?:metric\s+)?(?:tonnes?|tons?)\b"
    rf"(?!\s+of\b(?!\s+(?:payload|cargo|ordnance|munitions|weapons|bombs|sensors)\b))", re.I)
UNIT_DIMENSION = [
    (r"km/h|kmh|kph|km/hr|m/s|ktas|kias|keas|kcas|kts|kt|knots?|mph", "speed"),
    (r"km|kilomet(?:er|re)s?|nautical\s+miles?|nmi|nm|statute\s+miles?|miles?|mi", "distance"),
    (r"kgs?|kilogram|kilos?|lbs?|pounds?|tonnes?|tons?|t", "mass"),
    (r"litres?|liters?|l|us\s+gal(?:lons?)?|gallons?|gal", "volume"),
    (r"hours?|hrs?|hr|h|minutes?|mins?|min", "duration"),
]
NORMALISE = {"ktas": "kt", "kias": "kt", "keas": "kt", "kcas": "kt", "nm": "nmi", "tons": "t", "ton": "t",
             "statute miles": "mi", "statute mile": "mi", "nautical miles": "nmi", "nautical mile": "nmi",
             "us gallons": "gal", "us gallon": "gal", "us gal": "gal"}
CANONICAL_UNIT = {"distance": "km", "mass": "kg", "speed": "km/h", "volume": "L", "duration": "h"}


@dataclass(frozen=True)
class Figure:
    """One figure: ``measure`` is range, payload, max_speed, cruise_speed, gust_speed, endurance, aerosol, fuel,
    mass (a weight that is not payload) or other; ``basis`` says what a range measures."""

    measure: str
    value: float
    unit: str
    text: str
    start: int
    end: int
    basis: str | None = None
    stated: bool = True  # False when the measure is a default reading, not named by a cue word
    note: str | None = None

    def describe(self) -> str:
        what = {"range": f"{self.basis} range" if self.basis and self.basis != "unknown" else "range",
                "max_speed": "maximum speed", "cruise_speed": "cruise speed", "gust_speed": "gust rating",
                "aerosol": "aerosol tank", "mtow": "maximum take-off weight"}.get(self.measure,
                                                                                 self.measure.replace("_", " "))
        return f"{what} {self.text.strip()}"


def _dimension(unit: str) -> str:
    for pattern, dim in UNIT_DIMENSION:
        if re.fullmatch(pattern, unit, re.I):
            return dim
    return "other"


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The words before and after a figure within its clause (lower case)."""
    left = re.split(r"[.;:?!()\n]|,\s+(?:but|and|while|whereas)\b|\bbut\b|\bwhereas\b|\bvs\.?\b", text[:start])[-1]
    right = re.split(r"[.;?!()\n]|,|\bbut\b|\band\b|\bwith\b|\bvs\.?\b", text[end:])[0]
    return left.lower(), right.lower()


def _near(pattern: str, left: str, right: str, words_left: int = 5, words_right: int = 3) -> bool:
    lw = " ".join(left.split()[-words_left:])
    rw = " ".join(right.split()[:words_right])
    return bool(re.search(pattern, lw) or re.search(pattern, rw))


THRESHOLD_REFERENCE = re.compile(r"^\W*(?:[\w'-]+\s+){0,2}?(?:polic(?:y|ies)|rules?|carve-?outs?|thresholds?|limits?|"
                                 r"tests?|lines?|cut-?offs?|criteri(?:on|a)|exemptions?|things?|numbers?|subsets?|"
                                 r"trigger|mark|cap|benchmark|change|policy's)\b")


# "the range goes up to 320": the airframe's new value, not a bound ("drones up to 300 km")
RAISED_TO = re.compile(r"\b(?:go(?:es)?|went|gone|going|rises?|rose|climbs?|grows?|grew|gets?|got|bumped|pushed|"
                       r"raised|increased?|increases|extended|"
                       # a specification's maximum: "payload up to 600 kg", "carries up to", "flies up to 1,000 km"
                       r"payload|range|endurance|speed|carr(?:y|ies|ying)|lifts?|lifting|flies|fly|flying|reach(?:es)?|"
                       r"can\s+(?:carry|lift|fly|go|reach))[:,]?\s+(?:of\s+)?up\s+to\s+(?:~\s*)?$")
# "drones with payload up to 500 kg": a class of drones bounded by a figure, not one airframe's specification
CLASS_OF = re.compile(r"\b(?:drones|uavs|uas|systems|aircraft|ones|models)\s+(?:with|having|of|that\s+\w+)\s+"
                      r"(?:an?\s+|the\s+)?(?:\w+\s+){0,2}up\s+to\s+(?:~\s*)?$")
# "15 kg survey drones", "a 120 kg quadcopter": a weight written before the aircraft it describes
AIRFRAME_AFTER = re.compile(r"^\s*(?:[a-z-]+\s+){0,2}?(?:drones?|uavs?|uas|quad\w*|multi-?rotors?|hexa\w*|octo\w*|"
                            r"mappers?|aircraft|airframes?|fixed[- ]wings?|vtols?|helicopters?|planes?|"
                            # a class of UAV: "our 4,500 kg MALE", "a 12-tonne HALE", "a 900 kg UCAV"
                            r"male|hale|ucavs?|rpas?|turboprops?|jets?|gliders?|airships?)\b", re.I)
# "flies beyond (visual) line of sight" says how the aircraft flies, not how far its link reaches
BEYOND_SIGHT = re.compile(r"\bbeyond\s+(?:the\s+)?(?:visual\s+|radio\s+)?(?:line[- ]of[- ]sight|los)\b", re.I)


# a link taken out before a range is given: what remains is the link's reach, not what the aircraft can fly
LINK_REMOVED = re.compile(r"\b(?:remov\w*|without|drop\w*|strip\w*|disabl\w*|delet\w*|take\s+out|took\s+out)\s+"
                          r"(?:the\s+|its\s+|our\s+)?(?:sat-?com\w*|satellite\s+(?:link|comms?|communications?)|"
                          r"data\s*-?\s*links?|links?|beyond[- ]line[- ]of[- ]sight\s+\w+|blos\s+\w+)\b[^.?!]*$", re.I)


def _measure(dim: str, left: str, right: str, question: str, prior: list[Figure]) -> tuple[str, str | None, bool]:
    """(measure, range basis, stated by a cue) for a figure of dimension ``dim``."""
    airframe_value = RAISED_TO.search(left) and not CLASS_OF.search(left)  # "payload up to 600 kg"
    if THRESHOLD_REFERENCE.search(BEYOND_SIGHT.sub(" ", right)) or \
            re.search(r"\b(?:the|that|this)\s+(?:us\s+)?$", left) or \
            (re.search(r"\b(?:under|below|above|more\s+than|less\s+than|(?:slower|lighter|shorter|lower)\s+than|"
                       r"up\s+to)\s+(?:~\s*)?$", left)
             and not airframe_value):
        # "the 800 km/h policy", "drones under 300 km": a rule's figure or a bound, not the airframe's value
        return "other", None, True
    if dim == "speed":
        if _near(r"\bgusts?\b|\bwinds?\b", left, right, 4, 3):
            return "gust_speed", None, True
        if _near(r"\bcruis\w*|\bloiter\w*|\bpatrol\w*|\baverage\b", left, right, 4, 2):
            return "cruise_speed", None, True
        if _near(r"\bmax\w*|\btop\w*|\bdash\b|\bvne\b|\bnever exceed|\bfastest\b|\bpeak\b|\bup to\b", left, right,
                 4, 2):
            return "max_speed", None, True
        if re.search(r"\bat\s+(?:~|about\s+|around\s+)?$", left) and any(f.measure == "endurance" for f in prior):
            return "cruise_speed", None, True
        return "max_speed", None, False
    if dim == "distance":
        if _near(r"\baltitude|\bceiling|\bheight\b|\bfeet\b", left, right):
            return "other", None, True
        if _near(r"\bradius\b|\bout\s+(?:~)?$|\band\s+back\b|\bthere\s+and\s+back\b", left, right, 5, 4):
            return "range", "radius", True
        if _near(r"\b(?:data\s*-?\s*)?links?\b|\blos\b|\bline[- ]of[- ]sight\b|\bcomms?\b|\bcommunications?\b|"
                 r"\bradio\b|\btelemetry\b|\bcontrol range\b|\bvideo\b|\btransmission\b|\bc2\b|\bsat-?com\w*",
                 BEYOND_SIGHT.sub(" ", left), BEYOND_SIGHT.sub(" ", right), 6, 3) or LINK_REMOVED.search(left):
            # ("if we remove the satcom, is the range only 150 km?": the reach of what is left of the link)
            return "range", "datalink", True
        if _near(r"\bferry\b", left, right, 5, 3):
            return "range", "ferry", True
        if _near(r"\bone[- ]way\b", left, right, 5, 3):
            return "range", "one-way", True
        return "range", None, bool(_near(r"\brange\b|\bflies\b|\bfly\b|\bgoes\b|\breach", left, right, 6, 3))
    if dim == "mass":
        if _near(r"\bmtow\b|\btake-?off\b|\bgross\b|\bempty\b|\bweighs?\b|\bweight\b|\bairframe\b", left, right, 4, 3) \
                and not _near(r"\bpayload\b|\blifts?\b|\bcarr(?:y|ies)\b", left, right, 4, 3):
            # the maximum take-off weight bounds the payload; an empty or airframe weight does not
            if _near(r"\bmtow\b|\bmax(?:imum)?\.?\s+(?:take-?off\s+|gross\s+)?weight\b|\btake-?off\s+(?:weight|mass)\b|"
                     r"\bgross\s+weight\b", left, right, 5, 3):
                return "mtow", None, True
            return "mass", None, True
        aircraft = AIRFRAME_AFTER.match(right)
        if aircraft and not re.search(r"payload|cargo|load|lift|carr|bomb|sensor|spray|tank", aircraft.group(0)) \
                and not _near(r"\bpayload\b|\blifts?\b|\bcarr(?:y|ies)\b", left, "", 4, 0):
            return "mass", None, True  # "15 kg survey drones", "a 120 kg quadcopter": what the aircraft weighs
        return "payload", None, _near(r"payload|lifts?|carr(?:y|ies)|sensors?|bombs?|stores|cargo", left, right, 5,
                                      4)
    if dim == "duration":
        return "endurance", None, _near(r"endurance|flies|fly|aloft|airborne|loiter|flight time", left, right, 5, 3)
    if dim == "volume":
        if _near(r"\bfuel\b|\bgas\b|\bpetrol\b|\bdiesel\b", left, right, 4, 3):
            return "fuel", None, True
        if re.search(r"spray|aerosol|tank|hopper|pesticid|dispens|liquid|chemical|crop|agri", question, re.I):
            return "aerosol", None, True
        return "other", None, False
    return "other", None, False


ASKED_BOUND = re.compile(r"\b(?:over|beyond|past|exceed\w*)\s+(?:~\s*)?$")


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order, with its measure; figures that cannot be converted are skipped."""
    out: list[Figure] = []
    for match in FIGURE.finditer(text):
        if match.group("mach"):
            value = float(match.group("mach")) * MACH_KMH
            left, right = _clause(text, match.start(), match.end())
            measure, _, stated = _measure("speed", left, right, text, out)
            out.append(Figure(measure, value, "km/h", match.group(0), match.start(), match.end(), stated=stated,
                              note="Mach converted at the ISA sea-level speed of sound (1,225 km/h)"))
            continue
        if match.group("words"):
            value = TONNES_IN_WORDS[" ".join(match.group("words").lower().split())] * 1000.0
            left, right = _clause(text, match.start(), match.end())
            measure, basis, stated = _measure("mass", left, right, text, out)
            words = " ".join(match.group(0).split())
            short = f" (metric; in US short tons it would be {value * SHORT_TON_KG / 1000:g} kg)"
            read_as = f"read '{words}' as {value:g} kg" + ("" if "tonne" in words.lower() else short)
            out.append(Figure(measure, value, "kg", match.group(0), match.start(), match.end(), basis, stated, read_as))
            continue
        unit = " ".join(match.group("unit").lower().split())
        dim = _dimension(unit)
        if dim == "other":
            continue
        unit = NORMALISE.get(unit, unit)
        low, high = match.group("a").replace(",", ""), match.group("b")
        number = float(high.replace(",", "")) if high else float(low)
        try:
            quantity = parse_quantity(f"{number} {unit}", dim)  # type: ignore[arg-type]
        except InputError:
            continue
        left, right = _clause(text, match.start(), match.end())
        measure, basis, stated = _measure(dim, left, right, text, out)
        if ASKED_BOUND.search(left) and re.match(r"\s*\?", text[match.end():]):
            measure, basis, stated = "other", None, True  # "6 hours at 120 kt. over 300 km?": the line asked about
        note = None
        if high and CHANGE_FROM.search(text[:match.start()]):
            # "range goes from 280 to 320 km": the figure before a change and the one after, not a spread of values
            try:
                before = parse_quantity(f"{float(low)} {unit}", dim)  # type: ignore[arg-type]
            except InputError:
                continue
            text_before = f"{match.group('a')} {match.group('unit')}"
            out.append(Figure(measure, before.value, CANONICAL_UNIT[dim], text_before, match.start(),
                              match.start() + len(match.group("a")), basis, stated, before.note))
            out.append(Figure(measure, quantity.value, CANONICAL_UNIT[dim], f"{high} {match.group('unit')}",
                              match.start(), match.end(), basis, stated, quantity.note))
            continue
        said, start = match.group(0), match.start()
        count = TIMES.search(text[max(0, start - 12):start]) if dim == "volume" else None
        if count:  # "2 x 15 L tanks", "twin 12 L tanks": the capacity of them all
            times = int(count.group(1)) if count.group(1) else TIMES_WORDS[count.group(2).lower()]
            quantity = dataclasses.replace(quantity, value=quantity.value * times)
            said, start = f"{count.group(0)}{said}", max(0, start - 12) + count.start()
            note = f"read '{said.strip()}' as {fmt(quantity.value, 'L')} in all"
        elif high:
            note = f"read the range of values '{match.group(0).strip()}' as its upper figure"
        elif match.group("plus"):
            note = f"read '{match.group(0).strip()}' as at least {quantity.value:g} {CANONICAL_UNIT[dim]}"
        out.append(Figure(measure, quantity.value, CANONICAL_UNIT[dim], said, start, match.end(), basis, stated,
                          note or quantity.note))
    return out


def stated_as_maximum(text: str, figure: Figure) -> bool:
    """Whether a figure is given as a maximum ("payload up to 600 kg"): a specification's separate maxima."""
    return bool(re.search(r"\b(?:up\s+to|max(?:imum)?\.?)\s+(?:~\s*)?$", text[max(0, figure.start - 12):figure.start],
                          re.I))


def payload_range_pairs(text: str, figures: list[Figure]) -> list[tuple[Figure, Figure]]:
    """(payload, range) figures stated together in one clause: a capability point of the airframe. Two maxima
    ("payload up to 600 kg, range up to 1,000 km") are not a point: they may not be reached together."""
    clauses = [m.span() for m in re.finditer(r"[^.;!?]+", text)]
    pairs: list[tuple[Figure, Figure]] = []
    for start, end in clauses:
        inside = [f for f in figures if start <= f.start < end]
        sub = re.split(r"\bbut\b|\bwhile\b|\bwhereas\b|\bor\b|\bif\b", text[start:end])
        if len(sub) > 1:
            offsets, pos = [], start
            for piece in sub:
                offsets.append((pos, pos + len(piece)))
                pos += len(piece) + 1
            groups = [[f for f in inside if a <= f.start < b] for a, b in offsets]
        else:
            groups = [inside]
        for group in groups:
            payloads, ranges = _payloads_and_ranges(group)
            if len(payloads) == 1 and len(ranges) == 1 and not (stated_as_maximum(text, payloads[0])
                                                                and stated_as_maximum(text, ranges[0])):
                pairs.append((payloads[0], ranges[0]))
            elif ranges:
                pairs += _listed_pairs(text, group, figures)
    return pairs


def _payloads_and_ranges(figures: list[Figure]) -> tuple[list[Figure], list[Figure]]:
    """The payloads and the MTCR-type ranges (one-way or ferry, not a radius or a datalink) among ``figures``."""
    return ([f for f in figures if f.measure == "payload"],
            [f for f in figures if f.measure == "range" and f.basis in (None, "one-way", "ferry")])


# "with full payload", "at max payload", "fully loaded": the largest payload stated
FULL_PAYLOAD = re.compile(r"\b(?:(?:with|at|carrying)\s+(?:a\s+|the\s+|its\s+)?(?:full|max(?:imum)?)\s+"
                          r"(?:payload|load)|fully\s+loaded)\b", re.I)


def _listed_pairs(text: str, group: list[Figure], figures: list[Figure]) -> list[tuple[Figure, Figure]]:
    """Pairs in a list of points ("1,200 kg max payload, 450 km with full payload, 1,800 km with 200 kg"): each item
    between ", " that holds one range and one payload, or one range and the words for the full payload (the largest
    payload stated)."""
    pairs: list[tuple[Figure, Figure]] = []
    heaviest = max((f for f in figures if f.measure == "payload"), key=lambda f: f.value, default=None)
    start, end = min(f.start for f in group), max(f.end for f in group)
    for item in re.finditer(r"(?:[^,]|,(?!\s))+", text[:end + 40]):
        if item.end() <= start:
            continue
        payloads, ranges = _payloads_and_ranges([f for f in group if item.start() <= f.start < item.end()])
        if len(ranges) != 1:
            continue
        if len(payloads) == 1:
            pairs.append((payloads[0], ranges[0]))
        elif not payloads and heaviest is not None and FULL_PAYLOAD.search(item.group(0)):
            pairs.append((heaviest, ranges[0]))
    return pairs


BARE_NUMBER = re.compile(r"(?<![\w.,$£€])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w.,%]|\.\d|\s*(?:%|percent|x\b|times\b))")


MEASURE_WORDS = {"payload": r"payload", "range": r"range|distance", "endurance": r"endurance",
                 "max_speed": r"speed|airspeed", "cruise_speed": r"speed|cruise", "aerosol": r"tank|spray\w*|aerosol"}


def with_earlier_unit(follow_up: str, earlier: str) -> str:
    """A follow-up that restates one of the earlier turn's figures as a bare number ("and what if it only does 700?"
    after "... doing 900 km/h", "what if the payload is 510?" after "450 kg payload, 1,000 km") gets that figure's
    unit as typed, when the earlier figures it can mean (those of the measure it names, else all) share one unit;
    any other follow-up is returned unchanged. Years are not figures."""
    if find_figures(follow_up):
        return follow_up
    numbers = [m for m in BARE_NUMBER.finditer(follow_up) if not re.fullmatch(r"(?:19|20)\d\d", m.group(0))]
    if len(numbers) != 1:
        return follow_up
    before = find_figures(earlier)
    named = [f for f in before if re.search(rf"\b(?:{MEASURE_WORDS.get(f.measure, '(?!)')})\b", follow_up, re.I)]
    units = {re.sub(r"^[\s~≈+\-–\d.,]+", "", f.text).strip().lower() for f in named or before}
    if len(units) != 1 or not (unit := units.pop()):
        return follow_up
    number = numbers[0]
    return f"{follow_up[:number.end()]} {unit}{follow_up[number.end():]}"
