"""Sources that disagree are recorded with both figures and stay visible in the trace (issue 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import RuleDataError
from bot.intake import ClassifyRequest
from bot.rules.loader import load_file
from bot.service import ComplianceService


def test_poland_trace_shows_both_accession_years(service: ComplianceService) -> None:
    decision = service.classify(ClassifyRequest(range="400 km", payload="100 kg", destination="Poland",
                                                as_of="2026-01-15"))
    data = decision.as_dict()
    step = next(s for s in data["trace"] if s["rule"] == "destinations.mtcr_partners.PL")
    assert "1997" in step["finding"] and "1998" in step["finding"] and "uncertain" in step["finding"]
    assert step["alternatives"][0]["effective"] == "1998"
    assert step["alternatives"][0]["url"].startswith("https://mtcr.info/")


def test_alternatives_need_a_source(tmp_path: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_text('description: d\nreferences:\n  r: {title: T, issuer: I, published: "2020-01-01", '
                    'url: "https://example.org"}\nparameters:\n  x:\n    description: d\n    values:\n'
                    '      "2020-01-01": {value: 1, reference: r, confidence: uncertain, '
                    'alternatives: [{effective: "2021-01-01"}]}\n')
    with pytest.raises(RuleDataError, match=r"alternatives\[0\]: missing required key 'source'"):
        load_file(file, tmp_path)
