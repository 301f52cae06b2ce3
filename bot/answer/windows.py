"""When a question asks about: a window of time ("since 2021", "between 2015 and 2025", "what changed in 2021?"),
the year before one ("before 2020"), a whole history, or two times compared ("the sept 2025 policy vs the 2020
one"). Used by evidence gathering to pick the dated rule values that answer."""

from __future__ import annotations

import calendar
import itertools
import re
import weakref
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.answer.comparisons import COMPARISON_FRAME, compared_sides
from bot.answer.dates import DateMention
from bot.answer.follow_up import CATEGORY
from bot.answer.read import Reading
from bot.answer.sentences import GENERIC, tokens
from bot.answer.vocabulary import CHANGE
from bot.rules.categories import US_TREATMENT

if TYPE_CHECKING:
    from bot.service import ComplianceService

# ("the difference between the 2020 and 2025 changes" sets two times side by side: no window between them)
SINCE = re.compile(r"\b(?:since|after|from|(?<!differences )(?<!difference )(?<!diff )between|starting(?:\s+in)?)\s+"
                   r"(?:the\s+)?(?:start\s+of\s+)?$", re.I)
UNTIL = re.compile(r"^\s*(?:and|to|until|till|through|-|–)\s*(?:the\s+end\s+of\s+)?$", re.I)


def asked_window(reading: Reading, whole_year: bool) -> tuple[date, str, date | None] | None:
    """The window a question asks about: its start ("since 2021": a bare year counts from 1 January, "after 2021"
    from 2022), its words, and its end when it is closed ("between 2015 and 2025"), else None. With ``whole_year``
    (a question that asks only what changed), a year asked about whole ("in 2021") is a window too."""
    for i, mention in enumerate(reading.dates):
        cue = SINCE.search(reading.question[max(0, mention.start - 24):mention.start])
        if cue is None:
            continue
        label = f"{cue.group(0).strip()} {mention.text}"
        end = _until(reading, i)
        if end is not None:
            label = f"{label} {reading.question[mention.end:end.start].strip()} {end.text}"
        start = date(mention.day.year + (cue.group(0).lower().startswith("after")), 1, 1) \
            if mention.kind == "year" else mention.day
        return start, label, end.day if end is not None else None
    for mention in reading.dates if whole_year else ():
        # one year asked about whole: "what changed in 2021?", "what did the 2018 UAS policy do?"
        before = reading.question[max(0, mention.start - 24):mention.start]
        if mention.kind == "year" and (IN_YEAR.search(before) or DATED_POLICY.match(reading.question[mention.end:])):
            year = mention.day.year
            return date(year, 1, 1), f"in {year}", date(year, 12, 31)
        if mention.kind == "month-year" and IN_YEAR.search(before):  # "what changed in September 2025?"
            first = mention.day  # (the first day of the month)
            return first, f"in {mention.text}", first.replace(day=calendar.monthrange(first.year, first.month)[1])
        if mention.period is not None:  # "did it change under Biden?": the whole term
            return mention.period.start, f"during {mention.period.label}", mention.day
    return None


# a second year joined to the first: "in 2020 and (in) 2025", "2020 vs 2025", "2018, 2020 or 2025"
ANOTHER_YEAR = re.compile(r"\s*(?:,|and|or|vs\.?|versus|&|/)\s*(?:in\s+|during\s+)?(?:the\s+year\s+)?$", re.I)


def more_years_asked(reading: Reading, window: tuple[date, str, date | None] | None) -> list[tuple[date, str, date]]:
    """The other whole years a question about one year's changes joins to it ("what changed in 2020 and in 2025?",
    "... in 2020 vs 2025?"), each as its own window, in the order asked; empty unless ``window`` is a whole year."""
    if window is None or window[1] != f"in {window[0].year}":
        return []
    years = [m for m in reading.dates if m.kind == "year"]
    out: list[tuple[date, str, date]] = []
    for earlier, mention in itertools.pairwise(years):
        year = mention.day.year
        if ANOTHER_YEAR.match(reading.question[earlier.end:mention.start]) \
                and year not in {window[0].year, *(w[0].year for w in out)}:
            out.append((date(year, 1, 1), f"in {year}", date(year, 12, 31)))
    return out


# how a question asks the changes to be set out ("in one line each"), not what it asks about
LAYOUT = tokens("one line lines each brief briefly short sentence sentences word words bullet bullets point points "
                "summary summarise summarize quick quickly")


def asks_only_about_changes(reading: Reading) -> bool:
    """A question that asks what changed at a time and names nothing else specific ("what changed in 2021?", "what
    did the 2018 UAS policy do?", "does the 2025 policy change anything for sales to Poland?"): the dated changes in
    uavex's rule data answer it."""
    q = reading.question
    if not reading.dates or not (CHANGE.search(q) or any(DATED_POLICY.match(q[d.end:]) for d in reading.dates)):
        return False
    named = set().union(*(tokens(m.text) for m in reading.dates), *(tokens(m.text) for m in reading.countries))
    # "for Category I drones": the category the US policy treats, not something else asked about; "the difference
    # between ...", "in one line each": how the changes are to be set out
    return not tokens(NAMED_CATEGORY.sub(" ", CHANGE.sub(" ", q))) - GENERIC - named - COMPARISON_FRAME - LAYOUT


