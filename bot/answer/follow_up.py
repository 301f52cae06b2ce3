"""Follow-ups that ask the earlier question again of something else ("and the 2020 one?", "what about 2015?", "and
category II?").

A short follow-up that only names another year asks the earlier question of that year: "what did the 2018 policy
change?" then "and the 2020 one?" is "what did the 2020 policy change?". Answering that question, instead of the
two turns run together, keeps the rule data's window and the passage search on the year asked about.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.answer.parties import CountryMention

# "and for Norway?", "what about 2015?", "same question for the MQ-9B": the earlier question, asked of something else
ELLIPTICAL = re.compile(r"^\s*(?:and|or|also|what\s+about|how\s+about|same\s+(?:for|with|question\s+for))\b|"
                        # "is turkey?" after "who is on 126.1?": the earlier question, of one or two words' subject
                        r"^\s*(?:is|are)\s+(?:the\s+)?[\w.'’-]+(?:\s+[\w.'’-]+)?\s*\?*\s*$", re.I)
YEAR = re.compile(r"\b(?:19[89]\d|20\d\d)\b")
# the words such a follow-up may hold besides its year: what it asks is the earlier question's
FILLER = frozenset("""and or also what how about same question for with the in of one ones then year policy
change changes update rule version""".split())
MAX_WORDS = 6


def asked_again_for_year(question: str, context: str) -> str | None:
    """The earlier question (``context``) with its years replaced by the one year ``question`` names, when
    ``question`` is a short elliptical follow-up that names nothing else; None otherwise."""
    if not ELLIPTICAL.match(question) or len(question.split()) > MAX_WORDS:
        return None
    years = set(YEAR.findall(question))
    earlier = set(YEAR.findall(context))
    if len(years) != 1 or not earlier or years <= earlier:
        return None
    words = set(re.findall(r"[a-z]+", YEAR.sub(" ", question.lower())))
    if words - FILLER:
        return None
    return YEAR.sub(years.pop(), context)


# an MTCR category by any of its usual spellings: "Category II", "cat 2", "cat. two"
CATEGORY = re.compile(r"\bcat(?:egory)?\.?\s*(ii|2|two|i|1|one)\b", re.I)
ROMAN = {"i": "I", "1": "I", "one": "I", "ii": "II", "2": "II", "two": "II"}


def asked_again_for_category(question: str, context: str) -> str | None:
    """The earlier question (``context``) asked of the one MTCR category ``question`` names, when ``question`` is a
    short elliptical follow-up that names nothing else ("what is Category I?" then "and category II?"); else None."""
    if not ELLIPTICAL.match(question) or len(question.split()) > MAX_WORDS:
        return None
    asked = {ROMAN[m.lower()] for m in CATEGORY.findall(question)}
    earlier = {ROMAN[m.lower()] for m in CATEGORY.findall(context)}
    if len(asked) != 1 or not earlier or asked <= earlier:
        return None
    if set(re.findall(r"[a-z]+", CATEGORY.sub(" ", question.lower()))) - FILLER:
        return None
    return CATEGORY.sub(f"Category {asked.pop()}", context)


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
