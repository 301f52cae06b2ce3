"""Comparison questions: the two things a question sets side by side ("how is A different from B?", "difference
between A and B", "A vs B"), as the specific words of each side."""

from __future__ import annotations

import functools
import re

from bot.answer.sentences import GENERIC, tokens

# "how is A different from B?", "difference between A and B", "A vs B": the two things compared
_SIDE = r"(?:(?!\s[-–—]\s|,\s)[^.?!;:()])+"  # one thing compared: up to a dash, comma or sentence punctuation
SIDES = re.compile(rf"\b(?:differen\w*|diff)\s+(?:between|btwn|b/w)\s+(?P<a>{_SIDE}?)\s+(?:and|&|vs\.?|versus)\s+"
                   rf"(?P<b>{_SIDE})|"
                   rf"(?P<c>{_SIDE}?)\s+(?:(?:is|are)\s+)?(?:differen\w*|differs?)\s+(?:from|to|than)\s+(?P<d>{_SIDE})|"
                   rf"(?P<e>{_SIDE}?)\s+(?:vs\.?|versus|compared\s+(?:to|with))\s+(?P<f>{_SIDE})|"
                   # "compare the 2018 and 2020 policies", "compare FMS with DCS"
                   rf"\bcompar(?:e|ing)\s+(?P<g>{_SIDE}?)\s+(?:and|&|with|to|vs\.?|versus)\s+(?P<h>{_SIDE})", re.I)
COMPARISON_FRAME = tokens("difference differences different differently differ differs diff between btwn compare "
                          "comparing")


@functools.lru_cache(maxsize=1024)
def compared_sides(question: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The specific words of the two things a comparison question sets side by side, or None."""
    if not COMPARISON_CUE.search(question):  # SIDES backtracks over the whole question: only where it can match
        return None
    match = SIDES.search(question)
    if match is None:
        return None
    a, b = (part for part in match.groups() if part is not None)
    left, right = (tokens(side) - GENERIC - COMPARISON_FRAME or tokens(side) - COMPARISON_FRAME  # "UAS and UAV"
                   for side in (a, b))
    if shared := left & right:  # "a presumption of denial versus a policy of denial": the words that tell them apart
        left, right = (side - shared or tokens(text) - COMPARISON_FRAME - shared
                       for side, text in ((left, a), (right, b)))
    years = [{t for t in side if YEAR.match(t)} for side in (left, right)]
    if any(side - PERIOD_FILLER <= found for side, found in zip((left, right), years, strict=True)):
        # "the sept 2025 policy vs the 2020 one": one thing at two times, compared by its years
        left, right = years
    return (frozenset(left), frozenset(right)) if left and right and not left & right else None


COMPARISON_CUE = re.compile(r"\bdifferen|\bdiff(?:ers?)?\b|\bvs\b|\bversus\b|\bcompar(?:ed|e|ing)\b", re.I)


YEAR = re.compile(r"^(?:19|20)\d\d$")
PERIOD_FILLER = tokens("one ones version versions")  # "the 2020 one": the thing named on the other side, then


@functools.lru_cache(maxsize=1024)
def compared_heads(question: str) -> tuple[str, str] | None:
    """The last word of each thing compared, as written ("MTCR partner and adherent": "partner", "adherent"), for a
    comparison of two things that are not times; None for any other question."""
    if compared_sides(question) is None or (match := SIDES.search(question)) is None:
        return None
    heads = [re.findall(r"[\w-]+", side)[-1:] for side in match.groups() if side is not None]
    if len(heads) != 2 or not all(heads) or any(YEAR.match(head[0]) for head in heads):
        return None
    return heads[0][0], heads[1][0]
