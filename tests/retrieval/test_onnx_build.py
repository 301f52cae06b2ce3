"""Index builds through the ONNX export: the graph is written fused from the model's weights, a build from nothing
and a build with the kept export import no torch and embed the passages through the export (OpenVINO), sentence-
transformers embeds them when there is no usable export, and an export of an older format is not reused. Tests
marked slow use the real packaged model (they run in CI)."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest

from bot.config import PROJECT_ROOT
from bot.retrieval import direct_export, export
from bot.retrieval.documents import load_corpus
from bot.retrieval.embedder import SentenceTransformerEmbedder, bf16_supported
from bot.retrieval.onnx_encoder import PASSAGE_BATCH, OnnxEmbedder
from bot.retrieval.passages import passages_for
from bot.retrieval.store import build_index, load_built
from tests.retrieval.conftest import HEAVY_CHECK, run_without_heavy_imports

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
    assert manifest["embedding_engine"] == "openvino"
    assert manifest["embedding_precision"] == ("bfloat16" if bf16_supported() else "float32")
    index, passages, _ = load_built(index_dir)
    documents, _ = load_corpus(PROJECT_ROOT / "corpus" / "documents")
    texts = {p.id: p.embed_text for d in documents for p in passages_for(d)}
    onnx_vectors = OnnxEmbedder(index_dir / "current" / "encoder", MODEL, batch_size=PASSAGE_BATCH).embed(
        [texts[p.id] for p in passages])
    assert float((index.reconstruct_n(0, index.ntotal) * onnx_vectors).sum(axis=1).min()) >= 0.9999


@pytest.mark.slow
def test_a_build_with_the_kept_export_does_not_import_torch(kept_export_build: Path, tmp_path: Path) -> None:
    code = ("import json, sys\nfrom pathlib import Path\nfrom bot.config import Settings\n"
            "from bot.service import ComplianceService\n"
            f"s = ComplianceService(Settings(index_dir=Path({str(tmp_path / 'index')!r}), "
            f"data_dir=Path({str(kept_export_build / 'data')!r})))\n"
            "s.retriever()\n"
            f"manifest = json.loads(Path({str(tmp_path / 'index' / 'current' / 'manifest.json')!r}).read_text())\n"
            "assert manifest['embedding_engine'] == 'openvino', manifest['embedding_engine']\n")
    proc = run_without_heavy_imports(code)
    assert proc.returncode == 0, proc.stderr[-600:]


@pytest.mark.slow
def test_a_build_from_nothing_writes_the_export_without_torch(tmp_path: Path) -> None:
    """`uavex index build` into empty index and data folders: the export is written from the model's weights, no
    torch, sentence-transformers or transformers is imported, and the build says how fast it was."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "UAVEX_INDEX_DIR": str(tmp_path / "index"),
           "UAVEX_DATA_DIR": str(tmp_path / "data")}
    code = ("import sys\nsys.argv = ['uavex', 'index', 'build']\nfrom bot.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n")
    proc = subprocess.run([sys.executable, "-c", code + HEAVY_CHECK], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-600:]
    assert re.search(r"^built \d+ passages from \d+ documents in [0-9.]+s \(\d+ embedded, 0 reused; [0-9.]+ "
                     r"passages/s\)", proc.stdout), proc.stdout
    manifest = json.loads((tmp_path / "index" / "current" / "manifest.json").read_text())
    assert manifest["encoder"]["exporter"] == direct_export.EXPORTER and manifest["encoder"]["graph"] == "fused"
    assert manifest["embedding_engine"] == "openvino"
    assert (tmp_path / "data" / "encoders" / manifest["encoder"]["model_fingerprint"] / "model.onnx").is_file()


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
