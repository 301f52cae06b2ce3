"""A foreign firm that buys is the destination, not the exporter (corpus/language/roles.yaml), seen in the answer's
"Understood" line."""

from __future__ import annotations

from datetime import date

from bot.service import ComplianceService


def _understood(service: ComplianceService, question: str) -> str:
    return service.ask(question).answer.split("\n")[0]


def test_a_foreign_firm_that_wants_to_buy_is_the_destination(real_service: ComplianceService) -> None:
    understood = _understood(real_service, "A Japanese firm wants to buy our MALE UAV (1,000 kg payload, 2,000 km "
                                           "range). Is that Category I?")
    assert "exporter United States (default" in understood and "destination Japan" in understood, understood
    understood = _understood(real_service, "a Brazilian company is buying 20 of our survey drones with 40 km range")
    assert "destination Brazil" in understood and "exporter Brazil" not in understood, understood


def test_a_foreign_firm_that_sells_is_still_the_exporter(real_service: ComplianceService) -> None:
    understood = _understood(real_service, "Turkish firm exports TB2 to Poland, mtcr?")
    assert "exporter Türkiye (as stated)" in understood and "destination Poland" in understood, understood


def test_the_askers_own_branch_abroad_is_the_destination(real_service: ComplianceService) -> None:
    understood = _understood(real_service, "we ship a survey drone with 40 km range to our UK subsidiary, is that "
                                           "controlled?")
    assert "destination United Kingdom" in understood and "exporter United Kingdom" not in understood, understood
    understood = _understood(real_service, "can we sell 5 of our 600 kg payload, 800 km range drones for our "
                                           "Australian office?")
    assert "destination Australia" in understood, understood
    # the branch named before its country: "our subsidiary in Mexico" had made Mexico the exporter
    understood = _understood(real_service, "do I need an export license to ship a 40 km range survey drone to my "
                                           "own subsidiary in Mexico?")
    assert "destination Mexico" in understood and "exporter Mexico" not in understood, understood


def test_a_country_whose_name_takes_the_reads_with_it(real_service: ComplianceService) -> None:
    # "A US sale of MQ-9A Reaper to United Kingdom", "United Arab Emirates is not an MTCR partner" had read so
    answer = real_service.ask("can we sell MQ-9s to the UK?").answer
    assert "MQ-9A Reaper to the United Kingdom would be" in answer, answer[:400]
    assert "(the United Kingdom is a NATO member)" in answer, answer[:800]
    assert real_service.ask("is the UAE an MTCR member?").answer.startswith(
        "The United Arab Emirates is not an MTCR partner")
    assert "to Poland would be" in real_service.ask("can we sell MQ-9s to Poland?").answer  # no article for Poland


def test_a_distributor_who_sells_on_makes_the_next_country_the_destination(real_service: ComplianceService) -> None:
    answer = real_service.ask("we ship to a dealer in Malaysia which resells to Iran. is that a problem?").answer
    head = answer.split("**Sources**")[0]
    # the onward country's §126.1 listing had been left out when the item was not called a drone
    assert "Iran is on ITAR §126.1 Table 1 (policy of denial)" in head, head
    assert head.startswith("DDTC's written approval is needed before a defense article is resold"), head[:200]


def test_a_foreign_askers_question_about_us_policy_is_answered_for_their_country(
        real_service: ComplianceService) -> None:
    # "we're a French company, does the US 2025 policy apply to our exports?" had no drone word, so the exporter's
    # own country went unsaid and the question was declined as not covered
    answer = real_service.ask("we're a French company, does the US 2025 policy apply to our exports?").answer
    assert answer.startswith("US national policy does not apply to a sale by France"), answer
    answer = real_service.ask("our company is based in Italy. does the new US drone policy affect us?").answer
    assert answer.startswith("US national policy does not apply to a sale by Italy"), answer
    answer = real_service.ask("we are a German manufacturer - does the US 800 km/h policy matter for our sales to "
                              "Qatar?").answer
    assert answer.startswith("US national policy does not apply to a sale by Germany"), answer
    assert "Qatar is not an MTCR partner" in answer, answer


def test_the_firm_the_asker_works_for_is_the_exporter(real_service: ComplianceService) -> None:
    # "I work for a British firm" had read the United Kingdom as a buyer ("for a ...")
    answer = real_service.ask("I work for a British firm; does US export policy apply to our UAV sales to "
                              "Brazil?").answer
    assert answer.startswith("US national policy does not apply to a sale by the United Kingdom"), answer
    assert "United Kingdom is not a proscribed destination" not in answer, answer


def test_a_customer_said_to_be_in_a_country_is_the_destination(real_service: ComplianceService) -> None:
    understood = _understood(real_service, "we're a US OEM. our fixed-wing does 14 hrs endurance at 75 kts cruise, "
                                           "45 kg payload. customer is in Kenya. what's the MTCR picture?")
    assert "destination Kenya" in understood, understood  # "no destination named" before


def test_a_foreign_distributor_that_resells_a_us_item_is_the_reseller(real_service: ComplianceService) -> None:
    understood = _understood(real_service, "our Polish distributor wants to resell 3 ScanEagles to Ukraine. they're "
                                           "US-origin. what approvals?")
    # Poland had been read as the destination, and Ukraine as a second one
    assert "a re-transfer by Poland of a US-origin item" in understood and "destination Ukraine" in understood, \
        understood


def test_a_lower_case_short_form_names_the_country(real_service: ComplianceService) -> None:
    understood = _understood(real_service, "the ksa wants reapers, thoughts?")
    assert "destination Saudi Arabia" in understood, understood  # "no destination named" before
    understood = real_service.ask("uae reapers in 2017 vs 2021, what changed").answer.split("\n")[1]  # after "**2017**"
    assert "destination United Arab Emirates" in understood, understood


