from __future__ import annotations

import pytest

from bot.countries import resolve_country
from bot.errors import InputError


@pytest.mark.parametrize(("text", "code"), [
    ("the Emirates", "AE"), ("KSA", "SA"), ("ROK", "KR"), ("Turkiye", "TR"), ("Türkiye", "TR"), ("poland", "PL"),
    ("PL", "pl".upper()), ("GBR", "GB"), ("UK", "GB"), ("Phillipines", "PH"), ("Korea, Republic of", "KR"),
    ("north korea", "KP"), ("Burma", "MM"), ("no", "NO"),
])
def test_names_codes_and_aliases(text: str, code: str) -> None:
    assert resolve_country(text) == code


@pytest.mark.parametrize("text", ["Atlantis", "NATO", "", "Wakanda"])
def test_unknown_country_is_a_one_line_error(text: str) -> None:
    with pytest.raises(InputError) as info:
        resolve_country(text, field_name="destination")
    assert str(info.value).startswith("destination:")


def test_a_demonym_shared_by_several_countries_names_the_most_populous() -> None:
    from bot.answer.parties import countries_named

    assert countries_named("an Indian partner") == frozenset({"IN"})
    assert countries_named("the French buyer") == frozenset({"FR"})


def test_lower_case_country_names_that_are_not_ordinary_words() -> None:
    from bot.answer.parties import countries_named

    assert countries_named("15 kg payload, to peru") == frozenset({"PE"})
    assert countries_named("selling drones to jordan") == frozenset({"JO"})
    assert countries_named("chad wants drones") == frozenset() and countries_named("talk to us") == frozenset()
