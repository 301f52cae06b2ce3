"""Numbered citations: each retrieved passage or rule reference gets one number, in order of first use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.retrieval.passages import Passage, passage_by_label
from bot.retrieval.search import Retriever

if TYPE_CHECKING:
    from bot.rules.model import DatedValue


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    label: str
    url: str
    text: str
    passage_id: str | None
    effective: str
    rule_text: str = ""  # what the cited rule value states, when a rule value (not only a passage) is cited

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "doc_id": self.doc_id, "title": self.title, "label": self.label, "url": self.url,
                "text": self.text, "passage_id": self.passage_id, "effective": self.effective,
                "rule_text": self.rule_text}


class Citations:
    def __init__(self, retriever: Retriever | None) -> None:
        self.retriever = retriever
        self.items: list[Citation] = []
        self._keys: dict[str, int] = {}

    def passage(self, passage: Passage, sentence: str = "") -> int:
        """Cite a passage for ``sentence`` (one of its sentences): linked to the source that sentence draws on."""
        url = passage.url_for(sentence) if sentence else passage.url
        key = f"p:{passage.id}" if url == passage.url else f"p:{passage.id}:{url}"
        if key not in self._keys:
            n = len(self.items) + 1
            self.items.append(Citation(n, passage.doc_id, passage.title, passage.label, url, passage.text,
                                       passage.id, passage.effective))
            self._keys[key] = n
        return self._keys[key]

    def reference(self, doc: str | None, label: str | None, title: str, url: str, fallback_text: str,
                  effective: str) -> int:
        """Cite a rule value: the corpus passage its reference names (for the text), with the reference's own
        official URL and the value's effective date; the reference alone when no passage is indexed."""
        passage = self._find(doc, label)
        if passage is not None:
            key = f"v:{passage.id}:{url}:{effective}"
            if key not in self._keys:
                n = len(self.items) + 1
                self.items.append(Citation(n, passage.doc_id, title, passage.label, url or passage.url, passage.text,
                                           passage.id, effective, fallback_text))
                self._keys[key] = n
            return self._keys[key]
        key = f"r:{url}:{title}"
        if key not in self._keys:
            n = len(self.items) + 1
            self.items.append(Citation(n, doc or "", title, label or title, url, fallback_text, None, effective,
                                       fallback_text))
            self._keys[key] = n
        return self._keys[key]

    def value(self, dated: DatedValue, text: str) -> int:
        """Cite a dated rule value by its own reference (``text``: what the value states)."""
        ref = dated.reference
        return self.reference(ref.doc, ref.label, ref.title, ref.url, text, dated.effective.isoformat())

    def _find(self, doc: str | None, label: str | None) -> Passage | None:
        if self.retriever is None or not doc:
            return None
        passages = self.retriever.document_passages(doc)
        if not passages:
            return None
        return passage_by_label(passages, label) or passages[0]

    def as_list(self) -> list[dict[str, Any]]:
        return [c.as_dict() for c in self.items]
