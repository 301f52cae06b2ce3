"""README stays true: every slash command, CLI command, environment variable and rule file is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click

from bot.chat.app import create_bot
from bot.cli import cli
from bot.config import Settings
from bot.service import ComplianceService


def test_readme_lists_everything(project_root: Path) -> None:
    readme = (project_root / "README.md").read_text()
    bot = create_bot(ComplianceService(Settings()))
    import asyncio

    asyncio.run(bot.setup_hook())
    for command in bot.tree.walk_commands():
        if command.parent is None and hasattr(command, "commands"):
            continue
        assert f"/{command.qualified_name}" in readme, command.qualified_name
    for name in cli.list_commands(click.Context(cli)):
        assert f"uavex {name}" in readme, name
    source = (project_root / "bot" / "config.py").read_text()
    for variable in set(re.findall(r'"((?:UAVEX|DISCORD)_[A-Z_]+)"', source)):
        assert f"`{variable}`" in readme, variable
    for rule_file in (project_root / "corpus" / "rules").rglob("*.yaml"):
        if rule_file.name != "index.yaml":
            assert rule_file.relative_to(project_root / "corpus" / "rules").as_posix() in readme, rule_file
    assert "Advisory, not a determination" in readme
