"""Hybrid retrieval: BM25 (bm25s) and dense (FAISS) fused by reciprocal rank, with exact-identifier routing,
superseded documents demoted and flagged, and optional filters by kind and date."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.errors import IndexUnavailable, InputError
from bot.retrieval.embedder import Embedder
from bot.retrieval.headings import HeadingIndex
from bot.retrieval.identifiers import JoinedTexts, LabelIndex, routed
from bot.retrieval.lexical import LexicalIndex
from bot.retrieval.passages import Passage
from bot.retrieval.store import REBUILD_HINT, build_index, open_built, staleness

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

RRF_K = 10
POOL = 50
SUPERSEDED_FACTOR = 0.6
MODES = ("hybrid", "dense", "bm25")
BOOST_WEIGHT = 1.0
DF_CODE = ("answer/sentences.py", "retrieval/search.py")  # the code a cached document frequency depends on
MAX_QUERY = 2000  # characters; the same as Discord's /ask option
IDF_KEPT = 65536  # tokens whose inverse document frequency is kept (a sentence's words recur from question to question)
_RUN = re.compile(r"[\w.§:()-]+")
_FILLER = re.compile(r"\b(?:what|is|the|a|an|does|cover|mean|eccn|item|usml|category|cat|section|under|of|in|on|"
                     r"for)\b")
NAME_LINKS = ("of", "and", "for", "on", "in", "the")  # the small words inside a name its acronym skips
SPELLED_OUT = re.compile(rf"((?:[A-Z][a-z]+[\s-]+(?:(?:{'|'.join(NAME_LINKS)})\s+)*){{2,8}})\(([A-Z]{{2,6}})s?\)")
# a CFR section asked by number ("22 CFR 120.23", "§ 744.3"): the passages that cite it
CFR_SECTION = re.compile(r"(?:\bcfr|§|\bsection|\bsec\.)\s*(\d{3}\.\d{1,3})(?![\d.])", re.I)
TEXT_IDENT = re.compile(r"\b\d{4}-\d{5}\b|\b\d{1,2}\s?FR\s?\d{3,6}\b|\b\d[A-E]\d{3}(?:\.[a-z0-9.]+)?\b|"
                        r"\b(?:NSM|NSPM)-\d+\b|\b\d{1,2}\.[A-E]\.\d{1,2}\b")


@dataclass(frozen=True)
class Hit:
    rank: int
    passage: Passage
    score: float
    dense: float
    bm25: float
    routed: bool
    superseded: bool

    def as_dict(self) -> dict[str, Any]:
        p = self.passage
        return {"rank": self.rank, "passage_id": p.id, "doc_id": p.doc_id, "title": p.title, "label": p.label,
                "score": round(self.score, 6), "dense_score": round(self.dense, 4), "url": p.url, "text": p.text,
                "section": list(p.section), "page": p.page, "kind": p.kind, "effective": p.effective,
                "confidence": p.confidence, "superseded": self.superseded, "superseded_by": p.superseded_by,
                "routed": self.routed}


def _content_words(query: str) -> int:
    """Words of three or more letters left once identifier-like runs (any run with a digit) and filler words
    are removed. Linear: each run is looked at once."""
    runs = [run for run in _RUN.findall(query.lower()) if not any(ch.isdecimal() for ch in run)]
    return len(re.findall(r"[a-z]{3,}", _FILLER.sub(" ", " ".join(runs))))


_RANK_DENOMINATORS = RRF_K + np.arange(1, POOL + 1, dtype=np.float64)  # reciprocal rank fusion: rank 1 first


def _add_ranks(fused: np.ndarray, ranked: np.ndarray | list[int], weight: float = 1.0) -> None:
    """Add one ranked list (distinct passage positions, best first; the first POOL count) to the fused scores."""
    ranked = np.asarray(ranked[:POOL], dtype=np.int64)
    fused[ranked] += weight / _RANK_DENOMINATORS[:len(ranked)]


class Retriever:
    def __init__(self, index: Any, passages: list[Passage], manifest: dict[str, Any], embedder: Embedder,
                 lexical: LexicalIndex | None = None, folder: Path | None = None) -> None:
        self.index, self.passages, self.manifest, self.embedder = index, passages, manifest, embedder
        self.folder = folder  # the build folder, when the retriever was opened from one
        if lexical is None or lexical.size != len(passages):
            log.info("the index has no stored BM25 scores; scoring the passages now")
            lexical = LexicalIndex.build([p.search_text for p in passages])
        self.bm25 = lexical
        self.by_id = {p.id: p for p in passages}
        self.vocabulary = self.bm25.words
        self._effective = [date.fromisoformat(p.effective) for p in passages]
        # per-passage columns, so a search filters and boosts with array operations rather than a loop over passages
        self._effective_days = np.array([day.toordinal() for day in self._effective], dtype=np.int64)
        self._years = np.array([p.effective[:4] for p in passages])
        self._kinds = {kind: np.array([p.kind == kind for p in passages], dtype=bool)
                       for kind in {p.kind for p in passages}}
        self._by_document: dict[str, list[Passage]] = {}
        for passage in passages:
            self._by_document.setdefault(passage.doc_id, []).append(passage)
        self.labels = LabelIndex(passages)
        self.headings = HeadingIndex(passages)
        self._containing: dict[str, np.ndarray] = {}
        effective = {p.doc_id: p.effective for p in passages}
        self._doc_effective = {doc: date.fromisoformat(day) for doc, day in effective.items()}
        self._superseded_by_day: dict[date | None, np.ndarray] = {}
        self._idf: dict[str, float] = {}

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder, *, build_if_needed: bool = True,
             progress: bool = False) -> Retriever:
        """Load the index, refusing a stale or mismatched one (or rebuilding it when allowed)."""
        reason = staleness(settings.index_dir, settings.documents_dir, embedder.name)
        if reason is not None:
            if not build_if_needed:
                raise IndexUnavailable(f"index not usable: {reason}; {REBUILD_HINT}")
            log.warning("index not usable (%s): building it", reason)
            build_index(settings.index_dir, settings.documents_dir, embedder, progress=progress)
        try:
            index, passages, manifest, lexical, folder = open_built(settings.index_dir)
        except IndexUnavailable:
            if not build_if_needed:
                raise
            build_index(settings.index_dir, settings.documents_dir, embedder, force=True, progress=progress)
            index, passages, manifest, lexical, folder = open_built(settings.index_dir)
        if manifest.get("dimension") != embedder.dimension:
            raise IndexUnavailable(f"index dimension {manifest.get('dimension')} does not match the model "
                                   f"({embedder.dimension}); {REBUILD_HINT}")
        return cls(index, passages, manifest, embedder, lexical, folder)

    def _superseded(self, passage: Passage, as_of: date | None) -> bool:
        successor = passage.superseded_by
        if not successor:
            return False
        if as_of is None:
            return True
        start = self._doc_effective.get(successor)
        return start is not None and start <= as_of

    def _superseded_on(self, day: date | None) -> np.ndarray:
        """Which passages are superseded on ``day`` (None: by any successor), worked out once per day."""
        found = self._superseded_by_day.get(day)
        if found is None:
            if len(self._superseded_by_day) >= 64:
                self._superseded_by_day.clear()
            found = self._superseded_by_day[day] = np.array([self._superseded(p, day) for p in self.passages],
                                                            dtype=bool)
            found.flags.writeable = False
        return found

    def search(self, query: str, k: int = 5, *, kinds: list[str] | None = None, as_of: date | None = None,
               mode: str = "hybrid", era: date | None = None, vector: np.ndarray | None = None,
               term: str | None = None) -> list[Hit]:
        """The k best passages for ``query``. ``as_of`` leaves out passages not yet in force and marks those
        superseded by then; ``era`` (a question about a past policy: "what did the 2015 policy require?") only
        judges supersession on that day, without leaving anything out. ``vector``: an embedding the caller already has
        for this question (its search query, when ``query`` is the question as typed), used for the dense search
        instead of embedding ``query``. ``term``: the term a definition question asks about; the passages headed by it
        are routed, like those whose label names an identifier in the query."""
        query = query.strip()
        if not query:
            raise InputError("query: empty; type a question or keywords")
        if len(query) > MAX_QUERY:
            raise InputError(f"query: too long ({len(query):,} characters, at most {MAX_QUERY:,}); shorten it")
        if k < 1 or k > 50:
            raise InputError("k: must be between 1 and 50")
        if mode not in MODES:
            raise InputError(f"mode: {mode!r} is not one of {', '.join(MODES)}")
        n = len(self.passages)
        allowed = np.ones(n, dtype=bool)
        if kinds:
            allowed = np.zeros(n, dtype=bool)
            for kind in set(kinds):
                allowed |= self._kinds.get(kind, False)
        if as_of is not None:
            allowed &= self._effective_days <= as_of.toordinal()
        dense = np.zeros(n, dtype="float32")
        if mode != "bm25":  # (a lexical search embeds nothing)
            if vector is None:
                vector = self.embedder.embed([query])[0]
            dense = self._inner_products(np.asarray(vector, dtype="float32"))
        lexical = self.bm25.scores(query) if mode != "dense" else np.zeros(n, dtype="float32")
        fused = np.zeros(n, dtype="float64")
        if mode != "bm25":
            order = np.argsort(-dense, kind="stable")
            _add_ranks(fused, order[allowed[order]])
        if mode != "dense":
            order = np.argsort(-lexical, kind="stable")
            _add_ranks(fused, order[allowed[order] & (lexical[order] > 0)])
        if mode == "hybrid":
            self._boost(query, fused, allowed)
        superseded = self._superseded_on(as_of or era)
        fused[superseded] *= SUPERSEDED_FACTOR
        routed_ids = [i for i in routed(query, self.labels) if allowed[i]] if mode == "hybrid" else []
        if term and mode == "hybrid":
            routed_ids += [i for i in self.headings.headed(term) if allowed[i] and i not in routed_ids]
        if _content_words(query) >= 2:
            routed_ids.sort(key=lambda i: -fused[i])  # the query says more: the most relevant defining passage first
        top = 1.0 / (RRF_K + 1) * 2
        for position, i in enumerate(routed_ids):
            fused[i] = top + 1.0 - position * 1e-3
        order = np.argsort(-fused, kind="stable")
        candidates = order[allowed[order] & (fused[order] > 0)][:k].tolist()
        return [Hit(rank=r + 1, passage=self.passages[i], score=float(fused[i]), dense=float(dense[i]),
                    bm25=float(lexical[i]), routed=i in routed_ids, superseded=bool(superseded[i]))
                for r, i in enumerate(candidates)]

    @cached_property
    def _document_frequency(self) -> dict[str, int]:
        """How many passages hold each token; cached under UAVEX_CACHE_DIR, keyed by the build's passages and the
        tokenizer's code (counting them costs about 40 ms, a twentieth of a cold `uavex ask`)."""
        from bot.answer.sentences import tokens

        def count() -> dict[str, int]:
            df: dict[str, int] = {}
            for p in self.passages:
                for t in tokens(p.search_text):
                    df[t] = df.get(t, 0) + 1
            return df

        if self.folder is None:
            return count()
        from bot.rules.cache import cached

        return cached("passage-df", [self.folder / "passages.jsonl"], self.folder, count, code=DF_CODE)

    def mentions(self, text: str) -> bool:
        """Whether any passage's text holds ``text`` (case-insensitive), as written."""
        return bool(self.passages_containing(text).any())

    def passages_containing(self, text: str) -> np.ndarray:
        """Which passages' text holds ``text`` (case-insensitive), as a read-only boolean array over ``passages``."""
        return self._passages_containing(text.lower())

    def used(self, token: str) -> bool:
        """Whether any passage holds the (prefix-stemmed) token."""
        return token in self._document_frequency

    def idf(self, token: str) -> float:
        """Inverse document frequency of a (prefix-stemmed) token over passages; unseen tokens score highest."""
        found = self._idf.get(token)
        if found is None:
            if len(self._idf) >= IDF_KEPT:
                self._idf.clear()
            found = self._idf[token] = math.log((len(self.passages) + 1) /
                                                (self._document_frequency.get(token, 0) + 0.5))
        return found

    @cached_property
    def acronyms(self) -> frozenset[str]:
        """The acronyms the passages spell out ("Letter of Offer and Acceptance (LOA)": "loa"), in lower case: an
        acronym counts when the capitalised words before its brackets give its letters, the small words in the name
        skipped or, as in "Letter of Request (LOR)", counted."""
        found = set()
        for passage in self.passages:
            for match in SPELLED_OUT.finditer(passage.text):
                every = match.group(1).split()
                acronym = match.group(2)
                for words in ([w for w in every if w.lower() not in NAME_LINKS], every):
                    if len(words) >= len(acronym) and "".join(w[0] for w in words[-len(acronym):]).upper() == acronym:
                        found.add(acronym.lower())
        return frozenset(found)

    @cached_property
    def _lowered_texts(self) -> JoinedTexts:
        """Every passage's text in lower case, joined by NUL characters (which no identifier holds)."""
        return JoinedTexts([p.text.lower() for p in self.passages], "\0")

    def _passages_containing(self, needle: str) -> np.ndarray:
        """Which passages' lower-case text holds ``needle`` (one scan of the joined texts; kept per needle)."""
        found = self._containing.get(needle)
        if found is None:
            joined = self._lowered_texts
            found = np.zeros(len(joined.starts), dtype=bool)
            position = joined.text.find(needle)
            while position != -1:
                i = joined.owner(position)
                found[i] = True
                if i + 1 == len(joined.starts):
                    break
                position = joined.text.find(needle, joined.starts[i + 1])
            found.flags.writeable = False
            if len(self._containing) >= 1024:
                self._containing.clear()
            self._containing[needle] = found
        return found

    def _inner_products(self, vector: np.ndarray) -> np.ndarray:
        """The query's inner product with every passage vector. For a flat index, FAISS's own kernel over its
        stored vectors (the scores ``search`` returns, bit for bit, without ranking all n of them); for any other
        index, ``search`` over all n."""
        n = len(self.passages)
        dense = np.zeros(n, dtype="float32")
        vector = np.ascontiguousarray(vector, dtype="float32")
        if self._flat is not None:
            import faiss

            kernel, matrix = self._flat
            kernel(faiss.swig_ptr(dense), faiss.swig_ptr(vector), faiss.swig_ptr(matrix), self.index.d, n)
            return dense
        scores, ids = self.index.search(vector.reshape(1, -1), n)
        dense[ids[0]] = scores[0]
        return dense

    @cached_property
    def _flat(self) -> tuple[Any, np.ndarray] | None:
        """FAISS's inner-product kernel and a read-only view of a flat inner-product index's vectors (no copy), or
        None for another index (or a FAISS without that kernel)."""
        import faiss

        kernel = getattr(faiss, "fvec_inner_products_ny", None)
        if kernel is None or type(self.index) is not faiss.IndexFlatIP or self.index.ntotal != len(self.passages):
            return None
        view = faiss.rev_swig_ptr(self.index.get_xb(), self.index.ntotal * self.index.d)
        matrix = np.asarray(view, dtype="float32").reshape(self.index.ntotal, self.index.d)
        matrix.flags.writeable = False
        return kernel, matrix

    def _boost(self, query: str, fused: np.ndarray, allowed: np.ndarray) -> None:
        """Extra ranked lists for the fusion: documents of a year named in the query, and passages whose text
        names an identifier from the query verbatim."""
        years = set(re.findall(r"\b(?:19|20)\d{2}\b", query))
        lists: list[list[int]] = []
        if years:
            order = np.argsort(-fused, kind="stable")
            lists.append(order[allowed[order] & (fused[order] > 0) & np.isin(self._years[order], sorted(years))]
                         .tolist())
        idents = [m.group(0) for m in TEXT_IDENT.finditer(query)] + CFR_SECTION.findall(query)
        if idents:
            counts = np.zeros(len(self.passages), dtype=np.int64)
            for ident in idents:
                counts += self._passages_containing(ident.lower())
            named = np.flatnonzero(allowed & (counts > 0)).tolist()
            lists.append(sorted(named, key=lambda i: (-counts[i], -fused[i])))
        for ranked in lists:
            _add_ranks(fused, ranked, BOOST_WEIGHT)

    def document_passages(self, doc_id: str) -> list[Passage]:
        return list(self._by_document.get(doc_id, ()))
