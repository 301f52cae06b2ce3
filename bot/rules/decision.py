"""The result of an evaluation: verdict, trace (each step citing a dated rule value), and what is missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from bot import ADVISORY_NOTICE
from bot.rules.model import DatedValue, Parameter

if TYPE_CHECKING:
    from bot.rules.jurisdiction import Jurisdiction
    from bot.rules.licence import Licence

VERDICTS = ("denial-policy", "strong-presumption-of-denial", "case-by-case", "not-mtcr-controlled",
            "insufficient-data")

VERDICT_TEXT = {
    "denial-policy": "Denial policy: the destination is proscribed",
    "strong-presumption-of-denial": "Strong presumption of denial",
    "case-by-case": "Case-by-case review",
    "not-mtcr-controlled": "Not MTCR-controlled as a complete system (other controls may still apply)",
    "insufficient-data": "Insufficient data to decide",
}


@dataclass(frozen=True)
class TraceStep:
    step: str
    finding: str
    rule: str
    effective: date
    value: Any
    reference_title: str
    reference_url: str
    reference_label: str | None
    reference_doc: str | None
    confidence: str
    alternatives: tuple[dict[str, Any], ...] = ()

    @classmethod
    def cite(cls, step: str, finding: str, parameter: Parameter, dated: DatedValue) -> TraceStep:
        ref = dated.reference
        return cls(step=step, finding=finding, rule=parameter.id, effective=dated.effective, value=dated.value,
                   reference_title=ref.title, reference_url=ref.url, reference_label=ref.label,
                   reference_doc=ref.doc, confidence=dated.confidence,
                   alternatives=tuple(a.as_dict() for a in dated.alternatives))

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step, "finding": self.finding, "rule": self.rule, "effective": self.effective.isoformat(),
            "value": self.value, "confidence": self.confidence,
            "reference": {"title": self.reference_title, "url": self.reference_url,
                          "label": self.reference_label, "doc": self.reference_doc},
            **({"alternatives": list(self.alternatives)} if self.alternatives else {}),
        }


@dataclass(frozen=True)
class Margin:
    threshold: str
    value: float
    limit: float
    unit: str
    difference: float
    text: str
    rule: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "value": self.value, "limit": self.limit, "unit": self.unit,
                "difference": self.difference, "text": self.text, "rule": self.rule}


@dataclass(frozen=True)
class Condition:
    condition: str
    rule: str
    effective: date
    reference_title: str
    reference_url: str
    confidence: str
    reference_doc: str | None = None
    reference_label: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"condition": self.condition, "rule": self.rule, "effective": self.effective.isoformat(),
                "confidence": self.confidence,
                "reference": {"title": self.reference_title, "url": self.reference_url}}


@dataclass
class Decision:
    verdict: str
    category: str | None
    item: str | None
    at_least: str | None
    us_treatment: str | None
    destination: dict[str, Any] | None
    exporter: str
    as_of: date
    rules_version: str
    system: dict[str, Any] | None
    facts: dict[str, Any]
    missing: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    margins: list[Margin] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    trace: list[TraceStep] = field(default_factory=list)
    other_controls: list[str] = field(default_factory=list)
    jurisdiction: Jurisdiction | None = None  # which US list controls the item (USML / EAR entry)
    licence: Licence | None = None  # whether this destination needs a US licence for that entry

    @property
    def headline(self) -> str:
        text = VERDICT_TEXT[self.verdict]
        if self.category:
            text += f" — MTCR Category {self.category} (Item {self.item})"
        elif self.at_least:
            text += f" — at least MTCR Category {self.at_least}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "headline": self.headline,
            "mtcr": {"category": self.category, "item": self.item, "at_least": self.at_least},
            "us_treatment": self.us_treatment,
            "exporter": self.exporter,
            "destination": self.destination,
            "system": self.system,
            "facts": self.facts,
            "missing": [m["fact"] for m in self.missing],
            "missing_detail": self.missing,
            "warnings": self.warnings,
            "margins": [m.as_dict() for m in self.margins],
            "conditions": [c.as_dict() for c in self.conditions],
            "other_controls": self.other_controls,
            "jurisdiction": self.jurisdiction.as_dict() if self.jurisdiction else None,
            "licence": self.licence.as_dict() if self.licence else None,
            "trace": [t.as_dict() for t in self.trace],
            "as_of": self.as_of.isoformat(),
            "rules_version": self.rules_version,
            "notice": ADVISORY_NOTICE,
        }

    def sources(self) -> list[dict[str, str]]:
        """Distinct references cited by the trace and conditions, in order of first use."""
        seen: dict[str, dict[str, str]] = {}
        for step in self.trace:
            seen.setdefault(step.reference_url + step.reference_title,
                            {"title": step.reference_title, "url": step.reference_url,
                             "label": step.reference_label or "", "doc": step.reference_doc or ""})
        for cond in self.conditions:
            seen.setdefault(cond.reference_url + cond.reference_title,
                            {"title": cond.reference_title, "url": cond.reference_url, "label": "", "doc": ""})
        return list(seen.values())
