"""Issue 10, hangs: the unit parser is linear and capped; search queries are capped and scanned linearly;
the CLI logs each line once."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.service import ComplianceService
from bot.units import parse_quantity
from tests.conftest import build_fake_service


@pytest.fixture(scope="module")
def fake_service(tmp_path_factory: pytest.TempPathFactory) -> ComplianceService:
    return build_fake_service(tmp_path_factory.mktemp("limits"))


# Item 4: "1<3000 spaces>!" took 21 s (cubic backtracking).
@pytest.mark.parametrize("raw", ["1" + " " * 3000 + "!", "1" * 5000 + "x", "mach " + "1" * 5000 + "!",
                                 "1 " + "k " * 2000 + "!", "1" + " " * 40 + "!"])
def test_unit_parser_rejects_long_or_odd_input_fast(raw: str) -> None:
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["classify", "--range", raw, "--speed", raw])
    assert time.perf_counter() - started < 2
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert len(result.stderr) < 400


def test_unit_parser_still_reads_what_people_type() -> None:
    assert parse_quantity(" 1,200 km ", "distance").value == 1200
    assert parse_quantity("650 nautical miles", "distance").value == pytest.approx(1203.8)
    assert parse_quantity("Mach 0.7", "speed").value == pytest.approx(857.5)
    assert parse_quantity(".5 t", "mass").value == 500
    assert parse_quantity("300", "distance").note


# Item 5: a 100 kB query ran for minutes (quadratic substitution, no cap).
@pytest.mark.parametrize("command", ["cite", "ask"])
def test_huge_queries_are_refused_quickly(fake_service: ComplianceService, command: str) -> None:
    query = "zorblax" * 15_000 + " drone"
    started = time.perf_counter()
    result = CliRunner().invoke(cli, [command, query], obj={"service": fake_service})
    assert time.perf_counter() - started < 5
    assert result.exit_code == 2, result.output
    assert ("too long" in result.stderr or "longer than" in result.stderr) and len(result.stderr) < 400


def test_a_long_query_under_the_cap_is_linear(fake_service: ComplianceService) -> None:
    query = ("payloadrangecapability" * 90)[:1990]
    started = time.perf_counter()
    fake_service.cite(query)
    assert time.perf_counter() - started < 3


# Item 15: every log line of `uavex serve` is printed once (the CLI's handler and discord.py's both on root).
SERVE = """
import logging, sys
from discord.ext import commands
from bot.service import ComplianceService
async def start(self, token, *, reconnect=True):
    logging.getLogger("bot.chat.app").warning("marker-line-once")
commands.Bot.start = start
ComplianceService.retriever = lambda self, **kw: None
sys.argv = ["uavex", "serve", "--no-sync"]
from bot.cli import main
main()
"""


def test_serve_prints_each_log_line_once(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DISCORD_TOKEN": "x.y.z",
           "UAVEX_DATA_DIR": str(tmp_path / "data"), "UAVEX_INDEX_DIR": str(tmp_path / "index")}
    proc = subprocess.run([sys.executable, "-c", SERVE], capture_output=True, text=True, env=env, timeout=120,
                          cwd=str(Path(__file__).resolve().parent.parent))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("marker-line-once") == 1, proc.stderr
