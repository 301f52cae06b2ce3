"""A request to arrange an onward transfer to a destination under a US denial policy is evasion whatever its
wording: a resale, re-export or transshipment ("our distributor in X wants to resell them to <proscribed country>,
how do we structure this?") or a route through a third country ("how do we get them into <proscribed country>
through X?"). The destination's status comes from the rule data, not from a list of names here."""

from __future__ import annotations

import re
from datetime import date

from bot.answer.read import Reading
from bot.rules.destinations import check_destination
from bot.rules.model import RuleSet

ONWARD = re.compile(r"\b(?:re-?sell\w*|resale|re-?export\w*|on-?sell\w*|trans-?ship\w*|onward|through|via|"
                    r"divert\w*|pass(?:es|ing)?\s+(?:them|it|the\s+\w+)\s+on|forward\w*|"
                    r"send\w*\s+(?:them|it)\s+on)\b", re.I)
ARRANGE = re.compile(r"\bhow\s+(?:do|can|should|would|could|might)\s+(?:we|i|they|you)\s+(?:best\s+)?"
                     r"(?:structure|arrange|set\s+(?:it|this|that|things)?\s*up|organi[sz]e|handle|manage|"
                     r"make\s+(?:it|this)\s+work|do\s+(?:it|this|that)|get)\b|"
                     r"\b(?:structure|arrange|set\s+up)\s+(?:this|it|the\s+(?:deal|sale|transfer))\b|"
                     r"\b(?:simplest|easiest|best|quickest|cheapest)\s+way\s+to\s+(?:get|send|move|ship)\b|"
                     r"\bhow\s+(?:best\s+)?to\s+(?:handle|manage|arrange|structure|set\s+up|do)\b", re.I)


def arranges_onward_transfer_to_denied(reading: Reading, rules: RuleSet, day: date) -> bool:
    """True when the question asks how to arrange an onward transfer and names a destination under a US denial
    policy on ``day``."""
    if not (ONWARD.search(reading.question) and ARRANGE.search(reading.question)):
        return False
    return any(check_destination(rules, c.code, "US", day).denial for c in reading.countries)
