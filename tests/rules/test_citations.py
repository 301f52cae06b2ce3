"""Citations are the publisher's own text: no code-hosting mirror and no local path anywhere in the corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.catalogue import Catalogue
from bot.rules.audit import audit_citations, citation_urls
from bot.rules.citations import citation_problem, mirror_note
from bot.rules.loader import load_rules


@pytest.mark.parametrize("url", [
    "https://github.com/ConnorCallison/ecfr-opportunities", "https://raw.githubusercontent.com/a/b/main/x.md",
    "https://gitlab.com/a/b", "https://bitbucket.org/a/b", "https://gist.github.com/a/1",
    "file:shared/reference/seed-article.txt", "file:///etc/passwd", "shared/reference/x.txt",
])
def test_mirrors_and_local_paths_are_not_citations(url: str) -> None:
    assert citation_problem(url) is not None


@pytest.mark.parametrize("url", [
    "https://www.ecfr.gov/current/title-22/chapter-I/subchapter-M/part-126/section-126.1",
    "https://www.federalregister.gov/citation/86-FR-70053", "https://mtcr.info/mtcr-guidelines/",
    "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title22-section2776&num=0&edition=prelim",
])
def test_publisher_urls_pass(url: str) -> None:
    assert citation_problem(url) is None and mirror_note(url) is None


def test_law_cornell_is_a_mirror_note() -> None:
    assert mirror_note("http://www.law.cornell.edu/uscode/text/22/2776") is not None


def test_no_citation_in_the_corpus_is_a_code_host_or_local_file(project_root: Path) -> None:
    corpus = project_root / "corpus"
    rules = load_rules(corpus / "rules")
    catalogue = Catalogue.load(corpus / "systems.yaml")
    urls = citation_urls(rules, catalogue, corpus / "documents")
    assert len(urls) > 300
    bad = [(where, url, citation_problem(url)) for where, url in urls if citation_problem(url)]
    assert not bad, bad


def test_audit_flags_a_mirror_in_a_rule_file(tmp_path: Path, project_root: Path) -> None:
    import shutil

    root = tmp_path / "rules"
    shutil.copytree(project_root / "corpus" / "rules", root)
    file = root / "us" / "congressional_notification.yaml"
    text = file.read_text()
    file.write_text(text.replace('url: "https://uscode.house.gov', 'url: "https://github.com/x/usc?', 1))
    findings = audit_citations(load_rules(root), Catalogue.load(project_root / "corpus" / "systems.yaml"),
                               project_root / "corpus" / "documents")
    assert any(f.blocking and "github.com" in f.url for f in findings)


def test_rules_check_prints_confidence_counts_and_references() -> None:
    proc = subprocess.run([sys.executable, "-m", "bot", "rules", "check"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "values by confidence:" in proc.stdout and "verified" in proc.stdout
    assert "non-publisher references:" in proc.stdout
