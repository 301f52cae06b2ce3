"""Counts, lists, periods and dates in the rule data as passages the answer step finds like any other: generated
from ``corpus/rules/`` for the as-of date, each citing the rule values it summarises. Their wording lives in
``prompts/rule_passages.md.j2``."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.answer.sentences import GENERIC, specific_overlap, tokens
from bot.answer.terms import defined_term
from bot.countries import country_name
from bot.render import environment
from bot.rules.categories import US_TREATMENT
from bot.rules.destinations import ADHERENTS, ITAR, NATO, NOTIFICATION, PARTNERS
from bot.rules.model import DatedValue, Parameter, RuleSet

if TYPE_CHECKING:
    from bot.service import ComplianceService

MIN_OVERLAP = 0.4
SAFEGUARDS = "us.safeguards"


@dataclass(frozen=True)
class FactPassage:
    key: str
    text: str
    cites: tuple[DatedValue, ...]
    markers: int = 1  # how many of ``cites`` the answer marks (a list of changes cites each source it draws on)
    asked_by: str = ""  # a pattern the question must match for this fact to answer it ("" for any question)
    about: str = ""  # a pattern the question must match too, the words it must share unchanged (see matching_facts)
    changes: int | None = None  # for a list of the changes in a window ("since 2021"): how many it lists


# The §126.1 country list answers a question about the list or its countries, not every question that says "ITAR"
# ("is our drone ITAR or not?", "a licence exception for an ITAR drone?" share "ITAR" and "exception" with it)
# (the MTCR's "strong presumption of denial" is not the §126.1 list's denial)
ITAR_LIST_ASKED = (r"126\.1|proscrib\w*|(?<!presumption of )(?<!presumption to )\bden(?:ial|ied|y)\b"
                   r"|\bembargo\w*|\bcountr(?:y|ies)\b|\bhard\s+no|\bbann?\w*"
                   r"|\blist\w*|\btables?\b|\bsanction\w*|\bforbidden\b|\bprohibit\w*|\bwhere\b")


def _names(codes: list[str]) -> list[str]:
    return sorted(country_name(c) for c in codes)


def countries_in_force(rules: RuleSet, group: str, day: date) -> dict[str, DatedValue]:
    """The values of a country list (partners, adherents) in force on ``day``, by ISO code."""
    out: dict[str, DatedValue] = {}
    for code, param in rules.group(group).items():
        dated = param.at(day)
        if dated is not None:
            out[code] = dated
    return out


EASED = ("suspended", "non-lethal-waiver")


def itar_changes(rules: RuleSet, since: date, until: date) -> tuple[dict[str, list[dict[str, str]]], list[DatedValue]]:
    """Listings, removals and eased or suspended denial policies on ITAR §126.1 between two days, from the dated
    values (a first value that only records when the list was read is not an addition), with those values."""
    changes: dict[str, list[dict[str, str]]] = {"added": [], "removed": [], "eased": []}
    values: list[DatedValue] = []
    for code, parameter in rules.group(ITAR).items():
        previous: DatedValue | None = None
        for value in parameter.values:
            if since <= value.effective <= until:
                entry = {"name": country_name(code), "day": value.effective.isoformat()}
                was = previous.value if previous is not None else None
                kind = ("removed" if value.value is None and was is not None else
                        "added" if value.value is not None and was is None and not value.observed else
                        "eased" if value.value in EASED and was not in EASED else None)
                if kind:
                    changes[kind].append(entry)
                    values.append(value)
            previous = value
    for entries in changes.values():
        entries.sort(key=lambda e: e["day"])
    return changes, sorted(values, key=lambda v: v.effective)


def _gist(text: str) -> str:
    """The first clause of a rule value's wording: up to its first full stop or semicolon."""
    return text.split(". ")[0].split("; ")[0].rstrip(".")


def _policy(rules: RuleSet) -> list[tuple[Parameter, bool]]:
    """The parameters of the US policy on UAS transfers: how Category I UAS are reviewed (its values are codes, so
    their notes carry the wording), then the conditions and standards of the UAS export policy (worded values)."""
    treatment = rules.parameters.get(US_TREATMENT)
    return [*([(treatment, True)] if treatment else []), *((p, False) for p in rules.group(SAFEGUARDS).values())]


