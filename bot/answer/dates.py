"""Dates written in a question and whether each one sets the as-of date of a part ("notified in December 2012",
"in spring 2019", "in 2021 and now?") or names a policy ("the Sept 2025 change", "the 2016 declaration")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from bot.errors import RuleDataError
from bot.units import UNIT_WORDS
from bot.yamlstrict import load_language_data

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
          "nov": 11, "dec": 12}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_YEAR = r"(?P<year>(?:19|20)\d{2})"
PATTERNS = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("day-month-year", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("month-day-year", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I)),
    ("month-year", re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("season-year", re.compile(rf"\b(?P<season>early|mid|late|spring|summer|autumn|fall|winter|end\s+of|"
                               rf"start\s+of|beginning\s+of)[\s-]+(?:of\s+)?{_YEAR}\b", re.I)),
    ("quarter-year", re.compile(rf"\b(?:Q(?P<q>[1-4])|(?P<qword>first|second|third|fourth|1st|2nd|3rd|4th)\s+"
                                rf"quarter|H(?P<h>[12])|(?P<hword>first|second|1st|2nd)\s+half)[\s-]+(?:of\s+)?{_YEAR}\b",
                                re.I)),
    ("fiscal-year", re.compile(r"\bFY\s?(?P<fy>(?:19|20)?\d{2})\b", re.I)),
    ("decade", re.compile(r"(?<![\w$.,-])(?P<year>(?:19|20)\d0)['’]?s\b")),  # "the 2000s", "the 1990's"
    ("year", re.compile(rf"(?<![\w$.,-]){_YEAR}(?![\w%,.-]\d)(?!['’]?s\b)")),
]
ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
SEASON = {"early": (1, 1), "start of": (1, 1), "beginning of": (1, 1), "winter": (1, 15), "spring": (4, 1),
          "mid": (7, 1), "summer": (7, 1), "autumn": (10, 1), "fall": (10, 1), "late": (10, 1),
          "end of": (12, 31)}
POLICY_AFTER = re.compile(r"^[^\w.?!;]{0,3}(?:['\"‘“][^'\"’”]{0,60}['\"’”]\s*)?"  # (not past a sentence's end)
                          r"(?:(?:us|u\.s\.|uas|drone|export|bis|state|"
                          r"military|civil|new|national|conventional|arms|transfer|mtcr|itar|ear|uav|"
                          # "the 2018 and 2020 policies": a year joined to another that names the policy
                          r"and|or|vs\.?|versus|&|(?:19|20)\d\d|"
                          r"\d[\d,.]*[\s-]?(?:km/h|kmh|kph|km|kg|kt|kts|knots?|mph)?)\s+){0,4}"
                          r"(?:changes?|polic(?:y|ies)|shift|rules?|update|announcement|"
                          r"reinterpretation|carve-?out|eo\b|executive\s+order|declaration|memo\w*|nsm|decision|"
                          r"version|reform|plenary|amendments?|guidance|fact\s*sheet|statement|law|act)\b", re.I)
UNIT_AFTER = re.compile(rf"^\s?(?:{UNIT_WORDS}|\$|usd|million|units?|"
                        r"(?:aircraft|drones?)(?!\s+(?:export\s+)?(?:polic|rules?\b|updates?\b|changes?\b)))\b",
                        re.I)  # "2018 drones" is a count, "the 2018 drone policy" a year
# "the 2020 one", "the 2018 version": a thing named before by its year, not a day to answer as of
THE, ONE_AFTER = re.compile(r"\bthe\s+$", re.I), re.compile(r"\s+(?:one|version)s?\b", re.I)
# a period's start: "from 2015 to now", "from 2018 until 2021"
FROM = re.compile(r"\bfrom\s+$", re.I)
TO_LATER = re.compile(r"\s*(?:to|until|till|through|-|–)\s*(?:now|today|the\s+present|present|date|(?:19|20)\d\d)\b",
                      re.I)
POLICY_BEFORE = re.compile(r"\b(?:since|after|before|prior\s+to|until|following|pre|post)[\s-]+(?:the\s+)?$", re.I)
NOW = re.compile(r"\b(?:now|today|currently|rn|these\s+days|at\s+present|at\s+the\s+moment|this\s+year|"
                 r"nowadays|as\s+of\s+today)\b", re.I)
FUTURE = re.compile(r"\b(?:next\s+(?:yr|year|month|quarter|spring|summer|fall|autumn|winter)|upcoming|"
                    r"in\s+the\s+future|later\s+this\s+year)\b", re.I)


@dataclass(frozen=True)
class DateMention:
    day: date
    text: str
    start: int
    end: int
    kind: str
    as_of: bool  # False when the date names a policy or bounds a period ("since 2021")
    note: str | None = None
    period: NamedPeriod | None = None  # the named period it is ("under Obama"); ``day`` is the last day of its rules


def _day(kind: str, m: re.Match[str]) -> tuple[date, str | None]:
    g = m.groupdict()
    if kind == "iso":
        return date(int(g["y"]), int(g["m"]), int(g["d"])), None
    year = int(g["year"]) if g.get("year") else 0
    if kind in ("day-month-year", "month-day-year"):
        return date(year, MONTHS[g["month"][:3].lower()], int(g["day"])), None
    if kind == "month-year":
        chosen = date(year, MONTHS[g["month"][:3].lower()], 1)
        return chosen, f"read '{m.group(0)}' as {chosen.isoformat()} (first day of the month)"
    if kind == "season-year":
        month, dd = SEASON[" ".join(g["season"].lower().split())]
        chosen = date(year, month, dd)
        return chosen, f"read '{m.group(0)}' as {chosen.isoformat()}"
    if kind == "quarter-year":  # the first day of the quarter or half-year, as "March 2019" reads as 1 March
        if g.get("q") or g.get("qword"):
            quarter = int(g["q"]) if g.get("q") else ORDINAL[g["qword"].lower()]
            chosen, span = date(year, 3 * quarter - 2, 1), "quarter"
        else:
            half = int(g["h"]) if g.get("h") else ORDINAL[g["hword"].lower()]
            chosen, span = date(year, 6 * half - 5, 1), "half-year"
        return chosen, f"read '{m.group(0)}' as {chosen.isoformat()} (first day of the {span})"
    if kind == "decade":
        chosen = date(year + 9, 12, 31)
        return chosen, f"read '{m.group(0)}' as {chosen.isoformat()} (the rules at the end of that decade)"
    if kind == "fiscal-year":
        fy = int(g["fy"])
        fy = fy + 2000 if fy < 100 else fy
        chosen = date(fy - 1, 10, 1)
        return chosen, f"read '{m.group(0)}' as US fiscal year {fy} (1 October {fy - 1} to 30 September {fy})"
    chosen = date(year, 12, 31)
    return chosen, f"read '{m.group(0)}' as {chosen.isoformat()} (the rules at the end of that year)"


# "before the 2020 change", "under the 2020 policy", "how did the 2020 policy treat it" (the day it took effect)
# ("the sept 2025 change": the month said with the year; "did the 2018 policy let us ...": what the policy allowed)
_MONTH = r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+)?"
RELATIVE_TO_CHANGE = re.compile(r"\b(?:(?P<side>before|prior\s+to|until|after|since|following|under)|"
                                r"(?:did|does|would|do)(?=\s+(?:the\s+)?\d{4}\s+(?:[\w.]+\s+){0,2}?(?:change|policy|update|"
                                r"rule)\s+(?:treat|handle|classify|apply\s+to|view|see|let|allow|permit|cover)))\s+"
                                rf"(?P<named>(?:the\s+)?{_MONTH}{_YEAR}(?:\s+(?:us|u\.s\.|uas|drone|export|state))*\s+"
                                r"(?:change|policy|update|announcement|reinterpretation|shift|rule|decision)\b)", re.I)


def _relative_to_change(text: str, changes: dict[int, date]) -> list[DateMention]:
    """'before the 2020 change' -> the day before the rule change of that year; 'after' -> the day it took effect."""
    out = []
    for m in RELATIVE_TO_CHANGE.finditer(text):
        change = changes.get(int(m.group("year")))
        if change is None:
            continue
        side = (m.group("side") or "under").lower()
        before = side in ("before", "until") or side.startswith("prior")
        day = change - timedelta(days=1) if before else change
        # "how did the 2020 policy treat it": the policy named, without the verb that asks about it
        start = m.start() if m.group("side") else m.start("named")
        said = text[start:m.end()]
        note = f"read '{said}' as {day.isoformat()} (the US policy change took effect on {change.isoformat()})"
        out.append(DateMention(day, said, start, m.end(), "relative", True, note))
    return out


@dataclass(frozen=True)
class NamedPeriod:
    pattern: re.Pattern[str]
    start: date
    end: date | None  # None while the period runs
    label: str


@lru_cache(maxsize=4)
def named_periods(path: Path) -> tuple[NamedPeriod, ...]:
    """The named periods of ``corpus/language/periods.yaml`` ("under Obama"), checked as they load."""
    if not path.exists():
        return ()
    data = load_language_data(path.read_text(encoding="utf-8")) or {}
    out = []
    for i, entry in enumerate(data.get("periods") or []):
        if set(entry) != {"pattern", "start", "end", "label"} or not isinstance(entry["start"], date) \
                or not (entry["end"] is None or isinstance(entry["end"], date)):
            raise RuleDataError(str(path), f"period {i + 1} needs pattern, start, end (a date or null) and label")
        out.append(NamedPeriod(re.compile(entry["pattern"], re.I), entry["start"], entry["end"], str(entry["label"])))
    return tuple(out)


# "last year", "two years ago": a past time counted back from today
YEARS_AGO = re.compile(r"\blast\s+year\b|"
                       r"\b(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\s+ago\b", re.I)
NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10}
# "reaper to jordan before 2020", "pre-2020": the rules at the end of the year before
BEFORE_YEAR = re.compile(r"\b(?:before|prior\s+to|pre)[\s-]+$", re.I)
PRE_YEAR = re.compile(r"\bpre-(?P<year>(?:19|20)\d{2})\b", re.I)  # the year pattern leaves out a year after a hyphen


def _end_of_year_before(year: int, said: str) -> tuple[date, str]:
    """"before 2020", "pre-2020": the last day of the year before, and the note saying so."""
    day = date(year - 1, 12, 31)
    return day, f"read '{said}' as {day.isoformat()} (the rules at the end of the year before)"


def _spoken(text: str, today: date, periods: tuple[NamedPeriod, ...]) -> list[DateMention]:
    """Times named without a date: a named period ("under Obama": the rules at its end) and a time counted back from
    today ("last year": the rules at its end; "two years ago": that day)."""
    out = []
    for period in periods:
        for m in period.pattern.finditer(text):
            day = min(period.end or today, today)
            said = m.group(0).strip()
            if period.end:
                note = f"read '{said}' as {day.isoformat()} (the rules at the end of {period.label}, " \
                       f"{period.start.isoformat()} to {period.end.isoformat()})"
            else:
                note = f"read '{said}' as today ({period.label}, from {period.start.isoformat()})"
            out.append(DateMention(day, m.group(0), m.start(), m.end(), "period", True, note, period))
    for m in PRE_YEAR.finditer(text):
        day, note = _end_of_year_before(int(m.group("year")), m.group(0))
        out.append(DateMention(day, m.group(0), m.start(), m.end(), "before-year", True, note))
    for m in YEARS_AGO.finditer(text):
        if m.group("n") is None:  # "last year"
            day = date(today.year - 1, 12, 31)
            note = f"read '{m.group(0)}' as {day.isoformat()} (the rules at the end of that year)"
        else:
            n = int(m.group("n")) if m.group("n").isdigit() else NUMBER_WORDS[m.group("n").lower()]
            day = today.replace(year=today.year - n, day=28) if (today.month, today.day) == (2, 29) else \
                today.replace(year=today.year - n)
            note = f"read '{m.group(0)}' as {day.isoformat()}"
        out.append(DateMention(day, m.group(0), m.start(), m.end(), "relative", True, note))
    return out


def find_dates(text: str, today: date, changes: dict[int, date] | None = None,
               periods: tuple[NamedPeriod, ...] = ()) -> list[DateMention]:
    """Explicit dates in ``text`` (most specific form wins for overlapping spans), in order of appearance.
    ``changes`` maps a year to the date a policy change took effect, for 'before the 2020 change'; ``periods`` are
    the named periods ("under Obama")."""
    out: list[DateMention] = _relative_to_change(text, changes or {}) + _spoken(text, today, periods)
    taken: list[tuple[int, int]] = [(d.start, d.end) for d in out]
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if kind == "year" and UNIT_AFTER.match(text[m.end():]):
                continue  # "1966 km" is a figure, not a year
            try:
                day, note = _day(kind, m)
            except (ValueError, KeyError):
                continue
            taken.append(m.span())
            after = text[m.end():m.end() + 70]
            before = text[max(0, m.start() - 25):m.start()]
            as_of = not (POLICY_AFTER.search(after) or POLICY_BEFORE.search(before)
                         or (THE.search(before) and ONE_AFTER.match(after))
                         or (FROM.search(before) and TO_LATER.match(after)))  # "from 2015 to now": a period
            bounded = BEFORE_YEAR.search(before) if kind == "year" else None
            if bounded and not POLICY_AFTER.search(after):
                # "reapers to jordan before 2020": the rules at the end of the year before
                day, note = _end_of_year_before(day.year, f"{bounded.group(0).strip()} {m.group(0)}")
                as_of, kind = True, "before-year"
            elif kind == "year" and day.year == today.year:
                day, note = today, None
            elif day > today:
                note = f"uavex cannot know the rules of {m.group(0)}; answered with the rules in force today"
                day = today
            out.append(DateMention(day, m.group(0), m.start(), m.end(), kind, as_of, note))
    out.sort(key=lambda d: d.start)
    return out


def relative_now(text: str, today: date) -> DateMention | None:
    """'now', 'today', 'next year' -> today's rules (a future date cannot be known)."""
    future = FUTURE.search(text)
    if future:
        return DateMention(today, future.group(0), future.start(), future.end(), "future", True,
                           f"uavex cannot know future rules; answered with the rules in force today "
                           f"({today.isoformat()})")
    now = NOW.search(text)
    if now:
        return DateMention(today, now.group(0), now.start(), now.end(), "now", True, None)
    return None
