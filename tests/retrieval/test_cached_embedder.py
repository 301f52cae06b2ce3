from __future__ import annotations

import numpy as np

from bot.config import Settings
from bot.retrieval.embedder import CachedEmbedder, HashingEmbedder, IndexEmbedder
from bot.service import ComplianceService


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


def test_service_embeds_a_question_once_across_ask_and_cite(fake_settings: Settings) -> None:
    inner = Counting()
    service = ComplianceService(fake_settings, embedder=CachedEmbedder(inner))
    service.retriever()
    inner.calls.clear()
    question = "what payload and range make a UAV Category I under the MTCR?"
    service.ask(question)
    service.cite(question)
    service.cite(question, k=3)
    assert [c for c in inner.calls if question in c] == [[question]]


def test_default_service_embedder_is_cached_and_index_aware(fake_settings: Settings) -> None:
    embedder = ComplianceService(fake_settings).embedder
    assert isinstance(embedder, CachedEmbedder) and isinstance(embedder.inner, IndexEmbedder)
    assert embedder.inner.index_dir == fake_settings.index_dir


def test_a_widened_question_is_embedded_once(fake_settings: Settings) -> None:
    """The search query written out from the question ("TAA" -> the agreement's full name) is the question's one
    embedding: intent recognition, the scope check and the passage search all use it, and the question as typed is
    not embedded as well."""
    inner = Counting()
    service = ComplianceService(fake_settings, embedder=CachedEmbedder(inner))
    service.retriever()
    question = "when is a TAA needed for drone maintenance abroad"
    service.ask(question)
    inner.calls.clear()
    service.embedder.clear()  # the answer-plan queries are cached by now; the question's own embeddings are not
    answer = service.ask(question)
    asked = [text for call in inner.calls for text in call if text.startswith("when is a TAA")]
    assert answer.citations and len(asked) == 1 and asked[0] != question
    assert "technical assistance agreements" in asked[0]
