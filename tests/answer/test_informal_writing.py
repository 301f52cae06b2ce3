"""Questions typed the way people type in chat: '2' for 'to', a model number split from its letters, speeds written
'800kph', engines for what the MTCR Annex calls propulsion (bot/answer/systems.py, bot/answer/vocabulary.py,
corpus/language/synonyms.yaml), seen in the answer."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


def _understood(service: ComplianceService, question: str) -> str:
    return service.ask(question).answer.split("\n")[0]


def test_a_2_between_an_aircraft_and_a_country_is_to(real_service: ComplianceService) -> None:
    understood = _understood(real_service, "can i sel reaper 2 saudi")
    assert "MQ-9A Reaper" in understood and "destination Saudi Arabia" in understood, understood
    assert "not in the catalogue" not in understood


def test_a_model_number_apart_from_its_letters_is_the_same_aircraft(real_service: ComplianceService) -> None:
    for question in ("is the Bayraktar TB 2 category II?", "tb-2 to poland?"):
        understood = _understood(real_service, question)
        assert "Bayraktar TB2" in understood and "not in the catalogue" not in understood, understood
    assert "not in the catalogue" in _understood(real_service, "is the Bayraktar TB3 category II?")  # another model


@pytest.mark.parametrize("question", ["what was the 800kph rule?", "what was the 800 kmh rule about?",
                                      "is the 800kmh thing still a thing?"])
def test_a_speed_typed_without_the_slash_reaches_the_800_kmh_policy(real_service: ComplianceService,
                                                                    question: str) -> None:
    answer = real_service.ask(question)
    assert not answer.abstained and "800 km/h" in answer.answer.split("\n")[0], answer.answer[:300]


@pytest.mark.parametrize("question", ["what is the MTCR annex item for UAV engines?", "are drone engines controlled?"])
def test_engines_are_searched_as_the_annex_writes_propulsion(real_service: ComplianceService, question: str) -> None:
    lead = real_service.ask(question).answer.split("\n")[0]
    assert lead.startswith("9A101: turbojet and turbofan engines") or "Item 3" in lead, (question, lead)


@pytest.mark.parametrize(("question", "lead"), [
    ("in plain english, what is the MTCR?", "The Missile Technology Control Regime, an informal and voluntary"),
    ("explain category I vs category II like I'm new to this", "Category I (Item 1.A.2): a complete UAV system"),
])
def test_how_the_asker_wants_it_told_is_not_searched_for(real_service: ComplianceService, question: str,
                                                         lead: str) -> None:
    # "plain english" had left the question uncovered (declined); "like I'm new" had led with a sentence about a
    # subset treated "like Category II"
    answer = real_service.ask(question).answer
    assert answer.startswith(lead), answer[:300]


def test_a_label_before_a_definition_question_leaves_it_a_definition_question(
        real_service: ComplianceService) -> None:
    answer = real_service.ask("export controls: what is an ECCN?").answer
    # ECCN 9A610's entry had led
    assert answer.startswith("Export Control Classification Number: the code that identifies an entry"), answer[:300]


def test_a_cross_reference_is_never_an_answer_sentence(real_service: ComplianceService) -> None:
    answer = real_service.ask("what is the MTCR?").answer
    assert 'See "MTCR overview"' not in answer, answer


@pytest.mark.parametrize(("question", "destination"), [("mq9 to uk ok?", "United Kingdom"),
                                                        ("can we ship reapers to uae", "United Arab Emirates")])
def test_a_short_country_form_in_lower_case_after_to_is_the_destination(real_service: ComplianceService,
                                                                         question: str, destination: str) -> None:
    understood = _understood(real_service, question)  # "no destination named" before
    assert f"destination {destination}" in understood, understood


def test_an_annex_item_typed_without_dots_is_that_item(real_service: ComplianceService) -> None:
    answer = real_service.ask("whats 19a3")  # had been declined as outside the domain
    assert not answer.abstained and answer.answer.startswith("Category II also covers (Item 19.A.3)"), answer.answer
    assert real_service.ask("is our drone 1a2?").answer.startswith("Category I (Item 1.A.2)")


@pytest.mark.parametrize("question", ["an Italian firm exporting a 600 kg/1000 km UAV to India",
                                      "uav, payload 600kg/range 1000km, to India from Italy"])
def test_figures_joined_by_a_slash_are_both_read(real_service: ComplianceService, question: str) -> None:
    understood = _understood(real_service, question)  # the payload had been lost: "kg/" read as a rate
    assert "payload 600" in understood and "range 1000" in understood, understood
    assert "it is MTCR Category I (Item 1.A.2)" in real_service.ask(question).answer


@pytest.mark.parametrize("question", [
    "for training purposes, can you explain how the 2025 UAS update differs from the 2020 one in one paragraph?",
    "Hi - for training purposes, can you explain how the 2025 State Dept UAS update differs from the 2020 one?",
])
def test_why_it_is_asked_is_not_what_is_asked(real_service: ComplianceService, question: str) -> None:
    lead = real_service.ask(question).answer.split("\n")[0]
    # "training" had been read as a defense service: DDTC's approval of training foreign forces had led
    assert "Defense services" not in lead and ("2025" in lead or "800 km/h" in lead), lead


@pytest.mark.parametrize(("framed", "plain"), [
    # the briefing had been read as a marketing briefing to a foreign delegation (a sale proposal needing approval)
    ("is the mq-1c gray eagle cat 1 or cat 2 under mtcr? asking for a briefing",
     "is the mq-1c gray eagle cat 1 or cat 2 under mtcr?"),
    ("what happened to the mtcr drone policy in july 2020, short version pls",
     "what happened to the mtcr drone policy in july 2020"),
    ("what is category II? tl;dr", "what is category II?"),
])
def test_who_the_answer_is_for_and_how_long_it_should_be_change_nothing(real_service: ComplianceService,
                                                                        framed: str, plain: str) -> None:
    assert real_service.ask(framed).answer == real_service.ask(plain).answer


def test_a_briefing_that_is_the_subject_is_still_read(real_service: ComplianceService) -> None:
    answer = real_service.ask("do we need approval for a briefing to a foreign delegation").answer
    assert "a marketing briefing on a military UAV given to such a delegation" in answer, answer[:400]


def test_a_named_system_typed_with_one_letter_wrong_in_the_plural_is_read(real_service: ComplianceService) -> None:
    answer = real_service.ask("can we sel reepers to polnd").answer  # had been declined as not covered
    assert "MQ-9A Reaper · " in answer.split("\n")[0] and "destination Poland" in answer.split("\n")[0], answer[:300]
    # a country's demonym close to a catalogue name is still no system ("german" and the Geran-2)
    assert "not in the catalogue" not in real_service.ask("german firm: 800 km range w/ 450 kg, cat?").answer


def test_an_ordinary_word_is_not_corrected_into_a_domain_word(real_service: ComplianceService) -> None:
    answer = real_service.ask("is the MQ-9B sale to India done?")
    # "done" had been corrected to "drone", which read India as the exporter of a re-transfer; the status of a sale
    # already notified is what happened, not a sale to decide
    assert answer.verdict is None, answer.answer[:300]
    assert answer.answer.startswith("On 1 February 2024 the Defense Security Cooperation Agency delivered to "
                                    "Congress"), answer.answer[:300]


def test_a_country_written_in_lower_case_as_the_subject(real_service: ComplianceService) -> None:
    lead = real_service.ask("why did jordan get turned down for predators?").answer.split("\n")[0]
    # "jordan" had not been read as the country, and a UAE cable (whose words say "turned down") had led
    assert lead.startswith("Jordan's request for Predator-series drones was rejected"), lead


@pytest.mark.parametrize(("question", "opening"), [
    ("Tell me the history of MQ-9 exports to the UK", "The MQ-9 Reaper, made by General Atomics Aeronautical Systems, "
     "went to the United Kingdom"),
    ("What is the status of the UAE MQ-9B deal?", "In November 2020, after the 2020 U.S. policy change, the State "
     "Department informally notified Congress of a planned sale of 18 armed MQ-9B drones to the UAE"),
])
def test_the_history_or_status_of_a_sale_is_no_new_sale(real_service: ComplianceService, question: str,
                                                         opening: str) -> None:
    # each had been read as a proposed sale and given a verdict for today
    answer = real_service.ask(question)
    assert answer.verdict is None and answer.answer.startswith(opening), answer.answer[:300]


def test_how_many_countries_bought_a_system_is_what_happened(real_service: ComplianceService) -> None:
    # it had been read as a proposed sale of the TB2, verdict and all
    answer = real_service.ask("How many countries bought the TB2?")
    assert answer.verdict is None and answer.answer.startswith("Baykar's own figures for 2024 give export contracts "
                                                               "for the TB2 with 33 countries"), answer.answer[:300]


def test_a_misspelt_difference_still_compares(real_service: ComplianceService) -> None:
    # "diffrence" had not been read as a comparison: a sentence on EU list numbering had led
    lead = real_service.ask("wats the diffrence between itar and ear").answer.splitlines()[0]
    assert "Department of State under the International Traffic in Arms Regulations" in lead, lead
