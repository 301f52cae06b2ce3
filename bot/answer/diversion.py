"""A request to arrange an onward transfer (resale, re-export, transshipment) to a destination under a US denial
policy is evasion whatever its wording: "our distributor in X wants to resell them to <proscribed country>, how
do we structure this?". The destination's status comes from the rule data, not from a list of names here."""

from __future__ import annotations

import re
from datetime import date

from bot.answer.read import Reading
from bot.rules.destinations import check_destination
from bot.rules.model import RuleSet

ONWARD = re.compile(r"\b(?:re-?sell\w*|resale|re-?export\w*|on-?sell\w*|trans-?ship\w*|onward|"
                    r"divert\w*|pass(?:es|ing)?\s+(?:them|it|the\s+\w+)\s+on|forward\w*\s+(?:them|it)|send\w*\s+(?:them|it)\s+on)\b",
                    re.I)
ARRANGE = re.compile(r"\bhow\s+(?:do|can|should|would|could|might)\s+(?:we|i|they|you)\s+(?:best\s+)?"
                     r"(?:structure|arrange|set\s+(?:it|this|that|things)?\s*up|organi[sz]e|handle|manage|make\s+(?:it|this)\s+work|do\s+"
                     r"(?:it|this|that))\b|\b(?:structure|arrange|set\s+up)\s+(?:this|it|the\s+(?:deal|sale|transfer))\b",
                     re.I)


def arranges_onward_transfer_to_denied(reading: Reading, rules: RuleSet, day: date) -> bool:
    """True when the question asks how to arrange an onward transfer and names a destination under a US denial
    policy on ``day``."""
    if not (ONWARD.search(reading.question) and ARRANGE.search(reading.question)):
        return False
    return any(check_destination(rules, c.code, "US", day).denial for c in reading.countries)
