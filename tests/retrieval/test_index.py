"""The index as a build artifact: exact ranking with the fake embedder, and the stale, mismatched, corrupt,
killed-build and malformed-file cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import IndexUnavailable
from bot.retrieval.embedder import HashingEmbedder
from bot.retrieval.search import Retriever
from bot.retrieval.store import build_index, read_manifest, staleness
from tests.retrieval.conftest import write_doc


def _open(settings: Settings, embedder: HashingEmbedder, build: bool = False) -> Retriever:
    return Retriever.open(settings, embedder, build_if_needed=build)


def test_identifiers_route_to_the_defining_passage(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    build_index(fake_settings.index_dir, fake_settings.documents_dir, fake_embedder)
    retriever = _open(fake_settings, fake_embedder)
    expectations = {
        "19.A.3": "mtcr-annex-uav-items#item-19-a-3-1",
        "what does item 1.a.2 cover": "mtcr-annex-uav-items#item-1-a-2-1",
        "9A012": "ear-9a012#eccn-9a012-1",
        "ECCN 9A610": "ear-9a610#eccn-9a610-1",
        "USML Category VIII": "usml-category-viii#category-viii-1",
        "EO 14268": "eo-14268-2025#eo-14268-1",
        "86 FR 2252": None,
    }
    for query, passage_id in expectations.items():
        hits = retriever.search(query, k=3)
        assert hits[0].routed, query
        if passage_id:
            assert hits[0].passage.id == passage_id, (query, [h.passage.id for h in hits])


def test_exact_ranking_with_fake_embedder(tmp_path: Path, fake_embedder: HashingEmbedder) -> None:
    docs = tmp_path / "corpus" / "documents"
    docs.mkdir(parents=True)
    write_doc(docs, "alpha", "## Sprayers: aerosol\n\nAgricultural sprayer drones with aerosol tanks over 20 L.")
    write_doc(docs, "beta", "## Range: one-way\n\nRange is the one-way distance flown fully fuelled.")
    write_doc(docs, "gamma", "## Payload: mass\n\nPayload is mass not used to maintain flight.")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", embed_model="fake-hashing")
    build_index(settings.index_dir, settings.documents_dir, fake_embedder)
    retriever = _open(settings, fake_embedder)
    assert next(h.passage.id for h in retriever.search("aerosol sprayer tanks", k=3)) == "alpha#sprayers-1"
    assert [h.passage.id for h in retriever.search("one-way distance fully fuelled", k=1)] == ["beta#range-1"]
    assert [h.passage.id for h in retriever.search("mass not used to maintain flight", k=1)] == ["gamma#payload-1"]


def test_superseded_documents_rank_below_and_are_flagged(tmp_path: Path, fake_embedder: HashingEmbedder) -> None:
    docs = tmp_path / "corpus" / "documents"
    docs.mkdir(parents=True)
    body = "## Policy: drones\n\nExport policy for military drones requires end-use assurances and monitoring."
    write_doc(docs, "old-policy", body, kind="policy", superseded_by="new-policy")
    (docs / "new-policy.md").write_text(write_doc(docs, "tmp", body, kind="policy").read_text()
                                        .replace("id: tmp", "id: new-policy").replace("2020-01-01", "2021-01-01"))
    (docs / "tmp.md").unlink()
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", embed_model="fake-hashing")
    build_index(settings.index_dir, settings.documents_dir, fake_embedder)
    retriever = _open(settings, fake_embedder)
    hits = retriever.search("export policy military drones end-use assurances", k=2)
    assert [h.passage.doc_id for h in hits] == ["new-policy", "old-policy"]
    assert hits[1].superseded and not hits[0].superseded
    # Before the successor took effect, the old policy was current.
    as_of = retriever.search("export policy military drones", k=2, as_of=date(2020, 6, 1))
    assert [h.passage.doc_id for h in as_of] == ["old-policy"] and not as_of[0].superseded
    assert all(h.passage.kind == "policy" for h in retriever.search("drones", k=2, kinds=["policy"]))


def test_stale_index_is_refused_and_rebuild_reembeds_only_changes(fake_settings: Settings,
                                                                  fake_embedder: HashingEmbedder) -> None:
    first = build_index(fake_settings.index_dir, fake_settings.documents_dir, fake_embedder)
    assert first.embedded == first.passages
    target = fake_settings.documents_dir / "glossary.md"
    target.write_text(target.read_text() + "\n## Zebra: a new term\n\nA new glossary entry added by a reviewer.\n")
    with pytest.raises(IndexUnavailable, match=r"changed since the build.*uavex index build"):
        _open(fake_settings, fake_embedder)
    second = build_index(fake_settings.index_dir, fake_settings.documents_dir, fake_embedder)
    assert second.embedded == 1 and second.passages == first.passages + 1
    assert staleness(fake_settings.index_dir, fake_settings.documents_dir, "fake-hashing") is None


def test_index_from_another_model_is_refused(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    build_index(fake_settings.index_dir, fake_settings.documents_dir, fake_embedder)
    other = HashingEmbedder(name="another-model")
    with pytest.raises(IndexUnavailable, match="built with model 'fake-hashing'"):
        _open(fake_settings, other)


def test_corrupt_index_is_refused_then_rebuilt(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    build_index(fake_settings.index_dir, fake_settings.documents_dir, fake_embedder)
    vectors = (fake_settings.index_dir / "current" / "vectors.faiss").resolve()
    vectors.write_bytes(vectors.read_bytes()[:100])
    with pytest.raises(IndexUnavailable, match="corrupt"):
        _open(fake_settings, fake_embedder)
    retriever = _open(fake_settings, fake_embedder, build=True)
    assert retriever.search("19.A.2", k=1)[0].routed


def test_killed_build_leaves_previous_index_serving(fake_settings: Settings, fake_embedder: HashingEmbedder,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(fake_settings.index_dir, fake_settings.documents_dir, fake_embedder)
    before = read_manifest(fake_settings.index_dir)
    import faiss

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the process dies while writing vectors

    monkeypatch.setattr(faiss, "write_index", killed)
    with pytest.raises(KeyboardInterrupt):
        build_index(fake_settings.index_dir, fake_settings.documents_dir, fake_embedder, force=True)
    monkeypatch.undo()
    assert read_manifest(fake_settings.index_dir) == before
    assert _open(fake_settings, fake_embedder).search("payload definition", k=1)


def test_malformed_file_is_skipped_and_the_build_continues(fake_settings: Settings,
                                                           fake_embedder: HashingEmbedder) -> None:
    (fake_settings.documents_dir / "broken.md").write_text("---\nid: broken\n---\nno closing metadata")
    report = build_index(fake_settings.index_dir, fake_settings.documents_dir, fake_embedder)
    assert any("broken.md" in w for w in report.warnings)
    assert report.documents >= 25


def test_filters_boosts_and_routing_reach_the_first_and_last_passages(tmp_path: Path,
                                                                       fake_embedder: HashingEmbedder) -> None:
    """Search filters by kind and date, boosts passages whose text names an identifier from the query and routes
    to passages whose label names one, with array operations and one scan of the joined texts and labels: the
    passages at both ends of those scans are found, and the dense scores shown are FAISS's own."""
    import faiss

    docs = tmp_path / "corpus" / "documents"
    docs.mkdir(parents=True)
    write_doc(docs, "a-first", "## ECCN 9A012: scope\n\nUnmanned aircraft flown beyond natural vision, per 9A012.")
    write_doc(docs, "m-middle", "## Range: one-way\n\nRange is the one-way distance flown fully fuelled.",
              kind="policy")
    write_doc(docs, "z-last", "## Notice: rule\n\nThe rule of 24 March 2023 is FR Doc 2023-05695 on drones.")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", embed_model="fake-hashing")
    build_index(settings.index_dir, settings.documents_dir, fake_embedder)
    retriever = _open(settings, fake_embedder)
    assert [p.doc_id for p in retriever.passages] == ["a-first", "m-middle", "z-last"]

    routed = retriever.search("what does 9A012 cover", k=3)
    assert routed[0].passage.doc_id == "a-first" and routed[0].routed
    named = retriever.search("drones FR Doc 2023-05695", k=3)
    assert named[0].passage.doc_id == "z-last" and not named[0].routed
    assert retriever._passages_containing("9a012").tolist() == [True, False, False]  # what the boost counts
    assert retriever._passages_containing("2023-05695").tolist() == [False, False, True]
    assert [h.passage.doc_id for h in retriever.search("one-way range", k=3, kinds=["policy"])] == ["m-middle"]
    assert retriever.search("range", k=3, as_of=date(2019, 12, 31)) == []

    index = faiss.read_index(str(settings.index_dir / "current" / "vectors.faiss"))
    vector = fake_embedder.embed(["unmanned aircraft range"])
    scores, ids = index.search(vector, index.ntotal)
    expected = {retriever.passages[i].id: float(s) for i, s in zip(ids[0], scores[0], strict=True)}
    for hit in retriever.search("unmanned aircraft range", k=3, mode="dense"):
        assert hit.dense == expected[hit.passage.id]
