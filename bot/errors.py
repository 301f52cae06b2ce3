"""Errors that are safe to show to a user: each carries a one-line message."""

from __future__ import annotations


class UavexError(Exception):
    """Base class: the message is a complete, user-facing sentence."""


class InputError(UavexError):
    """A value typed by the user cannot be understood (bad unit, negative range, unknown country...)."""


class RuleDataError(UavexError):
    """A rule or catalogue file is malformed. The message starts with the file path."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.detail = message


class NoRuleInForce(UavexError):
    """No dated value of a parameter covers the requested date."""


class CorpusError(UavexError):
    """A corpus document cannot be read."""


class IndexUnavailable(UavexError):
    """The retrieval index is missing, stale, corrupt or built by another model."""


class CaseNotFound(InputError):
    """No case record with that id."""


class CaseStoreUnavailable(UavexError):
    """The case store cannot be opened or written (read-only mount, disk full, data dir is a file)."""
