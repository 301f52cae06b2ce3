"""Named UAV systems in a question. The most specific catalogue name wins ("MQ-9B SkyGuardian" is not the MQ-9A);
a near miss of a different aircraft ("Bayraktar TB3", "Agras T50", "Predator C") is reported as not in the
catalogue, with suggestions, and never classified as its neighbour. Typos in words are tolerated; a different
model designator (a digit or a variant letter) is not."""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.answer.parties import countries_named
from bot.catalogue import Catalogue, SystemSpec

DESIGNATOR = re.compile(r"^(?:[a-z]{1,2}\d{1,3}[a-z]?|\d{1,3}[a-z]?|[b-hj-z]|ii|iii|iv|xp|ng|er|ag)$")
NOT_DESIGNATOR = {"s", "to", "in", "for", "and", "or", "the", "a", "i", "vs", "v", "x"}


@dataclass(frozen=True)
class SystemMention:
    system: SystemSpec
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class NearMiss:
    text: str
    start: int
    suggestions: tuple[str, ...]


def _normal(text: str) -> str:
    """Lower case with every non-alphanumeric character a space: positions stay those of ``text``."""
    return "".join(ch if ch.isalnum() else " " for ch in text.lower())[:len(text)]


def _names(catalogue: Catalogue) -> dict[str, SystemSpec]:
    names: dict[str, SystemSpec] = {}
    for system in catalogue.systems:
        for name in (system.id, system.name, *system.aliases):
            key = " ".join(_normal(name).split())
            if len(key) >= 3:
                names.setdefault(key, system)
            if " " in key and any(c.isdigit() for c in key):
                names.setdefault(key.replace(" ", ""), system)
            spaced = re.sub(r"(?<=[a-z])(?=\d)", " ", key)  # "TB 2", "TB-2" for "TB2"
            if spaced != key and len(spaced) >= 3:
                names.setdefault(spaced, system)
    return names


# the names; each with its words; the name a word n-gram is a typo of (kept: a warm bot meets the same n-grams again,
# "what is the", "drone to")
# a name with its place in the catalogue's order, the name and its words
_Keyed = tuple[int, str, tuple[str, ...], SystemSpec]
# the family words of model names ("shahed" of "shahed 136") that are no listed name themselves, each with its models'
# names, and one pattern for them all
_FamilyWords = tuple[dict[str, tuple[str, ...]], re.Pattern[str] | None]
_Named = tuple[dict[str, SystemSpec], dict[str, list[_Keyed]], Callable[[str], str | None],
               dict[str, dict[str, SystemSpec]], _FamilyWords]
_RUN = re.compile(r"[a-z0-9]+")  # where a name's pattern may start: after no letter or digit of a-z, 0-9
CLOSEST_KEPT = 8192
_NAMED: weakref.WeakKeyDictionary[Catalogue, _Named] = weakref.WeakKeyDictionary()
_PATTERNS: dict[str, re.Pattern[str]] = {}  # one per catalogue name, compiled the first time a question may hold it


def _named(catalogue: Catalogue) -> _Named:
    """The catalogue's names, each with its words, the typo lookup over them, the names that are model numbers by
    family ("tb": "tb2", "tb 2") and the family words of model names, built once per loaded catalogue."""
    found = _NAMED.get(catalogue)
    if found is None:
        names = _names(catalogue)
        buckets: dict[str, list[str]] = {}
        for name in names:
            if len(name) >= 5 and not name.isdigit():
                buckets.setdefault(name[0], []).append(name)
        closest = functools.lru_cache(maxsize=CLOSEST_KEPT)(functools.partial(_closest, buckets=_Buckets(buckets)))
        families: dict[str, dict[str, SystemSpec]] = {}
        for key, system in names.items():
            if (model := MODEL.fullmatch(key)) is not None:
                families.setdefault(model.group(1), {})[key] = system
        keyed: dict[str, list[_Keyed]] = {}  # by the first two characters of the name (of the run it starts)
        for index, (key, system) in enumerate(names.items()):
            run = _RUN.match(key)
            opening = key[:2] if run is not None and run.end() >= 2 else ""
            keyed.setdefault(opening, []).append((index, key, tuple(key.split()), system))
        found = _NAMED[catalogue] = (names, keyed, closest, families, _family_words_of(names))
    return found


