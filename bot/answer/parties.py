"""Countries named in a question and the part each plays in a transfer: the exporter or the destination.

Names, ISO codes and aliases come from ``bot.countries``; demonyms ("a Qatari buyer", "the Emiratis") from the
``countryinfo`` package; makers ("Baykar", "Elbit") from the catalogue's manufacturer and origin fields. The role
cue words live in ``corpus/language/roles.yaml`` so a reviewer can read and extend them.
"""

from __future__ import annotations

import logging
import re
import weakref
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from bot.catalogue import Catalogue
from bot.countries import REGIONS, name_table
from bot.yamlstrict import load_language_data

log = logging.getLogger(__name__)

AMBIGUOUS_CODES = {"IT", "IS", "IN", "AM", "ME", "BE", "ID", "NO", "OR", "TO", "AT", "BY", "DO", "GO", "SO", "AS",
                   "AN", "HI", "OK", "MY", "PM", "AI", "CAT", "FOR", "CAN", "PER", "AND", "ARE", "THE", "MTCR",
                   "DCS", "FMS", "LOA", "EAR", "CJ", "UAS", "UAV", "LOS", "ISR", "VTOL", "MALE", "HALE", "BVLOS",
                   # the drone maker DJI (not Djibouti) and English words that are ISO alpha-3 codes, in a shouted
                   # question ("ARM" is Armenia, "NOR" Norway, "FIN" Finland)
                   "DJI", "ARM", "TON", "MAR", "COL", "NOR", "FIN", "JAM", "LIE", "PAN", "GUM", "TUN", "MAC", "CUB",
                   "HUN", "BEN", "DOM"}
SHARED_DEMONYMS = {"guinean", "guineans", "congolese", "sudanese", "arabian", "samoan", "samoans", "virgin islander"}
CAPITALISED_ONLY = {"us", "chad", "georgia", "jordan", "guinea"}  # ordinary words or names when written lower-case
LOWER_CASE_SHORT_FORMS = {"uk", "uae", "usa", "prc", "ksa", "rok", "drc"}
# "sell to jordan", "what about jordan?", "egypt and jordan": the country, even in lower case
# ... and as the subject of a question word's question: "why did jordan get turned down?" (not "chad wants drones",
# a person)
TO_A_PLACE = re.compile(r"\b(?:(?:to|into|about|and|or|vs\.?|versus)|(?:why|when|how|where)\s+(?:did|does|has|have|"
                        r"was|is|would|will|could|can))\s+$", re.I)
# "is jordan in the mtcr?", "is georgia on 126.1?": what follows says it is a country
A_PLACE_AFTER = re.compile(r"^(?:['’]s)?\s+(?:request|order|purchase|bid|application|armed\s+forces|army|air\s+force|"
                           r"navy)\b|"
                           r"^\s+(?:is\s+|an?\s+)?(?:(?:in|on)\s+(?:the\s+)?(?:mtcr|itar|126\.1|§\s*126\.1|nato|"
                           r"list)\b|(?:an?\s+)?(?:mtcr|nato)\s+(?:partner|member)|proscribed\b)", re.I)


@dataclass(frozen=True)
class CountryMention:
    code: str
    start: int
    end: int
    text: str
    role: str | None = None  # "exporter", "destination" or None (named, no role cue)
    cue: str = ""


@dataclass(frozen=True)
class RoleCues:
    destination_before: re.Pattern[str]
    destination_after: re.Pattern[str]
    exporter_before: re.Pattern[str]
    exporter_after: re.Pattern[str]
    context_after: re.Pattern[str]
    sells_on: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(sorted((w.strip() for w in words), key=len, reverse=True))


