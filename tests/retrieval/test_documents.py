"""Ingestion: Markdown, text, HTML and PDF; malformed files are skipped with a warning naming them."""

from __future__ import annotations

from pathlib import Path

from bot.retrieval.documents import load_corpus
from bot.retrieval.passages import chunk_section, passages_for
from tests.retrieval.conftest import write_doc


def _pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF with one line of text per page (Helvetica)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for i, text in enumerate(pages):
        page_no, content_no = 3 + 2 * i, 4 + 2 * i
        kids.append(f"{page_no} 0 R")
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_no} 0 R "
                       f"/Resources << /Font << /F1 {3 + 2 * len(pages)} 0 R >> >> >>")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>"
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_every_format_is_read_and_pdf_keeps_pages(tmp_path: Path) -> None:
    write_doc(tmp_path, "good", "## Item 19.A.3: Aerosol\n\nSprayers over twenty litres.")
    (tmp_path / "notes.txt").write_text("First paragraph about datalinks.\n\nSecond paragraph about radius.")
    (tmp_path / "page.html").write_text(
        "<html><body><article><h2>Federal Register: drones</h2><p>The Bureau revised licence review for unmanned "
        "aircraft below 800 km/h maximum true airspeed, reviewing them case by case.</p></article></body></html>")
    (tmp_path / "annex.pdf").write_bytes(_pdf(["Annex page one text", "Item 19.A.2 range 300 km"]))
    (tmp_path / "annex.pdf.meta.yaml").write_text(
        "id: mtcr-annex-pdf\ntitle: MTCR Annex (PDF)\ncite_as: Annex PDF\nissuer: MTCR\nkind: regulation\n"
        "published: 2024-01-01\neffective: 2024-01-01\nconfidence: verified\nlast_reviewed: 2026-11-27\n"
        "sources: [{title: Annex, url: 'https://mtcr.info/', date: 2024-01-01}]\n")
    documents, warnings = load_corpus(tmp_path)
    assert warnings == []
    by_id = {d.meta.id: d for d in documents}
    assert set(by_id) == {"good", "notes", "page", "mtcr-annex-pdf"}
    pdf_passages = passages_for(by_id["mtcr-annex-pdf"])
    assert [p.page for p in pdf_passages] == [1, 2]
    assert pdf_passages[1].label == "Annex PDF p. 2" and "19.A.2" in pdf_passages[1].text
    assert passages_for(by_id["good"])[0].label == "Doc Item 19.A.3"
    assert "800 km/h" in passages_for(by_id["page"])[0].text


def test_malformed_files_are_skipped_with_a_warning_naming_them(tmp_path: Path) -> None:
    write_doc(tmp_path, "good", "## Section\n\nText.")
    (tmp_path / "no-front-matter.md").write_text("# Just a title\n\nText.")
    (tmp_path / "bad-yaml.md").write_text("---\nid: [unclosed\n---\nText")
    (tmp_path / "bad-date.md").write_text(write_doc(tmp_path, "tmp", "x").read_text()
                                          .replace("id: tmp", "id: bad-date").replace("2020-01-01", "2020-13-45", 1))
    (tmp_path / "tmp.md").unlink()
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (tmp_path / "binary.txt").write_bytes(b"\xff\xfe\x00\x81")
    documents, warnings = load_corpus(tmp_path)
    assert [d.meta.id for d in documents] == ["good"]
    joined = "\n".join(warnings)
    for name in ("no-front-matter.md", "bad-yaml.md", "bad-date.md", "broken.pdf", "binary.txt"):
        assert name in joined


def test_passages_are_100_to_250_words_where_the_text_allows() -> None:
    paragraph = " ".join(["word"] * 60)
    chunks = chunk_section("\n\n".join([paragraph] * 7))
    assert all(len(c.split()) <= 250 for c in chunks)
    assert all(len(c.split()) >= 100 for c in chunks)
    long_paragraph = ". ".join(["This sentence has six words"] * 120) + "."
    assert all(len(c.split()) <= 250 for c in chunk_section(long_paragraph))


def test_shipped_corpus_loads_cleanly(project_root: Path) -> None:
    documents, warnings = load_corpus(project_root / "corpus" / "documents")
    assert warnings == []
    assert len(documents) >= 25
    ids = {d.meta.id for d in documents}
    for document in documents:
        if document.meta.superseded_by:
            assert document.meta.superseded_by in ids
        assert document.meta.sources and document.meta.confidence in {"verified", "secondary", "uncertain"}
        # a wiki is no publisher: what the corpus says is cited to who said it
        assert not [s for s in document.meta.sources if "wikipedia.org" in str(s.get("url", ""))], document.meta.id
    lengths = [len(p.text.split()) for d in documents for p in passages_for(d)]
    assert max(lengths) <= 250
