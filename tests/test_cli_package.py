"""The CLI package: every module imports on its own, no import cycles among bot.cli modules, modules stay small,
and every command the root group lists resolves to a click command."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import click

import bot.cli
from bot.cli import cli

PACKAGE = Path(bot.cli.__file__).resolve().parent


def _modules() -> list[str]:
    return sorted(f"bot.cli.{m.name}" for m in pkgutil.iter_modules([str(PACKAGE)]))


def _edges(module: str) -> set[str]:
    """bot.cli modules imported at module level (imports inside functions are lazy, not cycle-forming)."""
    path = PACKAGE / (module.rsplit(".", 1)[1] + ".py")
    tree = ast.parse(path.read_text(), str(path))
    targets: set[str] = set()
    for node in tree.body:
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        targets |= {n for n in names if n.startswith("bot.cli.") and n in _modules()}
    return targets


def test_every_module_imports_and_is_small() -> None:
    assert len(_modules()) >= 8
    for name in _modules():
        importlib.import_module(name)
        lines = (PACKAGE / (name.rsplit(".", 1)[1] + ".py")).read_text().count("\n")
        assert lines < 400, (name, lines)


def test_no_import_cycle() -> None:
    graph = {m: _edges(m) for m in _modules()}
    assert graph["bot.cli.classify"] == {"bot.cli.common"}  # a command module depends on the shared helpers only
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        assert node not in path, "import cycle: " + " -> ".join([*path, node])
        if node in done:
            return
        for target in graph[node]:
            visit(target, [*path, node])
        done.add(node)

    for module in graph:
        visit(module, [])


def test_every_listed_command_resolves() -> None:
    ctx = click.Context(cli)
    names = cli.list_commands(ctx)
    assert {"ask", "cases", "cite", "classify", "index", "rules", "serve", "systems"} <= set(names)
    for name in names:
        assert isinstance(cli.get_command(ctx, name), click.Command), name
