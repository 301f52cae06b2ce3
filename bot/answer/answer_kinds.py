"""What kind of answer a question asks for (a period for "how long", a year for "when", a threshold, a form, a
contrast) and whether a sentence gives it: used to rank sentences (bot/answer/select.py) and to order a general
answer's points (bot/answer/blocks.py)."""

from __future__ import annotations

import functools
import re

from bot.answer.folded import FoldedPattern

COMPARES = re.compile(r"\bsame\s+(?:thing\s+)?as\b|\bdifferen\w+\b|\bdiffer\b|"
                      r"\bhow\s+(?:does|do|is|are)\b.{1,40}\bcompare", re.I)
CONTRASTS = re.compile(r"\bdifferent\b|\bdiffer(?:s|ed|ence|ences|ently)?\s+(?:from|between|in)\b|\bwhereas\b|"
                       r"\bunlike\b|\bside\s+by\s+side\b|\bnot\s+the\s+same\b|\bseparate(?:ly)?\b|\bdistinct\b",
                       re.I)  # "may differ" alone is a caveat, not a contrast
ASKS = [  # (what the question asks for, what a sentence that answers it contains)
    (re.compile(r"\bhow long\b|\bhow many days\b|\bperiod\b|\bdays?\b|\bwindow\b", re.I),
     re.compile(r"\b\d+\s*(?:calendar\s+)?days?\b|\bthirty\b|\bfifteen\b", re.I)),
    # "since when?", "since?" ask for a date; "since the 2025 change, ..." only dates a premise
    (re.compile(r"\bwhen\b(?!\s+it\s+comes\b)|\bwhat year\b|\bwhich year\b|\bsince\b(?!\s+(?:the|then|its?|we|our|"
                r"they|their|that|this|these|those)\b)|\bhow long ago\b|\bdate\b", re.I),
     re.compile(r"\b(?:19|20)\d{2}\b")),
    (re.compile(r"\bhow many\b|\bnumber of\b", re.I), re.compile(r"\b\d[\d,.]*\b")),
    # a threshold is an amount: of money, or of a measure (a review period of "30 days" is not one)
    # ... also the most a thing may have before a control catches it ("the maximum range to stay outside the MTCR",
    # "how heavy can the payload get before it's Category I?")
    (re.compile(r"\bthresholds?\b|\$|\bdollars?\b|\b(?:max(?:imum)?|highest|most|largest|biggest|longest)\s+"
                r"(?:\w+\s+){0,2}(?:range|payload|tank|speed|distance)\b[^.?!]{0,60}\b(?:stay|remain|keep|avoid|"
                r"before|without|outside|under|below|not\s+(?:be|count|trigger))|\bhow\s+(?:far|much|heavy|big|fast)\b"
                r"[^.?!]{0,60}\bbefore\b", re.I),
     re.compile(r"\$|\b\d[\d,.]*\s*(?:million|billion|km|kg|kilo\w*|l|lit(?:re|er)s?|km/h|kt|nm|lb|%)(?!\w)", re.I)),
    (re.compile(r"\bwhich countries\b|\bwho (?:are|joined|signed|started|founded)\b|\blist\b|\bwhat countries\b",
                re.I), re.compile(r"(?:\b[A-Z][a-z]+\b.*){3,}")),
    (re.compile(r"\bwhich (?:form|licen[cs]e)\b|\bwhat (?:form|licen[cs]e)\b|\bpaperwork\b|\bfile\b", re.I),
     re.compile(r"\bDS[P]?-\d+|\bLOA\b|\bletter of offer|\bTAA\b|\bCCATS\b", re.I)),
    (re.compile(r"\brequire(?:d|ments?)?\b|\bconditions?\b|\bobligations?\b|\bwhat (?:did|does) .{1,60}\b(?:require|"
                r"impose|demand|ask)\b", re.I),
     re.compile(r"\b(?:required?|requirements?|must|conditions?|assurances?|obliged|had to|would be|monitoring)\b",
                re.I)),
    (re.compile(r"\b(?:is|are|was)\s+(?:\w+\s+){0,3}(?:legally\s+)?binding\b|\bbinding\s*\?|\benforceable\b|"
                r"\b(?:is|are|was)\s+(?:\w+\s+){0,3}voluntary\b", re.I),
     re.compile(r"\bbinding\b|\bpolitical\w*|\blegal(?:ly)?\b|\bobligations?\b|\bvoluntary\b|\blaw\b", re.I)),
    (re.compile(r"\bwhat\s+(?:has\s+|was\s+|got\s+)?changed\b|\bwhat\s+did\s+.{1,40}\bchange\b|"
                r"\bwhat\s+changes\b", re.I),
     re.compile(r"\b(?:mov(?:ed|es)|changed|changes|replac\w*|no\s+longer|now)\b|"
                r"\bfrom\s+\S+(?:\s+\S+){0,5}\s+to\b", re.I)),
    (re.compile(r"\bwhat(?:'?s|\s+is|\s+was)\s+(?:the\s+)?(?:\w+\s+)?(?:licen[cs]ing\s+|review\s+)?policy\b|"
                r"\b(?:review|licen[cs]e|licen[cs]ing)\s+policy\b", re.I),
     re.compile(r"\bpolicy of denial\b|\bdeni(?:al|ed)\b|\bcase[- ]by[- ]case\b|\bpresumption\b|\bapprov\w+", re.I)),
    (re.compile(r"\b(?:under|below|less\s+than|short\s+of|sub-?)\s*\d[\d,.]*\s*(?:km|kg|l|litres?|liters?|h|hours?)\b",
                re.I),  # the side of a threshold below it: what still applies there
     re.compile(r"\b(?:under|below|less\s+than|short\s+of|cannot\s+reach|outside|whether\s+or\s+not|"
                r"at\s+any\s+range|regardless)\b", re.I)),
    (re.compile(r"\bwhat\s+(?:did\s*n[o']?t|didn[’']?t|has\s*n[o']?t|hasn[’']?t|does\s*n[o']?t|doesn[’']?t)\s+change\b|"
                r"\bwhat\s+(?:stayed|remained|stays|remains)\b", re.I),
     re.compile(r"\b(?:still|remain\w*|unchanged|keeps?|not\s+(?:affect|chang|amend|extend|cover|apply)\w*|"
                r"does\s+not\s+(?:affect|change|amend|extend|cover|apply))\b", re.I)),
    # which category: a sentence that names one (an MTCR category, I or II; a USML one, from III up for UAV items)
    (re.compile(r"\b(?:which|what)\s+(?:mtcr\s+)?categor(?:y|ies)\b", re.I), re.compile(r"\bCategory\s+I{1,2}\b")),
    (re.compile(r"\b(?:which|what)\s+(?:usml|(?:us\s+)?munitions\s+list)\s+categor(?:y|ies)\b", re.I),
     re.compile(r"\bCategor(?:y|ies)\s+(?:III|I?[VX][IVX]*)\b")),
    (re.compile(r"\b(?:which|what)\s+(?:eccns?|export\s+control\s+classification\s+numbers?)\b", re.I),
     re.compile(r"\b\d[A-E]\d{3}\b")),  # which ECCN: a sentence that names one
    (COMPARES, CONTRASTS),  # two things compared: what sets them apart
    (re.compile(r"\bwho\b.*\b(?:seller|decides|licen[cs]es|makes)\b|\bwhich (?:body|agency)\b", re.I),
     re.compile(r"\b(?:government|department|ddtc|dsca|bis|state|partner|national)\b", re.I)),
]


_ASKED = [FoldedPattern.of(asks) for asks, _ in ASKS]


@functools.lru_cache(maxsize=4096)  # an answer asks it of the same question in several steps
def kinds_asked(question: str) -> tuple[int, ...]:
    """The positions in ASKS of the kinds of answer the question asks for."""
    lowered = question.lower()
    return tuple(i for i, asks in enumerate(_ASKED) if asks.search(question, lowered))


def asks_for(question: str) -> bool:
    """Whether the question asks for a specific kind of answer (a period, a year, a threshold, a form, ...)."""
    return bool(kinds_asked(question))


def gives_what_is_asked(question: str, text: str) -> bool:
    """Whether a text is an answer of the kind the question asks for (a period for 'how long', a year for 'when')."""
    return any(ASKS[i][1].search(text) for i in kinds_asked(question))
