"""Deterministic reading of a question: intent, systems, figures with units, countries, dates, premises."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from bot.catalogue import Catalogue, SystemSpec
from bot.countries import name_table
from bot.retrieval.identifiers import identifiers
from bot.units import parse_quantity

EVASION = re.compile(
    r"\b(split(?:ting)? (?:the |a |our )?(?:shipment|order|deliver\w*|sale)|break (?:it|the \w+) up|under-?stat\w*|"
    r"(?:lower|reduce|fudge|misstate|misreport|understate)\w* (?:the )?(?:stated |declared |listed |published )?"
    r"(?:range|payload|spec\w*)(?! threshold)|hid(?:e|ing) (?:the )?(?:end[- ]?user|customer|buyer|destination)|"
    r"falsif\w*|fake (?:an? )?(?:end[- ]?user|certificate|document|licen[cs]e|paperwork)|forg(?:e|ing|ed) \w+|"
    r"(?:evade|evading|circumvent\w*|get around|bypass\w*|dodge|skirt|avoid(?:ing)?) (?:the |export |any )*"
    r"(?:controls?|licen[cs]\w*|mtcr|itar|ear|rules?|restrictions?|review|notification|scrutiny|detection)|"
    r"without (?:them|anyone|the government|authorities) (?:knowing|noticing|finding out)|"
    r"(?:mislabel|mis-label|relabel)\w*|(?:through|via) a (?:third|front|shell) (?:country|company) to avoid|"
    r"shell compan\w* to|so (?:it|they) (?:doesn'?t|don'?t|won'?t) (?:need|require) a licen[cs]e|"
    r"split\w* (?:the |a |our |this )?(?:\w+ )?(?:deal|order|sale|contract) into|smaller shipments|"
    r"so none of them (?:hits|triggers|reaches)|front compan\w*|keep (?:the |our )?(?:end[- ]?user|buyer|customer) "
    r"(?:off|out of)|off the (?:paperwork|books|records)|(?:not|never) (?:tell|inform|disclose to) (?:ddtc|bis|the "
    r"government|state)|(?:draft|write|make|create|forge|produce) (?:me )?(?:an? )?(?:fake|false|bogus|forged)|"
    r"(?:easiest|best|quickest|simplest) way to (?:get around|avoid|evade|bypass|dodge))", re.I)
CERTIFY = re.compile(r"\b(certify|guarantee|promise|confirm in writing|sign off|legally binding|"
                     r"is it (?:100%|definitely|fully) legal|formal (?:determination|opinion))\b", re.I)
TECH_DATA = re.compile(r"\b(how (?:do i|to|can we) (?:build|make|design|increase|extend|boost|modify)|"
                       r"blueprints?|schematics?|design (?:a |the )?warhead|increase (?:the )?range (?:of|beyond)|"
                       r"extend (?:the )?range|guidance (?:algorithm|code|source)|source code for)\b", re.I)
DOMAIN = re.compile(
    r"\b(drones?|uavs?|uas|unmanned|mtcr|missile|export\w*|import\w*|itar|ear|usml|eccn|licen[cs]\w*|categor\w*|"
    r"cat\.? ?(?:i|ii|1|2)|payload|range|aerosol|sprayer|wassenaar|arms|sale|sell\w*|ship\w*|transfer\w*|"
    r"congress\w*|notification|end[- ]?use\w*|9a\d{3}|regime|partners?|members?|adherents?|treaty|policy|policies|"
    r"reaper|predator|bayraktar|loitering|munitions?|presumption|denial|proscribed|embargo\w*|126\.1|nsm|nspm|"
    r"executive order|bis|ddtc|state department|fms|dcs|article|seed|guidelines?|annex|controll?\w*|regulat\w*|"
    r"sanction\w*|defen[cs]e|military|airspeed|endurance|bvlos|spray\w*|glossary|km/h|\d+\s*(?:km|kg|nm|lbs?))\b",
    re.I)
SALE_WORDS = re.compile(r"\b(sell\w*|sale|ship\w*|export\w*|transfer\w*|deliver\w*|supply\w*|offer\w*|buy\w*|"
                        r"deal|customer|go to|send\w*|provide|provision)\b", re.I)
MEMBERSHIP = re.compile(r"\b(member\w*|partners?|join\w*|accession|adher\w*|part of the mtcr)\b", re.I)
UAV_WORDS = re.compile(r"\b(drones?|uavs?|uas|unmanned|aircraft|airframes?|quadcopters?|sprayers?|loitering|"
                       r"munitions?|mtcr|missiles?)\b", re.I)
NO_AEROSOL = re.compile(r"\b(?:no|without|not? (?:an? )?)\s*(?:an? )?(?:aerosol|spray\w*)", re.I)
CHANGE = re.compile(r"\b(chang\w*|new polic\w*|reinterpret\w*|updat\w*|shift\w*|when did|history|since|"
                    r"loosen\w*|relax\w*|eased?|reform\w*|what happened)\b", re.I)
PROCEDURE = re.compile(r"\b(notif\w*|congress\w*|how (?:do|does|can) (?:we|i|one) (?:apply|get|obtain)|"
                       r"process|procedure|steps|apply for|end[- ]use monitoring|assurances?)\b", re.I)
CATEGORY_Q = re.compile(r"\b(cat(?:egory)?\.?\s*(?:1|i|one|2|ii|two)|controlled)\b", re.I)
DEFINITION = re.compile(r"\b(what (?:is|are|does|counts)|define|definition|meaning|mean|threshold\w*|criteria|"
                        r"how (?:far|much|heavy)|explain|difference)\b", re.I)

UNIT_RE = re.compile(
    r"(?<![\w.])(?:mach\s*(\d*\.?\d+)|(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(km/h|kmh|kph|km|kilometers?|kilometres?|nautical miles?|nmi|nm|miles?|mi|mph|kgs?|kilograms?|kilos?|"
    r"lbs?|pounds?|tonnes?|kts?|knots?|litres?|liters?|l|gallons?|gal|hours?|hrs?|h|minutes?|mins?))(?![\w/])",
    re.I)
DIMENSION = {"km": "distance", "kilomet": "distance", "nautical": "distance", "nmi": "distance", "nm": "distance",
             "mile": "distance", "mi": "distance", "mph": "speed", "km/h": "speed", "kmh": "speed", "kph": "speed",
             "kt": "speed", "knot": "speed", "kg": "mass", "kilo": "mass", "lb": "mass", "pound": "mass",
             "tonne": "mass", "lit": "volume", "l": "volume", "gal": "volume", "h": "duration", "hour": "duration",
             "hr": "duration", "min": "duration"}
AMBIGUOUS_CODES = {"IT", "IS", "IN", "AM", "ME", "BE", "ID", "NO", "OR", "TO", "AT", "BY", "DO", "GO", "SO", "AS",
                   "AN", "HI", "OK", "MY", "PM", "AI", "CAT", "FOR", "CAN", "PER", "AND", "ARE", "THE", "MTCR"}
MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                            "september", "october", "november", "december"])}


@dataclass
class Figure:
    dimension: str
    value: float
    text: str
    unit: str
    note: str | None = None


@dataclass
class Understanding:
    question: str
    intent: str
    systems: list[SystemSpec] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    destination: str | None = None
    exporter: str | None = None
    as_of: date | None = None
    date_note: str | None = None
    autonomous: bool | None = None
    bvlos: bool | None = None
    premises: list[str] = field(default_factory=list)
    certify: bool = False
    no_aerosol: bool = False

    def figure(self, dimension: str) -> Figure | None:
        return next((f for f in self.figures if f.dimension == dimension), None)


def _dimension(unit: str) -> str:
    unit = unit.lower()
    if unit in DIMENSION:
        return DIMENSION[unit]
    for prefix, dim in DIMENSION.items():
        if len(prefix) > 2 and unit.startswith(prefix):
            return dim
    return DIMENSION.get(unit.rstrip("s"), "distance")


def figures(text: str) -> list[Figure]:
    out: list[Figure] = []
    for match in UNIT_RE.finditer(text):
        if match.group(1):
            q = parse_quantity(f"Mach {match.group(1)}", "speed")
            out.append(Figure("speed", q.value, match.group(0), "mach", q.note))
            continue
        number, unit = match.group(2), match.group(3)
        dim = _dimension(unit)
        unit_norm = unit.lower()
        if unit_norm == "nm":
            unit_norm = "nmi"
        try:
            q = parse_quantity(f"{number} {unit_norm}", dim)  # type: ignore[arg-type]
        except Exception:
            continue
        out.append(Figure(dim, q.value, match.group(0), unit_norm, q.note))
    return out


def countries(text: str) -> list[tuple[int, str, str]]:
    """(position, ISO code, matched text) for country names, aliases and unambiguous codes in free text."""
    table = name_table()
    found: list[tuple[int, str, str]] = []
    words = list(re.finditer(r"[A-Za-zÀ-ÿ'’.]+", text))
    used: set[int] = set()
    for size in (5, 4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            if any(j in used for j in range(i, i + size)):
                continue
            span = text[words[i].start():words[i + size - 1].end()]
            key = " ".join(span.lower().replace("’", "'").rstrip(".").split())
            if size == 1 and len(span) <= 3 and (not span.isupper() or span in AMBIGUOUS_CODES):
                continue
            if key in table and key not in {"us", "chad", "georgia", "jordan", "niger", "guinea"} | (
                    {"us"} if span != "US" else set()):
                found.append((words[i].start(), table[key], span))
                used.update(range(i, i + size))
            elif key == "us" and span == "US":
                found.append((words[i].start(), "US", span))
                used.add(i)
            elif key in {"jordan", "georgia", "niger", "chad"} and span[0].isupper():
                found.append((words[i].start(), table[key], span))
                used.add(i)
    found.sort()
    return found


def _dates(text: str, today: date) -> tuple[date | None, str | None]:
    lowered = text.lower()
    iso = re.search(r"\b(19|20)\d{2}-\d{2}-\d{2}\b", text)
    if iso:
        try:
            return date.fromisoformat(iso.group(0)), None
        except ValueError:
            pass
    change = re.search(r"\b(before|prior to|after|since|following)\s+(?:the\s+)?(2020|2025)\b", lowered)
    if change:
        year = change.group(2)
        before = change.group(1) in ("before", "prior to")
        day = {"2020": (date(2020, 7, 23), date(2020, 7, 24)), "2025": (date(2025, 9, 14), date(2025, 9, 15))}[year]
        chosen = day[0] if before else day[1]
        return chosen, f"read '{change.group(0)}' as {chosen.isoformat()} (the {year} US policy change)"
    month = re.search(r"\b(" + "|".join(MONTHS) + r")\s+(19|20)(\d{2})\b", lowered)
    if month:
        chosen = date(int(month.group(2) + month.group(3)), MONTHS[month.group(1)], 1)
        return chosen, f"read '{month.group(0)}' as {chosen.isoformat()}"
    if re.search(r"\b(next year|next month|upcoming|in the future)\b", lowered):
        return today, ("uavex cannot know future rules; answered with the rules in force today "
                       f"({today.isoformat()})")
    year = re.search(r"\b(?:in|during|back in|as of|for)\s+((?:19|20)\d{2})\b", lowered)
    if year:
        y = int(year.group(1))
        if y == today.year:
            return today, None
        if y > today.year:
            return today, f"uavex cannot know rules for {y}; answered with the rules in force today"
        chosen = date(y, 12, 31)
        return chosen, f"read 'in {y}' as {chosen.isoformat()} (the rules at the end of that year)"
    return None, None


def _premises(text: str) -> list[str]:
    lowered = text.lower()
    out: list[str] = []
    thresholdish = re.search(r"\b(cat(?:egory)?\.?\s*(?:1|i|one|2|ii|two)|threshold|mtcr|limit)\b", lowered)
    pounds = re.search(r"\b500\s*(?:lbs?|pounds?)\b", lowered)
    miles = re.search(r"\b300\s*(?:miles?|mi|nautical miles?|nm|nmi)\b", lowered)
    if thresholdish and (pounds or miles):
        out.append("units")
    if (re.search(r"\btreaty\b", lowered) and "mtcr" in lowered) or re.search(r"\bmtcr (?:is|as) a treaty", lowered):
        out.append("treaty")
    if re.search(r"\b(mtcr|regime) (?:itself )?(?:was |has been |got )?(?:changed|amended|updated|rewr\w+)", lowered) \
            or re.search(r"\bchang\w* (?:to |in )?the mtcr\b", lowered):
        out.append("national-policy")
    return out


@lru_cache(maxsize=1)
def _spelling_targets() -> list[str]:
    """Domain words and country-name words: the only words a typo is ever corrected to."""
    return sorted(set(DOMAIN_WORDS) | {w for n in name_table() for w in n.split() if len(w) >= 4 and w.isalpha()})


def correct_spelling(question: str, vocabulary: list[str]) -> str:
    """Fix typos of domain words ('tretay' -> 'treaty', 'polnad' -> 'poland'); ordinary English is left alone:
    a word is replaced only by a close domain word or country name, never by any corpus word."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    targets = _spelling_targets()
    known = set(vocabulary) | set(targets)
    out = []
    for token in re.split(r"(\W+)", question):
        lower = token.lower()
        if len(lower) >= 4 and lower.isalpha() and lower not in known and lower not in KEEP:
            best = process.extractOne(lower, targets, scorer=OSA.normalized_similarity, score_cutoff=0.72)
            if best and abs(len(best[0]) - len(lower)) <= 2:
                out.append(best[0])
                continue
        out.append(token)
    return "".join(out)