def _wording(value: DatedValue, by_note: bool) -> str:
    return _gist(value.note if by_note and value.note else str(value.value))


def _restates(gist: str, earlier: list[str]) -> bool:
    """Whether ``gist`` says again what one of ``earlier`` says (most of its words)."""
    return any(len(tokens(g) & tokens(gist)) >= 0.6 * len(tokens(gist)) for g in earlier)


def policy_changes(rules: RuleSet, since: date, until: date) -> tuple[list[dict[str, Any]], list[DatedValue]]:
    """The dated changes to US policy on UAS transfers between two days (how Category I UAS are reviewed, and the
    conditions and standards of the UAS export policy), grouped by day, each with the gist of its new value.
    Uncertain values are left out; a change worded as another of the same day is given once."""
    by_day: dict[date, list[str]] = {}
    values: list[DatedValue] = []
    for parameter, by_note in _policy(rules):
        previous = None
        for value in parameter.values:
            changed, previous = value.value != previous, value.value
            if not changed or value.value is None or value.confidence == "uncertain" \
                    or not since <= value.effective <= until:
                continue
            gist = _wording(value, by_note)
            same_day = by_day.setdefault(value.effective, [])
            if not _restates(gist, same_day):
                same_day.append(gist)
                values.append(value)
    changes = [{"day": day.isoformat(), "items": items} for day, items in sorted(by_day.items())]
    return changes, sorted(values, key=lambda v: v.effective)


def policy_in_force(rules: RuleSet, day: date) -> list[tuple[DatedValue, str]]:
    """The values of the US policy on UAS transfers in force on ``day``, each with its gist (how Category I UAS are
    reviewed, then the conditions and standards), uncertain ones left out and one worded as an earlier one given
    once."""
    out: list[tuple[DatedValue, str]] = []
    for parameter, by_note in _policy(rules):
        value = parameter.at(day)
        if value is None or value.confidence == "uncertain":
            continue
        gist = _wording(value, by_note)
        if not _restates(gist, [g for _, g in out]):
            out.append((value, gist))
    return out


# The passages of one service (its rule set and templates are fixed for its life) by day and window: most
# questions ask about today, and wording them costs about a tenth of a warm answer.
_PASSAGES: weakref.WeakKeyDictionary[ComplianceService, dict[tuple[date, tuple[date, str] | None],
                                                              tuple[FactPassage, ...]]] = weakref.WeakKeyDictionary()
_PASSAGES_KEPT = 256


def fact_passages(service: ComplianceService, day: date, since: tuple[date, str] | None = None
                  ) -> tuple[FactPassage, ...]:
    """The rule-data passages for ``day``; ``since`` (the start of a window and the question's words for it, "after
    2023") adds the partners that joined and the changes to the §126.1 list in that window."""
    kept = _PASSAGES.setdefault(service, {})
    found = kept.get((day, since))
    if found is None:
        if len(kept) >= _PASSAGES_KEPT:
            kept.clear()
        found = kept[(day, since)] = tuple(_fact_passages(service, day, since))
    return found


