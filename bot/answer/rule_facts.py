"""Facts stated straight from the rule data (partner status, ITAR §126.1 status, congressional review period,
category thresholds), each sentence citing the rule value it states, with that value's effective date."""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path
from typing import Any

from bot.answer.citations import Citations
from bot.answer.rule_passages import countries_in_force
from bot.countries import country_in_text
from bot.render import environment
from bot.rules.decision import TraceStep
from bot.rules.destinations import ADHERENTS, DENIAL, ITAR, NATO, PARTNERS, notification, notification_thresholds
from bot.rules.licence import GROUP_NAMES, GROUPS
from bot.rules.model import DatedValue, Parameter, RuleSet
from bot.units import fmt


def _cite_step(citations: Citations, step: TraceStep) -> int:
    return citations.reference(step.reference_doc, step.reference_label, step.reference_title, step.reference_url,
                               step.finding, step.effective.isoformat())


def _year(dated: DatedValue) -> str:
    return str(dated.effective.year) if dated.precision == "year" else dated.effective.isoformat()


def partner_point(rules: RuleSet, citations: Citations, code: str, day: date) -> str:
    name = country_in_text(code, start=True)
    parameter: Parameter | None = rules.group(PARTNERS).get(code)
    dated = parameter.at(day) if parameter else None
    if parameter and dated:
        sure = "" if dated.confidence == "verified" else f" (accession date {dated.confidence})"
        if dated.alternatives:
            sure = f" (uncertain: also given as {' or '.join(a.when() for a in dated.alternatives)})"
        stated = f"{parameter.description}: {_year(dated)}" + "".join(f" or {a.when()}" for a in dated.alternatives)
        n = citations.value(dated, stated)
        return f"{name} remains an MTCR partner on {day.isoformat()}, a member since {_year(dated)}{sure}. [{n}]"
    if parameter and parameter.values:
        first = parameter.values[0]
        n = citations.value(first, parameter.description)
        return f"{name} is not yet an MTCR partner on {day.isoformat()}; it joined in {_year(first)}. [{n}]"
    n = _cite_listing(citations, rules.group(PARTNERS))
    sentence = f"{name} is not an MTCR partner (not one of the partners listed on {day.isoformat()}). [{n}]"
    adherent = rules.group(ADHERENTS).get(code)
    adherence = adherent.at(day) if adherent else None
    if adherent and adherence:
        m = citations.value(adherence, adherent.description)
        kind = str(adherence.value).replace("-", " ")
        article = "an" if kind[0] in "aeiou" else "a"
        sentence += f" It is recorded as {article} {kind} of the Guidelines (adherence is not membership). [{m}]"
    return sentence


def _cite_listing(citations: Citations, members: dict[str, Parameter]) -> int:
    """The citation of a group's whole list (its file's ``list_reference``): what a statement about a country the
    group does not record is cited to; else the first member's value."""
    any_member = next(iter(members.values()))
    listing = any_member.listed_by
    if listing is None:
        return citations.value(any_member.values[0], "")
    return citations.reference(listing.doc, listing.label, listing.title, listing.url, "",
                               listing.published.isoformat())


def d4_point(rules: RuleSet, citations: Citations, code: str, day: date) -> str:
    """Whether the country is in EAR Country Group D:4 on ``day``. uavex's D:4 data is incomplete by design: a country
    it does not record is unknown, never cleared."""
    name = country_in_text(code, start=True)
    members = rules.group(GROUPS + "d4")
    parameter = members.get(code)
    dated = parameter.at(day) if parameter else None
    if parameter and dated:
        n = citations.value(dated, f"{parameter.description}: from {dated.when()}")
        return (f"{name} is in EAR Country Group D:4 (countries of missile technology concern) on {day.isoformat()}, "
                f"in uavex's rule data from {dated.when()} ({dated.confidence}). [{n}]")
    n = _cite_listing(citations, members)
    recorded = (f"records it only from {parameter.values[0].when()}" if parameter and parameter.values
                else "is incomplete and does not record it")
    return (f"{name}'s EAR Country Group D:4 status on {day.isoformat()} is unknown: uavex's D:4 data {recorded}, "
            f"so it is not cleared; check Supplement No. 1 to 15 CFR part 740. [{n}]")


