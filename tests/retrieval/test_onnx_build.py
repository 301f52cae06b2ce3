"""Index builds through the ONNX export: the exported graph is fused for onnxruntime, the passages are embedded by
the export when it was kept (no torch), sentence-transformers embeds them when there is no usable export,
and an export of an older format is not reused. Tests marked slow use the real packaged model (they run in CI)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import onnx
import pytest

from bot.config import PROJECT_ROOT
from bot.retrieval import export
from bot.retrieval.documents import load_corpus
from bot.retrieval.embedder import SentenceTransformerEmbedder
from bot.retrieval.onnx_encoder import PASSAGE_BATCH, OnnxEmbedder
from bot.retrieval.passages import passages_for
from bot.retrieval.store import build_index, load_built
from tests.retrieval.conftest import run_without_heavy_imports

MODEL = "all-MiniLM-L6-v2"


@pytest.mark.slow
def test_the_export_is_fused_and_says_so(real_index_dir: Path) -> None:
    entry = json.loads((real_index_dir / "current" / "manifest.json").read_text())["encoder"]
    assert entry["graph"] == "fused" and entry["format"] == export.FORMAT
    graph = onnx.load(str(real_index_dir / "current" / "encoder" / "model.onnx"), load_external_data=False).graph
    ops = [node.op_type for node in graph.node]
    assert ops.count("Attention") == 6 and "Softmax" not in ops  # MiniLM-L6: one fused attention per layer


@pytest.fixture(scope="module")
def kept_export_build(real_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index built into an empty folder by a new embedder, with the export that the first build kept."""
    folder = tmp_path_factory.mktemp("kept-export")
    entry = json.loads((real_index_dir / "current" / "manifest.json").read_text())["encoder"]
    export.keep_export(folder / "data" / "encoders", entry["model_fingerprint"], real_index_dir / "current" / "encoder")
    build_index(folder / "index", PROJECT_ROOT / "corpus" / "documents",
                SentenceTransformerEmbedder(MODEL, export_store=folder / "data" / "encoders"))
    return folder


@pytest.mark.slow
def test_a_build_with_the_kept_export_embeds_passages_through_it(kept_export_build: Path) -> None:
    index_dir = kept_export_build / "index"
    manifest = json.loads((index_dir / "current" / "manifest.json").read_text())
    assert manifest["embedding_engine"] == "onnxruntime" and manifest["embedding_precision"] == "float32"
    index, passages, _ = load_built(index_dir)
    documents, _ = load_corpus(PROJECT_ROOT / "corpus" / "documents")
    texts = {p.id: p.embed_text for d in documents for p in passages_for(d)}
    onnx_vectors = OnnxEmbedder(index_dir / "current" / "encoder", MODEL, batch_size=PASSAGE_BATCH).embed(
        [texts[p.id] for p in passages])
    assert np.allclose(index.reconstruct_n(0, index.ntotal), onnx_vectors, atol=1e-5)


@pytest.mark.slow
def test_a_build_with_the_kept_export_does_not_import_torch(kept_export_build: Path, tmp_path: Path) -> None:
    code = ("import json, sys\nfrom pathlib import Path\nfrom bot.config import Settings\n"
            "from bot.service import ComplianceService\n"
            f"s = ComplianceService(Settings(index_dir=Path({str(tmp_path / 'index')!r}), "
            f"data_dir=Path({str(kept_export_build / 'data')!r})))\n"
            "s.retriever()\n"
            f"manifest = json.loads(Path({str(tmp_path / 'index' / 'current' / 'manifest.json')!r}).read_text())\n"
            "assert manifest['embedding_engine'] == 'onnxruntime', manifest['embedding_engine']\n")
    proc = run_without_heavy_imports(code)
    assert proc.returncode == 0, proc.stderr[-600:]


@pytest.mark.slow
def test_passages_fall_back_to_sentence_transformers_with_one_log_line(tmp_path: Path,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    broken = tmp_path / "encoder"
    broken.mkdir()
    for name in export.FILES:
        (broken / name).write_text("{}")
    st = SentenceTransformerEmbedder(MODEL)
    texts = ["an export that onnxruntime cannot load", "the passages are embedded all the same"]
    with caplog.at_level(logging.WARNING):
        vectors = st.embed_passages(texts, export=broken)
    assert st.last_engine == "sentence-transformers"
    assert np.allclose(vectors, st.embed(texts), atol=1e-6)
    assert len([r for r in caplog.records if "sentence-transformers" in r.getMessage()]) == 1


def _stored_export(store: Path, fingerprint: str, export_format: int) -> None:
    folder = store / fingerprint
    folder.mkdir(parents=True)
    for name in export.FILES:
        (folder / name).write_text(name)
    (folder / "encoder.json").write_text(json.dumps({
        "format": export_format, "opset": export.OPSET, "exporter": "test", "max_length": 256, "pooling": "mean",
        "normalize": True, "dimension": 384, "model_fingerprint": fingerprint}))
    (folder / "files.json").write_text(json.dumps(export.describe(folder)["files"]))


@pytest.mark.parametrize("export_format", [1, export.FORMAT])
def test_only_an_export_of_the_current_format_is_reused(tmp_path: Path, export_format: int) -> None:
    _stored_export(tmp_path / "store", "f" * 64, export_format)
    reused = export.reuse_stored(tmp_path / "store", "f" * 64, tmp_path / "build" / "encoder")
    assert reused is (export_format == export.FORMAT)
    previous = tmp_path / "previous"
    export._link_files(tmp_path / "store" / ("f" * 64), previous / "encoder")
    entry = export.describe(previous / "encoder")
    assert export.reuse_export(previous, entry, "f" * 64, tmp_path / "next" / "encoder") is reused
