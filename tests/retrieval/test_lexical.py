"""BM25 stored in the index build: the same scores as bm25s on the shipped corpus (typos and unknown words
included), a round trip through the files, an older build without them still served, and a query start that
imports neither bm25s nor scipy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.config import PROJECT_ROOT, Settings
from bot.retrieval.embedder import HashingEmbedder
from bot.retrieval.lexical import FILES, LexicalIndex
from bot.retrieval.search import Retriever
from bot.retrieval.store import build_index, current_dir

QUERIES = ["can we sell reapers to poland", "aerosol dispensing sprayer over 20 litres", "waht is the mtcr",
           "Category I 500 kg 300 km", "§126.1 proscribed destinations", "zzzz qqqq", "the of and"]


def _bm25s_scores(texts: list[str], query_tokens: list[str]) -> np.ndarray:
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    model = bm25s.BM25()
    model.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False, return_ids=False),
                show_progress=False)
    known = [t for t in query_tokens if t in model.vocab_dict]
    return np.asarray(model.get_scores(known), dtype="float32") if known else np.zeros(len(texts), "float32")


@pytest.fixture()
def built(fake_settings: Settings, fake_embedder: HashingEmbedder) -> Path:
    build_index(fake_settings.index_dir, fake_settings.documents_dir, fake_embedder)
    folder = current_dir(fake_settings.index_dir)
    assert folder is not None
    return folder


def test_stored_scores_equal_bm25s(built: Path, fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    retriever = Retriever.open(fake_settings, fake_embedder, build_if_needed=False)
    stored = LexicalIndex.load(built)
    assert stored is not None and retriever.bm25.size == len(retriever.passages)
    texts = [p.search_text for p in retriever.passages]
    labelled = yaml.safe_load((PROJECT_ROOT / "tests" / "retrieval" / "queries.yaml").read_text())
    queries = QUERIES + [q["query"] for q in labelled]
    for query in queries:
        tokens = stored.tokenize(stored._correct(query))
        assert np.array_equal(stored.scores(query), _bm25s_scores(texts, tokens)), query
        assert np.array_equal(retriever.bm25.scores(query), stored.scores(query)), query


def test_tokens_are_bm25s_tokens(built: Path) -> None:
    import bm25s
    import Stemmer

    stored = LexicalIndex.load(built)
    assert stored is not None
    for text in [*QUERIES, "Drones FLYING over the U.S.-Mexico border, 2,000 km; MQ-9B's range"]:
        expected = bm25s.tokenize([text], stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=False,
                                  return_ids=False)[0]
        assert stored.tokenize(text) == expected, text


def test_files_are_checksummed_and_an_older_build_without_them_is_served(
        built: Path, fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    manifest = json.loads((built / "manifest.json").read_text())
    assert set(FILES) <= set(manifest["checksums"])
    expected = Retriever.open(fake_settings, fake_embedder, build_if_needed=False).bm25.scores("reaper poland")
    for name in FILES:  # an index from before the files existed: BM25 is built in memory, same scores
        (built / name).unlink()
        del manifest["checksums"][name]
    (built / "manifest.json").write_text(json.dumps(manifest))
    retriever = Retriever.open(fake_settings, fake_embedder, build_if_needed=False)
    assert np.array_equal(retriever.bm25.scores("reaper poland"), expected)


def test_query_start_imports_no_bm25s_or_scipy(built: Path, fake_settings: Settings) -> None:
    code = ("import sys; from pathlib import Path; from bot.config import Settings; "
            "from bot.retrieval.embedder import HashingEmbedder; from bot.retrieval.search import Retriever; "
            f"r = Retriever.open(Settings(corpus_dir=Path({str(fake_settings.corpus_dir)!r}), "
            f"index_dir=Path({str(fake_settings.index_dir)!r}), embed_model='fake-hashing'), HashingEmbedder(), "
            "build_if_needed=False); r.search('reaper to poland'); "
            "print(sorted(m for m in ('bm25s', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                         env={**os.environ}, check=True).stdout
    assert out.strip() == "[]"


def test_document_frequency_is_cached_by_passages_and_tokenizer(
        built: Path, fake_settings: Settings, fake_embedder: HashingEmbedder, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.answer.sentences import tokens

    monkeypatch.setenv("UAVEX_CACHE_DIR", str(tmp_path / "df-cache"))
    first = Retriever.open(fake_settings, fake_embedder, build_if_needed=False)
    expected: dict[str, int] = {}
    for p in first.passages:
        for t in tokens(p.search_text):
            expected[t] = expected.get(t, 0) + 1
    assert first._document_frequency == expected
    assert len(list((tmp_path / "df-cache").glob("passage-df-*.pickle"))) == 1
    again = Retriever.open(fake_settings, fake_embedder, build_if_needed=False)
    assert again._document_frequency == expected and again.idf("mtcr") == first.idf("mtcr")


def test_a_lexical_search_embeds_nothing(built: Path, fake_settings: Settings, fake_embedder: HashingEmbedder,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    retriever = Retriever.open(fake_settings, fake_embedder, build_if_needed=False)
    expected = [h.passage.id for h in retriever.search("reaper to poland", k=5, mode="bm25")]

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a lexical search embedded its query")

    monkeypatch.setattr(fake_embedder, "embed", refuse)
    assert [h.passage.id for h in retriever.search("reaper to poland", k=5, mode="bm25")] == expected
    with pytest.raises(AssertionError, match="embedded its query"):  # (the hybrid search does embed it)
        retriever.search("reaper to poland", k=5)
