"""Rule data and documents must agree: every rule reference names a document in the corpus."""

from __future__ import annotations

from pathlib import Path

from bot.retrieval.documents import load_corpus
from bot.rules.loader import load_rules


def test_every_rule_reference_names_a_corpus_document(project_root: Path) -> None:
    rules = load_rules(project_root / "corpus" / "rules")
    documents, _ = load_corpus(project_root / "corpus" / "documents")
    ids = {d.meta.id for d in documents}
    missing = {}
    for parameter in rules.parameters.values():
        for value in parameter.values:
            doc = value.reference.doc
            if doc is None or doc not in ids:
                missing[parameter.id] = doc
    assert missing == {}
