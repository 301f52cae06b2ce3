"""BM25 over the passages, stored in the index build.

An index build scores the corpus with bm25s (Lucene BM25, English stop words, Snowball stemming) and writes the
result beside the vectors: the per-term score matrix in compressed-column form (``bm25.npz``) and the vocabulary,
stop words and corpus words (``bm25.json``). A query start loads those two files with numpy alone, so `uavex ask`
imports neither bm25s nor scipy, and a query is scored exactly as bm25s scores it: the same tokens (lower case,
words of two or more characters, stop words dropped, then stemmed) and the same float32 sums, term by term.
An index without the files (built by an older uavex) is scored by building BM25 in memory, as before.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

SCORES_FILE = "bm25.npz"
VOCABULARY_FILE = "bm25.json"
FILES = (SCORES_FILE, VOCABULARY_FILE)
LANGUAGE = "english"
_SPLIT = re.compile(r"(?u)\b\w\w+\b")  # bm25s' default token pattern (scikit-learn's CountVectorizer)
_CORPUS_WORD = re.compile(r"[a-z]{4,}")
_QUERY_WORD = re.compile(r"[\w§¶.:-]+")
CORRECTIONS_KEPT = 8192


def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer(LANGUAGE)


class LexicalIndex:
    """BM25 scores of every passage for a query, from the stored score matrix."""

    def __init__(self, vocabulary: dict[str, int], data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
                 size: int, stopwords: list[str], words: list[str]) -> None:
        self.vocabulary = vocabulary
        self.data, self.indices, self.indptr = data, indices, indptr
        self.size = size
        self.stopwords = stopwords
        self._stopword_set = frozenset(stopwords)
        self.words = words  # corpus words of four or more letters, sorted: the typo corrector's targets
        self._stemmer = _stemmer()
        # word -> the corpus word it is a typo of (None: not a typo); kept, as a warm bot meets the same words again
        self._correction = functools.lru_cache(maxsize=CORRECTIONS_KEPT)(self._closest_corpus_word)

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        """Score ``texts`` with bm25s (an index build, or an older index without the stored files)."""
        import bm25s
        from bm25s.stopwords import STOPWORDS_EN

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False, return_ids=False)
        model = bm25s.BM25()
        model.index(tokens, show_progress=False)
        if model.nonoccurrence_array is not None:  # pragma: no cover - only for BM25 variants uavex does not use
            raise ValueError(f"BM25 method {model.method!r} has non-occurrence scores; not stored")
        scores = model.scores
        words = sorted({w for text in texts for w in _CORPUS_WORD.findall(text.lower())})
        return cls(dict(model.vocab_dict), np.asarray(scores["data"]), np.asarray(scores["indices"]),
                   np.asarray(scores["indptr"]), int(scores["num_docs"]), list(STOPWORDS_EN), words)

    def save(self, folder: Path) -> None:
        with (folder / SCORES_FILE).open("wb") as handle:
            np.savez(handle, data=self.data, indices=self.indices, indptr=self.indptr)
        (folder / VOCABULARY_FILE).write_text(json.dumps(
            {"method": "lucene", "size": self.size, "stopwords": self.stopwords, "vocabulary": self.vocabulary,
             "words": self.words}, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        """The stored BM25 of a build, or None when the build has none (an index built by an older uavex)."""
        if not all((folder / name).is_file() for name in FILES):
            return None
        meta = json.loads((folder / VOCABULARY_FILE).read_text(encoding="utf-8"))
        with np.load(folder / SCORES_FILE, allow_pickle=False) as arrays:
            data, indices, indptr = arrays["data"], arrays["indices"], arrays["indptr"]
        return cls(meta["vocabulary"], data, indices, indptr, int(meta["size"]), meta["stopwords"], meta["words"])

    def tokenize(self, text: str) -> list[str]:
        """bm25s' tokens of ``text``: lower case, two or more word characters, stop words dropped, stemmed."""
        kept = [token for token in _SPLIT.findall(text.lower()) if token not in self._stopword_set]
        return list(self._stemmer.stemWords(kept))

    def in_vocabulary(self, word: str) -> bool:
        return self._stemmer.stemWord(word) in self.vocabulary

    def _correct(self, query: str) -> str:
        """Fix typos: words the corpus never uses are replaced by the closest corpus word (if close)."""
        words = []
        for word in _QUERY_WORD.findall(query):
            lower = word.lower()
            if len(lower) >= 5 and lower.isalpha() and (corrected := self._correction(lower)) is not None:
                words.append(corrected)
                continue
            words.append(word)
        return " ".join(words)

    def _closest_corpus_word(self, word: str) -> str | None:
        """The closest corpus word to a lower-case ``word`` the corpus never uses, if close; None otherwise."""
        if self.in_vocabulary(word):
            return None
        from rapidfuzz import fuzz, process

        best = process.extractOne(word, self.words, scorer=fuzz.ratio, score_cutoff=80)
        return best[0] if best else None

    def scores(self, query: str) -> np.ndarray:
        """One float32 score per passage: the stored term scores summed over the query's known terms, in the
        query's order (as bm25s sums them)."""
        ids = [self.vocabulary[t] for t in self.tokenize(self._correct(query)) if t in self.vocabulary]
        out = np.zeros(self.size, dtype="float32")
        for term in ids:  # a term's passages are distinct, so one fancy-indexed add sums it (np.add.at is slower)
            start, end = self.indptr[term], self.indptr[term + 1]
            out[self.indices[start:end]] += self.data[start:end]
        return out
