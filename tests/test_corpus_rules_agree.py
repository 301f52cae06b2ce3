"""Rule data and documents must agree: every rule reference that names a document names one in the corpus.

A reference with no ``doc`` is cited alone (its title and official URL): that is how a value is cited when no
corpus passage states it. Such a reference then has no ``label`` either (the label pins a passage of the document;
``tests/rules/test_reference_labels.py`` checks that it is one)."""

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
            doc, label = value.reference.doc, value.reference.label
            if (doc is None and label is not None) or (doc is not None and doc not in ids):
                missing[parameter.id] = (doc, label)
    assert missing == {}
