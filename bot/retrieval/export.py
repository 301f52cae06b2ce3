"""Export a sentence-transformers model to ONNX at index build time, so queries can be embedded without torch.

The export lives inside the index build (``builds/<stamp>/encoder/``): ``model.onnx`` (the transformer, output
``last_hidden_state``) with its weights in ``model.onnx.data`` (external data: onnxruntime then maps them instead of
copying, which lowers the query process's peak memory by about 80 MB), ``tokenizer.json`` (the model's fast
tokenizer with the truncation sentence-transformers applies) and ``encoder.json`` (pooling and normalisation read
from the model folder's ``modules.json``). The manifest records the files' hashes, the opset and the tokenizer. A
rebuild with the same model reuses the previous build's export (hard links) instead of exporting again, and a build
into an empty index folder reuses the export kept in the data folder (``UAVEX_DATA_DIR/encoders/<model hash>/``)
from an earlier build of the same model files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import warnings
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ENCODER_DIR = "encoder"
OPSET = 18
FORMAT = 2  # 2: eager attention exported and fused for onnxruntime (Attention, SkipLayerNorm, BiasGelu)
FUSED_MODEL_TYPES = {"bert"}  # transformer families whose graphs onnxruntime's optimizer fuses (model_type 'bert')
FUSION_PARITY = 0.999
FILES = ("model.onnx", "model.onnx.data", "tokenizer.json", "encoder.json")
POOLING_MODES = ("mean", "cls", "max")


class ExportUnsupported(Exception):
    """The model's pipeline has a module the ONNX encoder does not reproduce."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_fingerprint(model_path: str) -> str:
    """A hash of every file in the model folder (weights, config, tokenizer, modules)."""
    root = Path(model_path)
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + sha256_file(path).encode())
    return digest.hexdigest()


def pipeline_config(model_path: str) -> dict[str, Any]:
    """Pooling and normalisation as the model folder declares them (modules.json and the pooling config)."""
    root = Path(model_path)
    modules = json.loads((root / "modules.json").read_text())
    pooling: str | None = None
    normalize = False
    for module in modules:
        kind = str(module.get("type", "")).rsplit(".", 1)[-1]
        if kind == "Transformer":
            continue
        if kind == "Pooling":
            config = json.loads((root / module.get("path", "") / "config.json").read_text())
            modes = [m for m in ("cls_token", "mean_tokens", "max_tokens", "mean_sqrt_len_tokens",
                                 "weightedmean_tokens", "lasttoken") if config.get(f"pooling_mode_{m}")]
            if config.get("pooling_mode") and not modes:
                modes = [str(config["pooling_mode"])]
            mapping = {"mean_tokens": "mean", "cls_token": "cls", "max_tokens": "max",
                       "mean": "mean", "cls": "cls", "max": "max"}
            if len(modes) != 1 or modes[0] not in mapping:
                raise ExportUnsupported(f"pooling {modes} is not supported by the ONNX encoder")
            pooling = mapping[modes[0]]
        elif kind == "Normalize":
            normalize = True
        else:
            raise ExportUnsupported(f"module {kind} is not supported by the ONNX encoder")
    if pooling is None:
        raise ExportUnsupported("the model has no pooling module")
    return {"pooling": pooling, "normalize": normalize}


def _export_graph(hf_model: Any, sample: dict[str, Any], target: Path, max_length: int) -> str:
    """Write the transformer as ONNX; returns the exporter used."""
    import torch

    names: list[str] = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]
    if names[:2] != ["input_ids", "attention_mask"]:
        raise ExportUnsupported(f"the tokenizer gives {names}, not input_ids and attention_mask")

    class Body(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any = None) -> Any:
            extra = {} if token_type_ids is None else {"token_type_ids": token_type_ids}
            return self.model(input_ids=input_ids, attention_mask=attention_mask, **extra).last_hidden_state

    body = Body(hf_model).eval()
    args = tuple(sample[n] for n in names)
    attention = getattr(hf_model.config, "_attn_implementation", None)
    if attention not in (None, "eager"):  # eager attention exports as the MatMul/Softmax pattern the fusion finds
        try:
            hf_model.set_attn_implementation("eager")
        except Exception as exc:  # older or other models: export the attention they have
            log.info("exporting with %s attention (%s)", attention, exc)
            attention = None
    try:
        return _run_exporter(body, args, names, target, max_length)
    finally:
        if attention not in (None, "eager"):
            hf_model.set_attn_implementation(attention)


