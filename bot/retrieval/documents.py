"""Read corpus documents (Markdown with front matter, text, HTML, PDF) into sections with metadata.

A malformed or unreadable file is skipped with a warning naming it; it never aborts a build.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.errors import CorpusError
from bot.yamlstrict import load_strict, parse_date

log = logging.getLogger(__name__)

KINDS = {"regulation", "policy", "guidance", "analysis", "explainer"}
CONFIDENCE = {"verified", "secondary", "uncertain"}
REQUIRED = {"id", "title", "issuer", "kind", "published", "effective", "sources", "confidence", "last_reviewed"}
ALLOWED = REQUIRED | {"cite_as", "superseded_by"}
SOURCE_KEYS = {"title", "url", "date", "retrieved_from", "sections"}
SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Larger than any policy document (the biggest shipped file is under 20 kB; a long PDF is a few MB): a bigger
# file is skipped with a warning rather than making the next build embed it for hours.
MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class DocMeta:
    id: str
    title: str
    issuer: str
    kind: str
    published: date
    effective: date
    sources: tuple[dict[str, str], ...]
    confidence: str
    last_reviewed: date
    cite_as: str
    superseded_by: str | None = None
    path: str = ""
    # the sections whose passages draw on a given source (its index in ``sources``), named by their heading labels
    # under that source's ``sections:``; their passages link it instead of the source bot/retrieval/sources.py picks
    section_sources: tuple[tuple[str, int], ...] = ()

    def source_of_section(self, path: tuple[str, ...]) -> dict[str, str] | None:
        """The source declared for the most specific heading of ``path``, if any."""
        declared = dict(self.section_sources)
        index = next((declared[label] for label in map(heading_label, reversed(path)) if label in declared), None)
        return self.sources[index] if index is not None else None

    @property
    def url(self) -> str:
        return self.sources[0]["url"] if self.sources else ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "issuer": self.issuer, "kind": self.kind,
                "published": self.published.isoformat(), "effective": self.effective.isoformat(),
                "superseded_by": self.superseded_by, "sources": list(self.sources), "confidence": self.confidence,
                "last_reviewed": self.last_reviewed.isoformat(), "cite_as": self.cite_as, "path": self.path}


def heading_label(heading: str) -> str:
    """'¶2: Category I ...' -> '¶2'; 'Country Group A:2: ...' -> 'Country Group A:2'; no ': ' -> whole heading."""
    if ": " in heading:
        return heading.split(": ", 1)[0].strip()
    return heading.strip()


@dataclass
class Section:
    heading: str  # as written, without the leading #'s
    path: tuple[str, ...]  # section path (## then ###)
    text: str
    page: int | None = None


@dataclass
class Document:
    meta: DocMeta
    sections: list[Section] = field(default_factory=list)


def parse_meta(raw: Any, where: str, default_id: str | None = None) -> DocMeta:
    if not isinstance(raw, dict):
        raise CorpusError(f"{where}: front matter is not a mapping")
    raw = dict(raw)
    if default_id and "id" not in raw:
        raw["id"] = default_id
    unknown = sorted(set(raw) - ALLOWED)
    if unknown:
        raise CorpusError(f"{where}: unknown front-matter key {unknown[0]!r}")
    missing = sorted(REQUIRED - set(raw))
    if missing:
        raise CorpusError(f"{where}: missing front-matter key {missing[0]!r}")
    if not _ID.match(str(raw["id"])):
        raise CorpusError(f"{where}: id {raw['id']!r} must be lowercase letters, digits and hyphens")
    if raw["kind"] not in KINDS:
        raise CorpusError(f"{where}: kind {raw['kind']!r} is not one of {', '.join(sorted(KINDS))}")
    if raw["confidence"] not in CONFIDENCE:
        raise CorpusError(f"{where}: confidence {raw['confidence']!r} is not verified/secondary/uncertain")
    try:
        published, effective = parse_date(raw["published"]), parse_date(raw["effective"])
        reviewed = parse_date(raw["last_reviewed"])
    except ValueError as exc:
        raise CorpusError(f"{where}: {exc}") from None
    if published > effective:
        raise CorpusError(f"{where}: published {published} is after effective {effective}")
    sources = raw["sources"]
    if not isinstance(sources, list) or not sources:
        raise CorpusError(f"{where}: sources must be a non-empty list")
    clean: list[dict[str, str]] = []
    declared: dict[str, int] = {}
    for i, source in enumerate(sources):
        if not isinstance(source, dict) or not source.get("title") or not source.get("url"):
            raise CorpusError(f"{where}: sources[{i}] needs title and url")
        unknown = sorted(set(source) - SOURCE_KEYS)
        if unknown:
            raise CorpusError(f"{where}: sources[{i}] has unknown key {unknown[0]!r}")
        entry = {"title": str(source["title"]), "url": str(source["url"]), "date": str(source.get("date", ""))}
        if source.get("retrieved_from"):
            entry["retrieved_from"] = str(source["retrieved_from"])
        clean.append(entry)
        headings = source.get("sections", [])
        if not isinstance(headings, list) or not all(isinstance(h, str) and h.strip() for h in headings):
            raise CorpusError(f"{where}: sources[{i}].sections must be a list of headings")
        for heading in headings:
            if heading in declared:
                raise CorpusError(f"{where}: section {heading!r} is declared for sources[{declared[heading]}] "
                                  f"and sources[{i}]")
            declared[heading] = i
    return DocMeta(id=str(raw["id"]), title=str(raw["title"]), issuer=str(raw["issuer"]), kind=str(raw["kind"]),
                   published=published, effective=effective, sources=tuple(clean), confidence=str(raw["confidence"]),
                   last_reviewed=reviewed, cite_as=str(raw.get("cite_as") or raw["title"]),
                   superseded_by=str(raw["superseded_by"]) if raw.get("superseded_by") else None,
                   section_sources=tuple(declared.items()))


def split_markdown(body: str) -> list[Section]:
    """Sections by ## / ### headings; text before the first ## belongs to an 'Introduction' section."""
    sections: list[Section] = []
    h2: str | None = None
    current = Section(heading="Introduction", path=("Introduction",), text="")
    lines: list[str] = []

    def flush() -> None:
        text = "\n".join(lines).strip()
        if text:
            current.text = text
            sections.append(current)

    for line in body.splitlines():
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if match and len(match.group(1)) in (2, 3):
            flush()
            lines = []
            heading = match.group(2).strip()
            if len(match.group(1)) == 2:
                h2 = heading
                current = Section(heading=heading, path=(heading,), text="")
            else:
                current = Section(heading=heading, path=(h2 or "Introduction", heading), text="")
            continue
        if match and len(match.group(1)) == 1:
            continue  # the document title
        lines.append(line)
    flush()
    return sections


