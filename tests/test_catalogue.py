from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue import Catalogue
from bot.errors import InputError, RuleDataError
from bot.service import ComplianceService


@pytest.fixture(scope="module")
def catalogue(project_root: Path) -> Catalogue:
    return Catalogue.load(project_root / "corpus" / "systems.yaml")


def test_catalogue_covers_classes_and_origins(catalogue: Catalogue) -> None:
    assert len(catalogue.systems) >= 25
    classes = {s.uav_class for s in catalogue.systems}
    assert {"male", "hale", "tactical", "loitering-munition", "target-drone", "agricultural-sprayer",
            "consumer"} <= classes
    assert {"US", "TR", "CN", "IL", "IR"} <= {s.origin for s in catalogue.systems}
    for system in catalogue.systems:
        assert system.sources, system.id


@pytest.mark.parametrize(("text", "system_id"), [
    ("predator b", "mq-9a"), ("gray eagle", "mq-1c"), ("Grey Eagle", "mq-1c"), ("reaper", "mq-9a"),
    ("TB2", "bayraktar-tb2"), ("global hawk", "rq-4"), ("agras t40", "dji-agras-t40"),
])
def test_fuzzy_names_and_aliases(catalogue: Catalogue, text: str, system_id: str) -> None:
    found = catalogue.find(text)
    assert found is not None and found.id == system_id


def test_unknown_system_suggests_names(catalogue: Catalogue) -> None:
    with pytest.raises(InputError, match="no catalogue entry"):
        catalogue.resolve("zzzz-not-a-drone")


def test_mentions_in_free_text(catalogue: Catalogue) -> None:
    ids = [s.id for s in catalogue.mentions("are we ok shipping two gray eagles to poland next year")]
    assert ids == ["mq-1c"]


def test_malformed_catalogue_names_file_and_entry(tmp_path: Path) -> None:
    bad = tmp_path / "systems.yaml"
    bad.write_text("schema_version: 1\nsystems:\n  - id: x\n    name: X\n    class: blimp\n"
                   "    sources: [{title: t, url: 'https://e.org'}]\n    confidence: secondary\n")
    with pytest.raises(RuleDataError, match=r"systems.yaml: systems.x.class"):
        Catalogue.load(bad)


def test_wing_loong_external_stores_do_not_rule_out_category_i(service: ComplianceService) -> None:
    from bot.intake import ClassifyRequest

    spec = service.catalogue.resolve("wing loong ii")
    assert spec.max_payload_kg is None and spec.external_stores_kg == 480
    data = service.classify(ClassifyRequest(system="wing loong ii", exporter="China", destination="Egypt",
                                            as_of="2026-01-15")).as_dict()
    assert data["verdict"] == "insufficient-data" and "payload_kg" in data["missing"]
    assert any("external-stores" in w for w in data["warnings"])


def test_mq9a_has_a_published_maximum_speed_below_800(service: ComplianceService) -> None:
    from bot.intake import ClassifyRequest

    spec = service.catalogue.resolve("reaper")
    assert spec.max_speed_kmh is not None and spec.max_speed_kmh < 800
    data = service.classify(ClassifyRequest(system="reaper", destination="UAE", as_of="2021-06-01")).as_dict()
    assert data["verdict"] == "case-by-case"


def test_take_off_weight_is_never_below_a_published_payload(catalogue: Catalogue) -> None:
    for system in catalogue.systems:
        if system.max_takeoff_weight_kg is not None and system.max_payload_kg is not None:
            assert system.max_payload_kg <= system.max_takeoff_weight_kg, system.id


@pytest.mark.parametrize("name", ["predator xp", "heron 1", "hermes 450", "camcopter s-100", "aksungur", "kizilelma",
                                  "xq-58a", "mq-28a", "mq-8c", "rq-11b", "black hornet", "aerosonde", "airbus zephyr"])
def test_added_systems_are_found_by_their_own_names(catalogue: Catalogue, name: str) -> None:
    found = catalogue.find(name)
    assert found is not None and name in found.aliases


def test_every_alias_leads_to_its_own_system(catalogue: Catalogue) -> None:
    for system in catalogue.systems:
        for alias in system.aliases:
            found = catalogue.find(alias)
            assert found is not None and found.id == system.id, (alias, system.id, found and found.id)


def test_free_text_with_common_words_names_no_new_system(catalogue: Catalogue) -> None:
    text = "the raven and the hornet flew in a zephyr over the valkyrie statue; our scout bats fire at dawn"
    assert catalogue.mentions(text) == []
