"""Figures as people write them (bot/answer/figures.py): in words ("half a ton"), or as a change ("range goes from
280 to 320 km"), read and shown in the answer."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService


def test_half_a_ton_is_a_payload_of_500_kg_said_as_read(real_service: ComplianceService) -> None:
    data = real_service.ask("a drone that lifts half a ton and flies 350km, what cat is that?").as_dict()
    understood = data["answer"].split("\n")[0]
    assert "payload half a ton = 500 kg" in understood and "US short tons it would be 453.592 kg" in understood, \
        understood
    assert "Category I (Item 1.A.2)" in data["answer"].split("\n")[1], data["answer"][:600]


def test_two_tonnes_of_payload_and_a_ton_of_paperwork(real_service: ComplianceService) -> None:
    answer = real_service.ask("our drone carries two tonnes of payload over 400 km").answer
    assert "payload two tonnes = 2,000 kg" in answer.split("\n")[0], answer[:400]
    answer = real_service.ask("exporting a drone with 250 km range is a ton of paperwork, what category is it?").answer
    assert "a ton =" not in answer and "1000 kg" not in answer, answer[:400]  # an idiom, not a payload


def test_a_range_that_goes_from_one_figure_to_another_is_the_asker_s_airframe(real_service: ComplianceService) -> None:
    data = real_service.ask("If we add a bigger fuel tank and range goes from 280 to 320 km, does anything change?"
                            ).as_dict()
    understood = data["answer"].split("\n")[0]
    assert "range 320 km" in understood and "Several ranges are given" in understood, understood
    assert data["verdict"]["verdict"] == "case-by-case", data["answer"][:300]
    assert "read the range of values" not in data["answer"]  # a change, not a spread of values


def test_figures_with_a_bare_category_question_describe_an_airframe(real_service: ComplianceService) -> None:
    data = real_service.ask("range is 280 km but with external tanks it's 350 km, category?").as_dict()
    # declined as outside the indexed guidance: no word said the figures were a drone's
    assert data["verdict"]["verdict"] == "case-by-case", data["answer"][:300]
    assert "Several ranges are given; uavex uses the largest, 350 km" in data["answer"].split("\n")[0]


def test_a_list_of_payload_range_points_pairs_each_range_with_its_payload(real_service: ComplianceService) -> None:
    data = real_service.ask("our MALE uav: 1,200 kg max payload, 450 km with full payload, 1,800 km with 200 kg. "
                            "cat I?").as_dict()
    assert "range with at least 500 kg = 450 km" in data["answer"].split("\n")[0], data["answer"][:400]
    assert "Category I (Item 1.A.2)" in data["answer"] and "range 1,800 km meet" not in data["answer"]


def test_a_heavier_payload_carried_less_than_300_km_leaves_category_i_open(real_service: ComplianceService) -> None:
    for question in ("our uav: 700 kg max payload, 250 km with full payload, 1,500 km with 100 kg. cat I?",
                     "it carries 600 kg to 250 km, or 100 kg to 900 km. what category?"):
        data = real_service.ask(question).as_dict()
        lines = data["answer"].split("\n")
        assert "give the range with 500 kg" in lines[0], lines[0]
        # with 500 kg it takes more fuel than with 600 or 700 kg: not ruled out of Category I
        assert "at least MTCR Category II" in lines[1] and "Not Item 1.A.2" not in data["answer"], lines[:3]


def test_a_weight_written_before_the_aircraft_is_not_its_payload(real_service: ComplianceService) -> None:
    data = real_service.ask("we sell 15 kg survey drones to canada - any license needed?").as_dict()
    understood = data["answer"].split("\n")[0]
    assert "aircraft weight 15 kg (not read as its payload)" in understood and "payload 15" not in understood
    assert data["verdict"]["verdict"] == "insufficient-data" and "maximum payload" in data["answer"]
    understood = real_service.ask("a 500 kg payload drone with 400 km range").answer.split("\n")[0]
    assert "payload 500 kg" in understood and "aircraft weight" not in understood, understood


def test_how_range_is_worked_out_is_not_answered_with_the_speed_line(real_service: ComplianceService) -> None:
    # the 800 km/h national-discretion sentence had led ("speed" called for it)
    lead = real_service.ask("how do I calculate range from endurance and speed for MTCR purposes?").answer
    assert lead.startswith("For UAV systems, range is the one-way distance"), lead[:300]


def test_a_minimum_range_or_payload_is_answered_by_the_annex_thresholds(real_service: ComplianceService) -> None:
    # the civil list's 9.A.12 sentence had led the first
    lead = real_service.ask("is there a minimum range for a drone to be MTCR-controlled?").answer.split("\n")[0]
    assert "300 km" in lead and "9.A.12" not in lead, lead
    lead = real_service.ask("what's the minimum payload for category I?").answer.split("\n")[0]
    assert "500 kg" in lead, lead


def test_slower_than_a_threshold_is_the_rules_figure_not_the_airframes(real_service: ComplianceService) -> None:
    data = real_service.ask("so since 2020 any UAV slower than 800 km/h can go to any buyer, correct?").as_dict()
    # the 800 km/h had been read as the aircraft's maximum speed, and a sale of it declared undecidable
    assert data["verdict"] is None, data["answer"][:300]
    assert "carefully selected subset" in data["answer"].split("\n")[0], data["answer"][:300]


def test_figures_said_to_be_exactly_at_the_thresholds_describe_an_item_on_the_line(
        real_service: ComplianceService) -> None:
    answer = real_service.ask("payload exactly 500kg and range exactly 300km, cat I?")
    # it had been read as a question about the thresholds themselves, with no verdict
    assert answer.verdict and answer.verdict["verdict"] == "case-by-case", answer.answer[:400]
    assert "it is MTCR Category I (Item 1.A.2)" in answer.answer and "meet Item 1.A.2" in answer.answer
    threshold = real_service.ask("is the cat I threshold exactly 500 kg?")
    assert threshold.verdict is None and threshold.answer.startswith("Category I (Item 1.A.2)"), threshold.answer[:300]


def test_what_counts_as_range_with_a_datalink_figure_is_a_definition(real_service: ComplianceService) -> None:
    answer = real_service.ask("what counts as 'range' for a drone with a 150 km datalink?")
    # it had been classified as a described UAV, with insufficient data
    assert answer.verdict is None and answer.answer.startswith("Range is"), answer.answer[:300]
    assert "datalink" in answer.answer


@pytest.mark.parametrize("question", ["how did the 2020 policy treat a reaper?",
                                      "UAV flies at 900 km/h, 400 km range, 300 kg payload: does the 2020 policy treat "
                                      "it as cat II?"])
def test_what_a_dated_policy_did_to_an_item_is_decided_on_the_day_it_took_effect(
        real_service: ComplianceService, question: str) -> None:
    understood = real_service.ask(question).answer.split("\n")[0]
    # the policy's year had been read as its name only, and the item decided today
    assert "as of 2020-07-24 (read 'the 2020 policy' as 2020-07-24" in understood, understood


@pytest.mark.parametrize(("question", "held"), [("are Reaper engines MTCR controlled?", "9A101"),
                                                ("Can I export drone batteries to China?", "China is on ITAR §126.1")])
def test_a_part_of_a_system_is_not_classified_as_the_whole_system(real_service: ComplianceService, question: str,
                                                                  held: str) -> None:
    answer = real_service.ask(question)
    # each had been answered with a sale verdict for the complete aircraft ("A US sale of MQ-9A Reaper ...", "A US
    # sale of the described UAV to China ...")
    assert answer.verdict is None and "A US sale of" not in answer.answer, answer.answer[:300]
    assert held in answer.answer.split("\n")[0], answer.answer[:300]


@pytest.mark.parametrize("question", ["is the aerosol threshold 20 liters or 20 kg?",
                                      "is the 19.A.3 limit 20 litres or 20 kg?"])
def test_values_asked_of_a_threshold_describe_no_uav(real_service: ComplianceService, question: str) -> None:
    answer = real_service.ask(question)
    # read as a UAV with a 20 kg payload and a 20 L tank, whose sale could not be decided
    assert answer.verdict is None, answer.answer[:300]
    assert answer.answer.startswith("Category II also covers (Item 19.A.3)") and "more than 20 L" in \
        answer.answer.split("\n")[0], answer.answer[:300]


def test_a_range_given_once_the_link_is_removed_is_the_links_reach(real_service: ComplianceService) -> None:
    answer = real_service.ask("if we remove the satcom can we say range is only 150 km?")
    # read as a 150 km range, so "not MTCR-controlled": the link's reach is not what the aircraft can fly
    assert answer.verdict is not None and answer.verdict["verdict"] == "insufficient-data", answer.answer[:300]
    assert "datalink range 150 km" in answer.answer.split("\n")[0], answer.answer[:300]


@pytest.mark.parametrize(("question", "total"), [("crop sprayer: 2 x 15 L tanks, bvlos, to india", "30 L"),
                                                 ("sprayer with two 12 L tanks, autonomous", "24 L")])
def test_several_tanks_of_one_size_count_together(real_service: ComplianceService, question: str, total: str) -> None:
    answer = real_service.ask(question)
    # one tank's 15 L (or 12 L) had been read as the whole capacity, below the 20 L of Item 19.A.3
    assert f"Aerosol system of {total} (more than 20 L)" in answer.answer, answer.answer[:400]
    assert f"as {total} in all" in answer.answer.split("\n")[0], answer.answer[:400]


def test_a_figure_with_ish_is_read(real_service: ComplianceService) -> None:
    answer = real_service.ask("payload ~480kg, range 300-ish km. cat I?")
    assert "range 300-ish km" in answer.answer.split("\n")[0], answer.answer[:300]  # the range had been missed


def test_a_figure_a_question_ends_by_asking_about_is_not_the_airframe_s(real_service: ComplianceService) -> None:
    # "over 300 km?" had been read as the drone's range; the range worked out from endurance and speed came last
    data = real_service.ask("our drone does 6 hours at 120 kt. over 300 km?",
                            context="what's the mtcr range definition?").as_dict()
    lines = data["answer"].split("\n")
    assert "range 300 km" not in lines[0] and "endurance 6 hours" in lines[0], lines[0]
    assert lines[3].startswith("- Range is an estimate: estimated one-way range 1,333.4 km = endurance 6 h × cruise "
                               "speed 222.2 km/h"), lines[:5]
    # a range given as more than a figure, in a statement, is still the airframe's
    assert "range 600 km" in real_service.ask("our drone flies over 600 km with 100 kg. cat II?").answer.split("\n")[0]


def test_a_datalink_range_given_as_the_range_is_corrected_with_the_category(real_service: ComplianceService) -> None:
    # the correction had come fifth, after the manufacturer's data request and an unrelated sprayer sentence
    lines = real_service.ask("our drone only has a 100 km datalink so it can't be cat II, right?").answer.split("\n")
    assert lines[3].startswith("- The 100 km figure is a datalink range, not the MTCR range"), lines[:5]


def test_a_range_with_a_bigger_tank_is_an_airframe_s_and_its_full_fuel_load_counts(
        real_service: ComplianceService) -> None:
    # had been abstained on: no UAV word, so the figures described nothing
    answer = real_service.ask("with a bigger fuel tank the range goes from 280 to 320 km. does it matter that the "
                              "tank is optional?")
    assert answer.verdict is not None and "range 320 km" in answer.answer.splitlines()[0], answer.answer[:400]
    assert "Range means the most the system can achieve according to its design data, assuming its fuel or " \
           "propellant load is full." in answer.answer


def test_a_weight_before_a_class_of_uav_is_what_it_weighs(real_service: ComplianceService) -> None:
    # "our 4,500 kg MALE ... payload 800 kg" had been read as a payload of 4,500 kg
    first = real_service.ask("our 4,500 kg MALE to the philippines, payload 800 kg, range 2,000 km, max speed "
                             "400 km/h, in 2022").answer.splitlines()[0]
    assert "payload 800 kg" in first and "payload 4,500 kg" not in first, first