DOMAIN_WORDS = """mtcr missile technology control regime category categories treaty payload range aerosol sprayer
export exports exporting licence license partner partners member members membership adherent adherents
congressional congress notification threshold thresholds declaration signatory signatories wassenaar guidelines
annex definition presumption denial proscribed embargo unmanned aerial vehicle vehicles drone drones systems
policy reinterpretation airspeed endurance autonomous datalink radius assurances retransfer catch-all itar
nsm-18 nspm-10 executive order commerce state department defense military armed loitering munition target
reaper predator eagle bayraktar akinci global hawk triton heron hermes harop shahed mohajer switchblade
scaneagle shadow puma agras watchkeeper wing loong rainbow eurodrone orion lancet orlan""".split()

KEEP = {"gray", "grey", "eagle", "reaper", "predator", "with", "that", "what", "whats", "which", "does", "this",
        "have", "from", "they", "them", "their", "there", "were", "will", "would", "could", "should", "about",
        "into", "okay", "sell", "ship", "next", "year", "deal", "buyer", "quote"}


def understand(question: str, catalogue: Catalogue, today: date) -> Understanding:
    text = " ".join(question.split())
    u = Understanding(question=text, intent="general")
    u.systems = catalogue.mentions(text)
    u.figures = figures(text)
    u.as_of, u.date_note = _dates(text, today)
    u.premises = _premises(text)
    u.certify = bool(CERTIFY.search(text))
    u.no_aerosol = bool(NO_AEROSOL.search(text))
    lowered = text.lower()
    negated = r"(?:not|no|non|never|without)\s+"
    if re.search(r"\bautonom\w*", lowered) and not re.search(negated + r"autonom", lowered):
        u.autonomous = True
    if re.search(r"\b(bvlos|beyond (?:visual )?(?:line of )?sight|beyond (?:the )?(?:operator'?s )?(?:direct )?"
                 r"vision|out of sight|satellite link|satcom)\b", lowered):
        u.bvlos = True
    found = countries(text)
    for pos, code, _span in found:
        before = text[max(0, pos - 12):pos].lower()
        after = text[pos:pos + 40].lower()
        if re.search(r"\bfrom\s+(?:the\s+)?$", before) or re.search(
                r"^\S+(?:\s+\S+)?\s+(?:wants to |would like to |plans to |is )?(?:sell|export|ship|transfer)", after):
            u.exporter = u.exporter or code
        elif u.destination is None:
            u.destination = code
    if EVASION.search(text):
        u.intent = "evasion"
    elif TECH_DATA.search(text):
        u.intent = "technical-data"
    elif not DOMAIN.search(text) and not u.systems and not found and not identifiers(text):
        u.intent = "off-topic"
    elif u.systems or (u.figures and any(f.dimension in ("distance", "mass", "volume") for f in u.figures)
                       and "units" not in u.premises and (UAV_WORDS.search(text) or CATEGORY_Q.search(text) or (
                           u.figure("distance") and u.figure("mass")))):
        u.intent = "sale" if (u.destination or SALE_WORDS.search(text)) else "classify"
    elif found and (MEMBERSHIP.search(text) or re.search(r"\bin the (?:mtcr|regime)\b", lowered)):
        u.intent = "membership"
    elif CHANGE.search(text):
        u.intent = "policy-change"
    elif PROCEDURE.search(text):
        u.intent = "procedure"
    elif DEFINITION.search(text) or u.premises:
        u.intent = "definition"
    elif u.destination and SALE_WORDS.search(text) and UAV_WORDS.search(text):
        u.intent = "destination"
    return u
