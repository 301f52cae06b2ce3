"""What a question asks, without the words that only frame it: a lead-in that says who asks or why ("Counsel here:",
"For a compliance memo:") and how the asker wants the answer told ("like I'm new to this", "in plain English").
Those words are not searched for: "in plain english, what is the MTCR?" asks what the MTCR is."""

from __future__ import annotations

import re

from bot.answer.parties import countries_named
from bot.answer.vocabulary import DOMAIN


def what_is_asked(question: str) -> str:
    """``question`` without its greeting, its lead-in and how the answer is to be told, the Regime named by its short
    name and an Annex item written with its dots."""
    return _short_names(_without_audience(_without_preamble(_without_greeting(question))))


# "Hi - ...", "hello, ...", "Good morning! ...": a greeting opens a message; it asks nothing
GREETING = re.compile(r"^\s*(?:hi|hello|hey|hiya|greetings|good\s+(?:morning|afternoon|evening|day))\b"
                      r"(?:\s+(?:all|team|there|everyone|folks))?\s*[-–—,!.:;]+\s*(?=\S)", re.I)


def _without_greeting(question: str) -> str:
    stripped = GREETING.sub("", question, count=1)
    return stripped if len(stripped.split()) >= 2 else question


# "is Saudi Arabia in the Missile Technology Control Regime?": the reading's patterns know the Regime as "MTCR"
REGIME_NAME = re.compile(r"\bmissile\s+technology\s+control\s+regime(?:\s*\(\s*mtcr\s*\))?", re.I)


# "whats 19a3": an Annex item typed without its dots (an ECCN, "9A012", has three digits after the letter)
ITEM_WITHOUT_DOTS = re.compile(r"(?<![\w.])(\d{1,2})([a-e])(\d)(?![\w.])", re.I)


def _short_names(question: str) -> str:
    question = ITEM_WITHOUT_DOTS.sub(lambda m: f"{m.group(1)}.{m.group(2).upper()}.{m.group(3)}", question)
    return REGIME_NAME.sub("MTCR", question)


# "Counsel here:", "For a compliance memo:", "I'm preparing a briefing:": who asks and why, not what is asked
PREAMBLE = re.compile(r"^\s*([^:?!.]{2,60}):\s+(?=\S)")


ASKER = re.compile(r"\b(?:counsel|lawyer|attorney|memo|brief\w*|deck|report|note|question|q|check|sanity|quick|hi|"
                   r"hey|hello|fyi|context|background|training|boss|manager|team|colleague|client)\b", re.I)


def _without_preamble(question: str) -> str:
    """The question without a short lead-in that says who asks or why ("Counsel here:", "For a compliance memo:"):
    a clause ending in a colon with such a word and nothing of the domain (no country, figure or domain word)."""
    lead = PREAMBLE.match(question)
    if lead is None or len(lead.group(1).split()) > 8 or not ASKER.search(lead.group(1)) \
            or DOMAIN.search(lead.group(1)) or countries_named(lead.group(1)) \
            or any(ch.isdigit() for ch in lead.group(1)):
        return question
    return question[lead.end():]


# "like I'm new to this", "in plain English", "for dummies": how the asker wants it told, not what is asked
AUDIENCE = re.compile(r"(?:^|[\s,(;:-]+)(?:(?:(?:explain(?:ed)?|put|say)\s+(?:it\s+|that\s+)?)?(?:like|as\s+if)\s+"
                      r"(?:i'?m|i\s+am|i\s+was|i'?d\s+be)\s+(?:new(?:\s+to\s+(?:this|it|all\s+this|the\s+\w+))?|five|5|"
                      r"an?\s+(?:beginner|newbie|novice|layman|layperson|kid|child|intern|(?:5|five)[- ]year[- ]old))|"
                      r"for\s+(?:an?\s+)?(?:beginners?|newbies?|novices?|dummies|laymen|layman|laypeople|layperson|"
                      r"non-?experts?|non-?lawyers?)|in\s+(?:plain|simple)\s+(?:english|terms|words|language)|"
                      r"in\s+lay(?:man'?s|person'?s)?\s+terms|eli5|"
                      # why it is asked or how long the answer should be: "for training purposes", "in one paragraph"
                      r"for\s+(?:training|teaching|onboarding|briefing|reference|internal|study)\s+purposes|"
                      r"in\s+(?:one|a|1|two|2|a\s+single|a\s+short)\s+(?:paragraph|para|sentence|line)s?|"
                      r"(?:the\s+)?short\s+version(?!\s+of)(?:\s+(?:pls|plz|please))?|tl;?dr|"
                      # who the answer is for: "asking for a briefing", "it's for my boss" (not "approval for a
                      # briefing to a foreign delegation", which is what is asked)
                      r"(?:(?:(?:i'?m|i\s+am|we'?re|we\s+are)\s+)?asking|it'?s|this\s+is|(?:i|we)\s+need\s+(?:it|this))"
                      r"\s+for\s+(?:a|an|my|our)\s+(?:briefing|brief|memo|deck|slide\s+deck|presentation|report|class|"
                      r"course|boss|manager|client|colleague|team))\b[)]?", re.I)


def _without_audience(question: str) -> str:
    """The question without how the asker wants the answer told ("explain Category I vs II like I'm new to this",
    "in plain English, what is the MTCR?"): those words are not searched for; the question itself when nothing
    else is left."""
    stripped = " ".join(AUDIENCE.sub(" ", question).split()).lstrip(",;:- ")
    return stripped if len(stripped.split()) >= 2 else question