def _family_words_of(names: dict[str, SystemSpec]) -> _FamilyWords:
    """The family words of the model names in ``names``, with their models, and the pattern that finds them."""
    models: dict[str, dict[str, str]] = {}
    for key, system in names.items():
        words = key.split()
        if len(words) == 2 and len(words[0]) >= 5 and words[0].isalpha() and DESIGNATOR.match(words[1]) \
                and words[1] not in NOT_DESIGNATOR and words[0] not in names:
            models.setdefault(words[0], {})[system.id] = system.name
    pattern = re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, models)) + r")(?:e?s)?(?![a-z0-9])") \
        if models else None
    return {word: tuple(sorted(by_id.values())) for word, by_id in models.items()}, pattern


def _pattern(key: str) -> re.Pattern[str]:
    pattern = _PATTERNS.get(key)
    if pattern is None:
        pattern = _PATTERNS[key] = re.compile(r"(?<![a-z0-9])" + r"\s+".join(re.escape(part) for part in key.split())
                                              + r"(?:e?s)?(?![a-z0-9])")
    return pattern


def find_systems(catalogue: Catalogue, text: str) -> tuple[list[SystemMention], list[NearMiss]]:
    norm = _normal(text)
    names, keyed, closest, families, family_words = _named(catalogue)
    spans: list[tuple[int, int, SystemSpec]] = []
    # a name's pattern matches only where it starts a run of a-z and 0-9 (its lookbehind), so only the names whose
    # first two characters open such a run are tried; the few that do not open with two of them always are
    openings = {run[:2] for run in _RUN.findall(norm)} | {""}
    for _, key, parts, system in sorted((e for o in openings for e in keyed.get(o, ())), key=lambda e: e[0]):
        # a name's pattern can only match where all its words occur (the first tested alone: most names fail on it)
        if parts[0] not in norm or (len(parts) > 1 and not all(part in norm for part in parts[1:])):
            continue
        for match in _pattern(key).finditer(norm):
            spans.append((match.start(), match.end(), system))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    chosen: list[tuple[int, int, SystemSpec]] = []
    for start, end, system in spans:
        if all(end <= a or start >= b for a, b, _ in chosen):
            chosen.append((start, end, system))
    mentions: list[SystemMention] = []
    misses: list[NearMiss] = []
    for start, end, system in chosen:
        following = norm[end:].split()[:1]
        gap = re.match(r"[\s-]*", text[end:])
        adjacent = bool(following) and gap is not None and text[end + gap.end():].lower().startswith(following[0])
        if adjacent and DESIGNATOR.match(following[0]) and following[0] not in NOT_DESIGNATOR \
                and not _text_speak(following[0], norm[end:]):
            phrase = f"{norm[start:end].strip()} {following[0]}"
            if phrase not in names:
                misses.append(NearMiss(text[start:end + 1 + len(following[0])].strip(), start,
                                       tuple(_suggest(names, phrase))))
                continue
        mentions.append(SystemMention(system, start, end, text[start:end]))
    if not mentions and not misses:
        mentions, misses = _fuzzy(norm, text, names, closest)
    taken = [(m.start, m.end) for m in mentions] + [(m.start, m.start + len(m.text)) for m in misses]
    misses += [m for m in _unknown_models(norm, text, names, families)
               if all(m.start + len(m.text) <= a or m.start >= b for a, b in taken)]
    taken += [(m.start, m.start + len(m.text)) for m in misses]
    misses += [m for m in _family_words(norm, text, family_words)
               if all(m.start + len(m.text) <= a or m.start >= b for a, b in taken)]
    seen: set[str] = set()
    unique = []
    for m in sorted(mentions, key=lambda m: m.start):
        if m.system.id not in seen:
            seen.add(m.system.id)
            unique.append(m)
    return unique, misses


# a model number of a family the catalogue lists ("TB3", "MQ-25") but not that model: "not in the catalogue", never
# silence (the letters alone, as typed, are too short for the typo search)
MODEL = re.compile(r"(?<![a-z0-9])([a-z]{2,3}) ?(\d{1,3})([a-z]?)(?![a-z0-9])")
SUB_DESIGNATORS = {"mk", "rg", "blk", "no"}  # "Protector RG Mk1", "Block 5": a variant of a named aircraft, not a model


def _unknown_models(norm: str, text: str, names: dict[str, SystemSpec], families: dict[str, dict[str, SystemSpec]]
                    ) -> list[NearMiss]:
    out = []
    for match in MODEL.finditer(norm):
        family, number, variant = match.groups()
        if family not in families or family in SUB_DESIGNATORS:
            continue
        keys = {f"{family}{number}{variant}", f"{family} {number}{variant}"}
        if variant == "s":  # "TB2s": the plural of a listed model
            keys |= {f"{family}{number}", f"{family} {number}"}
        if keys & names.keys():
            continue
        out.append(NearMiss(text[match.start():match.end()], match.start(),
                            tuple(_suggest(families[family], match.group(0)))))
    return out


