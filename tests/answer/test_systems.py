"""Systems named in a question (bot/answer/systems.py): a family named alone, where the catalogue lists only its
models, is no model of it; and the country that makes a system, named in the possessive, is its exporter (read.py).
Seen in the answer a user gets."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


@pytest.mark.parametrize(("question", "name", "closest"), [
    ("Iran's Shahed drones - does MTCR cover them?", "Shahed", "Shahed-136 (Geran-2)"),
    ("the Heron to India, category?", "Heron", "IAI Heron 1 (Shoval), IAI Heron TP (Eitan)"),
])
def test_a_family_named_alone_is_not_classified_by_name(real_service: ComplianceService, question: str, name: str,
                                                       closest: str) -> None:
    # "Shahed" alone had matched nothing (the catalogue lists the Shahed-136), and the answer was about other things
    first = real_service.ask(question).answer.splitlines()[0]
    assert f'"{name}" is not in the catalogue (closest: {closest}' in first, first


def test_a_country_named_in_the_possessive_before_its_own_system_is_its_maker(real_service: ComplianceService) -> None:
    # "Iran's Shahed" had made Iran the destination of a US sale
    first = real_service.ask("Iran's Shahed drones - does MTCR cover them?").answer.splitlines()[0]
    assert "exporter Iran" in first and "no destination named" in first, first
