"""A rule reference that names a corpus document pins one of its passages: its ``label`` is that passage's exact
label. Citations resolve the label with ``passage_by_label``, which falls back to a prefix match and then to the
document's first passage, so a label that matches no passage silently cites the wrong text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.retrieval.documents import load_corpus
from bot.retrieval.passages import passages_for


def _references(data: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """Every mapping with a ``doc`` key in a rule file (named references and any inline one), with where it is."""
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(data, dict):
        if "doc" in data:
            out.append((where, data))
        for key, value in data.items():
            out += _references(value, f"{where}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _references(value, f"{where}[{i}]")
    return out


@pytest.fixture(scope="module")
def labels_by_doc(project_root: Path) -> dict[str, set[str]]:
    documents, _ = load_corpus(project_root / "corpus" / "documents")
    return {d.meta.id: {p.label for p in passages_for(d)} for d in documents}


def test_every_rule_reference_label_is_a_passage_label_of_its_document(
        project_root: Path, labels_by_doc: dict[str, set[str]]) -> None:
    rules = project_root / "corpus" / "rules"
    refs = [ref for file in sorted(rules.rglob("*.yaml"))
            for ref in _references(yaml.safe_load(file.read_text()), str(file.relative_to(rules)))]
    assert len(refs) > 50
    bad = []
    for where, ref in refs:
        doc, label = ref.get("doc"), ref.get("label")
        if doc not in labels_by_doc:
            bad.append(f"{where}: doc {doc!r} is not a corpus document")
        elif label not in labels_by_doc[doc]:
            bad.append(f"{where}: label {label!r} is not a passage label of {doc} "
                       f"(labels: {sorted(labels_by_doc[doc])})")
    assert not bad, "\n".join(bad)