def _fact_passages(service: ComplianceService, day: date, since: tuple[date, str] | None) -> list[FactPassage]:
    rules: RuleSet = service.rules
    macros = environment(str(service.settings.prompts_dir)).get_template("rule_passages.md.j2").module
    out: list[FactPassage] = []
    current = countries_in_force(rules, PARTNERS, day)
    if current:
        by_year: dict[int, list[str]] = {}
        for code, value in current.items():
            by_year.setdefault(value.effective.year, []).append(code)
        disputed = {code: [a.when() for a in value.alternatives] for code, value in current.items()
                    if value.alternatives}
        years = [{"year": y, "names": sorted(country_name(c) + (f" (uncertain; also given as "
                                                                 f"{' or '.join(disputed[c])})" if c in disputed
                                                                 else "") for c in codes)}
                 for y, codes in sorted(by_year.items())]
        founders = min(current.values(), key=lambda v: v.effective)
        founding = [c for c, v in current.items() if v.effective == founders.effective]
        cite = (*sorted(current.values(), key=lambda v: v.effective)[-1:], founders)
        out.append(FactPassage("partners", str(macros.partners(  # type: ignore[attr-defined]
            count=len(current), day=day.isoformat(), years=years)).strip(), cite))
        out.append(FactPassage("founders", str(macros.founders(  # type: ignore[attr-defined]
            day=founders.effective.isoformat(), count=len(founding), names=_names(founding))).strip(), (founders,)))
        if since is not None and since[0] < day:  # "which partners joined after 2000?"
            joined = sorted((v.effective, code) for code, v in current.items() if v.effective >= since[0])
            out.append(FactPassage("partners-since", str(macros.partners_since(  # type: ignore[attr-defined]
                label=since[1], since=since[0].isoformat(), day=day.isoformat(),
                joined=[{"name": country_name(c), "day": current[c].when()} for _, c in joined])).strip(),
                tuple(current[c] for _, c in joined[-1:]) or (founders,), changes=len(joined)))
    adherents = countries_in_force(rules, ADHERENTS, day)
    if adherents:
        out.append(FactPassage("adherents", str(macros.adherents(  # type: ignore[attr-defined]
            day=day.isoformat(), names=_names(list(adherents)))).strip(), tuple(adherents.values())[:1]))
    tables: dict[str, list[str]] = {}
    removed: list[dict[str, str]] = []
    cites: list[DatedValue] = []
    for code, parameter in rules.group(ITAR).items():
        listed = parameter.at(day)
        if listed is not None:
            tables.setdefault(str(listed.value), []).append(code)
            cites.append(listed)
        ended = parameter.ended_at(day)
        if ended is not None:
            removed.append({"name": country_name(code), "day": ended.effective.isoformat()})
            cites.append(ended)
    if tables:
        out.append(FactPassage("itar", str(macros.itar(  # type: ignore[attr-defined]
            day=day.isoformat(), table1=_names(tables.get("table-1", [])), table2=_names(tables.get("table-2", [])),
            # before the tables (2025) every listing is a denial; after them, a denial the tables do not name (Hong
            # Kong, through the China entry)
            denial=_names(tables.get("denial", [])), exceptions=_names(tables.get("denial-exceptions", [])),
            suspended=_names(tables.get("suspended", [])), removed=removed)).strip(), tuple(cites[:1]),
            about=ITAR_LIST_ASKED))
    if since is not None and since[0] < day:
        changes, changed = itar_changes(rules, since[0], day)
        if changed:  # cites the latest change
            out.append(FactPassage("itar-changes", str(macros.itar_changes(  # type: ignore[attr-defined]
                since=since[0].isoformat(), label=since[1], day=day.isoformat(), **changes)).strip(),
                (changed[-1],), changes=len(changed)))
    if since is not None and since[0] < day:
        steps, stepped = policy_changes(rules, since[0], day)
        # cites each source it draws on; first in the list, so a tie with the partner or §126.1 changes goes to it
        if steps:
            out.insert(0, FactPassage("policy-changes", str(macros.policy_changes(  # type: ignore[attr-defined]
                since=since[0].isoformat(), label=since[1], day=day.isoformat(), changes=steps)).strip(),
                tuple(cited := {v.reference.url: v for v in stepped}.values()), markers=len(cited),
                changes=len(steps)))
    for name, parameter in rules.group(SAFEGUARDS).items():  # the conditions and standards of the US policy in force
        dated = parameter.at(day)
        if dated is not None and isinstance(dated.value, str):
            out.append(FactPassage(f"{SAFEGUARDS}.{name}", str(macros.policy_value(  # type: ignore[attr-defined]
                description=parameter.description, day=day.isoformat(), value=dated.value)).strip(), (dated,)))
    in_force = policy_in_force(rules, day)
    if in_force:  # after the single values, so a tie goes to the one asked about; cites each source
        treatment = rules.parameters.get(US_TREATMENT)
        set_on = next((v.effective.isoformat() for v, _ in in_force if treatment and v in treatment.values), None)
        out.append(FactPassage("policy-in-force", str(macros.policy_in_force(  # type: ignore[attr-defined]
            day=day.isoformat(), since=set_on, items=[gist for _, gist in in_force])).strip(),
            tuple(cited := {v.reference.url: v for v, _ in in_force}.values()), markers=len(cited),
            asked_by=r"\bpolic(?:y|ies)\b"))  # a summary shares words with many questions: only for the policy
    general = rules.maybe(f"{NOTIFICATION}.review_days", day)
    short = rules.maybe(f"{NOTIFICATION}.shortened_review_days", day)
    if general and short:
        named = [c for c, p in rules.group(f"{NOTIFICATION}_shortened").items() if p.at(day)]
        out.append(FactPassage("notification", str(macros.notification(  # type: ignore[attr-defined]
            general=general.value, short=short.value, listed=_names(named),
            nato=len([1 for p in rules.group(NATO).values() if p.at(day)]))).strip(), (general,)))
    return out


