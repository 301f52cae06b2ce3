"""The root `uavex` group. Each command lives in its own module, imported only when that command runs (or when
the command list is needed, e.g. for --help), so `uavex classify` loads nothing the other commands need."""

from __future__ import annotations

import importlib
import logging
import sys

import click

from bot.cli.common import one_line
from bot.errors import InputError

log = logging.getLogger(__name__)

# command name -> (module under bot.cli, attribute)
COMMANDS: dict[str, tuple[str, str]] = {
    "ask": ("ask", "ask"),
    "cases": ("cases", "cases"),
    "cite": ("cite", "cite"),
    "classify": ("classify", "classify"),
    "index": ("index", "index_group"),
    "rules": ("rules", "rules"),
    "serve": ("serve", "serve"),
    "systems": ("systems", "systems"),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported from their modules on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(f"bot.cli.{module_name}"), attribute)
        if not isinstance(command, click.Command):  # pragma: no cover - a wiring mistake, caught by the tests
            raise TypeError(f"bot.cli.{module_name}.{attribute} is not a click command")
        self.add_command(command, cmd_name)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log debug details to stderr.")
@click.version_option(package_name="uavex")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """uavex: does this proposed drone sale fit current guidance? (advisory, not a determination)"""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    ctx.ensure_object(dict)


def main() -> None:
    try:
        cli(prog_name="uavex")
    except InputError as exc:
        click.echo(f"uavex: error: {one_line(exc)}", err=True)
        sys.exit(2)
