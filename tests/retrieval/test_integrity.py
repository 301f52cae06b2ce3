"""Issue 10, items 7 and 8 (corpus part): a damaged index is never served; bad corpus inputs are skipped."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.config import Settings
from bot.errors import IndexUnavailable
from bot.retrieval.embedder import HashingEmbedder
from bot.retrieval.search import Retriever
from bot.retrieval.store import build_index, current_dir
from bot.service import ComplianceService
from tests.retrieval.conftest import write_doc


def uavex(service: ComplianceService, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj={"service": service})


@pytest.fixture()
def built(fake_settings: Settings, fake_embedder: HashingEmbedder) -> ComplianceService:
    build_index(fake_settings.index_dir, fake_settings.documents_dir, fake_embedder)
    return ComplianceService(fake_settings, embedder=fake_embedder)


def _flip_vectors(folder: Path) -> None:
    path = folder / "vectors.faiss"
    data = bytearray(path.read_bytes())
    for i in range(len(data) - 4000, len(data) - 3000):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def _edit_passage(folder: Path, change: Any) -> None:
    path = folder / "passages.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    change(rows[0])
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def _forged_text(row: dict[str, Any]) -> None:
    row["text"] = "FORGED: every UAV may be exported without a licence."


def _impossible_date(row: dict[str, Any]) -> None:
    row["effective"] = "2019-02-30"


@pytest.mark.parametrize("damage", [_flip_vectors, lambda f: _edit_passage(f, _forged_text),
                                    lambda f: _edit_passage(f, _impossible_date)],
                         ids=["flipped-vectors", "edited-text", "impossible-date"])
def test_a_damaged_index_is_reported_rebuilt_with_a_warning_or_refused(built: ComplianceService, damage: Any,
                                                                       caplog: Any) -> None:
    settings = built.settings
    damage(current_dir(settings.index_dir))
    status = json.loads(uavex(built, "index", "status", "--json").stdout)
    assert status["stale"] and ("checksum" in status["reason"] or "date" in status["reason"])
    with pytest.raises(IndexUnavailable, match="not usable"):
        Retriever.open(settings, built.embedder, build_if_needed=False)
    with caplog.at_level(logging.WARNING):
        result = uavex(built, "cite", "what is item 19.A.2", "--json")
    assert result.exit_code == 0, result.output
    assert any("building it" in r.getMessage() for r in caplog.records)
    texts = [p["text"] for p in json.loads(result.stdout)["passages"]]
    assert texts and not any("FORGED" in t for t in texts)
    assert not json.loads(uavex(built, "index", "status", "--json").stdout)["stale"]


class OtherModel(HashingEmbedder):
    """Same dimension and passage count, different vectors: what another model's build looks like."""

    def embed(self, texts: list[str], progress: bool = False) -> Any:
        return super().embed(texts, progress=progress)[:, ::-1].copy()


def test_vectors_from_another_model_are_not_served(built: ComplianceService, tmp_path: Path) -> None:
    settings = built.settings
    other = tmp_path / "other-index"
    build_index(other, settings.documents_dir, OtherModel(), force=True)
    folder, other_folder = current_dir(settings.index_dir), current_dir(other)
    assert folder is not None and other_folder is not None
    (folder / "vectors.faiss").write_bytes((other_folder / "vectors.faiss").read_bytes())
    with pytest.raises(IndexUnavailable, match="checksum"):
        Retriever.open(settings, built.embedder, build_if_needed=False)


def test_leftover_links_of_killed_builds_are_removed(built: ComplianceService) -> None:
    index_dir = built.settings.index_dir
    stale = index_dir / ".current-999999999"
    stale.symlink_to("builds/nothing")
    build_index(index_dir, built.settings.documents_dir, built.embedder)
    assert not stale.is_symlink()
    assert not [p for p in os.listdir(index_dir) if p.startswith(".current-")]


# Item 8, corpus part.
def test_sidecar_with_invalid_utf8_is_skipped_not_fatal(fake_settings: Settings,
                                                        fake_embedder: HashingEmbedder) -> None:
    docs = fake_settings.documents_dir
    (docs / "notes.txt").write_text("Plain text notes about UAV exports.\n")
    (docs / "notes.txt.meta.yaml").write_bytes(b"title: \xff\xfe broken\n")
    report = build_index(fake_settings.index_dir, docs, fake_embedder)
    assert any("notes.txt" in w and "UTF-8" in w for w in report.warnings)


def test_oversize_corpus_file_is_skipped_with_one_warning(fake_settings: Settings,
                                                          fake_embedder: HashingEmbedder) -> None:
    docs = fake_settings.documents_dir
    write_doc(docs, "huge-doc", "UAV export words. " * 400_000)  # about 7 MB
    service = ComplianceService(fake_settings, embedder=fake_embedder)
    result = uavex(service, "index", "build")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "huge-doc" in line]
    assert len(lines) == 1 and "limit" in lines[0]
    assert "huge-doc" not in {p.doc_id for p in service.retriever().passages}