# the EAR country groups that restrict exports to a destination (A:1 and A:5 ease them), and the military end-use rule
RESTRICTIVE_GROUPS = ("d4", "d5", "e1", "e2")
_GROUP_GLOSS = re.compile(r"\(([^()]+)\)\s*$")


def ear_groups_point(rules: RuleSet, citations: Citations, code: str, day: date, prompts_dir: Path) -> str | None:
    """The restrictive EAR country groups (and the §744.21 military end-use rule) uavex records the destination in on
    ``day``, each citing its value; None when it records it in none (its group data is incomplete: that clears
    nothing, so nothing is said)."""
    groups: list[str] = []
    numbers: list[int] = []
    confidence: set[str] = set()
    for key in (*RESTRICTIVE_GROUPS, "mil_end_use"):
        parameter = rules.group(GROUPS + key).get(code)
        dated = parameter.at(day) if parameter else None
        if parameter is None or dated is None:
            continue
        numbers.append(citations.value(dated, f"{parameter.description}: from {dated.when()}"))
        confidence.add(dated.confidence)
        if key != "mil_end_use":
            gloss = _GROUP_GLOSS.search(parameter.description)
            groups.append(f"{GROUP_NAMES[key]}" + (f" ({gloss.group(1)})" if gloss else ""))
    if not numbers:
        return None
    weakest = next((c for c in ("uncertain", "secondary") if c in confidence), "")
    sentence = _macros(prompts_dir).ear_groups(country_in_text(code, start=False), day.isoformat(), groups,
                                               len(groups) < len(numbers), weakest)
    return f"{sentence} " + " ".join(f"[{n}]" for n in dict.fromkeys(numbers))


def _macros(prompts_dir: Path) -> Any:
    return environment(str(prompts_dir)).get_template("facts.md.j2").module


def _run_start(parameter: Parameter, day: date) -> DatedValue | None:
    """The first value of the unbroken run of listed values in force on ``day``."""
    start: DatedValue | None = None
    for value in parameter.values:
        if value.effective > day:
            break
        start = None if value.value is None else (start or value)
    return start


SECTION_TEXT = "https://www.ecfr.gov/"  # the section's own text: the lists themselves


def _list_text(rules: RuleSet, day: date) -> DatedValue:
    """What to cite for "not on the §126.1 lists on ``day``": a listing in force then whose reference is a table of
    the section on the eCFR (the lists themselves), else the list text recorded first (the 1993 republication)."""
    listings = list(rules.group(ITAR).values())
    in_force = (p.at(day) for p in listings)
    official = next((v for v in in_force if v is not None and v.reference.url.startswith(SECTION_TEXT)
                     and "Table" in (v.reference.label or "")), None)
    return official or listings[0].at(day) or listings[0].values[0]


def itar_points(rules: RuleSet, citations: Citations, code: str, day: date, prompts_dir: Path) -> list[str]:
    """ITAR §126.1 status of a destination for US-origin defense articles on ``day``, with since when."""
    m = _macros(prompts_dir)
    name, within = country_in_text(code, start=True), country_in_text(code)  # opening a sentence; after a colon
    parameter = rules.group(ITAR).get(code)
    if parameter is None:
        return [f"{m.itar_not_listed(name=name, day=day.isoformat(), later=None).strip()} "
                f"[{citations.value(_list_text(rules, day), '')}]"]
    current = parameter.at(day)
    ended = parameter.ended_at(day)
    if current is None and ended is not None:
        # the start of the listing that ended: the first of the listed values just before the removal
        before = [v for v in parameter.values if v.effective < ended.effective]
        run = list(itertools.takewhile(lambda v: v.value is not None, reversed(before)))
        listed = run[-1] if run else None
        text = m.itar_removed(name=name, day=day.isoformat(), removed=ended.effective.isoformat(),
                              listed=listed.effective.isoformat() if listed else None,
                              observed=bool(listed and listed.observed)).strip()
        return [f"{text} [{citations.value(ended, text)}]"]
    if current is None:
        first = parameter.values[0]
        if first.observed:
            text = m.itar_uncertain(name=name, day=day.isoformat(), note=f"uavex records its listing only from "
                                    f"{first.effective.isoformat()}.").strip()
        else:
            text = m.itar_not_listed(name=name, day=day.isoformat(), later=first.effective.isoformat()).strip()
        return [f"{text} [{citations.value(first, text)}]"]
    status = str(current.value)
    start = _run_start(parameter, day) or current
    since = None if start.observed else start.effective.isoformat()
    recorded = start.effective.isoformat() if start.observed else None
    if status in DENIAL:
        table, effect = DENIAL[status]
        text = m.itar_listed(name=within, day=day.isoformat(), table=table or "", effect=effect,
                             since=since, recorded=recorded).strip()
    elif status == "suspended":
        text = m.itar_suspended(name=within, day=day.isoformat(), since=current.effective.isoformat()).strip()
    else:
        text = m.itar_uncertain(name=name, day=day.isoformat(), note=current.note or parameter.description).strip()
    return [f"{text} [{citations.value(current, text)}]"]