def _text_speak(word: str, rest: str) -> bool:
    """'reaper 2 saudi': a '2' (or '4') between a name and a country is 'to' ('for'), not a model number."""
    if word not in ("2", "4"):
        return False
    return bool(countries_named(" ".join(rest.split()[1:4])))


def _family_words(norm: str, text: str, family_words: _FamilyWords) -> list[NearMiss]:
    """A family's name typed alone ("Shahed drones", "the Heron"), where the catalogue lists only its models ("Shahed
    136", "Heron TP"): not in the catalogue as such, with those models as the closest names."""
    models, pattern = family_words
    return [NearMiss(text[m.start():m.end()], m.start(), models[m.group(1)])
            for m in (pattern.finditer(norm) if pattern is not None else ())]


def _suggest(names: dict[str, SystemSpec], phrase: str, limit: int = 3) -> list[str]:
    found = process.extract(phrase, list(names), scorer=fuzz.WRatio, limit=10)
    out: list[str] = []
    for key, score, _ in found:
        if score >= 60 and names[key].name not in out:
            out.append(names[key].name)
    return out[:limit]


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


THREE_LETTERS = re.compile(r"[a-z]{3}")
JOINING = {"to", "for", "from", "the", "and", "or", "of", "in", "on", "at", "by", "a", "an", "is", "vs", "with"}


class _Buckets:
    """The names a typo of a given first letter and length may be of, in catalogue order, listed once per letter and
    length: a typo keeps the first letter and about the length (a ratio of 84 allows a third more or less)."""

    def __init__(self, by_letter: dict[str, list[str]]) -> None:
        self._by_letter = by_letter
        self._lists: dict[tuple[str, int], list[str]] = {}

    def candidates(self, gram: str) -> list[str]:
        key = (gram[0], len(gram))
        found = self._lists.get(key)
        if found is None:
            found = self._lists[key] = [n for n in self._by_letter.get(gram[0], ())
                                        if 0.72 * len(n) <= len(gram) <= 1.39 * len(n)]
        return found


def _closest(gram: str, buckets: _Buckets) -> str | None:
    """The catalogue name ``gram`` is a typo of, if any."""
    best = process.extractOne(gram, buckets.candidates(gram), scorer=fuzz.ratio, score_cutoff=83)
    if best and best[1] < 84 and not (best[0].isalpha() and len(best[0]) == len(gram)):
        return None  # one letter wrong in six ("reeper") scores 83.3; "german" is no typo of "geran2"
    return best[0] if best else None


def _fuzzy(norm: str, text: str, names: dict[str, SystemSpec], closest: Callable[[str], str | None]
           ) -> tuple[list[SystemMention], list[NearMiss]]:
    """Typo-tolerant matches of word n-grams ('graey eagle', 'reapr'); a differing designator is a near miss."""
    words = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", norm)]
    # per word, what the n-gram tests need (three letters in a row cannot span the space between two words)
    letters = [sum(map(str.isalpha, w)) for _, w in words]
    three = [THREE_LETTERS.search(w) is not None for _, w in words]
    mentions: list[SystemMention] = []
    misses: list[NearMiss] = []
    used = [False] * len(words)
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            if True in used[i:i + size]:
                continue
            if size > 1 and (words[i][1] in JOINING or words[i + size - 1][1] in JOINING):
                continue  # "heron to india" is not a typo of "heron tp"
            if sum(letters[i:i + size]) < 4 or True not in three[i:i + size]:
                continue
            gram = " ".join(w for _, w in words[i:i + size])
            if len(gram) < 5:
                continue
            best = closest(gram)
            if best is None and size == 1 and len(gram) > 5 and gram.endswith("s"):
                best = closest(gram[:-1])  # "reepers": a typo of a name in the plural
            if best is None:
                continue
            start = words[i][0]
            end = words[i + size - 1][0] + len(words[i + size - 1][1])
            if _digits(gram) != _digits(best) or _designators(gram) != _designators(best):
                misses.append(NearMiss(text[start:end], start, tuple(_suggest(names, gram))))
            else:
                mentions.append(SystemMention(names[best], start, end, text[start:end]))
            used[i:i + size] = [True] * size
    return mentions, misses


def _designators(text: str) -> list[str]:
    return [w for w in text.split() if DESIGNATOR.match(w) and w not in NOT_DESIGNATOR]
