"""Turn a rule-engine Decision into an answer's lead sentence and points, each citing its rule's source."""

from __future__ import annotations

import re
from typing import Any

from bot.answer.citations import Citations
from bot.countries import country_in_text, country_name
from bot.retrieval.sources import publishers
from bot.rules.decision import Decision, TraceStep
from bot.rules.engine import CIVIL_ITEM_126_1
from bot.rules.licence import CONFIRM, NON_US, NOT_CHECKED
from bot.rules.model import RuleSet
from bot.units import fmt

LEAD = {
    "denial-policy": "{who} falls under a denial policy on {day}: the destination is proscribed",
    "strong-presumption-of-denial": "{who} faces a strong presumption of denial on {day}",
    "case-by-case": "{who} would be reviewed case by case on {day}",
    "not-mtcr-controlled": "{who} is not MTCR-controlled as a complete system on {day}, though other controls "
                           "may still apply",
    "insufficient-data": "uavex cannot decide {who_lower} on {day} without more facts",
    "any-destination": "{who} faces a strong presumption of denial on {day} whatever the destination (a proscribed "
                      "destination would be denied outright)",
    "needs-destination": "The sale verdict for {name} needs the destination (insufficient data for the sale on "
                         "{day}: name the buyer's country)",
}


FIGURE = re.compile(r"\d[\d,.]*\s*(?:kg|km/h|km|h|L)\b")  # a figure a step states ("payload 150 kg")
FACT_NAMES = {  # the facts a catalogue entry gives, as its citation states them
    "payload_kg": ("payload", "kg"),
    "range_km": ("range", "km"),
    "range_at_500kg_km": ("range with 500 kg", "km"),
    "endurance_h": ("endurance", "h"),
    "cruise_speed_kmh": ("cruise speed", "km/h"),
    "max_speed_kmh": ("maximum speed", "km/h"),
    "mtow_kg": ("maximum take-off weight", "kg"),
    "aerosol_l": ("aerosol tank", "L"),
}


def _on_the_grounds(warning: str) -> bool:
    """A warning about what the verdict rests on, stated with the category: a range that is an estimate, a datalink's
    reach given for the range, or a §126.1 denial applied to an item described as not military."""
    return warning.startswith("Range is an estimate") or "datalink range, not the MTCR range" in warning \
        or warning == CIVIL_ITEM_126_1


def _catalogue_cite(citations: Citations, decision: Decision, facts: dict[str, Any]) -> int | None:
    """The catalogue entry whose figures the verdict used (``facts``: the decision's, with their origins), cited by
    its first source (its card lists all); None when no figure came from the catalogue."""
    system = decision.system or {}
    used = [f"{FACT_NAMES[key][0]} {facts[key]['value']:g} {FACT_NAMES[key][1]}" for key in FACT_NAMES
            if key in facts and str(facts[key].get("origin", "")).startswith("catalogue")
            and isinstance(facts[key].get("value"), (int, float))]
    sources = system.get("sources") or []
    if not used or not sources:
        return None
    first = sources[0]
    named = publishers(first["title"])
    count = f"{len(sources)} sources, all on its catalogue card" if len(sources) > 1 else "1 source"
    label = f"uavex catalogue: {system['name']} ({count}; linked: {named[0] if named else first['title']})"
    return citations.reference(None, None, label, first["url"], f"{system['name']}: {'; '.join(used)}",
                               str(first.get("date") or ""))


# "what's its payload?", "how fast is the MQ-9?", "how much can the TB2 carry?": a catalogue system's own figures
ASKS_A_FIGURE = re.compile(
    r"\bwhat(?:['’]s|\s+is|\s+are|\s+was)\s+(?:the\s+|its\s+|their\s+)?(?:(?:max(?:imum)?|top|cruise|one-way)\s+)?"
    r"(?P<measure>payload|range|speed|endurance|weight|mtow|take-?off\s+weight)\b|"
    r"\bhow\s+(?P<how>far|fast|heavy)\b|\bhow\s+much\s+(?:can|does|do|will)\s+\S+(?:\s+\S+)?\s+(?P<carry>carry|lift)\b|"
    r"\bhow\s+long\s+(?:can|does|do|will)\s+\S+(?:\s+\S+)?\s+(?P<stay>fly|stay|loiter|last)\b", re.I)
FIGURE_KEYS = {"payload": ("payload_kg",), "carry": ("payload_kg",), "range": ("range_km", "range_at_500kg_km"),
               "far": ("range_km", "range_at_500kg_km"), "speed": ("max_speed_kmh", "cruise_speed_kmh"),
               "fast": ("max_speed_kmh", "cruise_speed_kmh"), "endurance": ("endurance_h",), "stay": ("endurance_h",),
               "weight": ("mtow_kg",), "mtow": ("mtow_kg",), "heavy": ("mtow_kg",)}


RANGE_BASIS = {"unknown": " (the source does not say what it measures)",
               "datalink": " (a datalink range, not the MTCR range)",
               "radius": " (a radius of action, not a one-way range)", "ferry": " (a ferry range)",
               "one-way": " (one-way)"}


