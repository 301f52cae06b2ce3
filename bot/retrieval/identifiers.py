"""Exact identifiers in a query ("1.A.2", "9A012", "§126.1", "Category VIII", "ML10", "EO 14268") and the
passages whose citation label names them (the passages that define them)."""

from __future__ import annotations

import bisect
import functools
import itertools
import re

from bot.retrieval.passages import Passage
from bot.units import UNIT_WORDS

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<![\w.])(\d{1,2})\s*\.\s*([a-e])\s*\.\s*(\d{1,2})(?![\w])", re.I), "{0}.{1}.{2}"),
    (re.compile(r"(?<![\w.])(\d)([a-e])(\d{3})(?![\d])", re.I), "{0}{1}{2}"),
    (re.compile(r"(?:§|section|sec\.)\s*(\d{2,3}\.\d+)", re.I), "§{0}"),
    (re.compile(r"(?<![\w.])(126\.1|744\.3|120\.23|124\.2|772\.1)(?![\d])"), "§{0}"),
    # a section of the ITAR (parts 120-130) or the EAR (parts 730-774) by its number alone ("what does 120.41 say?"),
    # not a figure ("120.5 km", "$126.1 million"); "22 CFR 120.12" is a citation the search boosts, not routes
    (re.compile(r"(?<![\w.,$])(?<!cfr\s)(1(?:2\d|30)\.\d{1,3}|7(?:[3-6]\d|7[0-4])\.\d{1,3})(?![\d.])"
                rf"(?!\s*(?:%|{UNIT_WORDS}|million|billion|days?|years?|percent)\b)", re.I), "§{0}"),
    # a section of the U.S. Code ("22 USC 2797b", "50 U.S.C. §4612", "section 2797b")
    (re.compile(r"\b(?:22|50)\s*u\.?\s?s\.?\s?c\.?\s*(?:§+\s*)?(\d{4}[a-z]?(?:-\d)?)(?![\w-])|"
                r"(?:§|\bsection)\s*(\d{4}[a-z](?:-\d)?)(?![\w-])", re.I), "§{0}"),
    (re.compile(r"\b(?:usml\s+)?(?:category|cat\.?)\s+(viii|iv|xii|xxi|xx)\b", re.I), "Category {0}"),
    (re.compile(r"\busml\s+(viii|iv|xii|xxi)\b", re.I), "Category {0}"),
    (re.compile(r"\bml\s?(\d{1,2})\b", re.I), "ML{0}"),
    (re.compile(r"\b(nsm|nspm)[- ]?(\d{1,2})\b", re.I), "{0}-{1}"),
    (re.compile(r"\b(?:eo|e\.o\.|executive order)\s*(\d{5})\b", re.I), "EO {0}"),
    (re.compile(r"\b(\d{2})\s*fr\s*(\d{3,6})\b", re.I), "{0} FR {1}"),
    (re.compile(r"\bcountry\s+group\s+([a-e]):?(\d)\b|(?<![\w:])([a-e]):(\d)\b", re.I), "group"),
    (re.compile(r"(?:aeca\s*)?§\s*36\s*\(([bcd])\)|\b(?:section|aeca)\s+36\s*\(([bcd])\)", re.I), "§36"),
]


def identifiers(query: str) -> list[str]:
    """Canonical identifiers named in the query, in order."""
    found: list[str] = []
    for pattern, template in _PATTERNS:
        for match in pattern.finditer(query):
            groups = [g for g in match.groups() if g]
            if template == "group":
                ident = f"{groups[0].upper()}:{groups[1]}"
            elif template == "§36":
                ident = f"§36({groups[0].lower()})" if groups else "§36"
            elif template.startswith("Category"):
                ident = template.format(groups[0].upper())
            elif template == "{0}{1}{2}":
                ident = f"{groups[0]}{groups[1].upper()}{groups[2]}"
            elif template == "{0}.{1}.{2}":
                ident = f"{groups[0]}.{groups[1].upper()}.{groups[2]}"
            elif template == "{0}-{1}":
                ident = f"{groups[0].upper()}-{groups[1]}"
            else:
                ident = template.format(*groups).replace("ml", "ML")
            if ident not in found:
                found.append(ident)
    return found


@functools.lru_cache(maxsize=8192)  # passage labels are matched against every identifier of every query
def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


@functools.lru_cache(maxsize=1024)
def _needle(ident: str) -> re.Pattern[str]:
    needle = _normal(ident)
    if needle.startswith("§"):
        return re.compile(rf"(?<![\w.]){re.escape(needle.lstrip('§'))}(?![\d])")
    return re.compile(rf"(?<![\w.]){re.escape(needle)}(?![\w])")


class JoinedTexts:
    """Texts joined by a separator none of them holds, with where each starts, so that one scan of the joined text
    finds a pattern in all of them (a separator stands where a text starts or ends)."""

    def __init__(self, texts: list[str], separator: str) -> None:
        self.text = separator.join(texts)
        self.starts = list(itertools.accumulate((len(t) + len(separator) for t in texts[:-1]), initial=0)) \
            if texts else []

    def owner(self, position: int) -> int:
        """The index of the text that holds ``position`` in the joined text."""
        return bisect.bisect_right(self.starts, position) - 1


class LabelIndex:
    """The passages' citation labels, normalised once and joined one per line, so the passages whose label names an
    identifier are found with one regex scan instead of one search per label (the needles' look-arounds treat a line
    break as they treat a label's start or end). Each identifier's passages are kept."""

    def __init__(self, passages: list[Passage]) -> None:
        self._passages = passages
        self._labels = JoinedTexts([_normal(p.label) for p in passages], "\n")
        self._found: dict[str, list[int]] = {}

    def naming(self, ident: str) -> list[int]:
        """Indices of the passages whose label names ``ident``, most specific label first: current before
        superseded, then shorter labels, then corpus order."""
        found = self._found.get(ident)
        if found is None:
            hits = {self._labels.owner(m.start()) for m in _needle(ident).finditer(self._labels.text)}
            passages = self._passages
            found = sorted(hits, key=lambda i: (passages[i].superseded_by is not None, len(passages[i].label), i))
            if len(self._found) >= 1024:
                self._found.clear()
            self._found[ident] = found
        return found


def routed(query: str, labels: LabelIndex) -> list[int]:
    """Indices of passages whose label names an identifier in the query, most specific label first."""
    out: list[int] = []
    idents = identifiers(query)
    for ident in idents:
        per_identifier = 3 if len(idents) == 1 else 1
        for i in [m for m in labels.naming(ident) if m not in out][:per_identifier]:
            out.append(i)
    return out
