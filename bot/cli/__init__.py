"""The `uavex` command line: thin translation of flags into ComplianceService calls, one module per command
group (classify, rules, systems, index, cite, ask, cases, serve); heavy imports happen inside the commands."""

from bot.cli.app import cli, main

__all__ = ["cli", "main"]