def foreign_exporter_point(rules: RuleSet, citations: Citations, exporter: str, day: date,
                           prompts_dir: Path) -> str | None:
    """Why US policy, congressional review and §126.1 do not govern a foreign exporter's own sale; cites the US
    UAS policy values (2020, 2025), the review-period statute and the §126.1 rule."""
    treatment = rules.parameters.get("us.uas_policy.category_i_treatment")
    if treatment is None:
        return None
    partner = rules.group(PARTNERS).get(exporter)
    is_partner = bool(partner and partner.at(day))
    text = _macros(prompts_dir).foreign_exporter(exporter=country_in_text(exporter), partner=is_partner).strip()
    markers = []
    for value in treatment.values[1:]:  # the 2020 and 2025 policies the sentence names
        if value.value is not None:
            markers.append(citations.value(value, f"{treatment.description} from {value.effective.year}: "
                                                         f"{value.value}; applies to US transfers"))
    review = rules.maybe("us.congressional_notification.review_days", day)
    if review is not None:
        markers.append(citations.value(review, "AECA §36 congressional review of US sales and licences"))
    itar = next(iter(rules.group(ITAR).values()), None)
    listed = itar.values[-1] if itar and itar.values else None
    if listed is not None:
        markers.append(citations.value(listed, "ITAR §126.1 applies to US defense articles and services"))
    return f"{text} " + " ".join(f"[{n}]" for n in dict.fromkeys(markers))


def nato_point(rules: RuleSet, citations: Citations, code: str, day: date) -> str:
    """Whether ``code`` is a NATO member on ``day`` (the shorter congressional review turns on it)."""
    name = country_in_text(code, start=True)
    parameter: Parameter | None = rules.group(NATO).get(code)
    dated = parameter.at(day) if parameter else None
    if parameter and dated:
        n = citations.value(dated, f"{parameter.description}: {_year(dated)}")
        return f"{name} is a NATO member on {day.isoformat()}, since {_year(dated)}. [{n}]"
    members = list(rules.group(NATO).values())
    first = members[0].values[0]
    n = citations.value(first, "")
    return f"{name} is not a NATO member (not one of the {sum(1 for p in members if p.at(day))} members listed " \
           f"on {day.isoformat()}). [{n}]"


def nato_and_partners_point(rules: RuleSet, citations: Citations, day: date, *, of_nato: bool) -> str:
    """Which NATO members are MTCR partners on ``day`` (``of_nato``), or which MTCR partners are NATO members: how
    many of the one group are in the other, and the names of those that are not."""
    nato, partners = set(countries_in_force(rules, NATO, day)), set(countries_in_force(rules, PARTNERS, day))
    group, other = (nato, partners) if of_nato else (partners, nato)
    outside = sorted((country_in_text(code) for code in group - other), key=lambda name: name.removeprefix("the "))
    n, m = _cite_listing(citations, rules.group(NATO)), _cite_listing(citations, rules.group(PARTNERS))
    label, one, many = ("NATO members", "an MTCR partner", "MTCR partners") if of_nato \
        else ("MTCR partners", "a NATO member", "NATO members")
    both = len(group & other)
    verb = f"is {one}" if both == 1 else f"are {many}"
    names = ", ".join(outside[:-1]) + f" and {outside[-1]}" if len(outside) > 1 else "".join(outside)
    rest = f"; the {len(outside)} that are not: {names}" if outside else "; all of them are"
    return f"On {day.isoformat()}, {both} of the {len(group)} {label} {verb}{rest}. [{n}] [{m}]"