# an MTCR category as follow-ups spell it, with "MTCR" before it
NAMED_CATEGORY = re.compile(r"\b(?:mtcr\s+)?" + CATEGORY.pattern.removeprefix(r"\b"), re.I)
WINDOW_CHANGES = ("policy-changes", "itar-changes", "partners-since")


def before_year(reading: Reading) -> date | None:
    """The last day before a year a question asks about ("how did the US treat Category I before 2020?")."""
    for mention in reading.dates:
        if mention.kind == "before-year":
            return mention.day  # the last day of the year before (bot/answer/dates.py)
        if mention.kind == "year" and re.search(r"\buntil\s+$", reading.question[max(0, mention.start - 12):
                                                                                 mention.start], re.I):
            return date(mention.day.year - 1, 12, 31)
    return None


def changes_asked(question: str) -> tuple[str, ...]:
    """The lists of changes that answer a question about a window: of the US policy alone when it names a policy
    ("what did the 2018 UAS policy do?"), else of every list ("what changed in 2021?")."""
    return WINDOW_CHANGES[:1] if re.search(r"\bpolic(?:y|ies)\b", question, re.I) else WINDOW_CHANGES


IN_YEAR = re.compile(r"\b(?:in|during|over|through(?:out)?)\s+(?:the\s+(?:year\s+|course\s+of\s+)?)?$", re.I)
# a policy or change named by its year: "the 2018 UAS export policy", "the 2020 change"
DATED_POLICY = re.compile(r"\s*(?:(?:us|u\.s\.|uas|drone|uav|export|arms|revised|updated|new)\s+){0,3}"
                          r"(?:polic(?:y|ies)|change|update|reinterpretation|revision|reform)s?\b", re.I)


TIMELINE = re.compile(r"\b(?:timeline|chronolog\w*|history\s+of|evolution\s+of|how\s+(?:has|have)\s+.{0,60}"
                      r"\b(?:changed|evolved)\s+over\s+(?:time|the\s+years)|"
                      # "the US drone export policy history", "export rules' evolution"
                      r"polic(?:y|ies)['’]?\s+(?:history|evolution)|(?:rules|controls)['’]?\s+(?:history|evolution))\b",
                      re.I)


def timeline(reading: Reading, rules: Any) -> tuple[date, str] | None:
    """A request for the whole history ("timeline of US drone export policy") with no window of its own: from the
    first dated US policy value on."""
    if not TIMELINE.search(reading.question):
        return None
    parameter = rules.parameters.get(US_TREATMENT)
    return (parameter.first_effective, f"since {parameter.first_effective.year}") if parameter is not None else None


def _until(reading: Reading, i: int) -> DateMention | None:
    """The date that closes a window opened by date ``i`` ("between 2015 and 2025"), or None."""
    if i + 1 < len(reading.dates):
        start, end = reading.dates[i], reading.dates[i + 1]
        if UNTIL.match(reading.question[start.end:end.start]) and end.day > start.day:
            return end
    return None


def period_end(mention: DateMention) -> date:
    """The last day of the period a date names: "2020" is 31 December 2020, "sept 2025" 30 September 2025 (the
    rules at the end of that period)."""
    day = mention.day
    if mention.kind == "year":
        return date(day.year, 12, 31)
    if mention.kind == "month-year":
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def compared_periods(reading: Reading, today: date) -> list[date]:
    """The two times a comparison sets side by side ("what did the sept 2025 policy change vs the 2020 one?"), each
    as the last day of its period (no later than ``today``), earlier first; empty for any other question."""
    sides = compared_sides(reading.question)
    if sides is None or not all(side and all(t.isdigit() for t in side) for side in sides):
        return []
    years = {int(t) for side in sides for t in side}
    ends = sorted({min(period_end(m), today) for m in reading.dates if m.day.year in years})
    return ends if len(ends) == 2 else []


def dated_policy_day(reading: Reading, today: date) -> date | None:
    """The day a question about one dated policy is answered as of ("what are the conditions of the 2018 drone
    policy?": the end of 2018), when it names exactly one such policy and no other time; else None."""
    named = [m for m in reading.dates if m.kind == "year" and DATED_POLICY.match(reading.question[m.end:])
             and not SINCE.search(reading.question[max(0, m.start - 24):m.start])]
    if len(named) != 1 or len(reading.dates) != 1:
        return None
    return min(date(named[0].day.year, 12, 31), today)


_POLICY_CHANGES: weakref.WeakKeyDictionary[ComplianceService, tuple[Any, dict[int, date]]] = \
    weakref.WeakKeyDictionary()


def policy_changes(service: ComplianceService) -> dict[int, date]:
    """Year -> effective date of each change of US UAS export policy (for 'before the 2020 change', 'did the 2018
    policy let us ...'): the conditions and standards of the policy, and over them, in a year with both, the change of
    Category I UAS treatment ('the 2025 change' is September's). Read once per rule set."""
    rules = service.rules
    if (found := _POLICY_CHANGES.get(service)) is not None and found[0] is rules:
        return found[1]
    out: dict[int, date] = {}
    for parameter in rules.group("us.safeguards").values():
        for value in parameter.values[1:] if parameter.values[0].observed else parameter.values:
            out.setdefault(value.effective.year, value.effective)
    treatment = rules.parameters.get(US_TREATMENT)
    out.update({v.effective.year: v.effective for v in treatment.values[1:]} if treatment else {})
    _POLICY_CHANGES[service] = (rules, out)
    return out
