"""Case-insensitive patterns searched many to one question (the answer plan's ``asks``, the synonyms' ``when``, the
refusal overrides, the kinds of answer a question asks for), matched against the question lowered once instead of
with ``re.I``: sre folds the case of every character it compares under ``re.I``, which made these searches about 1.7
times slower (`bench/encoder.py` prints the warm answer's cost). A pattern that names an upper-case letter, or a
letter by its code, keeps ``re.I``."""

from __future__ import annotations

import re

# escapes that stand for a class or a position whatever the case (\b, \W, ...); any other escaped letter may name a
# character by its code (\x41 is "A"), so a pattern with one keeps re.I
_CLASS_ESCAPES = re.compile(r"\\[bBdDsSwWAZ]")
_UNSAFE = re.compile(r"[A-Z]|\\[a-zA-Z]")


class FoldedPattern:
    """A pattern whose ``search`` takes the text in lower case (``str.lower``) as well, and searches that when the
    pattern is case-insensitive."""

    __slots__ = ("compiled", "folded")

    def __init__(self, source: str, flags: int = re.I) -> None:
        """``flags``: those the pattern is written for; one without ``re.I`` is searched in the text as it is."""
        self.folded = bool(flags & re.I) and not _UNSAFE.search(_CLASS_ESCAPES.sub("", source.replace("\\\\", "")))
        self.compiled = re.compile(source, flags & ~re.I if self.folded else flags)

    @classmethod
    def of(cls, compiled: re.Pattern[str]) -> FoldedPattern:
        """The same pattern, with the flags it was compiled with (less the implied ``re.U``)."""
        return cls(compiled.pattern, compiled.flags & ~re.U)

    def search(self, text: str, lowered: str) -> bool:
        """Whether the pattern occurs in ``text`` (``lowered`` is ``text.lower()``)."""
        return self.compiled.search(lowered if self.folded else text) is not None

    @property
    def pattern(self) -> str:
        return self.compiled.pattern
