"""The catalogue of named UAV systems (corpus/systems.yaml) and fuzzy lookup by name or alias."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from bot.errors import InputError, RuleDataError
from bot.yamlstrict import load_strict, parse_date

log = logging.getLogger(__name__)

CLASSES = {"male", "hale", "tactical", "loitering-munition", "target-drone", "agricultural-sprayer", "consumer", "ucav"}
RANGE_BASES = {"one-way", "ferry", "datalink", "radius", "unknown"}
SYSTEM_KEYS = {
    "id", "name", "aliases", "manufacturer", "origin", "class", "armed", "max_payload_kg", "range_km",
    "range_basis", "range_at_500kg_km", "endurance_h", "max_speed_kmh", "cruise_speed_kmh", "spray_capacity_l",
    "autonomous", "bvlos", "mtcr_category_reported", "notes", "sources", "confidence", "external_stores_kg",
    "max_takeoff_weight_kg",
}
NUMERIC = ("max_payload_kg", "range_km", "range_at_500kg_km", "endurance_h", "max_speed_kmh",
           "cruise_speed_kmh", "spray_capacity_l", "external_stores_kg", "max_takeoff_weight_kg")


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    date: str
    retrieved_from: str | None = None

    def as_dict(self) -> dict[str, str]:
        out = {"title": self.title, "url": self.url, "date": self.date}
        if self.retrieved_from:
            out["retrieved_from"] = self.retrieved_from
        return out


@dataclass(frozen=True)
class SystemSpec:
    id: str
    name: str
    manufacturer: str
    origin: str
    uav_class: str
    confidence: str
    sources: tuple[Source, ...]
    aliases: tuple[str, ...] = ()
    armed: bool | None = None
    max_payload_kg: float | None = None
    range_km: float | None = None
    range_basis: str = "unknown"
    range_at_500kg_km: float | None = None
    endurance_h: float | None = None
    max_speed_kmh: float | None = None
    cruise_speed_kmh: float | None = None
    spray_capacity_l: float | None = None
    external_stores_kg: float | None = None  # published external-stores load only: not the maximum payload
    max_takeoff_weight_kg: float | None = None  # an upper bound on any payload the aircraft can lift
    autonomous: bool | None = None
    bvlos: bool | None = None
    reported_category: str | None = None
    reported_category_source: Source | None = None
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "manufacturer": self.manufacturer, "origin": self.origin,
            "class": self.uav_class, "armed": self.armed, "aliases": list(self.aliases),
            "max_payload_kg": self.max_payload_kg, "max_takeoff_weight_kg": self.max_takeoff_weight_kg,
            "range_km": self.range_km, "range_basis": self.range_basis,
            "range_at_500kg_km": self.range_at_500kg_km, "endurance_h": self.endurance_h,
            "max_speed_kmh": self.max_speed_kmh, "cruise_speed_kmh": self.cruise_speed_kmh,
            "spray_capacity_l": self.spray_capacity_l, "external_stores_kg": self.external_stores_kg,
            "autonomous": self.autonomous, "bvlos": self.bvlos,
            "mtcr_category_reported": self.reported_category, "notes": self.notes,
            "sources": [s.as_dict() for s in self.sources], "confidence": self.confidence,
        }


def _source(path: str, where: str, raw: Any) -> Source:
    if not isinstance(raw, dict) or not raw.get("title") or not raw.get("url"):
        raise RuleDataError(path, f"{where}: a source needs title and url")
    date = str(raw.get("date") or "")
    if date:
        try:
            parse_date(date)
        except ValueError as exc:
            raise RuleDataError(path, f"{where}.date: {exc}") from None
    retrieved = raw.get("retrieved_from")
    return Source(title=str(raw["title"]), url=str(raw["url"]), date=date,
                  retrieved_from=str(retrieved) if retrieved else None)


def _system(path: str, raw: Any, index: int) -> SystemSpec:
    where = f"systems[{index}]"
    if not isinstance(raw, dict):
        raise RuleDataError(path, f"{where}: expected a mapping")
    sid = raw.get("id")
    where = f"systems.{sid}" if sid else where
    unknown = sorted(set(raw) - SYSTEM_KEYS)
    if unknown:
        raise RuleDataError(path, f"{where}: unknown key {unknown[0]!r}")
    for key in ("id", "name", "class", "sources", "confidence"):
        if raw.get(key) in (None, "", []):
            raise RuleDataError(path, f"{where}: missing required key {key!r}")
    if raw["class"] not in CLASSES:
        raise RuleDataError(path, f"{where}.class: {raw['class']!r} is not one of {', '.join(sorted(CLASSES))}")
    basis = raw.get("range_basis") or "unknown"
    if basis not in RANGE_BASES:
        raise RuleDataError(path, f"{where}.range_basis: {basis!r} is not one of {', '.join(sorted(RANGE_BASES))}")
    if raw["confidence"] not in {"verified", "secondary", "uncertain"}:
        raise RuleDataError(path, f"{where}.confidence: {raw['confidence']!r} is not verified/secondary/uncertain")
    numbers: dict[str, float | None] = {}
    for key in NUMERIC:
        value = raw.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
            raise RuleDataError(path, f"{where}.{key}: expected a non-negative number or null, got {value!r}")
        numbers[key] = float(value) if value is not None else None
    reported = raw.get("mtcr_category_reported")
    reported_value, reported_source = None, None
    if reported:
        if not isinstance(reported, dict) or str(reported.get("value")) not in {"I", "II"}:
            raise RuleDataError(path, f"{where}.mtcr_category_reported: needs value 'I' or 'II' and a source")
        reported_value = str(reported["value"])
        reported_source = _source(path, f"{where}.mtcr_category_reported.source", reported.get("source"))
    sources = tuple(_source(path, f"{where}.sources[{i}]", s) for i, s in enumerate(raw["sources"]))
    return SystemSpec(
        id=str(sid), name=str(raw["name"]), manufacturer=str(raw.get("manufacturer") or ""),
        origin=str(raw.get("origin") or ""), uav_class=str(raw["class"]), confidence=str(raw["confidence"]),
        sources=sources, aliases=tuple(str(a).lower() for a in raw.get("aliases") or ()),
        armed=raw.get("armed"), range_basis=basis, autonomous=raw.get("autonomous"), bvlos=raw.get("bvlos"),
        reported_category=reported_value, reported_category_source=reported_source,
        notes=str(raw.get("notes") or ""), **numbers,  # type: ignore[arg-type]
    )


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


class Catalogue:
    """Named systems with exact, alias and fuzzy lookup."""

    def __init__(self, systems: list[SystemSpec]) -> None:
        self.systems = systems
        self._names: dict[str, SystemSpec] = {}
        for system in systems:
            for name in (system.id, system.name, *system.aliases):
                self._names.setdefault(_key(name), system)
                self._names.setdefault(_key(name).replace(" ", ""), system)

    @classmethod
    def load(cls, path: Path) -> Catalogue:
        try:
            data = load_strict(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise RuleDataError(str(path), "systems catalogue not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleDataError(str(path), f"cannot read the systems catalogue: {' '.join(str(exc).split())[:200]}") \
                from None
        except yaml.YAMLError as exc:
            raise RuleDataError(str(path), f"invalid YAML: {' '.join(str(exc).split())}") from None
        if not isinstance(data, dict) or not isinstance(data.get("systems"), list):
            raise RuleDataError(str(path), "expected top-level keys 'schema_version' and 'systems' (a list)")
        from bot.rules.schema import check as check_shape

        check_shape("catalogue", data, str(path))
        systems = [_system(str(path), raw, i) for i, raw in enumerate(data["systems"])]
        ids = [s.id for s in systems]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise RuleDataError(str(path), f"systems.{duplicates[0]}: duplicate id")
        return cls(systems)

    def find(self, text: str) -> SystemSpec | None:
        """Exact name/alias match first, then a conservative fuzzy match; None when nothing is close."""
        key = _key(text)
        if not key:
            return None
        if key in self._names:
            return self._names[key]
        if key.replace(" ", "") in self._names:
            return self._names[key.replace(" ", "")]
        best = process.extractOne(key, list(self._names), scorer=fuzz.WRatio, score_cutoff=88)
        return self._names[best[0]] if best else None

    def resolve(self, text: str) -> SystemSpec:
        found = self.find(text)
        if found is None:
            hints = ", ".join(self.suggest(text, 3)) or "see `uavex systems`"
            raise InputError(f"system: no catalogue entry matches {text!r}; closest: {hints}")
        return found

    def suggest(self, text: str, limit: int = 25) -> list[str]:
        """Names for autocomplete and error hints."""
        key = _key(text)
        if not key:
            return [s.name for s in self.systems][:limit]
        names = {s.name: s for s in self.systems}
        scored = process.extract(key, list(names), scorer=fuzz.WRatio, limit=limit)
        return [name for name, score, _ in scored if score >= 50]

    def mentions(self, text: str) -> list[SystemSpec]:
        """Systems named in free text (whole-word alias or name matches), in order of appearance."""
        lowered = " " + _key(text) + " "
        found: list[tuple[int, SystemSpec]] = []
        for name, system in self._names.items():
            if len(name) < 3:
                continue
            match = re.search(rf" {re.escape(name)}(?:e?s)? ", lowered)
            pos = match.start() if match else -1
            if pos >= 0 and all(s.id != system.id for _, s in found):
                found.append((pos, system))
        if not found:
            found = self._fuzzy_mentions(lowered)
        found.sort(key=lambda item: item[0])
        return [s for _, s in found]

    def _fuzzy_mentions(self, lowered: str) -> list[tuple[int, SystemSpec]]:
        """Typo-tolerant: word n-grams close to a name or alias ('graey eagle', 'reapr')."""
        words = lowered.split()
        names = [n for n in self._names if len(n) >= 5 and not n.isdigit()]
        out: list[tuple[int, SystemSpec]] = []
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                gram = " ".join(words[i:i + size])
                if len(gram) < 5:
                    continue
                best = process.extractOne(gram, names, scorer=fuzz.ratio, score_cutoff=84)
                if best:
                    system = self._names[best[0]]
                    if all(s.id != system.id for _, s in out):
                        out.append((lowered.find(gram), system))
        return out