def _run_exporter(body: Any, args: tuple[Any, ...], names: list[str], target: Path, max_length: int) -> str:
    import torch

    common: dict[str, Any] = {"input_names": names, "output_names": ["last_hidden_state"], "opset_version": OPSET}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        try:  # the TorchScript exporter is about 3x faster than the dynamo one for this graph
            axes = {n: {0: "batch", 1: "sequence"} for n in [*names, "last_hidden_state"]}
            torch.onnx.export(body, args, str(target), dynamic_axes=axes, dynamo=False, **common)
            return f"torch {torch.__version__} torchscript"
        except Exception as exc:  # fall back to the other exporter, whatever went wrong
            log.info("TorchScript ONNX export failed (%s); trying the dynamo exporter", exc)
            batch, sequence = torch.export.Dim("batch"), torch.export.Dim("sequence", max=max_length)
            shapes: dict[str, Any] = {n: {0: batch, 1: sequence} for n in names}
            torch.onnx.export(body, args, str(target), dynamic_shapes=shapes, dynamo=True, external_data=False,
                              **common)
            return f"torch {torch.__version__} dynamo"


def _save_external(model: Any, model_file: Path) -> None:
    """Save ``model`` as ``model_file`` with its weights in ``model_file.data`` next to it. (onnx.save_model's own
    external-data option refuses to write when a file of that name exists in the current directory.)"""
    import onnx
    from onnx.external_data_helper import set_external_data

    data = model_file.with_name(model_file.name + ".data")
    data.unlink(missing_ok=True)
    for tensor in model.graph.initializer:
        if tensor.HasField("raw_data") and len(tensor.raw_data) >= 1024:
            set_external_data(tensor, data.name)
    onnx.save_model(model, str(model_file))
    data.chmod(model_file.stat().st_mode & 0o777)


def _externalise(model_file: Path) -> None:
    """Move the weights into ``model.onnx.data`` next to the graph."""
    import onnx

    _save_external(onnx.load(str(model_file)), model_file)


def _fuse(folder: Path, st_model: Any) -> str:
    """Replace the exported graph by onnxruntime's fused one (multi-head Attention, SkipLayerNormalization,
    BiasGelu, EmbedLayerNormalization: 46 nodes instead of about 520 for MiniLM-L6) when the model is one the
    optimizer knows and the fused graph embeds sample texts within cosine ``FUSION_PARITY`` of
    sentence-transformers; returns what the folder holds ("fused" or why not)."""
    config = st_model[0].auto_model.config
    if getattr(config, "model_type", None) not in FUSED_MODEL_TYPES:
        return f"unfused ({getattr(config, 'model_type', 'unknown')} models are not fused)"
    import numpy as np
    from onnxruntime.transformers.optimizer import optimize_model

    from bot.retrieval.onnx_encoder import OnnxEmbedder

    staging = folder / ".fused"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fused = optimize_model(str(folder / "model.onnx"), model_type="bert", opt_level=0, use_gpu=False,
                                   num_heads=int(config.num_attention_heads), hidden_size=int(config.hidden_size))
        if not fused.get_fused_operator_statistics().get("Attention"):
            return "unfused (the optimizer found no attention to fuse)"
        _save_external(fused.model, staging / "model.onnx")
        for name in ("tokenizer.json", "encoder.json"):
            shutil.copy2(folder / name, staging / name)
        texts = ["an export sample", "a second, longer export sample text, with a comma and §126.1"]
        reference = st_model.encode(texts, normalize_embeddings=True, convert_to_numpy=True,
                                    show_progress_bar=False)
        onnx_vectors = OnnxEmbedder(staging, "export check").embed(texts)
        cosine = float((np.asarray(reference) * onnx_vectors).sum(axis=1).min())
        if cosine < FUSION_PARITY:
            log.warning("the fused ONNX graph differs from the model (cosine %.5f); keeping the unfused graph", cosine)
            return f"unfused (fused graph cosine {cosine:.5f})"
        for name in ("model.onnx", "model.onnx.data"):
            os.replace(staging / name, folder / name)
        return "fused"
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def export_encoder(st_model: Any, model_path: str, folder: Path, fingerprint: str | None = None) -> dict[str, Any]:
    """Export ``st_model`` (a loaded SentenceTransformer from ``model_path``) into ``folder``; returns the
    manifest entry. Raises ExportUnsupported for pipelines the ONNX encoder cannot reproduce."""
    started = time.perf_counter()
    config = pipeline_config(model_path)
    folder.mkdir(parents=True, exist_ok=True)
    transformer = st_model[0]
    max_length = int(st_model.max_seq_length)
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(transformer.tokenizer.backend_tokenizer.to_str())
    tokenizer.enable_truncation(max_length=max_length)
    tokenizer.no_padding()
    tokenizer.save(str(folder / "tokenizer.json"))
    sample = dict(transformer.tokenizer(["an export sample", "a second, longer export sample text"], padding=True,
                                        truncation=True, max_length=max_length, return_tensors="pt"))
    exporter = _export_graph(transformer.auto_model, sample, folder / "model.onnx", max_length)
    _externalise(folder / "model.onnx")
    inputs = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]
    pad_id = transformer.tokenizer.pad_token_id or 0
    encoder = {"format": FORMAT, **config, "dimension": int(st_model.get_embedding_dimension()),
               "max_length": max_length, "inputs": inputs, "pad_id": int(pad_id), "opset": OPSET,
               "exporter": exporter, "graph": "unfused",
               "model_fingerprint": fingerprint or model_fingerprint(model_path)}
    (folder / "encoder.json").write_text(json.dumps(encoder, indent=2))
    try:
        encoder["graph"] = _fuse(folder, st_model)
    except Exception as exc:  # the unfused export is complete and correct: keep it
        log.warning("could not fuse the ONNX graph (%s); keeping the unfused graph", exc)
        encoder["graph"] = f"unfused ({type(exc).__name__})"
    (folder / "encoder.json").write_text(json.dumps(encoder, indent=2))
    log.info("exported the embedding model to ONNX in %.1fs (%s, %s graph)", time.perf_counter() - started,
             exporter, encoder["graph"])
    return describe(folder)


