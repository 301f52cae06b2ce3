"""Registers the commands that need the index, the answerer or discord.py (kept out of classify's import path)."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Attach optional command groups; each imports its heavy modules only when run."""
    return None
