"""Which of a document's sources a passage draws on, so its citation links the text that states it.

A document lists several sources (the regulation, the Federal Register rules that changed it, a statute); a
passage about 15 CFR 746.8 should link the eCFR section 746.8, not whichever source the document lists first.
The choice is by the legal identifiers the passage names (CFR sections, Federal Register citations and document
numbers, U.S. Code sections, executive orders, CRS products, bills of Congress) against those in each source's title
and URL; the source naming most of the passage's identifier mentions wins, ties going to the earlier source. A
passage that names none keeps the document's first source. A CFR section also counts, at half weight, for a source that
is the whole part.

A sentence of a passage can draw on another of the document's sources than the passage as a whole: one that names
a Federal Register rule ("86 FR 14802") or attributes itself in parentheses to a publisher the document lists
("(secondary: Military Times)", "(Middle East Monitor, 1 Sep 2022)") links that source (``sentence_sources``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from bot.sentence_split import split_sentences

_CFR = re.compile(r"\b(\d{1,2})\s*C\.?F\.?R\.?\s*(?:§+|part|sections?)?\s*(\d{2,4})(?:\.(\d+))?", re.I)
_SECTION = re.compile(r"§+\s*(\d{3})\.(\d+)")
_FR = re.compile(r"\b(\d{2})[\s-]*FR[\s/-]*(\d{3,6})\b")
_FR_DOC = re.compile(r"\b(?:E\d-\d{3,5}|(?:19|20)\d{2}-\d{5})\b")
_USC_NUMBER = r"\d{3,5}[a-z]?(?:-\d)?"
_USC_LIST = rf"{_USC_NUMBER}(?:(?:,\s*|\s+to\s+|\s+and\s+|-){_USC_NUMBER})*"
_USC = re.compile(rf"\b(\d{{1,2}})\s*U\.?\s?S\.?\s?C\.?\s*(?:§+\s*)?({_USC_LIST})\b")
_EO = re.compile(r"\b(?:EO|E\.O\.|Executive Order)\s*(1\d{4})\b", re.I)
_CRS = re.compile(r"\b(IF\d{5}|R\d{5}|RL\d{5})\b")
# a bill of Congress: "S. 2387", "H.R. 256" (not the "S." of "U.S.")
_BILL = re.compile(r"(?<![\w.])(S|H\.\s?R)\.\s?(\d{1,5})\b")
# Identifiers that only a URL carries.
_URL_CFR = re.compile(r"title-(\d+)/.*?part-(\d+)(?:/.*?section-\d+\.(\d+))?")
_URL_CFR_COMPACT = re.compile(r"/(\d{1,2})cfr(\d{2,4})\.(\d+)")
_URL_USC = re.compile(r"title(\d+)-section(\d+)")
_URL_FR_DOC = re.compile(r"/((?:19|20)\d{2}-\d{5})(?:/|\.htm|$)")
_URL_BILL = re.compile(r"/bill/\d+\w*-congress/(senate|house)-bill/(\d+)|BILLSUM-\d+(s|hr)(\d+)")


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
    for chamber, number in _BILL.findall(text):
        found[f"bill:{'s' if chamber == 'S' else 'hr'}:{number}"] += 1
    return found


def source_identifiers(source: dict[str, str]) -> frozenset[str]:
    """The identifiers a source's title and URL name (memoised: every sentence of a document asks for them)."""
    return _source_identifiers(source.get("title", ""), source.get("url", ""))


@lru_cache(maxsize=4096)
def _source_identifiers(title: str, url: str) -> frozenset[str]:
    ids = set(identifiers(title))
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
    for chamber, number, short, short_number in _URL_BILL.findall(url):
        ids.add(f"bill:{'s' if (chamber or short) in ('senate', 's') else 'hr'}:{number or short_number}")
    return frozenset(ids)


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
    return _naming_most(named, sources) or sources[0]


def _naming_most(named: Counter[str], sources: Sequence[dict[str, str]]) -> dict[str, str] | None:
    """The source that carries most of the ``named`` identifier mentions (ties to the earlier source); None when none
    carries at least ``MIN_SCORE`` of them."""
    best, best_score = None, MIN_SCORE - 0.01
    for source in sources:
        shared = source_identifiers(source) & set(named)
        score = sum(named[i] * _weight(i) for i in shared)
        if score > best_score:
            best, best_score = source, score
    return best


# A publisher named in a source's title: after the title in parentheses ("... (Export Compliance Daily)") or before a
# colon ("Japan MOFA: ..."); not an acronym of the title ("(MTCR)") nor a word for the kind of copy ("(eCFR copy)")
_TRAILING = re.compile(r"\(([^()]{3,60})\)\s*$")
_LEADING = re.compile(r"^([^:]{3,40}):\s")
_NOT_A_PUBLISHER = re.compile(r"\b(?:article|copy|summary|text|list|press release|eCFR|page|report|final rule|"
                              r"section|edition|blog)\b", re.I)
_ATTRIBUTION = re.compile(r"\(([^()]*)\)")


@lru_cache(maxsize=4096)
def publishers(title: str) -> tuple[str, ...]:
    """The publisher names a source's title gives ("Export Compliance Daily", "Japan MOFA")."""
    out: list[str] = []
    trailing = _TRAILING.search(title)
    for name in re.split(r"[;,]| via ", trailing.group(1)) if trailing else ():
        name = name.strip()
        if name[:1].isupper() and len(name.split()) <= 5 and not re.search(r"\d", name) \
                and not re.fullmatch(r"[A-Z]{2,6}", name) and not _NOT_A_PUBLISHER.search(name):
            out.append(name)
    leading = _LEADING.match(title)
    if leading and len(leading.group(1).split()) <= 5:
        out.append(leading.group(1).strip())
    return tuple(out)


def _attributed(sentence: str, sources: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """The sources whose publisher a sentence names in its parentheses."""
    said = " | ".join(_ATTRIBUTION.findall(sentence))
    if not said:
        return []
    return [source for source in sources if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", said)
                                                for name in publishers(source.get("title", "")))]


def sentence_sources(text: str, sources: Sequence[dict[str, str]], passage_url: str) -> dict[str, str]:
    """The sentences of a passage that draw on another of the document's sources than ``passage_url``, each with that
    source's URL: the source its legal identifiers name, else the one publisher its parentheses name (a sentence
    that also names the passage's own source keeps it)."""
    out: dict[str, str] = {}
    for sentence in split_sentences(text) if len(sources) > 1 else ():
        source = _naming_most(identifiers(sentence), sources)
        if source is None:
            named = _attributed(sentence, sources)
            urls = {s["url"] for s in named}
            source = named[0] if len(urls) == 1 and passage_url not in urls else None
        if source is not None and source.get("url") and source["url"] != passage_url:
            out[sentence] = source["url"]
    return out