def test_our_sub_abroad_that_builds_is_the_exporter(real_service: ComplianceService) -> None:
    answer = real_service.ask("Our Canadian sub builds a drone with US autopilot inside; selling to Brazil. ITAR "
                              "issue?").answer
    assert "US national policy does not apply to a sale by Canada" in answer, answer[:500]
    assert "Canada is not a proscribed destination" not in answer, answer[:500]  # "sub" had not been read


def test_a_country_named_before_a_drone_sale_is_where_it_goes(real_service: ComplianceService) -> None:
    # the country had been read as the seller, as in "US drones"
    understood = _understood(real_service, "north korea drone sale")
    assert "destination North Korea" in understood, understood
    assert "sale by Ecuador" not in real_service.ask("ecuador drone sale ok?").answer
    assert "sale by Türkiye" in real_service.ask("a turkish drone sale to ukraine").answer  # a demonym: the seller


def test_the_us_asked_whether_it_has_a_say_is_the_regulator(real_service: ComplianceService) -> None:
    answer = real_service.ask("does the mtcr apply to the tb2, and does the us have any say over turkish exports?")
    assert "destination United States" not in answer.answer.split("\n")[0], answer.answer[:300]  # had been the buyer
    assert "US national policy does not apply to a sale by Türkiye" in answer.answer, answer.answer[:600]


def test_a_request_for_quotes_from_a_proscribed_army_is_a_proposed_sale(real_service: ComplianceService) -> None:
    answer = real_service.ask("rfq from the venezuelan army for small drones - can we even respond?")
    assert answer.verdict and answer.verdict["verdict"] == "denial-policy", answer.answer[:300]  # had been declined


def test_a_country_asked_whether_it_is_treated_like_another_is_the_one_treated(real_service: ComplianceService) -> None:
    understood = _understood(real_service, "is belarus treated like russia for drone exports")
    assert "destination Belarus" in understood, understood  # Belarus had been read as the regulator, and dropped


def test_whether_a_country_is_an_eligible_destination_is_a_proposed_sale(real_service: ComplianceService) -> None:
    # had led with China's own missile export regulations of 2002
    answer = real_service.ask("Is the People's Republic of China an eligible destination for US-origin UAS?")
    assert answer.verdict and answer.verdict["verdict"] == "denial-policy", answer.answer[:300]


def test_our_own_copy_of_a_named_system_is_sold_by_us(real_service: ComplianceService) -> None:
    # the named system's maker's country had been read as the seller
    understood = _understood(real_service, "do i need approval to sell a tb2 clone we built to nigeria")
    assert "exporter United States (default" in understood and "destination Nigeria" in understood, understood
    assert "exporter Türkiye (as stated)" in _understood(real_service, "can baykar sell tb2s to kenya")


def test_the_country_whose_parts_are_inside_is_not_a_destination(real_service: ComplianceService) -> None:
    # "US parts" had made the United States a second destination: two blocks, each with Poland's §126.1 status
    answer = real_service.ask("uk wants to sell its protector RG1 to poland, US parts inside. who signs off?").answer
    assert answer.startswith("DDTC's written approval is needed before a defense article is resold"), answer[:300]
    assert "**United States**" not in answer


def test_the_us_named_as_the_maker_of_a_change_is_not_asked_about(real_service: ComplianceService) -> None:
    # the United States' own partner status had led, read from "US reinterpretation" as a country asked about
    lead = real_service.ask("will the MTCR partners follow the US reinterpretation?").answer.split("\n")[0]
    assert lead.startswith("The update is a unilateral US reinterpretation"), lead


def test_a_foreign_air_force_lending_us_drones_on_is_a_re_transfer(real_service: ComplianceService) -> None:
    # had been read as two US sales, one to the Netherlands and one to Belgium
    answer = real_service.ask("the Dutch air force wants to lend two of its MQ-9A Reapers to Belgium for a NATO "
                              "exercise. do we need to approve that?").answer
    lines = answer.splitlines()
    assert "a re-transfer by the Netherlands of a US-origin item" in lines[0] and "destination Belgium" in lines[0]
    assert lines[1].startswith("A re-transfer by the Netherlands of MQ-9A Reaper to Belgium would be reviewed")
    assert lines[2].startswith("- DDTC's written approval is needed before a defense article is resold"), lines[2]
    assert "**Netherlands**" not in answer


def test_a_foreign_partner_that_sells_is_the_exporter(real_service: ComplianceService) -> None:
    # "our Turkish partner wants to sell": Türkiye exports (the US had been taken as the default exporter)
    first = real_service.ask("our Turkish partner wants to sell the TB3 to Indonesia - does the MTCR stop them?"
                             ).answer.splitlines()[0]
    assert "exporter Türkiye (as stated)" in first and "destination Indonesia" in first, first


def test_a_force_that_leased_an_aircraft_is_its_buyer(real_service: ComplianceService) -> None:
    # "leased" says who took the aircraft, not who passed it on
    answer = real_service.ask("Japan Coast Guard leased SeaGuardians in 2022 - does a lease count?").answer
    first = answer.splitlines()[0]
    assert "destination Japan" in first and "re-transfer" not in first, first


def test_a_holder_asked_whether_it_may_now_give_them_on_is_a_re_transfer_now(real_service: ComplianceService) -> None:
    # had been read as two US sales, to the UK and to Ukraine, each as of 2008
    answer = real_service.ask("we sold reapers to the UK in 2008 — can the UK now give them to Ukraine?",
                              today=date(2026, 12, 7)).answer
    first = answer.splitlines()[0]
    assert "a re-transfer by the United Kingdom" in first and "destination Ukraine" in first, first
    assert "as of 2026-12-07" in first and "**2008**" not in answer, first
