"""The compiled cache of the rule set and catalogue: reused, invalidated on change, corrupt entries rebuilt; and
`uavex classify` imports nothing heavy."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.rules.cache import cached, load_catalogue_cached, load_rules_cached
from bot.rules.loader import load_rules


@pytest.fixture()
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(PROJECT_ROOT / "corpus" / "rules", target)
    return target


def _counting_build(counter: list[int], value: object):  # type: ignore[no-untyped-def]
    def build() -> object:
        counter.append(1)
        return value
    return build


def test_second_load_comes_from_the_cache(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n")
    calls: list[int] = []
    assert cached("t", [source], tmp_path, _counting_build(calls, {"v": 1}), tmp_path / "c") == {"v": 1}
    assert cached("t", [source], tmp_path, _counting_build(calls, {"v": 2}), tmp_path / "c") == {"v": 1}
    assert len(calls) == 1


def test_a_changed_file_invalidates_the_entry(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n")
    calls: list[int] = []
    cached("t", [source], tmp_path, _counting_build(calls, "old"), tmp_path / "c")
    source.write_text("x: 2\n")
    assert cached("t", [source], tmp_path, _counting_build(calls, "new"), tmp_path / "c") == "new"
    assert len(calls) == 2


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05\x95garbage"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(tmp_path: Path, garbage: bytes,
                                                caplog: pytest.LogCaptureFixture) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n")
    calls: list[int] = []
    cached("t", [source], tmp_path, _counting_build(calls, "v"), tmp_path / "c")
    (entry,) = (tmp_path / "c").glob("t-*.pickle")
    entry.write_bytes(garbage)
    with caplog.at_level(logging.WARNING):
        assert cached("t", [source], tmp_path, _counting_build(calls, "rebuilt"), tmp_path / "c") == "rebuilt"
    assert len(calls) == 2 and "corrupt" in caplog.text
    assert cached("t", [source], tmp_path, _counting_build(calls, "again"), tmp_path / "c") == "rebuilt"


def test_cached_rules_equal_the_loaded_ones_and_follow_edits(rules_copy: Path) -> None:
    fresh = load_rules(rules_copy)
    first = load_rules_cached(rules_copy)
    second = load_rules_cached(rules_copy)
    assert first.version == second.version == fresh.version
    assert first.parameters == fresh.parameters
    index = rules_copy / "index.yaml"
    index.write_text(index.read_text().replace("version:", "version: edited-", 1))
    assert load_rules_cached(rules_copy).version.startswith("edited-")


def test_cached_catalogue_follows_edits(tmp_path: Path) -> None:
    systems = tmp_path / "systems.yaml"
    shutil.copy(PROJECT_ROOT / "corpus" / "systems.yaml", systems)
    first = load_catalogue_cached(systems)
    assert [s.id for s in load_catalogue_cached(systems).systems] == [s.id for s in first.systems]
    assert load_catalogue_cached(systems).resolve("reaper").id == first.resolve("reaper").id
    text = systems.read_text()
    systems.write_text(text.replace(f"name: {first.systems[0].name}", "name: Renamed System", 1))
    assert load_catalogue_cached(systems).systems[0].name == "Renamed System"


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    source = tmp_path / "a.yaml"
    source.write_text("x: 1\n")
    assert cached("t", [source], tmp_path, lambda: 5, blocker / "cache") == 5


def test_classify_imports_nothing_heavy(tmp_path: Path) -> None:
    env = {**os.environ, "UAVEX_DATA_DIR": str(tmp_path / "data"), "UAVEX_CACHE_DIR": str(tmp_path / "cache")}
    heavy = {"torch", "sentence_transformers", "transformers", "numpy", "faiss", "onnxruntime", "bm25s", "scipy",
             "discord", "tokenizers"}
    for run in range(2):  # cold cache, then warm
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "bot", "classify", "--system", "mq-9a",
                               "--json"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in proc.stderr.splitlines()
                    if line.startswith("import time:")}
        assert not imported & heavy, (run, imported & heavy)
        if run == 1:  # a cache hit needs no strict loader
            assert "pydantic" not in imported