@lru_cache(maxsize=4)
def role_cues(path: Path) -> RoleCues:
    data = load_language_data(path.read_text(encoding="utf-8"))
    d, e = data["destination"], data["exporter"]
    return RoleCues(
        destination_before=re.compile(rf"(?:{_alternation(d['before'])})\s*$", re.I),
        destination_after=re.compile(rf"^(?:{_alternation(d['after'])})\b", re.I),
        exporter_before=re.compile(rf"(?:{_alternation(e['before'])})\s*$", re.I),
        exporter_after=re.compile(rf"^(?:{_alternation(e['after'])})\b", re.I),
        context_after=re.compile(rf"^(?:{_alternation(data['context']['after'])})\b", re.I),
        sells_on=re.compile(data["sells_on"], re.I),
    )


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """'qatari' -> 'QA', 'emiratis' -> 'AE' (singular and plural), from the countryinfo package."""
    import countryinfo

    table: dict[str, str] = {}
    size: dict[str, float] = {}  # a form shared by several countries goes to the most populous ("indian": India)
    for country in countryinfo.all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        demonym = info.get("demonym")
        if not code or not demonym:
            continue
        population = float(info.get("population") or 0)
        for form in {demonym.lower(), demonym.lower().split()[-1]} if " " in demonym else {demonym.lower()}:
            if form not in table or population > size[form]:
                table[form], size[form] = code, population
    table.update({"saudi": "SA", "saudis": "SA", "korean": "KR", "koreans": "KR", "chinese": "CN",
                  "emiratis": "AE", "brits": "GB", "turks": "TR", "israelis": "IL", "americans": "US"})
    for word, code in list(table.items()):
        if not word.endswith("s") and not word.endswith("ese") and not word.endswith("sh"):
            table.setdefault(word + "s", code)
    for word in SHARED_DEMONYMS:  # adjectives of several countries: never read as one of them
        table.pop(word, None)
    return table


@lru_cache(maxsize=4)
def cities(path: Path) -> dict[str, str]:
    """Large cities (lower-case name) -> ISO code, from corpus/language/cities.yaml."""
    data = load_language_data(path.read_text(encoding="utf-8"))
    return {str(name).lower(): str(code) for name, code in data["cities"].items()}


def _city_mentions(text: str, path: Path) -> list[tuple[int, int, str, str]]:
    """Cities named as a place ("a distributor in Shenzhen", "Karachi-based"): they stand for their country."""
    table = cities(path)
    out = []
    for m in re.finditer(r"\b(?:in|from|based\s+in)\s+([A-Za-z][\w' .-]{1,30}?)(?=[\s,.;:?!)]|-based|$)|"
                         r"\b([A-Za-z][\w' .-]{1,30}?)-based\b", text):
        name = (m.group(1) or m.group(2) or "").strip()
        words = name.split()
        options = [" ".join(words[:n]) for n in range(min(3, len(words)), 0, -1)] if m.group(1) else \
            [" ".join(words[-n:]) for n in range(min(3, len(words)), 0, -1)]
        for candidate in options:
            code = table.get(candidate.lower())
            if code:
                start = m.start(1) if m.group(1) else m.end(2) - len(candidate)
                out.append((start, start + len(candidate), code, candidate))
                break
    return out


_MAKERS: weakref.WeakKeyDictionary[Catalogue, dict[str, str]] = weakref.WeakKeyDictionary()


def maker_origins(catalogue: Catalogue) -> dict[str, str]:
    """First word(s) of each manufacturer in the catalogue -> the system's origin country (computed once per
    loaded catalogue)."""
    if catalogue not in _MAKERS:
        _MAKERS[catalogue] = _maker_origins(catalogue)
    return _MAKERS[catalogue]