def matching_facts(service: ComplianceService, question: str, day: date, idf: Callable[[str], float],
                   cite: Callable[[DatedValue, str], int], limit: int = 1,
                   since: tuple[date, str] | None = None, defining: bool = False,
                   wanted: tuple[str, ...] = ()) -> list[str]:
    """The rule-data passages that cover the question, each ending with its citation marker; ``since`` (a question
    about changes "since 2021") adds the changes to the lists in that window. A question that asks what something
    is (``defining``: "what is the MTCR?") takes a fact only when it shares two of its specific words: a count of
    partners is not what the MTCR is. Facts whose key is in ``wanted`` answer the question whatever words they share,
    most overlapping first, lists of changes only when not empty: "what changed in 2021?" gets the changes of that
    year, "how did the US treat Category I drones before 2020?" the policy then in force."""
    words = tokens(question)
    asked = words - GENERIC
    scored = []
    for fact in fact_passages(service, day, since):
        if fact.key not in wanted and any(cue and not re.search(cue, question, re.I)
                                           for cue in (fact.asked_by, fact.about)):
            continue
        # the as-of day every fact carries is not what it is about ("the STA change in 2026" is not the §126.1 list
        # of 2026-12-06)
        text = fact.text.replace(day.isoformat(), "")
        scored.append((specific_overlap(question, text, idf), tokens(text), fact))
    # a tie on the specific words goes to the fact listed first; a question with no specific word ("the current US
    # policy on drone exports") goes to the fact sharing most of its words
    scored.sort(key=lambda triple: (-triple[0], 0 if asked else -len(words & triple[1])))
    out: list[str] = []
    listed = [(score, about, fact) for score, about, fact in scored if fact.key in wanted and fact.changes != 0]
    needed = 2 if defining else min(2, len(asked))
    # a term of several words asked for ("what's the foreign direct product rule?") is not defined by a fact that
    # shares some of them ("direct commercial sale ... Foreign Military Sales")
    # (a term's words, not the years or numbers it is qualified by: "the conditions of the 2018 policy")
    term = {t for t in tokens(defined_term(question) or "") - GENERIC if t.isalpha()} if defining else set()
    for score, about, fact in listed or scored:
        if not listed and len(out) >= limit:  # the best facts that pass, not only the best-scored
            break
        # a fact must share at least two of the question's specific words (one, if it asks about one thing only),
        # or, for a question with none, two of its words; one that its own cue word called for (the policy summary,
        # for "policy") needs one
        need = min(needed, 1) if fact.asked_by else needed
        if len(term) > 1 and not term <= about and not listed:
            continue
        if listed or (score >= MIN_OVERLAP and len((asked or words) & about) >= (need if asked else 2)):
            markers = " ".join(f"[{cite(v, fact.text)}]" for v in fact.cites[:fact.markers])
            out.append(f"{fact.text} {markers}")
    return out