def _front_matter(text: str, where: str) -> tuple[Any, str]:
    if not text.startswith("---"):
        raise CorpusError(f"{where}: no YAML front matter (the file must start with ---)")
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        raise CorpusError(f"{where}: front matter is not closed with ---")
    try:
        meta = load_strict(parts[0].removeprefix("---"))
    except yaml.YAMLError as exc:
        raise CorpusError(f"{where}: invalid front matter YAML: {' '.join(str(exc).split())[:200]}") from None
    return meta, parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""


def _sidecar(path: Path, where: str) -> Any:
    meta_file = path.with_name(path.name + ".meta.yaml")
    if not meta_file.exists():
        return None
    try:
        text = meta_file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{where}: sidecar {meta_file.name} is not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise CorpusError(f"{where}: cannot read sidecar {meta_file.name}: {exc.strerror}") from None
    try:
        return load_strict(text)
    except yaml.YAMLError as exc:
        raise CorpusError(f"{where}: invalid sidecar {meta_file.name}: {' '.join(str(exc).split())[:200]}") from None


def _default_meta(path: Path) -> dict[str, Any]:
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "document"
    return {"id": stem, "title": path.stem, "issuer": "unknown (no sidecar metadata)", "kind": "guidance",
            "published": "1900-01-01", "effective": "1900-01-01", "confidence": "uncertain",
            "last_reviewed": "1900-01-01", "sources": [{"title": path.name, "url": f"file:{path.name}"}]}


