"""Step 2: split a reading into parts. Two systems, two destinations, two dates or two variants in one message
each get a part of their own (one answer block each); everything else is shared by every part."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.answer.figures import Figure
from bot.answer.read import Reading
from bot.answer.systems import SystemMention
from bot.answer.windows import TIMELINE
from bot.countries import country_name

MAX_PARTS = 4
VARIANTS = re.compile(r"\b(variants?|versions?|models?|configurations?|configs?|options?|options|two\s+\w+s|"
                      r"both|each|compare|vs\.?|versus)\b", re.I)
SPLIT_MEASURES = ("max_speed", "range", "payload", "aerosol", "endurance")


@dataclass
class Part:
    label: str
    system: SystemMention | None
    figures: list[Figure]
    destination: str | None
    exporter: str
    exporter_source: str  # "stated", "origin of <system>" or "default"
    as_of: date
    as_of_note: str | None
    as_of_stated: bool
    countries: list[str] = field(default_factory=list)
    reseller: str | None = None  # the country re-transferring a US-origin item (the US still approves)


# "can the UAE re-export our drones to Sudan?": the asker's own items (uavex's default exporter) sold on by a buyer
# "re-export our drones", or "we sell to a distributor in Singapore who resells to ...": the item is the asker's
# ("a re-export of an ITAR drone from Germany": an ITAR or US-origin article sold on is a US item too)
OURS_SOLD_ON = re.compile(r"\bre-?(?:export|sell|sale|transfer)\w*\s+(?:of\s+)?(?:(?:our|my)\b|"
                          r"(?:an?\s+|the\s+|these\s+|those\s+)?"
                          r"(?:itar|usml|us|u\.s\.|american|us-origin|u\.s\.-origin)\b)|"
                          r"\b(?:we|i)\s+(?:\w+\s+){0,2}?(?:sell|sold|export|ship|suppl|deliver)\w*\b[^.?!]{0,80}"
                          r"\b(?:who|which)\s+(?:then\s+|later\s+)?(?:re-?sell|re-?export|re-?transfer|sell)", re.I)


def _exporter(reading: Reading, system: SystemMention | None, default: str) -> tuple[str, str, str | None]:
    """(exporter, how it was found, reseller). A US-origin item sold on or re-exported by another country is a
    re-transfer the US must approve (22 CFR 123.9), under its own policy: the US stays the exporter and the other
    country is the reseller."""
    if reading.exporters:
        stated = reading.exporters[0].code
        us_origin = any(c.code == "US" for c in reading.exporters) or (system is not None and
                                                                     system.system.origin == "US") \
            or (default == "US" and system is None and bool(OURS_SOLD_ON.search(reading.question)))
        if stated != "US" and us_origin:  # a US-origin item sold on by its owner (or re-exported)
            return "US", "retransfer", stated
        return stated, "stated", None
    if system is not None and len(system.system.origin) == 2 and not OWN_COPY.search(reading.question):
        return system.system.origin, f"origin of the {system.system.name} in the catalogue", None
    return default, "default", None


# "a TB2 clone we built", "our own version of the Reaper": the asker's own copy, not the named system's maker's sale
OWN_COPY = re.compile(r"\b(?:clones?|cop(?:y|ies)|versions?|variants?|derivatives?|knock-?offs?)\s+(?:that\s+)?"
                      r"(?:we|i)\s+(?:have\s+)?(?:built|build|make|made|manufactur\w*|produc\w*|develop\w*|design\w*)\b|"
                      r"\b(?:our|my)\s+(?:own\s+)?(?:clone|copy|version|variant|derivative)\s+of\b", re.I)


def _figures_for(reading: Reading, index: int) -> list[Figure]:
    """Figures between this system's mention and the next one's; figures before the first system are shared."""
    systems = reading.systems
    first = systems[0].start
    start = systems[index].start
    end = systems[index + 1].start if index + 1 < len(systems) else len(reading.question) + 1
    return [f for f in reading.figures if start <= f.start < end or f.start < first]


def split_parts(reading: Reading, today: date, default_exporter: str) -> list[Part]:
    dates = reading.as_of_dates
    stated_dates = list(dates)
    if reading.now is not None and dates:
        stated_dates.append(reading.now)
    when = stated_dates[0] if stated_dates else reading.now
    base_day = when.day if when else today
    base_note = when.note if when else None
    exporters = {c.code for c in reading.exporters} | {m.system.origin for m in reading.systems[:1]
                                                        if not reading.exporters}
    # "does the US policy matter for Turkey?" after "Baykar sold": the exporter is not also a destination
    destinations = [d for d in reading.destinations if d.code not in exporters] or reading.destinations[:1]
    countries = [c.code for c in reading.countries]

    def part(label: str, system: SystemMention | None, figures: list[Figure], destination: str | None,
             day: date = base_day, note: str | None = base_note, stated: bool = when is not None) -> Part:
        exporter, source, reseller = _exporter(reading, system, default_exporter)
        if destination in (exporter, reseller):
            destination = None
        return Part(label, system, figures, destination, exporter, source, day, note, stated, countries, reseller)

    first_destination = destinations[0].code if destinations else None
    if len(reading.systems) >= 2:
        return [part(m.system.name, m, _figures_for(reading, i), first_destination)
                for i, m in enumerate(reading.systems[:MAX_PARTS])]
    system = reading.systems[0] if reading.systems else None
    if len(destinations) >= 2 and (reading.describes_item or system):
        return [part(country_name(d.code), system, reading.figures, d.code) for d in destinations[:MAX_PARTS]]
    by_day = {d.day: d for d in sorted(stated_dates, key=lambda d: d.start, reverse=True)}  # "now (2026)": one day
    if len(by_day) >= 2 and (reading.countries or reading.describes_item) and not TIMELINE.search(reading.question):
        # dates split a question about a destination or an airframe; in a history question they are its topic
        # ("the history of US drone export policy from 2015 to now" is one timeline)
        ordered = sorted(by_day.values(), key=lambda d: d.start)
        return [part(d.text if d.kind != "now" else f"now ({d.day.isoformat()})", system, reading.figures,
                     first_destination, d.day, d.note, True) for d in ordered[:MAX_PARTS]]
    if VARIANTS.search(reading.question):
        by_measure = {m: sorted((f for f in reading.figures if f.measure == m), key=lambda f: f.start)
                      for m in SPLIT_MEASURES}
        varying = [figures for figures in by_measure.values()
                   if len(figures) >= 2 and len({round(f.value, 3) for f in figures}) == len(figures)]
        if varying:  # split on the first measure that varies
            # "600 kg, 280 km vs 200 kg, 400 km": measures that vary as often pair up in the order they are typed
            paired = [figures for figures in varying if len(figures) == len(varying[0])]
            measures = {figures[0].measure for figures in paired}
            others = [f for f in reading.figures if f.measure not in measures]
            return [part(f"{f.describe()}", system, [*others, *(figures[i] for figures in paired)], first_destination)
                    for i, f in enumerate(varying[0][:MAX_PARTS])]
    return [part("", system, reading.figures, first_destination)]
