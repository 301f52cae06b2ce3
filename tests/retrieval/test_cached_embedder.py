from __future__ import annotations

import numpy as np

from bot.retrieval.embedder import CachedEmbedder, HashingEmbedder


class Counting(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        self.calls.append(list(texts))
        return super().embed(texts)


def test_a_text_is_embedded_once_and_reused() -> None:
    inner = Counting()
    cached = CachedEmbedder(inner, maxsize=2)
    first = cached.embed(["range of the reaper"])
    again = cached.embed(["range of the reaper"])
    assert np.array_equal(first, again) and inner.calls == [["range of the reaper"]]
    both = cached.embed(["range of the reaper", "payload"])
    assert inner.calls[-1] == ["payload"] and both.shape == (2, inner.dimension)
    assert np.array_equal(both[1], inner.embed(["payload"])[0])
    assert cached.hits == 2 and cached.misses == 2
    assert cached.name == inner.name and cached.dimension == inner.dimension


def test_least_recently_used_is_evicted_and_bulk_bypasses() -> None:
    inner = Counting()
    cached = CachedEmbedder(inner, maxsize=2, bulk=3)
    for text in ["a", "b", "a", "c"]:  # "b" is the least recently used when "c" arrives
        cached.embed([text])
    inner.calls.clear()
    cached.embed(["a"])
    cached.embed(["b"])
    assert inner.calls == [["b"]]
    cached.embed(["w", "x", "y", "z"])
    cached.embed(["w"])
    assert inner.calls[-2:] == [["w", "x", "y", "z"], ["w"]]


def test_cached_vectors_cannot_be_changed_by_callers() -> None:
    cached = CachedEmbedder(HashingEmbedder())
    vector = cached.embed(["x"])
    vector[0, 0] = 99.0
    assert cached.embed(["x"])[0, 0] != 99.0
