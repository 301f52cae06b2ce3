"""The ONNX query encoder: parity with sentence-transformers, the manifest record, no torch at query time, and the
fallback when the export is missing or broken. Tests marked slow use the real packaged model (they run in CI)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.config import PROJECT_ROOT, Settings
from bot.retrieval.documents import load_corpus
from bot.retrieval.embedder import IndexEmbedder, SentenceTransformerEmbedder, resolve_model_path
from bot.retrieval.export import ExportUnsupported, pipeline_config, sha256_file
from bot.retrieval.onnx_encoder import OnnxEmbedder, OnnxEncoderUnavailable
from bot.retrieval.passages import passages_for
from bot.retrieval.search import Retriever
from bot.retrieval.store import build_index
from tests.retrieval.conftest import run_without_heavy_imports

MODEL = "all-MiniLM-L6-v2"
QUERIES = yaml.safe_load((Path(__file__).parent / "queries.yaml").read_text())


@pytest.fixture(scope="module")
def st_embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(MODEL)


@pytest.fixture(scope="module")
def onnx_embedder(real_index_dir: Path) -> OnnxEmbedder:
    return OnnxEmbedder(real_index_dir / "current" / "encoder", MODEL)


def test_pooling_is_read_from_the_model_folder(tmp_path: Path) -> None:
    assert pipeline_config(resolve_model_path(MODEL)) == {"pooling": "mean", "normalize": True}
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}))
    modules = [{"type": "sentence_transformers.models.Transformer", "path": ""},
               {"type": "sentence_transformers.models.Pooling", "path": "1_Pooling"}]
    (tmp_path / "modules.json").write_text(json.dumps(modules))
    assert pipeline_config(str(tmp_path)) == {"pooling": "cls", "normalize": False}
    (tmp_path / "modules.json").write_text(json.dumps([*modules, {"type": "sentence_transformers.models.Dense"}]))
    with pytest.raises(ExportUnsupported):
        pipeline_config(str(tmp_path))


@pytest.mark.slow
def test_manifest_records_the_export(real_index_dir: Path) -> None:
    folder = real_index_dir / "current"
    entry = json.loads((folder / "manifest.json").read_text())["encoder"]
    assert entry["opset"] >= 17 and entry["pooling"] == "mean" and entry["normalize"] is True
    assert entry["tokenizer"] == {"file": "tokenizer.json", "max_length": 256}
    for name, digest in entry["files"].items():
        assert sha256_file(folder / entry["dir"] / name) == digest


@pytest.mark.slow
def test_cosine_parity_on_every_passage_and_query(st_embedder: SentenceTransformerEmbedder,
                                                  onnx_embedder: OnnxEmbedder) -> None:
    documents, _ = load_corpus(PROJECT_ROOT / "corpus" / "documents")
    texts = [p.embed_text for d in documents for p in passages_for(d)] + [q["query"] for q in QUERIES]
    reference = st_embedder.embed(texts)
    batched = onnx_embedder.embed(texts)
    one_by_one = np.stack([onnx_embedder.embed([t])[0] for t in texts[-40:]])
    assert float((reference * batched).sum(axis=1).min()) >= 0.999
    assert float((reference[-40:] * one_by_one).sum(axis=1).min()) >= 0.999
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_same_top5_on_the_labelled_queries(real_index_dir: Path, st_embedder: SentenceTransformerEmbedder,
                                           onnx_embedder: OnnxEmbedder) -> None:
    settings = Settings(index_dir=real_index_dir)
    with_st = Retriever.open(settings, st_embedder, build_if_needed=False)
    with_onnx = Retriever.open(settings, onnx_embedder, build_if_needed=False)
    for item in QUERIES:
        expected = [h.passage.id for h in with_st.search(item["query"], k=5)]
        assert [h.passage.id for h in with_onnx.search(item["query"], k=5)] == expected, item["query"]


@pytest.mark.slow
def test_ask_and_cite_do_not_import_torch(real_index_dir: Path, tmp_path: Path) -> None:
    code = ("import sys\nfrom pathlib import Path\nfrom bot.config import Settings\n"
            "from bot.service import ComplianceService\n"
            f"s = ComplianceService(Settings(index_dir=Path({str(real_index_dir)!r}), "
            f"data_dir=Path({str(tmp_path)!r})))\n"
            "s.ask('is the reaper category I?'); s.cite('9A012')\n"
            "assert s.embedder.uses_onnx\n")
    proc = run_without_heavy_imports(code)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.slow
def test_rebuild_reuses_the_export(real_index_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "index"
    shutil.copytree(real_index_dir, copy, symlinks=True)
    before = (copy / "current" / "encoder" / "model.onnx").stat().st_ino
    build_index(copy, PROJECT_ROOT / "corpus" / "documents", SentenceTransformerEmbedder(MODEL))
    manifest = json.loads((copy / "current" / "manifest.json").read_text())
    assert (copy / "current" / "encoder" / "model.onnx").stat().st_ino == before
    assert manifest["encoder"] == json.loads((real_index_dir / "current" / "manifest.json").read_text())["encoder"]


def _fake_build(index_dir: Path, encoder: dict[str, object] | None) -> Path:
    folder = index_dir / "builds" / "b1"
    (folder / "encoder").mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"model": MODEL, "encoder": encoder}))
    (index_dir / "current").symlink_to(Path("builds") / "b1")
    return folder / "encoder"


@pytest.mark.parametrize("damage", ["missing", "corrupt", "no-entry"])
def test_missing_or_broken_export_falls_back_with_one_log_line(tmp_path: Path, damage: str,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    encoder = _fake_build(tmp_path, None if damage == "no-entry" else {"dir": "encoder"})
    if damage == "corrupt":
        (encoder / "model.onnx").write_bytes(b"not an onnx model")
        (encoder / "tokenizer.json").write_text("{}")
        (encoder / "encoder.json").write_text(json.dumps({"max_length": 256, "dimension": 384}))
    embedder = IndexEmbedder(MODEL, tmp_path)
    with caplog.at_level(logging.WARNING):
        assert not embedder.uses_onnx
        assert not embedder.uses_onnx  # checked once per build
    assert len([r for r in caplog.records if "sentence-transformers" in r.getMessage()]) == 1
    if damage != "no-entry":
        with pytest.raises(OnnxEncoderUnavailable):
            OnnxEmbedder(encoder, MODEL)


def _not_direct(model_path: str, folder: Path, fingerprint: str) -> dict[str, object]:
    raise ExportUnsupported("not exported directly in this test")


@pytest.mark.slow
def test_torch_traces_what_the_direct_export_does_not_write(st_embedder: SentenceTransformerEmbedder, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A model the direct export refuses is traced through torch (TorchScript, else dynamo), fused, and embeds as the
    direct export of the same model does."""
    import torch

    from bot.retrieval import direct_export

    real_export = torch.onnx.export
    monkeypatch.setattr(direct_export, "export_direct", _not_direct)
    entry = st_embedder.export_encoder(tmp_path / "torchscript")
    assert entry is not None and "torchscript" in entry["exporter"] and entry["graph"] == "fused"

    def torchscript_fails(*args: object, **kwargs: object) -> object:
        if kwargs.get("dynamo") is False:
            raise RuntimeError("TorchScript exporter unavailable")
        return real_export(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(torch.onnx, "export", torchscript_fails)
    entry = st_embedder.export_encoder(tmp_path / "dynamo")
    assert entry is not None and "dynamo" in entry["exporter"]
    monkeypatch.undo()
    direct = st_embedder.export_encoder(tmp_path / "direct")
    assert direct is not None and direct["exporter"] == direct_export.EXPORTER
    texts = [q["query"] for q in QUERIES[:20]]
    reference = st_embedder.embed(texts)
    traced = OnnxEmbedder(tmp_path / "torchscript", MODEL).embed(texts)
    assert np.allclose(OnnxEmbedder(tmp_path / "direct", MODEL).embed(texts), traced, atol=1e-5)
    assert float((OnnxEmbedder(tmp_path / "dynamo", MODEL).embed(texts) * reference).sum(axis=1).min()) >= 0.999


@pytest.mark.parametrize("change", [{"hidden_act": "gelu_new"}, {"model_type": "roberta"},
                                    {"position_embedding_type": "relative_key"}, {"layer_norm_eps": None}])
def test_the_direct_export_refuses_what_it_does_not_reproduce(tmp_path: Path, change: dict[str, str]) -> None:
    from bot.retrieval.direct_export import export_direct

    model = Path(resolve_model_path(MODEL))
    copy = tmp_path / "model"
    copy.mkdir()
    for item in model.iterdir():
        (copy / item.name).symlink_to(item)
    (copy / "config.json").unlink()
    (copy / "config.json").write_text(json.dumps({**json.loads((model / "config.json").read_text()), **change}))
    with pytest.raises(ExportUnsupported, match=next(iter(change))):  # named, so the build traces it with torch
        export_direct(str(copy), tmp_path / "encoder", "f" * 64)
    assert not (tmp_path / "encoder" / "model.onnx").exists()


@pytest.mark.slow
def test_a_build_into_an_empty_folder_reuses_the_kept_export(real_index_dir: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.retrieval import direct_export, export

    built = real_index_dir / "current" / "encoder"
    entry = json.loads((real_index_dir / "current" / "manifest.json").read_text())["encoder"]
    store = tmp_path / "encoders"
    export.keep_export(store, entry["model_fingerprint"], built)
    exported: list[Path] = []

    def no_export(model: object, path: str, folder: Path, fingerprint: str | None = None) -> dict[str, object]:
        exported.append(folder)
        raise ExportUnsupported("not in this test")

    monkeypatch.setattr(export, "export_encoder", no_export)
    monkeypatch.setattr(direct_export, "export_direct", lambda path, folder, fingerprint: no_export(None, path, folder))
    # (ExportUnsupported from the direct export would go on to the torch export: both record the folder)
    embedder = SentenceTransformerEmbedder(MODEL, export_store=store)
    assert embedder.export_encoder(tmp_path / "a" / "encoder") == entry and not exported
    assert embedder._model is None  # the model was not loaded: no export ran
    monkeypatch.setattr(SentenceTransformerEmbedder, "_load", lambda self: None)
    assert embedder.export_encoder(tmp_path / "b" / "encoder", reuse=False) is None  # --force: exported anew
    (store / entry["model_fingerprint"] / "tokenizer.json").write_text("{}")  # damaged: exported again
    assert embedder.export_encoder(tmp_path / "c" / "encoder") is None
    assert exported == [tmp_path / "b" / "encoder"] * 2 + [tmp_path / "c" / "encoder"] * 2


def test_the_dimension_comes_from_the_export_record_without_loading_it(tmp_path: Path) -> None:
    _fake_build(tmp_path, {"dir": "encoder", "dimension": 384})  # an export onnxruntime could not even load
    embedder = IndexEmbedder(MODEL, tmp_path)
    assert embedder.dimension == 384
    assert not embedder._checked  # nothing was loaded: a start goes on while the encoder loads in the background


@pytest.mark.slow
def test_an_input_error_after_the_index_opened_exits_cleanly(real_index_dir: Path, tmp_path: Path) -> None:
    """The encoder loads in a background thread; a command that fails before using it still exits with its own
    code (2), not an abort from onnxruntime torn down mid-load."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "UAVEX_INDEX_DIR": str(real_index_dir),
           "UAVEX_DATA_DIR": str(tmp_path / "data"), "UAVEX_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(3):
        proc = subprocess.run([sys.executable, "-m", "bot", "ask", ""], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, (proc.returncode, proc.stderr[-300:])
