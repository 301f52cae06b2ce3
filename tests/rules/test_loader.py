"""Each malformed file under tests/rules/bad is rejected with its path and the problem named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.errors import RuleDataError
from bot.rules.loader import load_file, load_rules

BAD = Path(__file__).parent / "bad"


@pytest.mark.parametrize("file", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_bad_file_is_rejected_with_file_and_problem(file: Path) -> None:
    expected = file.read_bytes().split(b"\n")[0].decode().removeprefix("# expect: ")
    with pytest.raises(RuleDataError) as info:
        load_file(file, BAD)
    message = str(info.value)
    assert message.startswith(str(file)), message
    assert expected in message, message


def test_shipped_rules_load(project_root: Path) -> None:
    rules = load_rules(project_root / "corpus" / "rules")
    assert len(rules.parameters) > 100
    assert rules.version.startswith("20")
    for parameter in rules.parameters.values():
        for value in parameter.values:
            assert value.reference.title and value.reference.url


def test_a_bad_file_in_the_tree_stops_loading(tmp_path: Path, project_root: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(project_root / "corpus" / "rules", root)
    shutil.copy(BAD / "published_after_effective.yaml", root / "mtcr" / "zz_bad.yaml")
    with pytest.raises(RuleDataError, match=r"zz_bad\.yaml"):
        load_rules(root)


def test_rule_ids_are_unique_across_files(tmp_path: Path, project_root: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(project_root / "corpus" / "rules", root)
    (root / "mtcr" / "category_i").mkdir()
    shutil.copy(root / "mtcr" / "category_i.yaml", root / "mtcr" / "category_i" / "x.yaml")
    rules = load_rules(root)  # different ids (mtcr.category_i.x.*), so this loads
    assert "mtcr.category_i.x.payload_kg" in rules.parameters
