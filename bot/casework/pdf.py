"""The memo as a PDF: the Markdown memo parsed by markdown-it-py (raw HTML off, so user text stays text) and laid
out by fpdf2's HTML renderer, in DejaVu Sans (the font matplotlib ships) for full Unicode (§, ≥, —)."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from bot.errors import UavexError

log = logging.getLogger(__name__)

# Characters the font has no glyph for, replaced by words (the feedback marks of the memo).
REPLACE = {"👍": "(+1)", "👎": "(-1)"}


def font_dir() -> Path:
    """matplotlib's bundled TrueType fonts (found without importing matplotlib)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise UavexError("the PDF memo needs the matplotlib package for its DejaVu fonts; reinstall uavex")
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    if not (folder / "DejaVuSans.ttf").is_file():
        raise UavexError(f"no DejaVuSans.ttf in {folder}; reinstall matplotlib")
    return folder


def markdown_html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    for char, text in REPLACE.items():
        markdown = markdown.replace(char, text)
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    return parser.render(markdown)


def memo_pdf(markdown: str, title: str) -> bytes:
    """The PDF bytes of a Markdown memo."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    fonts = font_dir()
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author("uavex")
    pdf.set_creator("uavex (advisory, not a determination)")
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
    pdf.add_font("DejaVu", "BI", str(fonts / "DejaVuSans-BoldOblique.ttf"))
    pdf.add_font("DejaVuMono", "", str(fonts / "DejaVuSansMono.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", size=9)
    pdf.write_html(markdown_html(markdown), font_family="DejaVu", table_line_separators=True,
                   tag_styles={"code": FontFace(family="DejaVuMono"), "pre": FontFace(family="DejaVuMono")})
    return bytes(pdf.output())
