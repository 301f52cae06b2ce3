from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.retrieval.embedder import HashingEmbedder

MINI_DOC = """---
id: {id}
title: "{title}"
cite_as: "{cite_as}"
issuer: "Test issuer"
kind: {kind}
published: 2020-01-01
effective: 2020-01-01
superseded_by: {superseded_by}
sources:
  - title: "Test source"
    url: "https://example.org/{id}"
    date: 2020-01-01
confidence: verified
last_reviewed: 2026-11-27
---
# {title}

{body}
"""


def write_doc(folder: Path, doc_id: str, body: str, *, kind: str = "guidance", cite_as: str = "Doc",
              superseded_by: str = "null", title: str | None = None) -> Path:
    path = folder / f"{doc_id}.md"
    path.write_text(MINI_DOC.format(id=doc_id, title=title or doc_id, cite_as=cite_as, kind=kind,
                                    superseded_by=superseded_by, body=body))
    return path


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped corpus documents."""
    target = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus", target)
    return target


@pytest.fixture()
def fake_settings(tmp_path: Path, corpus_copy: Path) -> Settings:
    return Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index", data_dir=tmp_path / "data",
                    embed_model="fake-hashing")


@pytest.fixture()
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


HEAVY_CHECK = ("heavy = [m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules]\n"
               "assert not heavy, heavy\n")


def run_without_heavy_imports(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (which imports sys) in a fresh offline Python, then check it imported no torch,
    sentence-transformers or transformers."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-c", code + HEAVY_CHECK], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
