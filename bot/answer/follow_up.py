"""Follow-ups that ask the earlier question again of something else ("and the 2020 one?", "what about 2015?", "and
category II?").

A short follow-up that only names another year asks the earlier question of that year: "what did the 2018 policy
change?" then "and the 2020 one?" is "what did the 2020 policy change?". Answering that question, instead of the
two turns run together, keeps the rule data's window and the passage search on the year asked about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.units import UNIT_WORDS

if TYPE_CHECKING:
    from bot.answer.parties import CountryMention

# "and for Norway?", "what about 2015?", "same question for the MQ-9B": the earlier question, asked of something else
ELLIPTICAL = re.compile(r"^\s*(?:and|or|also|what\s+about|how\s+about|same\s+(?:for|with|question\s+for))\b|"
                        # "is turkey?" after "who is on 126.1?": the earlier question, of one or two words' subject
                        r"^\s*(?:is|are)\s+(?:the\s+)?[\w.'’-]+(?:\s+[\w.'’-]+)?\s*\?*\s*$", re.I)
# (not a figure that looks like one: "2000 km range" before "and in 2026?")
YEAR = re.compile(rf"(?<![\d,.$])\b(?:19[89]\d|20\d\d)\b(?![.,]\d)(?!\s*(?:{UNIT_WORDS})\b)", re.I)
# the words such a follow-up may hold besides its year: what it asks is the earlier question's
FILLER = frozenset("""and or also what how about same question for with the in of one ones then year policy
change changes update rule version""".split())
MAX_WORDS = 6


def _asked_again(question: str, context: str, named: re.Pattern[str], key: Callable[[str], str],
                 written: Callable[[str], str]) -> str | None:
    """The earlier question (``context``) with what ``named`` finds in it replaced by the one thing of that kind
    ``question`` names (each found text read by ``key``, the replacement written by ``written``), when ``question``
    is a short elliptical follow-up that names nothing else, and something else than the earlier question did."""
    if not ELLIPTICAL.match(question) or len(question.split()) > MAX_WORDS:
        return None
    asked = {key(m) for m in named.findall(question)}
    earlier = {key(m) for m in named.findall(context)}
    if len(asked) != 1 or not earlier or asked <= earlier:
        return None
    if set(re.findall(r"[a-z]+", named.sub(" ", question.lower()))) - FILLER:
        return None
    return named.sub(written(asked.pop()), context)


def asked_again_for_year(question: str, context: str) -> str | None:
    """"what did the 2018 policy change?" then "and the 2020 one?": the earlier question asked of 2020."""
    return _asked_again(question, context, YEAR, str, str)


# an MTCR category by any of its usual spellings: "Category II", "cat 2", "cat. two"
CATEGORY = re.compile(r"\bcat(?:egory)?\.?\s*(ii|2|two|i|1|one)\b", re.I)
ROMAN = {"i": "I", "1": "I", "one": "I", "ii": "II", "2": "II", "two": "II"}


def asked_again_for_category(question: str, context: str) -> str | None:
    """"what is Category I?" then "and category II?": the earlier question asked of Category II."""
    return _asked_again(question, context, CATEGORY, lambda found: ROMAN[found.lower()],
                        lambda category: f"Category {category}")


TURN_END = re.compile(r"\?\s+")


def latest_countries(mentions: list[CountryMention], context: str) -> list[CountryMention]:
    """The countries a follow-up takes from the earlier conversation (``context``: its turns run together): the
    destinations of the latest turn that names one ("can we sell MQ-9B to Vietnam? what about Indonesia?" then "and in
    2019?" asks about Indonesia), with the exporters and regulators named in any turn."""
    ends = [m.end() for m in TURN_END.finditer(context)]
    turns = [sum(1 for end in ends if end <= m.start) for m in mentions]
    parties = [t for m, t in zip(mentions, turns, strict=True) if m.role not in ("exporter", "context")]
    if not ends or len(parties) < 2:
        return mentions
    return [m for m, t in zip(mentions, turns, strict=True) if m.role in ("exporter", "context") or t == max(parties)]