def asked_figures(decision: Decision, citations: Citations, question: str) -> str | None:
    """The figures of the catalogue system decided on that the question asks for ("what's its payload?"), as its
    entry records them and cited to it; a figure the entry lacks is said to be missing. None when no figure is asked
    or no catalogue system is decided on."""
    if not decision.system:
        return None
    keys: list[str] = []
    for m in ASKS_A_FIGURE.finditer(question):
        word = next(g for g in m.groups() if g).lower().replace(" ", "")
        keys += [k for k in FIGURE_KEYS.get("weight" if "weight" in word else word, ()) if k not in keys]
    if not keys:
        return None
    facts = decision.as_dict()["facts"]
    known = [k for k in keys if k in facts and str(facts[k].get("origin", "")).startswith("catalogue")
             and isinstance(facts[k].get("value"), (int, float))]
    name = decision.system["name"]
    if not known:
        wanted = " or ".join(FACT_NAMES[k][0] for k in keys if k in FACT_NAMES)
        return f"uavex's catalogue records no {wanted} for the {name}."
    basis = RANGE_BASIS.get(str((facts.get("range_basis") or {}).get("value")), "")
    stated = "; ".join(f"{FACT_NAMES[k][0]} {fmt(facts[k]['value'], FACT_NAMES[k][1])}"
                       f"{basis if k == 'range_km' else ''}" for k in known)
    cited = _catalogue_cite(citations, decision, facts)
    return f"The {name} in uavex's catalogue: {stated}." + (f" [{cited}]" if cited else "")


def _cite(citations: Citations, step: TraceStep) -> int:
    return citations.reference(step.reference_doc, step.reference_label, step.reference_title, step.reference_url,
                               step.finding, step.effective.isoformat())


LICENCE_STEPS = ("Jurisdiction", "Jurisdiction (confirm)", "Licence", "Next step")


def _plain(text: str) -> str:
    return " ".join(text.lower().rstrip(".").split())


def _step_line(citations: Citations, step: TraceStep) -> str:
    return f"{step.step}: {step.finding.rstrip('.')}. [{_cite(citations, step)}]"


def _licence_answer(decision: Decision, citations: Citations, licence: list[TraceStep],
                    concluded: list[TraceStep]) -> tuple[list[str], list[str]]:
    """The points that answer a licence question (the concluding list step, the first licence step, what is
    missing, the licence conclusion or else the next licence step, the screening caveat) and the other licence
    steps, which may be dropped for length."""
    licence_steps = [s for s in licence if s.step == "Licence"]
    shown = concluded + licence_steps[:1]
    points = [_step_line(citations, step) for step in shown]
    missing = (decision.jurisdiction.missing if decision.jurisdiction else []) + (
        decision.licence.missing if decision.licence else [])
    if missing:
        points.append("To settle the list and the licence: " + "; ".join(m["why"] for m in missing) + ".")
    if decision.licence is not None and licence_steps:
        marker = f" [{_cite(citations, licence_steps[-1])}]"
        said = {_plain(s.finding) for s in licence_steps}
        conclusions = [n for n in decision.licence.notes if n not in (NOT_CHECKED, CONFIRM, NON_US)
                       and _plain(n) not in said][:1]  # a note that only repeats a step adds nothing
        points += [f"{n.rstrip('.')}.{marker}" for n in conclusions]
        if not conclusions and len(licence_steps) > 1:  # the next licence step instead (e.g. FMS or DCS)
            shown.append(licence_steps[1])
            points.append(_step_line(citations, licence_steps[1]))
    if licence:
        points.append(NOT_CHECKED)
    return points, [_step_line(citations, s) for s in licence if s not in shown]


def _article(name: str) -> str:
    """'an Israel', 'an Italy', 'a United Kingdom', 'a Türkiye'."""
    vowel = name[:1] in "AEIOÖÄ" or (name[:1] == "U" and not name.startswith(("Uni", "Ura")))
    return f"{'an' if vowel else 'a'} {name}"


