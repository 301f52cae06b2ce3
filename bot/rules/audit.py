"""Citation audit across rules, catalogue and document front matter (used by `uavex rules check` and tests)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue import Catalogue
from bot.rules.citations import citation_problem, mirror_note
from bot.rules.model import RuleSet
from bot.yamlstrict import load_strict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CitationFinding:
    where: str  # file and key
    url: str
    problem: str
    blocking: bool  # True for local paths and code-hosting mirrors


def citation_urls(rules: RuleSet, catalogue: Catalogue, documents_dir: Path) -> list[tuple[str, str]]:
    """(where, url) for every citation URL in the rule data, the catalogue and the documents' front matter."""
    out: list[tuple[str, str]] = []
    for parameter in rules.parameters.values():
        for value in parameter.values:
            where = f"{Path(parameter.file).name}: {parameter.id} {value.effective.isoformat()}"
            out.append((where, value.reference.url))
    for system in catalogue.systems:
        for i, source in enumerate(system.sources):
            out.append((f"systems.yaml: {system.id}.sources[{i}]", source.url))
        if system.reported_category_source is not None:
            out.append((f"systems.yaml: {system.id}.mtcr_category_reported", system.reported_category_source.url))
    for path in sorted(documents_dir.glob("*.md")):
        for i, url in enumerate(_front_matter_urls(path)):
            out.append((f"{path.name}: sources[{i}]", url))
    return out


def _front_matter_urls(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return []
    try:
        meta: Any = load_strict(text.split("\n---", 1)[0].removeprefix("---"))
    except yaml.YAMLError:
        return []  # the corpus loader reports malformed front matter itself
    sources = meta.get("sources") if isinstance(meta, dict) else None
    if not isinstance(sources, list):
        return []
    return [str(s.get("url") or "") for s in sources if isinstance(s, dict)]


def audit_citations(rules: RuleSet, catalogue: Catalogue, documents_dir: Path) -> list[CitationFinding]:
    """Every citation that is not the publisher's own text (deduplicated by place and URL)."""
    findings: list[CitationFinding] = []
    seen: set[tuple[str, str]] = set()
    for where, url in citation_urls(rules, catalogue, documents_dir):
        key = (where.split(" ")[0], url)
        note = mirror_note(url)
        if note is None or key in seen:
            continue
        seen.add(key)
        findings.append(CitationFinding(where=where, url=url, problem=note, blocking=citation_problem(url) is not None))
    return findings


# Rule areas read by the jurisdiction and licence steps (bot/rules/jurisdiction.py, licence.py).
JURISDICTION_AND_LICENCE = ("us.jurisdiction.", "us.licence.", "us.country_groups.", "us.other_controls.ear_9a012",
                            "us.congressional_notification.")


def confidence_counts(rules: RuleSet, prefixes: tuple[str, ...] | None = None) -> dict[str, int]:
    """Dated values by confidence mark, for every parameter or only those whose id starts with one of ``prefixes``."""
    counts: dict[str, int] = {}
    for parameter in rules.parameters.values():
        if prefixes is not None and not parameter.id.startswith(prefixes):
            continue
        for value in parameter.values:
            counts[value.confidence] = counts.get(value.confidence, 0) + 1
    return counts