def departures_point(rules: RuleSet, citations: Citations, day: date, *, of_nato: bool) -> str:
    """Which countries have left the MTCR (or NATO, ``of_nato``) by ``day``: those a dated value once listed that are
    no longer in force; uavex's lists record joinings, so usually none."""
    group, label = (NATO, "NATO members") if of_nato else (PARTNERS, "MTCR partners")
    now = countries_in_force(rules, group, day)
    ever = {code for code, parameter in rules.group(group).items()
            if any(v.effective <= day for v in parameter.values)}
    left = sorted(country_in_text(code) for code in ever - set(now))
    found = f"{', '.join(left)} {'has' if len(left) == 1 else 'have'} left" if left else \
        f"none has left: all {len(now)} it lists are {label} on that day"
    return f"On {day.isoformat()}, uavex's dated list of {label} records who joined and when; {found}. " \
           f"[{_cite_listing(citations, rules.group(group))}]"


def listed_partners_point(rules: RuleSet, citations: Citations, day: date) -> str:
    """Which MTCR partners are under an ITAR §126.1 denial policy on ``day`` (a partner can be: the Regime does not
    decide US destinations)."""
    partners = list(countries_in_force(rules, PARTNERS, day))
    listed, unknown, markers = [], [], [_cite_listing(citations, rules.group(PARTNERS))]
    for code in partners:
        parameter = rules.group(ITAR).get(code)
        dated = parameter.at(day) if parameter else None
        if parameter is not None and parameter.values and day < parameter.values[0].effective:  # known only later
            unknown.append(country_in_text(code))
        elif dated is not None and str(dated.value) in DENIAL:
            table, effect = DENIAL[str(dated.value)]
            listed.append(f"{country_in_text(code)} ({table or '§126.1'}, {effect})")
            markers.append(citations.value(dated, ""))
    cited = " ".join(f"[{n}]" for n in dict.fromkeys(markers))
    lists = "the ITAR §126.1 lists in uavex's rule data"
    found = f"none of the {len(partners)} MTCR partners is on {lists}" if not listed else \
        f"{len(listed)} of the {len(partners)} MTCR partners {'is' if len(listed) == 1 else 'are'} on {lists}: " \
        f"{'; '.join(listed)}"
    gap = f"; uavex has no record of {', '.join(unknown)} on that day" if unknown else ""
    return f"On {day.isoformat()}, {found}{gap}. {cited}"


def notification_point(rules: RuleSet, citations: Citations, code: str, day: date, *,
                       thresholds: bool = False) -> str | None:
    """The congressional review period of a US sale to ``code``; with ``thresholds`` (the question asks for the
    dollar values) the value thresholds that apply to that destination first."""
    found = notification(rules, code, day)
    if found is None:
        return None
    text, step = found
    point = f"{text} [{_cite_step(citations, step)}]"
    limits = notification_thresholds(rules, code, day) if thresholds else None
    if limits is None:
        return point
    text, _, dated = limits
    return f"For {country_in_text(code)}, {text}. [{citations.value(dated, '')}] {point}"


def category_points(rules: RuleSet, citations: Citations, day: date) -> list[str]:
    """The MTCR category thresholds in force on ``day``."""
    out = []
    p1, r1 = rules.maybe("mtcr.category_i.payload_kg", day), rules.maybe("mtcr.category_i.range_km", day)
    if p1 and r1:
        n = citations.value(p1, "")
        out.append(f"Category I (Item 1.A.2): a complete UAV system capable of delivering at least "
                   f"{fmt(p1.value, 'kg')} of payload to a range of at least {fmt(r1.value, 'km')} (both together); "
                   f"transfers face a strong presumption of denial. [{n}]")
    r2, aerosol = rules.maybe("mtcr.category_ii.range_km", day), rules.maybe("mtcr.category_ii.aerosol_l", day)
    if r2:
        n = citations.value(r2, "")
        out.append(f"Category II (Item 19.A.2): a complete UAV system with a range of at least {fmt(r2.value, 'km')}, "
                   f"whatever its payload; transfers are reviewed case by case. [{n}]")
    if aerosol:
        n = citations.value(aerosol, "")
        out.append(f"Category II also covers (Item 19.A.3) UAVs not already covered by Items 1.A.2 or 19.A.2 that have "
                   f"autonomous flight control or flight beyond the "
                   f"operator's direct vision that carry an aerosol dispensing system of more than "
                   f"{fmt(aerosol.value, 'L')}, whether incorporated or the UAV is designed or modified to carry "
                   f"one. [{n}]")
    return out