def read_document(path: Path, root: Path) -> Document:
    """Parse one file; raise CorpusError (with the file name) if it is malformed or unreadable."""
    where = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CorpusError(f"{where}: {size / 1e6:.1f} MB is larger than the {MAX_FILE_BYTES / 1e6:.0f} MB limit "
                              "for a corpus file")
        if suffix == ".pdf":
            return _read_pdf(path, where)
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{where}: cannot read: {exc}") from None
    if suffix in (".md", ".markdown"):
        raw, body = _front_matter(text, where)
        meta = parse_meta(raw, where)
        if meta.id != path.stem:
            raise CorpusError(f"{where}: id {meta.id!r} does not match the file name")
        sections = split_markdown(body)
    else:
        raw_meta = _sidecar(path, where) or _default_meta(path)
        meta = parse_meta(raw_meta, where, default_id=_default_meta(path)["id"])
        if suffix in (".html", ".htm"):
            body = _html_to_markdown(text, where)
            sections = split_markdown(body)
        else:
            sections = [Section(heading=f"¶{i + 1}", path=("Text",), text=p.strip())
                        for i, p in enumerate(re.split(r"\n\s*\n", text)) if p.strip()]
    if not sections:
        raise CorpusError(f"{where}: no text found")
    labels = {heading_label(heading) for section in sections for heading in section.path}
    for label, i in meta.section_sources:
        if label not in labels:
            raise CorpusError(f"{where}: sources[{i}].sections names {label!r}, which is not a section's heading "
                              "label here")
    meta = DocMeta(**{**meta.__dict__, "path": where})
    return Document(meta=meta, sections=sections)


def _html_to_markdown(html: str, where: str) -> str:
    import trafilatura

    extracted = trafilatura.extract(html, output_format="markdown", include_tables=True, favor_recall=True)
    if not extracted:
        raise CorpusError(f"{where}: no readable text in the HTML")
    return extracted


def _read_pdf(path: Path, where: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its per-page parsing notes are noise to a user

    raw_meta = _sidecar(path, where) or _default_meta(path)
    meta = parse_meta(raw_meta, where, default_id=_default_meta(path)["id"])
    try:
        reader = PdfReader(str(path))
        pages = [(i + 1, page.extract_text() or "") for i, page in enumerate(reader.pages)]
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise CorpusError(f"{where}: unreadable PDF: {exc}") from None
    sections = [Section(heading=f"p. {n}", path=(f"Page {n}",), text=text.strip(), page=n)
                for n, text in pages if text.strip()]
    if not sections:
        raise CorpusError(f"{where}: the PDF has no extractable text")
    return Document(meta=DocMeta(**{**meta.__dict__, "path": where}), sections=sections)


def corpus_files(documents_dir: Path) -> list[Path]:
    return sorted(p for p in documents_dir.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not p.name.startswith("."))


def load_corpus(documents_dir: Path) -> tuple[list[Document], list[str]]:
    """All readable documents and one warning per skipped file."""
    documents: list[Document] = []
    warnings: list[str] = []
    seen: dict[str, str] = {}
    for path in corpus_files(documents_dir):
        try:
            document = read_document(path, documents_dir)
        except CorpusError as exc:
            warnings.append(f"skipped {exc}")
            log.info("skipped %s", exc)  # reported once, by the build report (and `uavex index status`)
            continue
        if document.meta.id in seen:
            warnings.append(f"skipped {document.meta.path}: duplicate id {document.meta.id!r} "
                            f"(also in {seen[document.meta.id]})")
            continue
        seen[document.meta.id] = document.meta.path
        documents.append(document)
    return documents, warnings
