"""Membership questions answered from the dated country lists: a named country's MTCR or NATO status (both, in the
order asked, when both are named), and the questions computed across the lists (which members of one group are in
the other, which partners are on §126.1, who left)."""

from __future__ import annotations

import re
from datetime import date

from bot.answer.citations import Citations
from bot.answer.rule_facts import (
    departures_point,
    listed_partners_point,
    nato_and_partners_point,
    nato_point,
    partner_point,
)
from bot.answer.vocabulary import OTHER_REGIME_ONLY
from bot.rules.model import RuleSet

# membership asked of a country: "is India in the MTCR?", "Türkiye in NATO?"
MEMBERSHIP = re.compile(r"\b(member\w*|partners?|join(?!t)\w*|accession|adher\w*|part of the mtcr|in the mtcr|"
                        r"in nato|mtcr\s+(?:status|standing))\b|"
                        # "is egypt MTCR, is it on 126.1, ...": a country asked whether it is "MTCR" (not an item:
                        # "is it MTCR controlled?")
                        r"\b(?:is|are)\s+(?:(?!(?:the|a|an|this|that|these|those|our|its|their|your|my|it|they|there|"
                        r"any|mtcr)\b)[a-z]+\s+){1,3}?mtcr(?=\s*(?:[?,.;!]|$)|\s+(?:and|or|too|yet|now|still)\b)",
                        re.I)
# MTCR partners asked about together with the ITAR §126.1 lists: "which MTCR partners are on 126.1?", "an MTCR
# partner can't be on 126.1"
PARTNERS_LISTED = re.compile(r"\b(?:mtcr|regime)\s+(?:partners?|members?|countries|states)\b[^?]{0,60}"
                             r"(?:126\.1|proscribed)|(?:126\.1|proscribed)\b[^?]{0,60}\b(?:mtcr|regime)\s+"
                             r"(?:partners?|members?|countries|states)\b", re.I)
# the members of one group asked about in the other: "which NATO countries are not MTCR partners?", "are all the mtcr
# partners in nato?" (the group asked about first is the one counted)
_ANY = r"\b(?:which|what|how\s+many|any|all|every|list|name)\b\W+(?:(?:of\s+)?(?:the|its)\s+)?"
_MEMBERS = r"\s+(?:members?|countries|states|allies|partners?|nations)\b[^?]{0,50}"
BOTH_GROUPS = re.compile(rf"{_ANY}(?:(?P<nato>nato){_MEMBERS}\b(?:mtcr|regime)\b|(?:mtcr|regime){_MEMBERS}\bnato\b)",
                         re.I)
# countries that left a group: "which countries left the MTCR?", "has anyone ever quit NATO?"
LEFT_GROUP = re.compile(r"\b(?:left|leave|leaving|quit|quitting|withdr[ae]w\w*|exit\w*|expelled|expulsions?|"
                        r"kicked\s+out|dropped\s+out|pulled\s+out)\b(?:\s+(?:of|from))?\s+(?:the\s+)?"
                        r"(?P<group>mtcr|regime|nato)\b", re.I)


def group_facts(rules: RuleSet, citations: Citations, question: str, codes: list[str], day: date) -> list[str] | None:
    """The membership facts ``question`` asks for (of the countries ``codes``, or computed when it names none), or
    None when it asks none (the caller's other facts may still answer it)."""
    q = question
    if not codes and (across := BOTH_GROUPS.search(q)):  # "which NATO members aren't in the MTCR?"
        return [nato_and_partners_point(rules, citations, day, of_nato=bool(across.group("nato")))]
    if not codes and PARTNERS_LISTED.search(q):  # "can an MTCR partner be on 126.1?"
        return [listed_partners_point(rules, citations, day)]
    if not codes and (left := LEFT_GROUP.search(q)):  # "which countries left the MTCR?"
        return [departures_point(rules, citations, day, of_nato=left.group("group").lower() == "nato")]
    if MEMBERSHIP.search(q) and not OTHER_REGIME_ONLY.search(q):  # of NATO when the question names it, else MTCR
        nato, mtcr = re.search(r"\bnato\b", q, re.I), re.search(r"\b(?:mtcr|regime)\b", q, re.I)
        statuses = [partner_point] if nato is None else [nato_point] if mtcr is None else \
            [nato_point, partner_point] if nato.start() < mtcr.start() else [partner_point, nato_point]
        return [status(rules, citations, code, day) for code in codes for status in statuses]
    return None
