"""Which of a document's sources a passage draws on, so its citation links the text that states it.

A document lists several sources (the regulation, the Federal Register rules that changed it, a statute); a
passage about 15 CFR 746.8 should link the eCFR section 746.8, not whichever source the document lists first.
The choice is by the legal identifiers the passage names (CFR sections, Federal Register citations and document
numbers, U.S. Code sections, executive orders, CRS products) against those in each source's title and URL; the
source naming most of the passage's identifier mentions wins, ties going to the earlier source. A passage that
names none keeps the document's first source. A CFR section also counts, at half weight, for a source that
is the whole part.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_CFR = re.compile(r"\b(\d{1,2})\s*C\.?F\.?R\.?\s*(?:§+|part|sections?)?\s*(\d{2,4})(?:\.(\d+))?", re.I)
_SECTION = re.compile(r"§+\s*(\d{3})\.(\d+)")
_FR = re.compile(r"\b(\d{2})[\s-]*FR[\s/-]*(\d{3,6})\b")
_FR_DOC = re.compile(r"\b(?:E\d-\d{3,5}|(?:19|20)\d{2}-\d{5})\b")
_USC_NUMBER = r"\d{3,5}[a-z]?(?:-\d)?"
_USC_LIST = rf"{_USC_NUMBER}(?:(?:,\s*|\s+to\s+|\s+and\s+|-){_USC_NUMBER})*"
_USC = re.compile(rf"\b(\d{{1,2}})\s*U\.?\s?S\.?\s?C\.?\s*(?:§+\s*)?({_USC_LIST})\b")
_EO = re.compile(r"\b(?:EO|E\.O\.|Executive Order)\s*(1\d{4})\b", re.I)
_CRS = re.compile(r"\b(IF\d{5}|R\d{5}|RL\d{5})\b")
# Identifiers that only a URL carries.
_URL_CFR = re.compile(r"title-(\d+)/.*?part-(\d+)(?:/.*?section-\d+\.(\d+))?")
_URL_CFR_COMPACT = re.compile(r"/(\d{1,2})cfr(\d{2,4})\.(\d+)")
_URL_USC = re.compile(r"title(\d+)-section(\d+)")
_URL_FR_DOC = re.compile(r"/((?:19|20)\d{2}-\d{5})(?:/|\.htm|$)")


def identifiers(text: str) -> Counter[str]:
    """The legal identifiers a text names, with how often: 'cfr:746.8', 'part:746', 'fr:87:12226', ..."""
    found: Counter[str] = Counter()
    for _title, part, section in _CFR.findall(text):
        found[f"part:{part}"] += 1
        if section:
            found[f"cfr:{part}.{section}"] += 1
    for part, section in _SECTION.findall(text):
        found[f"part:{part}"] += 1
        found[f"cfr:{part}.{section}"] += 1
    for volume, page in _FR.findall(text):
        found[f"fr:{volume}:{page}"] += 1
    for number in _FR_DOC.findall(text):
        found[f"frdoc:{number}"] += 1
    for title, sections in _USC.findall(text):
        for section in re.findall(_USC_NUMBER, sections):
            found[f"usc:{title}:{section}"] += 1
    for number in _EO.findall(text):
        found[f"eo:{number}"] += 1
    for product in _CRS.findall(text):
        found[f"crs:{product}"] += 1
    return found


def source_identifiers(source: dict[str, str]) -> set[str]:
    url = source.get("url", "")
    ids = set(identifiers(source.get("title", "")))
    for _title, part, section in _URL_CFR.findall(url):
        ids.add(f"part:{part}")
        if section:
            ids.add(f"cfr:{part}.{section}")
    for _title, part, section in _URL_CFR_COMPACT.findall(url):
        ids.update({f"part:{part}", f"cfr:{part}.{section}"})
    ids.update(f"usc:{title}:{section}" for title, section in _URL_USC.findall(url))
    ids.update(f"frdoc:{number}" for number in _URL_FR_DOC.findall(url))
    ids.update(f"fr:{volume}:{page}" for volume, page in re.findall(r"(\d{2})-FR[-/](\d{3,6})", url))
    ids.update(f"crs:{product}" for product in re.findall(r"crs-product/(\w+)", url))
    return ids


def _weight(identifier: str) -> float:
    """A whole CFR part is weaker evidence than a named section, rule or statute."""
    return 0.5 if identifier.startswith("part:") else 1.0


MIN_SCORE = 1.0


def source_for(heading: str, text: str, sources: Sequence[dict[str, str]]) -> dict[str, str] | None:
    """The source a passage draws on (see the module docstring); None for a document without sources."""
    if not sources:
        return None
    named = identifiers(text)
    for identifier, count in identifiers(heading).items():
        named[identifier] += 2 * count
    best, best_score = sources[0], MIN_SCORE - 0.01
    for source in sources:
        shared = source_identifiers(source) & set(named)
        score = sum(named[i] * _weight(i) for i in shared)
        if score > best_score:
            best, best_score = source, score
    return best
