"""Typed objects for dated rule parameters (the OpenFisca model: a value per effective date)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.errors import NoRuleInForce

CONFIDENCE = ("verified", "secondary", "uncertain")


@dataclass(frozen=True)
class Reference:
    title: str
    issuer: str
    published: date
    url: str
    doc: str | None = None
    label: str | None = None
    retrieved_from: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {"title": self.title, "issuer": self.issuer, "published": self.published.isoformat(),
               "url": self.url, "doc": self.doc, "label": self.label}
        if self.retrieved_from:
            out["retrieved_from"] = self.retrieved_from
        return out


@dataclass(frozen=True)
class Alternative:
    """Another figure a source gives for the same fact; shown wherever the value is printed."""

    effective: date
    source: str
    precision: str = "day"
    url: str | None = None

    def when(self) -> str:
        return str(self.effective.year) if self.precision == "year" else self.effective.isoformat()

    def as_dict(self) -> dict[str, Any]:
        return {"effective": self.when(), "source": self.source, "url": self.url}


@dataclass(frozen=True)
class DatedValue:
    effective: date
    value: Any
    reference: Reference
    confidence: str
    precision: str = "day"
    observed: bool = False
    retrospective_source: bool = False
    note: str | None = None
    alternatives: tuple[Alternative, ...] = ()
    lapses: date | None = None  # the last day this value holds unless renewed (a yearly suspension, a waiver)

    def when(self) -> str:
        return str(self.effective.year) if self.precision == "year" else self.effective.isoformat()


@dataclass(frozen=True)
class Parameter:
    id: str
    description: str
    file: str
    values: tuple[DatedValue, ...]
    unit: str | None = None
    # the reference that lists the whole group a country parameter belongs to (its file's ``list_reference``): what
    # a statement that a country is not in the group is cited to
    listed_by: Reference | None = None

    def at(self, on: date) -> DatedValue | None:
        """The value in force on ``on``; None before the first value or after a null ends it."""
        current: DatedValue | None = None
        for dated in self.values:
            if dated.effective <= on:
                current = dated
            else:
                break
        if current is None or current.value is None:
            return None
        return current

    def ended_at(self, on: date) -> DatedValue | None:
        """The null entry that ended this parameter, if it has ended by ``on``."""
        current: DatedValue | None = None
        for dated in self.values:
            if dated.effective <= on:
                current = dated
        if current is not None and current.value is None:
            return current
        return None

    @property
    def first_effective(self) -> date:
        return self.values[0].effective


@dataclass
class RuleSet:
    parameters: dict[str, Parameter]
    version: str
    files: list[str] = field(default_factory=list)
    _groups: dict[str, dict[str, Parameter]] = field(default_factory=dict, repr=False, compare=False)

    def get(self, param_id: str) -> Parameter:
        try:
            return self.parameters[param_id]
        except KeyError:
            raise NoRuleInForce(f"rule {param_id!r} is not defined in corpus/rules") from None

    def at(self, param_id: str, on: date) -> DatedValue:
        """The value in force, or NoRuleInForce naming the rule and the date (never a silent default)."""
        value = self.get(param_id).at(on)
        if value is None:
            raise NoRuleInForce(f"no value of rule {param_id!r} is in force on {on.isoformat()}")
        return value

    def maybe(self, param_id: str, on: date) -> DatedValue | None:
        parameter = self.parameters.get(param_id)
        return parameter.at(on) if parameter else None

    def group(self, prefix: str) -> dict[str, Parameter]:
        """Parameters directly under ``prefix.`` keyed by their last component (e.g. ISO codes)."""
        cached = self._groups.get(prefix)
        if cached is None:  # the parameters never change after loading, so each group is built once
            head = prefix + "."
            cached = {pid[len(head):]: p for pid, p in self.parameters.items()
                      if pid.startswith(head) and "." not in pid[len(head):]}
            self._groups[prefix] = cached
        return cached

    @property
    def newest_effective(self) -> date:
        return max(v.effective for p in self.parameters.values() for v in p.values)

    def value_count(self) -> int:
        return sum(len(p.values) for p in self.parameters.values())

    def documents_cited(self) -> set[str]:
        return {v.reference.doc for p in self.parameters.values() for v in p.values if v.reference.doc}