def _maker_origins(catalogue: Catalogue) -> dict[str, str]:
    out: dict[str, str] = {}
    for system in catalogue.systems:
        if not system.manufacturer or len(system.origin) != 2:
            continue
        head = re.split(r"[(/,]", system.manufacturer)[0].strip().lower()
        words = head.split()
        for size in (3, 2, 1):
            if len(words) >= size:
                key = " ".join(words[:size])
                if len(key) >= 3 and key not in ("general", "the", "china", "israel"):
                    out.setdefault(key, system.origin)
    return out


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The first words of every name, alias, code and demonym: a run of words starting with any other word names no
    country, so it is not looked up."""
    return frozenset(_first_word(key.split()[0]) for key in [*name_table(), *demonyms(), *CAPITALISED_ONLY, *REGIONS]
                     if key.strip())


def _first_word(word: str) -> str:
    """A word as a name's key starts: lower case, "'" for "’", no final full stop or possessive."""
    return re.sub(r"'s?$", "", word.lower().replace("’", "'").rstrip("."))


def _raw_mentions(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, code, matched text) for names, aliases, unambiguous upper-case codes and demonyms."""
    table = name_table()
    demonym = demonyms()
    first = _first_words()
    words = list(re.finditer(r"[A-Za-zÀ-ÿ'’.]+", text))
    starts = [_first_word(w.group()) in first for w in words]
    used: set[int] = set()
    found: list[tuple[int, int, str, str]] = []
    for size in (5, 4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            if not starts[i] or any(j in used for j in range(i, i + size)):
                continue
            start, end = words[i].start(), words[i + size - 1].end()
            span = text[start:end].rstrip(".")
            key = " ".join(span.lower().replace("’", "'").split())
            key = re.sub(r"'s?$", "", key)
            code = None
            if key in REGIONS:  # "partners in South America": a region, and the word "America" in it no country
                used.update(range(i, i + size))
                continue
            if size == 1 and len(span) <= 4 and span.isupper():
                code = table.get(key) if span not in AMBIGUOUS_CODES or span in ("US", "UK") else None
            elif size == 1 and len(span) <= 3:
                # "mq9 to uk ok?", "the ksa wants reapers", "uae reapers in 2017": a common short form typed in lower
                # case (none of them an English word)
                code = table.get(key) if key in LOWER_CASE_SHORT_FORMS else None
            elif key in CAPITALISED_ONLY:
                lower_ok = key != "us" and (TO_A_PLACE.search(text[max(0, start - 16):start])
                                            or A_PLACE_AFTER.match(text[start + len(span):start + len(span) + 40]))
                code = table.get(key) if span[0].isupper() or lower_ok else None
            elif key in table:
                code = table[key]
            elif size <= 2 and key in demonym:
                code = demonym[key]
            if code:
                span = re.sub(r"['’]s?$", "", span)  # "Poland's": the possessive belongs to what follows
                found.append((start, start + len(span), code, span))
                used.update(range(i, i + size))
    found.sort()
    return found


@lru_cache(maxsize=4096)  # asked of the same question by every sentence choice it makes
def country_words(text: str) -> str:
    """The words with which ``text`` names countries ("Saudi Arabia", "Turkish"), joined by spaces."""
    return " ".join(span for _, _, _, span in _raw_mentions(text))


@lru_cache(maxsize=16384)
def countries_named(text: str) -> frozenset[str]:
    """ISO codes of the countries a text names by name, alias, code or demonym, the United States left out (nearly
    every passage names it). Memoised: passage sentences recur from answer to answer."""
    return frozenset(code for _, _, code, _ in _raw_mentions(text) if code != "US")


# "US-made", "Turkish-built", "US drones", "American military UAVs": the country the item comes from
ORIGIN_AFTER = re.compile(r"^[-\s]?(?:made|built|origin|manufactured|designed|developed)\b|"
                          r"^[-\s](?:(?:military|armed|unarmed|combat|surveillance|attack)\s+)?"
                          r"(?:drones?|uavs?|uas|ucavs?)\b", re.I)


# a country's name (not its demonym) before a drone deal: "Ecuador drone sale ok?", "the Saudi Arabia UAV deal" ("a
# Turkish drone sale" is a sale by Türkiye, as "US drones" are made in the US)
DEAL_AFTER = re.compile(r"^[-\s](?:(?:military|armed|unarmed|combat|surveillance|attack)\s+)?(?:drones?|uavs?|uas)\s+"
                        r"(?:sales?|deals?|orders?|purchases?|buy|request|contract|tender|export(?!s))\b", re.I)


def find_countries(text: str, cues_path: Path, catalogue: Catalogue | None = None) -> list[CountryMention]:
    """Every country named in ``text`` with its role where a cue word says it."""
    cues = role_cues(cues_path)
    out: list[CountryMention] = []
    raw = _raw_mentions(text)
    taken = [(a, b) for a, b, _, _ in raw]
    raw += [c for c in _city_mentions(text, cues_path.parent / "cities.yaml")
            if all(c[1] <= a or c[0] >= b for a, b in taken)]
    for start, end, code, span in sorted(raw):
        before = text[max(0, start - 100):start]
        after = text[end:end + 60].lstrip("-’' ").removeprefix("s ").lstrip()
        after_raw = text[end:end + 60]
        role, cue = None, ""
        if cues.context_after.match(after):
            out.append(CountryMention(code, start, end, span, "context", cues.context_after.match(after).group(0)))  # type: ignore[union-attr]
            continue
        if DEAL_AFTER.match(after_raw) and code != "US" and span.lower() not in demonyms():
            role, cue = "destination", after_raw.strip()[:20]  # "Ecuador drone sale ok?": a sale to Ecuador
        elif ORIGIN_AFTER.match(after_raw):
            role, cue = "exporter", after_raw.strip()[:20]
        elif cues.destination_before.search(before):
            role, cue = "destination", cues.destination_before.search(before).group(0).strip()  # type: ignore[union-attr]
        elif cues.exporter_before.search(before):
            role, cue = "exporter", cues.exporter_before.search(before).group(0).strip()  # type: ignore[union-attr]
        elif cues.exporter_after.match(after):
            role, cue = "exporter", cues.exporter_after.match(after).group(0)  # type: ignore[union-attr]
        elif cues.destination_after.match(after):
            role, cue = "destination", cues.destination_after.match(after).group(0)  # type: ignore[union-attr]
        out.append(CountryMention(code, start, end, span, role, cue))
    if catalogue is not None:
        out.extend(_maker_mentions(text, catalogue, cues))
        out.sort(key=lambda m: m.start)
    return _buyer_selling_on(text, out, cues)


def _buyer_selling_on(text: str, mentions: list[CountryMention], cues: RoleCues) -> list[CountryMention]:
    """A "can they sell them to ..." clause after a country (a buyer, or a holder: "Poland has MQ-9Bs from the
    US") and before a destination makes that country the seller of a re-transfer, not a second destination."""
    seller = next((m for m in mentions if m.role in ("destination", None)), None)
    clause = cues.sells_on.search(text, seller.end) if seller is not None else None
    if clause is None or not any(m.role == "destination" and m.start >= clause.end() for m in mentions):
        return mentions
    return [replace(m, role="exporter", cue=clause.group(0)) if m is seller else m for m in mentions]


def _maker_mentions(text: str, catalogue: Catalogue, cues: RoleCues) -> list[CountryMention]:
    """A maker named as the seller ("Baykar sold", "Elbit offers", "from Baykar") stands for its country."""
    out = []
    lowered = text.lower()
    for maker, origin in maker_origins(catalogue).items():
        if maker not in lowered:
            continue
        for match in re.finditer(rf"\b{re.escape(maker)}(?:'s)?\b", lowered):
            after = text[match.end():match.end() + 60].lstrip()
            before = text[max(0, match.start() - 60):match.start()]
            if cues.exporter_after.match(after) or re.search(r"\bfrom\s+$", before, re.I):
                out.append(CountryMention(origin, match.start(), match.end(), text[match.start():match.end()],
                                          "exporter", f"maker {maker}"))
                break
    return out
