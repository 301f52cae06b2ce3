"""Corpus ingestion, passages, the FAISS + BM25 index, and hybrid retrieval."""