def describe(folder: Path) -> dict[str, Any]:
    """The manifest entry for an export folder: file hashes, opset, tokenizer, pooling."""
    encoder = json.loads((folder / "encoder.json").read_text())
    return {"dir": folder.name, "files": {name: sha256_file(folder / name) for name in FILES},
            "format": encoder.get("format"), "graph": encoder.get("graph", "unfused"),
            "opset": encoder["opset"], "exporter": encoder["exporter"],
            "tokenizer": {"file": "tokenizer.json", "max_length": encoder["max_length"]},
            "pooling": encoder["pooling"], "normalize": encoder["normalize"], "dimension": encoder["dimension"],
            "model_fingerprint": encoder["model_fingerprint"]}


def reuse_export(previous: Path | None, entry: dict[str, Any] | None, fingerprint: str, folder: Path) -> bool:
    """Link the previous build's export into ``folder`` when it was made from the same model files by this export
    format (an older format is exported anew)."""
    if previous is None or not entry or entry.get("model_fingerprint") != fingerprint \
            or entry.get("format") != FORMAT:
        return False
    source = previous / str(entry.get("dir", ENCODER_DIR))
    if not all((source / name).is_file() for name in FILES):
        return False
    _link_files(source, folder)
    return describe(folder)["files"] == entry.get("files")


def _link_files(source: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        (folder / name).unlink(missing_ok=True)
        try:
            os.link(source / name, folder / name)
        except OSError:
            shutil.copy2(source / name, folder / name)


def reuse_stored(store: Path | None, fingerprint: str, folder: Path) -> bool:
    """Link the export kept in ``store`` for these model files into ``folder``, when it is complete and its files
    still have the hashes recorded when it was kept (a damaged one is ignored and replaced by a new export)."""
    if store is None:
        return False
    source = store / fingerprint
    try:
        recorded = json.loads((source / "files.json").read_text())
        if not all((source / name).is_file() for name in FILES) or describe(source)["files"] != recorded \
                or json.loads((source / "encoder.json").read_text()).get("format") != FORMAT:
            return False
    except (OSError, ValueError, KeyError):
        return False
    _link_files(source, folder)
    return describe(folder)["files"] == recorded


def keep_export(store: Path | None, fingerprint: str, folder: Path, files: dict[str, str] | None = None) -> None:
    """Keep a copy (hard links where possible) of a fresh export in ``store``, keyed by the model files' hash, so a
    later build from an empty index folder skips the export. ``files``: the export's file hashes when the caller has
    them (the kept files are hard links to the same data). Failing to keep it is not an error."""
    if store is None:
        return
    target = store / fingerprint
    tmp = store / f".tmp-{fingerprint[:16]}-{os.getpid()}"
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        _link_files(folder, tmp)
        (tmp / "files.json").write_text(json.dumps(files or describe(tmp)["files"]))
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        log.debug("could not keep the ONNX export in %s: %s", store, exc)
