"""Split documents into passages of roughly 100-250 words with stable ids and citation labels."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Any

from bot.retrieval.documents import Document, Section, heading_label
from bot.retrieval.sources import sentence_sources, source_for

MAX_WORDS = 250
MIN_WORDS = 100


@dataclass(frozen=True)
class Passage:
    id: str
    doc_id: str
    title: str
    label: str
    section: tuple[str, ...]
    text: str
    url: str
    kind: str
    issuer: str
    published: str
    effective: str
    confidence: str
    superseded_by: str | None
    page: int | None
    text_hash: str
    # sentences that draw on another of the document's sources than ``url``, with its URL (see sources.py)
    sentence_urls: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["section"] = list(self.section)
        data["sentence_urls"] = dict(self.sentence_urls)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Passage:
        return cls(**{**data, "section": tuple(data["section"]),
                      "sentence_urls": tuple(data.get("sentence_urls", {}).items())})

    def url_for(self, sentence: str) -> str:
        """The URL of the source ``sentence`` (one of this passage's sentences, perhaps joined to its neighbour)
        draws on: its own source when it has one, else the passage's."""
        return next((url for own, url in self.sentence_urls if own in sentence), self.url)

    @property
    def embed_text(self) -> str:
        return f"{self.label}. {self.text}"

    @property
    def search_text(self) -> str:
        return f"{self.title} {self.label} {self.text}"


def passage_by_label(passages: list[Passage], label: str | None) -> Passage | None:
    """The passage a citation's pinpoint label names: the exact label, else the shortest label that is a prefix of
    it or that it is a prefix of; None when none matches."""
    if not label:
        return None
    exact = [p for p in passages if p.label == label]
    if exact:
        return exact[0]
    prefix = [p for p in passages if p.label.startswith(label) or label.startswith(p.label)]
    return min(prefix, key=lambda p: len(p.label)) if prefix else None


def citation_label(cite_as: str, section: Section) -> str:
    if section.page is not None:
        return f"{cite_as} p. {section.page}"
    label = heading_label(section.heading)
    if label.lower().startswith(cite_as.lower()):
        return label
    return f"{cite_as} {label}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("¶", "p").replace("§", "s")).strip("-")[:48] or "s"


def _words(text: str) -> int:
    return len(text.split())


def _pieces(text: str) -> list[str]:
    """Paragraphs, with any paragraph over MAX_WORDS split at sentence boundaries."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if _words(paragraph) <= MAX_WORDS:
            out.append(paragraph)
            continue
        current: list[str] = []
        for sentence in re.split(r"(?<=[.!?;])\s+", paragraph):
            if current and _words(" ".join([*current, sentence])) > MAX_WORDS:
                out.append(" ".join(current))
                current = []
            current.append(sentence)
        if current:
            out.append(" ".join(current))
    return out


def chunk_section(text: str) -> list[str]:
    """Greedy packing of paragraphs into chunks of at most MAX_WORDS (a short tail joins its predecessor)."""
    chunks: list[list[str]] = []
    for piece in _pieces(text):
        if chunks and _words("\n\n".join([*chunks[-1], piece])) <= MAX_WORDS:
            chunks[-1].append(piece)
        else:
            chunks.append([piece])
    if len(chunks) > 1 and _words("\n\n".join(chunks[-1])) < MIN_WORDS // 2:
        tail = chunks.pop()
        chunks[-1].extend(tail)
    return ["\n\n".join(c) for c in chunks]


def passages_for(document: Document) -> list[Passage]:
    meta = document.meta
    out: list[Passage] = []
    used: dict[str, int] = {}
    for section in document.sections:
        label = citation_label(meta.cite_as, section)
        base = slug(heading_label(section.heading) if section.page is None else f"p{section.page}")
        for text in chunk_section(section.text):
            used[base] = used.get(base, 0) + 1
            pid = f"{meta.id}#{base}-{used[base]}"
            source = meta.source_of_section(section.path) or source_for(label, text, meta.sources)
            url = source["url"] if source else meta.url
            out.append(Passage(
                id=pid, doc_id=meta.id, title=meta.title, label=label, section=section.path, text=text,
                url=url, kind=meta.kind, issuer=meta.issuer,
                published=meta.published.isoformat(),
                effective=meta.effective.isoformat(), confidence=meta.confidence, superseded_by=meta.superseded_by,
                page=section.page, text_hash=hashlib.sha256(f"{label}\n{text}".encode()).hexdigest()[:16],
                sentence_urls=tuple(sentence_sources(text, meta.sources, url).items()),
            ))
    return out
