"""Rule sets for the case-work tests: the shipped corpus with Cyprus's ITAR §126.1 history replaced by a fixed
one, so a case recorded under the "old" set changes verdict under the "new" one whatever the shipped data says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings
from bot.retrieval.embedder import HashingEmbedder
from bot.service import ComplianceService

REF = ('{title: "22 CFR 126.1 (test fixture)", issuer: "U.S. Department of State", published: "2024-01-01", '
       'url: "https://www.ecfr.gov/current/title-22/chapter-I/subchapter-M/part-126/section-126.1"}')
# Old rules: the FY2026 suspension, lapsing on 30 Sep 2026, with nothing recorded after it.
OLD_CYPRUS = f"""  CY:
    values:
      "2024-10-01": {{value: suspended, reference: {REF}, confidence: secondary}}
      "2025-10-01": {{value: suspended, reference: {REF}, confidence: secondary, lapses: "2026-09-30",
                      retrospective_source: true}}
"""
# New rules: the same, then Table 2 (a policy of denial) from 1 Oct 2026.
NEW_CYPRUS = OLD_CYPRUS + f"""      "2026-10-01": {{value: table-2, reference: {REF}, confidence: secondary,
                      retrospective_source: true}}
"""


def corpus_with(folder: Path, cyprus: str) -> Path:
    """A corpus folder: the shipped rules with the Cyprus entry replaced; documents, language and systems shared."""
    folder.mkdir(parents=True)
    shutil.copytree(PROJECT_ROOT / "corpus" / "rules", folder / "rules")
    shutil.copy(PROJECT_ROOT / "corpus" / "systems.yaml", folder / "systems.yaml")
    for name in ("documents", "language"):
        (folder / name).symlink_to(PROJECT_ROOT / "corpus" / name)
    itar = folder / "rules" / "destinations" / "itar_126_1.yaml"
    text, count = re.subn(r"(?m)^  CY:\n(?:    .*\n)+", lambda _: cyprus, itar.read_text())
    assert count == 1, "the Cyprus entry of itar_126_1.yaml was not found"
    itar.write_text(text)
    return folder


def service_for(corpus: Path, data: Path, **settings: object) -> ComplianceService:
    """A service on a fixture corpus, sharing the case store in ``data`` (no index, no model)."""
    return ComplianceService(Settings(corpus_dir=corpus, data_dir=data, index_dir=data / "no-index",
                                      **settings),  # type: ignore[arg-type]
                             embedder=HashingEmbedder())