def describe(decision: Decision, citations: Citations, *, sale_needs_destination: bool = False,
             sale_any_destination: bool = False, licence_asked: bool = False, conditions_asked: bool = False,
             rules: RuleSet | None = None, omit: tuple[str, ...] = (),
             reseller: str | None = None) -> tuple[str, list[str], list[str], list[str]]:
    """(lead sentence, main points, licence points (only when asked), secondary points) for a decision; every
    sentence ends with its citation markers. With ``sale_needs_destination`` the lead says the sale verdict waits
    for the destination; with ``sale_any_destination`` it says the verdict holds for every destination. With
    ``conditions_asked`` ("what does the US need from the buyer?") every condition of the sale is a main point.
    Trace steps named in ``omit`` (said elsewhere in the answer) are not points. A ``reseller`` (the country selling
    a US-origin item on) makes the lead a re-transfer by it, which the US approves under its own policy."""
    data = decision.as_dict()
    name = decision.system["name"] if decision.system else "the described UAV"
    exporter = "a US" if decision.exporter == "US" else _article(country_name(decision.exporter))
    dest = f" to {country_in_text(decision.destination['country'])}" if decision.destination else ""
    who, lower = f"{exporter[0].upper()}{exporter[1:]} sale of {name}{dest}", f"a sale of {name}{dest}"
    if reseller:
        lower = f"a re-transfer by {country_in_text(reseller)} of {name}{dest}"
        who = lower[0].upper() + lower[1:]
    category = (f"MTCR Category {decision.category} (Item {decision.item})" if decision.category
                else f"at least MTCR Category {decision.at_least}" if decision.at_least else None)
    lead_steps = [s for s in decision.trace if s.step in ("ITAR §126.1", "End use", "End user", "US policy",
                                                        "MTCR Guidelines")]
    category_steps = [s for s in decision.trace if s.step.startswith("MTCR Category")]
    lead_cites = sorted({_cite(citations, s) for s in (category_steps[-1:] + lead_steps[:1])})
    lead = LEAD[decision.verdict].format(who=who, who_lower=lower, day=data["as_of"])
    if sale_any_destination:
        lead = LEAD["any-destination"].format(who=who, day=data["as_of"])
    if sale_needs_destination:
        lead = LEAD["needs-destination"].format(name=name, day=data["as_of"])
    if category and (decision.verdict != "insufficient-data" or sale_needs_destination):
        lead += f"; it is {category}"
    lead += "." + "".join(f" [{n}]" for n in lead_cites)
    points: list[str] = []
    if decision.missing:
        needed = "; ".join(m["why"] for m in decision.missing)
        cites = sorted({_cite(citations, s) for s in decision.trace if s.step == "Missing fact"})
        label = ("Needed to classify the item (the destination decides this verdict alone)"
                 if decision.verdict == "denial-policy" else "Needed to decide")
        points.append(f"{label}: {needed}." + "".join(f" [{n}]" for n in cites))
    order = ("MTCR Category", "US policy", "MTCR Guidelines", "Exporter", "End use", "End user", "MTCR adherence")
    catalogue = _catalogue_cite(citations, decision, data["facts"]) if any(
        s.step.startswith("MTCR Category") and FIGURE.search(s.finding) for s in decision.trace) else None
    for prefix in order:
        for step in decision.trace:
            if step.step.startswith(prefix) and step.step not in omit:
                finding = step.finding.rstrip(".")
                # a step that states the catalogue's figures cites the catalogue entry too
                figures = f" [{catalogue}]" if catalogue and prefix == "MTCR Category" and FIGURE.search(finding) \
                    else ""
                points.append(f"{finding[0].upper()}{finding[1:]}. [{_cite(citations, step)}]{figures}")
        if prefix == "MTCR Category":
            listing = next((s for s in decision.trace if s.step == "ITAR §126.1"), None)
            points += [f"{w} [{_cite(citations, listing)}]" if w == CIVIL_ITEM_126_1 and listing else w
                       for w in decision.warnings if _on_the_grounds(w)]  # (the caveat cites the §126.1 listing)
    licence = [s for s in decision.trace if s.step in LICENCE_STEPS]
    concluded = [s for s in licence if s.step == "Jurisdiction"][-1:]
    licence_points: list[str] = []
    secondary: list[str] = []
    if licence_asked:  # "ITAR or EAR?", "do we need a licence to ship this to X?": the list, then the licence
        licence_points, secondary = _licence_answer(decision, citations, licence, concluded)
    for condition in decision.conditions:
        if conditions_asked or "Congressional review" in condition.condition:
            cite = citations.reference(condition.reference_doc, condition.reference_label, condition.reference_title,
                                       condition.reference_url, condition.condition, condition.effective.isoformat())
            points.append(f"{condition.condition} [{cite}]")
    for warning in decision.warnings:
        if _on_the_grounds(warning):
            continue  # (with the category, above)
        if "estimate" in warning or "datalink" in warning or "separately" in warning or "uncertain" in warning \
                or "apply to US transfers only" in warning or "not an MTCR partner" in warning:
            secondary.append(warning)
    by_rule = {s.rule: s for s in decision.trace}
    for margin in decision.margins[:3]:
        cited = by_rule.get(margin.rule)
        value = rules.maybe(margin.rule, decision.as_of) if rules and margin.rule and cited is None else None
        if cited is not None:
            marker = f" [{_cite(citations, cited)}]"
        elif value is not None:  # the margin's own threshold rule, even when no trace step applied it
            marker = f" [{citations.value(value, f'{margin.threshold}: {value.value} {margin.unit}')}]"
        else:
            marker = ""
        secondary.append(f"{margin.text[0].upper()}{margin.text[1:]}.{marker}")
    if concluded and not licence_asked and decision.exporter == "US":
        step = concluded[0]
        secondary.append(f"Which US list: {step.finding.rstrip('.')}. [{_cite(citations, step)}]")
    elif decision.other_controls and not concluded:
        step = next(s for s in decision.trace if s.step == "Other controls")
        secondary.append(f"Other controls may still apply: {decision.other_controls[0]} [{_cite(citations, step)}]")
    return lead, points, licence_points, secondary
