"""Rule and catalogue files with the wrong shape give one line naming file and key, never a traceback (issue 10)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.catalogue import Catalogue
from bot.errors import RuleDataError
from bot.rules.loader import load_rules

CATALOGUE_BAD = Path(__file__).parent / "bad" / "catalogue"


@pytest.mark.parametrize("file", sorted(CATALOGUE_BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_bad_catalogue_is_rejected_with_file_and_key(file: Path) -> None:
    expected = file.read_bytes().split(b"\n")[0].decode().removeprefix("# expect: ")
    with pytest.raises(RuleDataError) as info:
        Catalogue.load(file)
    message = str(info.value)
    assert message.startswith(str(file)) and "\n" not in message, message
    assert expected in message, message


@pytest.mark.parametrize("removed", ["us/uas_policy.yaml", "destinations/itar_126_1.yaml", "mtcr/category_ii.yaml",
                                     "us/congressional_notification.yaml"])
def test_a_deleted_rule_file_the_engine_needs_is_refused(tmp_path: Path, project_root: Path, removed: str) -> None:
    root = tmp_path / "rules"
    shutil.copytree(project_root / "corpus" / "rules", root)
    (root / removed).unlink()
    with pytest.raises(RuleDataError, match=removed.replace(".", r"\.")):
        load_rules(root)


def _replace(file: Path, pattern: str, new: str) -> None:
    import re

    text, count = re.subn(pattern, new, file.read_text(), count=1)
    assert count == 1, pattern
    file.write_text(text)


def _corpus_copy(tmp_path: Path, project_root: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(project_root / "corpus", corpus)
    return corpus


def _rules_check(corpus: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UAVEX_CORPUS_DIR": str(corpus), "UAVEX_DATA_DIR": str(tmp_path / "data"),
           "UAVEX_INDEX_DIR": str(tmp_path / "index")}
    return subprocess.run([sys.executable, "-m", "bot", "rules", "check"], capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda c: (c / "rules" / "us" / "uas_policy.yaml").unlink(), "us/uas_policy.yaml"),
    (lambda c: (c / "rules" / "mtcr" / "end_use.yaml").write_text("description: x\nreferences: {}\nparameters: [a]\n"),
     "parameters"),
    (lambda c: _replace(c / "systems.yaml", r"  aliases:\n(?:  - .*\n)+", "  aliases: 5\n"), "aliases"),
    (lambda c: _replace(c / "systems.yaml", r"  range_km: 1851\n", "  range_km: .nan\n"), "range_km"),
    (lambda c: _replace(c / "systems.yaml", r"  class: male\n", "  class: [male]\n"), "class"),
])
def test_rules_check_fails_in_one_line(tmp_path: Path, project_root: Path, edit: object, expected: str) -> None:
    corpus = _corpus_copy(tmp_path, project_root)
    edit(corpus)  # type: ignore[operator]
    proc = _rules_check(corpus, tmp_path)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and expected in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_a_directory_named_like_a_rule_file_is_one_line(tmp_path: Path, project_root: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(project_root / "corpus" / "rules", root)
    (root / "mtcr" / "zz.yaml").mkdir()
    with pytest.raises(RuleDataError, match=r"zz\.yaml: cannot read"):
        load_rules(root)
