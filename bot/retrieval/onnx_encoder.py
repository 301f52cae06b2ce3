"""Embed texts with the index's ONNX export (onnxruntime or OpenVINO, and tokenizers): no torch, no
sentence-transformers.

Pooling and normalisation follow ``encoder.json``, which the export wrote from the model folder's modules.json.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from bot.retrieval.export import FILES

log = logging.getLogger(__name__)


# Passages per onnxruntime call in an index build (length-sorted, so little padding). On the 2-core CPU of
# bench/encoder.py with the shipped corpus (most passages 180-256 tokens), alternating runs under load: 4 beat 8 in
# five of six pairs (median 21.7 vs 17.6 passages/s), and 32, whose activations no longer fit the caches, was slowest
# in every run (13.4-13.9 /s).
PASSAGE_BATCH = 4


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


def progress_bar(total: int, shown: bool) -> Any:
    """A tqdm bar over ``total`` texts on stderr when ``shown`` (an index build on a terminal), else a stand-in."""
    if not shown:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="passage", desc="embedding", leave=False)


class OnnxEncoderUnavailable(Exception):
    """The export is missing, incomplete, or the runtime cannot load it."""


def _threads() -> int:
    raw = os.environ.get("UAVEX_ONNX_THREADS", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return max(1, min(4, os.cpu_count() or 1))


class ExportEmbedder:
    """An ``Embedder`` over an export folder: the export's tokenizer, pooling and normalisation around a runtime that
    runs ``model.onnx`` (a subclass's ``_open`` and ``_run``). Loads eagerly so a broken export is found at
    construction."""

    engine = ""

    def __init__(self, folder: Path, name: str, batch_size: int = 32) -> None:
        self.name = name
        self.folder = folder
        self.batch_size = batch_size
        missing = [f for f in FILES if not (folder / f).is_file()]
        if missing:
            raise OnnxEncoderUnavailable(f"the ONNX export in {folder} lacks {', '.join(missing)}")
        try:
            from tokenizers import Tokenizer

            self.config: dict[str, Any] = json.loads((folder / "encoder.json").read_text())
            self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            self._tokenizer.enable_truncation(max_length=int(self.config["max_length"]))
            self._tokenizer.no_padding()
            self._open(folder / "model.onnx")
        except Exception as exc:  # the runtimes raise their own exception types; json ValueError; OSError
            raise OnnxEncoderUnavailable(f"cannot load the ONNX export in {folder} with {self.engine}: "
                                         f"{str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}"
                                         ) from None
        self._pad = int(self.config.get("pad_id", 0))
        self._lock = threading.Lock()  # tokenizers' encode_batch is not safe to call from many threads at once

    def _open(self, model_file: Path) -> None:
        raise NotImplementedError

    def _run(self, feeds: dict[str, np.ndarray]) -> np.ndarray:
        """The graph's ``last_hidden_state`` for ``input_ids``, ``attention_mask`` and ``token_type_ids``."""
        raise NotImplementedError

    @property
    def dimension(self) -> int:
        return int(self.config["dimension"])

    def _pool(self, hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        pooling = self.config["pooling"]
        if pooling == "cls":
            return np.asarray(hidden[:, 0, :], dtype="float32")
        weights = mask[..., None].astype("float32")
        if pooling == "max":
            masked = np.where(weights > 0, hidden, -1e9)
            return np.asarray(masked.max(axis=1), dtype="float32")
        summed = (hidden * weights).sum(axis=1)
        return np.asarray(summed / np.clip(weights.sum(axis=1), 1e-9, None), dtype="float32")

    def _feeds(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The padded inputs for a batch of texts."""
        with self._lock:
            encodings = self._tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encodings)
        ids = np.full((len(texts), width), self._pad, dtype="int64")
        mask = np.zeros((len(texts), width), dtype="int64")
        types = np.zeros((len(texts), width), dtype="int64")
        for row, e in enumerate(encodings):
            n = len(e.ids)
            ids[row, :n], mask[row, :n], types[row, :n] = e.ids, e.attention_mask, e.type_ids
        return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}

    def _vectors(self, hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """A batch's pooled (and, as the model says, normalised) vectors from its hidden states."""
        vectors = self._pool(np.asarray(hidden), mask)
        if self.config.get("normalize"):
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.clip(norms, 1e-12, None)
        return vectors

    def _batch(self, texts: list[str]) -> np.ndarray:
        feeds = self._feeds(texts)
        return self._vectors(self._run(feeds), feeds["attention_mask"])

    def _one(self, text: str) -> np.ndarray:
        """One text (a query): no padding, so the mask is all ones and mean pooling is a plain mean."""
        with self._lock:
            encoding = self._tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype="int64")
        hidden = self._run({"input_ids": ids, "attention_mask": np.ones_like(ids),
                            "token_type_ids": np.array([encoding.type_ids], dtype="int64")})
        pooling = self.config["pooling"]
        vector = hidden[0, 0] if pooling == "cls" else hidden[0].max(axis=0) if pooling == "max" else \
            hidden[0].mean(axis=0, dtype="float32")
        vector = np.array(vector, dtype="float32")  # a copy: the session's output buffer is not kept
        if self.config.get("normalize"):
            vector /= max(float(np.sqrt(vector @ vector)), 1e-12)
        return vector[None, :]

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype="float32")
        if len(texts) == 1:
            return self._one(texts[0])
        out = np.zeros((len(texts), self.dimension), dtype="float32")
        with progress_bar(len(texts), progress) as bar:
            for chunk in self._chunks(texts):
                out[chunk] = self._batch([texts[i] for i in chunk])
                bar.update(len(chunk))
        return out

    def _chunks(self, texts: list[str]) -> list[list[int]]:
        """Batches of text positions; similar lengths share a batch, so there is little padding."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        return [order[start:start + self.batch_size] for start in range(0, len(order), self.batch_size)]


class OnnxEmbedder(ExportEmbedder):
    """The export run by onnxruntime in float32: the query encoder, and the passage encoder where OpenVINO is not."""

    engine = "onnxruntime"

    def _open(self, model_file: Path) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = _threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        options.enable_cpu_mem_arena = False  # lower peak RSS; no measurable cost for one query
        self._session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
        self._inputs = [i.name for i in self._session.get_inputs()]

    def _run(self, feeds: dict[str, np.ndarray]) -> np.ndarray:
        return np.asarray(self._session.run(None, {name: feeds[name] for name in self._inputs})[0])
