"""Questions whose wording names what they ask get that answer first (corpus/language/answer_plan.yaml,
corpus/language/synonyms.yaml, bot/answer/read.py): a right that membership is said to give, one item under both US
regimes, whether the MTCR itself changed, destinations never sold to, parts of a Category I system, and a weapons
integration that is part of a sale rather than a service. Seen in the answer a user gets."""

from __future__ import annotations

import pytest

from bot.service import ComplianceService

REGIMES = "is controlled either by the Department of State under the International Traffic in Arms Regulations"


def _lead(service: ComplianceService, question: str) -> str:
    return service.ask(question).answer.split("\n")[0]


def test_parts_of_a_category_i_system(real_service: ComplianceService) -> None:
    answer = real_service.ask("are the components of a Category I UAV Category I as well?").answer
    # the two complete-system categories had led, with nothing on subsystems or parts
    assert answer.startswith("Item 2 (Category I) covers complete subsystems usable in Item 1 systems."), answer[:200]
    assert "Category II Items matter for UAV subsystems" in answer


def test_weapons_integration_that_comes_with_a_sale_is_a_sale(real_service: ComplianceService) -> None:
    answer = real_service.ask("Oman wants 2 MQ-9A with Hellfire integration, what is the review?").answer
    # it had been answered as a defense service (22 CFR 124.1)
    assert "A US sale of MQ-9A Reaper to Oman" in answer.split("\n")[1], answer[:300]
    service = real_service.ask("we would integrate Hellfires onto the Reapers Oman already owns, licence?").answer
    assert service.startswith("Defense services"), service[:200]


# (question, how its answer opens now, what had opened it before)
LEADS = [
    ("does joining the regime give a country the right to import Category I UAVs?", "Being an MTCR partner does not "
     "entitle a country to receive controlled items", "the partner list and Country Group A:2"),
    ("if a country joins the MTCR is it entitled to get our drones?", "Being an MTCR partner does not entitle a "
     "country to receive controlled items", "the partner list and Country Group A:2"),
    ("what if an MTCR member country violates the guidelines?", "The MTCR is not a treaty and creates no legally "
     "binding obligations.", "the partners' discretion over their own licences"),
    ("does the mtcr have any enforcement power", "The MTCR is not a treaty and creates no legally binding "
     "obligations.", "BIS's penalty guidelines (its Office of Export Enforcement)"),
    ("does the MTCR have any teeth?", "The MTCR is not a treaty and creates no legally binding obligations.",
     "declined"),
    ("we are sharing maintenance manuals with a customer abroad, licence needed?", "The ITAR licence for unclassified "
     "technical data, software included, is a DSP-5", "a sentence on DSCA's manual, the SAMM: 'sharing' had not "
     "been read as passing data on"),
    ("did the US drop the 800 km/h policy in 2025?", "The 800 km/h test: It is not clear whether the July 2020 "
     "approach", "the 2020 announcement's wording; the open question came third"),
    ("was the 800 km/h rule replaced in 2025?", "The 800 km/h test: It is not clear whether the July 2020 approach",
     "the 2020 announcement's wording"),
    ("do foreign partners of the MTCR have to follow the US 800 km/h interpretation?", "Other partners, including "
     "European exporters, are not bound by that US choice", "the 2020 announcement's wording"),
    ("are other MTCR members bound by the US 2020 drone policy?", "Other partners, including European exporters, are "
     "not bound by that US choice", "the US partner status"),
    ("we want to export flight control software for a category I uav, what licence?", "The ITAR licence for "
     "unclassified technical data, software included, is a DSP-5", "the Category I definition"),
    ("exporting ground station software - what form?", "The ITAR licence for unclassified technical data, software "
     "included, is a DSP-5", "a DSP-5 application's purchase documents"),
    ("all drones are ITAR controlled, correct?", "A U.S. export of a UAV, a UAV part or UAV technology is controlled "
     "either by the Department of State", "ITAR software definitions"),
    ("the ITAR covers every UAV, right?", "A U.S. export of a UAV, a UAV part or UAV technology is controlled "
     "either by the Department of State", "the Wassenaar lists"),
    ("since India is a partner, can we skip the license for drones to India?", "Being an MTCR partner does not entitle "
     "a country to receive controlled items", "India's membership"),
    ("Japan is an MTCR member so we don't need a licence for our UAV, right?", "Being an MTCR partner does not entitle "
     "a country to receive controlled items", "which regime controls the UAV"),
    ("what's the status of S. 2387?", "The status of S. 2387 was not verified (uncertain)", "what the bill would do"),
    ("the 2025 policy removed drones from the MTCR?", "The update is a unilateral US reinterpretation",
     "the DDTC rule that removed Cambodia from §126.1"),
    ("did the US take drones out of the MTCR annex in 2025?", "The update is a unilateral US reinterpretation",
     "not recorded when the test was written"),
    ("Category II means it's uncontrolled, right?", "Partners review Category II transfers case-by-case",
     "Wassenaar's entry for civil UAVs, 9.A.12"),
    ("cat 2 drones don't need a license, correct?", "Partners review Category II transfers case-by-case",
     "not recorded when the test was written"),
    ("sales team says Category II drones can go anywhere except 126.1 countries. true?", "Partners review Category "
     "II transfers case-by-case", "the §126.1 bar on sales"),
    ("Category I UAVs can't be exported at all?", "The Guidelines do not ban Category I transfers",
     "the three category definitions; the correction came fourth"),
    ("are category 1 drones prohibited from export?", "The Guidelines do not ban Category I transfers",
     "not recorded when the test was written"),
    # the Annex item the question is about leads the definitions
    ("what is the range threshold for category II UAVs?", "Category II (Item 19.A.2)", "Category I's definition"),
    ("what is the cat II aerosol threshold?", "Category II also covers (Item 19.A.3)", "Category I's definition"),
    ("NATO countries don't need export licences for drones, right?", "Under 22 CFR 123.1(a), any person who "
     "intends to export or temporarily import a defense article needs DDTC approval", "the NATO review period"),
    ("since China isn't an MTCR member, it can't buy anything from the US?", "What bars a destination outright "
     "under US law is a listing such as ITAR §126.1, not the absence of MTCR membership", "China's partner status"),
    ("did the 2020 policy make slow drones cat 2 in the annex?", "The US changes of 2020 and 2025 are national "
     "policy", "the 2020 announcement's wording"),
    ("if a buyer is an MTCR partner does that guarantee approval", "Being an MTCR partner does not entitle a "
     "country to receive controlled items", "the no-undercut consultation"),
    ("does the EAR cover drones that fly under 800 km/h", "For EAR-controlled MT UAS capable of at least 500 kg "
     "payload to at least 300 km but with a maximum true airspeed below 800 km/h, a BIS final rule",
     "9A012.a.1's endurance test"),
    ("is there a commerce department version of the 800 km/h rule?", "For EAR-controlled MT UAS capable of at "
     "least 500 kg payload", "not recorded when the test was written"),
    ("is a drone with a thermal camera automatically ITAR?", "A U.S. export of a UAV, a UAV part or UAV "
     "technology is controlled either by the Department of State", "declined as outside the indexed guidance"),
    ("does itar apply to a drone built for civil surveying", "A U.S. export of a UAV, a UAV part or UAV technology "
     "is controlled either by the Department of State", "declined as outside the indexed guidance"),
    ("drones under 25 kg don't need export licences at all, right?", "A civil UAV with one hour of endurance, "
     "designed to fly beyond the operator's sight, is controlled under 9.A.12", "declined as outside the guidance"),
    ("hobby drones are never export controlled", "A civil UAV with one hour of endurance", "the BIS drone rule of "
     "January 2026"),
    ("is it true that category II drones can be sold to anyone?", "Partners review Category II transfers "
     "case-by-case", "the three category definitions"),
    ("the spec sheet says 'radius 200 km'. is that over 300?", "As a rough guide the one-way distance is at least "
     "twice the radius", "declined as outside the indexed guidance"),
    ("can a customer arm an unarmed MQ-9B after we deliver it?", "No arming without authorisation: A recipient may "
     "not arm an unarmed UAS", "a sale verdict for the MQ-9B that needed a destination"),
    ("can the buyer arm the drone later if we sold it unarmed", "No arming without authorisation",
     "the 2018 policy's sales channels"),
    ("a reaper customer wants to add a longer-range fuel tank after delivery. any issue?", "The Letter of Offer and "
     "Acceptance for an MTCR item repeats the Guidelines' standard assurances", "a sale verdict for the MQ-9A"),
    ("what is the MTCR Category I payload threshold in pounds?", "The MTCR thresholds are set in kilograms and "
     "kilometres: Category I is at least 500 kg of payload (about 1,102.3 lb)", "the definition in kilograms only"),
]


@pytest.mark.parametrize(("question", "opening"), [(q, o) for q, o, _ in LEADS], ids=[q for q, _, _ in LEADS])
def test_the_answer_opens_with_what_the_words_ask(real_service: ComplianceService, question: str,
                                                 opening: str) -> None:
    lead = _lead(real_service, question)
    assert lead.startswith(opening), lead


ONE_REGIME = "controlled either by the Department of State under the International Traffic in Arms Regulations"
# (question, what its answer's first line holds now, what had led or happened before)
HELD = [
    ("could one UAV be both ITAR and EAR controlled?", [ONE_REGIME], "a sentence on the Predator XP's export version"),
    ("has the missile technology control regime ever changed its drone rules?", ["did not obtain consensus"],
     "declined as outside the indexed guidance"),
    ("any nations the US won't sell UAVs to at all?", ["126.1", "deny"], "declined as outside the indexed guidance"),
    ("has the MTCR been abolished since the 2025 US change?",
     ["does not change MTCR membership, amend the Guidelines or alter the Annex"],
     "a note on whether the 800 km/h test survives"),
    ("did washington withdraw from the regime when it changed its UAS policy?",
     ["remained a committed member of the MTCR"], "not recorded when the test was written"),
    ("is MTCR range counted as a round trip?", ["range is understood to be the one-way distance"],
     "the mission-radius sentence, which describes a round trip"),
    ("did the united states ever export armed UAVs to other countries?",
     ["sold large armed-capable UAVs only to a handful of close allies"], "the notification dollar thresholds"),
    ("whats the diff btwn the ear and the itar?", [ONE_REGIME], "declined as outside the indexed guidance"),
    # the Regime's full name is read as "MTCR": a membership question
    ("is Saudi Arabia in the missile technology control regime?", ["Saudi Arabia is not an MTCR partner"],
     "an unverified candidate list for EAR Country Group D:4"),
    # read as a treaty body's: the premise is corrected first
    ("the MTCR is enforced by the UN?", ["The MTCR is not a treaty:"],
     "the exception for adherents in the US sanctions law"),
    ("who enforces the MTCR?", ["The MTCR is not a treaty:"], "not recorded when the test was written"),
    ("is the missile technology control regime part of the UN?", ["The MTCR is not a treaty:"],
     "not recorded when the test was written"),
    # "South America" is a region, not the United States
    ("which countries are mtcr partners in south america", ["Argentina", "Brazil"],
     "the United States' own partner status"),
    ("which countries are mtcr members in asia", ["The MTCR has 35 partners", "India", "Japan"],
     "a plenary held in Oslo in 1992"),
    # which list a civil UAV is on
    ("civilian drones are never itar, right?", ["civil UAVs fall under 9A012 or 9A120"],
     "the ITAR's definition of technical data"),
    ("are commercial drones ever itar controlled?", ["civil UAVs fall under 9A012 or 9A120"],
     "the definition of a direct commercial sale"),
    # an offer to a proscribed country is itself barred
    ("does answering an rfp from china count as an export?", ["even a proposal or presentation to sell"],
     "declined as outside the indexed guidance"),
    # showing an aircraft at an air show and bringing it back is a temporary export
    ("we want to display our MQ-9 at the paris air show - what licence?", ["DSP-73", "air show"],
     "a sale verdict for the MQ-9A"),
    # none where none are: the foreign maker's own item
    ("we're a german company - does itar apply to our own drone if it has no us parts?",
     ["US national policy does not apply to a sale by Germany"], "DDTC's retransfer approval for US parts"),
    ("our uk drone has us parts, does itar apply?", ["DDTC's written approval is needed"],
     "not recorded when the test was written"),
    # a US subsystem named ("US autopilot") is US content, and "our Canadian sub" the seller, not a destination
    ("Our Canadian sub builds a drone with US autopilot inside; selling to Brazil. ITAR issue?",
     ["DDTC's written approval is needed"], "Canada's §126.1 status, read as a destination"),
    # the Annex's own word on target drones and cruise missiles
    ("are target drones treated differently", ["including reconnaissance drones, target drones and cruise missiles"],
     "the January 2026 BIS rule's place among the steps under EO 14307"),
    # arming asked as adding weapons: the category turns on capability
    ("does adding hellfires change the mtcr category of a drone", ["not whether it is armed"],
     "a correction that the US changes are national policy, not changes of the MTCR"),
    # a part shipped to a named country: which regime controls the part comes before the country's status
    ("we make flight controllers, can we ship them to india?", [REGIMES], "India's drone purchase history"),
    ("how do I know if our autopilot is controlled", [REGIMES],
     "declined: 'know' was read as the catch-all's knowledge"),
    # (not when the destination's §126.1 listing is asked)
    ("is syria off 126.1? we'd ship drone parts there", ["Syria is on ITAR §126.1 Table 1"], "not recorded"),
    # a licence used for a destination other than the one it was issued for
    ("does a licence approved for the uae let us ship to qatar", ["DDTC's written approval is needed"], "declined"),
    ("we got a DSP-5 approved for the UAE last year, can we ship the same birds to qatar on it",
     ["DDTC's written approval is needed"], "the UAE's §126.1 status"),
    # an end user nobody will name is a red flag to resolve first; a broker brings the brokering rules
    ("we got a request from a broker for 20 armed drones for an unnamed end user in africa. how to proceed?",
     ["when red flags come up"], "declined as outside the indexed guidance"),
    ("a middleman in dubai wants 5 of our ISR drones but won't say who the end user is", ["when red flags come up"],
     "the Category I definition"),
    # an ITAR drone re-exported from abroad is a US article: the re-transfer approval, not Germany's own sale
    ("does a re-export of an itar drone from germany to poland need ddtc approval?",
     ["DDTC's written approval is needed before a defense article is resold, reexported"],
     "US national policy does not apply to a sale by Germany"),
    # Category II said to be banned for non-partners: reviewed case by case (not the Category I correction)
    ("mtcr category II means it's banned for non-members?",
     ["A non-partner can receive a Category II UAV after a case-by-case review"],
     "The Guidelines do not ban Category I transfers"),
    # EAR Country Group D:4 asked of a country: recorded (with its confidence), or unknown and not cleared
    ("is saudi arabia in country group d:4", ["Saudi Arabia's EAR Country Group D:4 status on", "is unknown",
                                              "not cleared"], "an unverified candidate list recalled from memory"),
    ("is china a D:4 country?", ["China is in EAR Country Group D:4", "(uncertain)"], "not recorded"),
    # how a country joins: admission by consensus of all partners
    ("how does a country become an mtcr partner?", ["the admission of new partners, are taken by consensus"],
     "the information exchange on refused licences"),
    # the Guidelines' undertakings for Category I asked about directly
    ("do we still need binding government assurances for cat I after 2025?",
     ["binding government-to-government undertakings"], "the DSP-83 nontransfer certificate"),
    # US-made parts named by a brand and a kind of part ("a US-made FLIR turret") are US content in a foreign drone
    ("we're a uk firm, our drone has a us-made flir turret. selling to india - do we need ddtc sign off?",
     ["DDTC's written approval is needed"], "US national policy does not apply to a sale by the United Kingdom"),
    # "banned there, right?" with a country named: the country's own status, not the Category I correction
    ("since ukraine is at war, itar exports there are banned right?",
     ["Ukraine is not a proscribed destination under ITAR §126.1"], "The Guidelines do not ban Category I transfers"),
    # the first step of an export: registration before any ITAR licence, then which regime controls the item
    ("what's the first step to export a military drone from the us?",
     ["registration is generally a precondition for any ITAR licence"], "a note that no step changed the MTCR"),
    ("where do we start with exporting a commercial drone?", [REGIMES], "how uavex reports an unknown §126.1 date"),
    # records: kept five years (22 CFR 122.5)
    ("what records do we need to keep for itar exports and how long?", ["kept for five years"],
     "the date of the earliest §126.1 text read"),
    # shipped without a licence: the voluntary disclosure
    ("we shipped without a license by mistake. what now?", ["can make a voluntary disclosure to DDTC"],
     "that a USML drone still needs a DDTC licence"),
    # sanctions on foreign persons under the missile sanctions law, not the ITAR's own penalties
    ("does the us sanction foreign companies for mtcr violations?", ["the President must sanction a foreign person"],
     "the ITAR civil penalty"),
    # technical details presented abroad: disclosing technical data to foreign persons is an export
    ("our engineers want to present drone specs at a conference in germany. license?",
     ["The ITAR licence for unclassified technical data"], "Germany's §126.1 status"),
    # where the item is made says who exports it: "made entirely in France" is a French item
    ("does itar apply to a drone made entirely in france", ["US national policy does not apply to a sale by France"],
     "France's §126.1 status, as if France were the buyer"),
]


@pytest.mark.parametrize(("question", "held"), [(q, h) for q, h, _ in HELD], ids=[q for q, _, _ in HELD])
def test_the_first_line_says_what_the_words_ask(real_service: ComplianceService, question: str,
                                                held: list[str]) -> None:
    lead = _lead(real_service, question)
    assert all(text in lead for text in held), lead


# (question, how its answer opens now, what had opened it before)
TERMS = [
    # "under the MTCR" says where the term is used: the sentence spelling out the Regime's name does not define it
    ("what is national discretion under the MTCR?", "On 24 July 2020 the United States announced that it would use "
     "national discretion",
     "the date the MTCR was announced"),
    # a list item headed by the form ("DSP-73 — temporary export ...") says what the form is for
    ("what form do I use for a temporary export?", "DSP-73 — temporary export of unclassified defense articles",
     "what a DSP-5 application must include: the general question's expansion to the DSP-5"),
    ("what is a DSP-5?", "DSP-5 — permanent export of unclassified defense articles",
     "a DSP-83 sentence that names the DSP-5, from the passage ranked first"),
    # what an office does says what it is: the sentence spelling its name out
    ("what does dsca do", "The Defense Security Cooperation Agency (DSCA) administers the FMS program",
     "a DSCA notification of a sale to Germany in 2008"),
    # the ITAR's export, reexport and retransfer (glossary entries from 22 CFR 120.50-120.52), hyphenated or not
    ("what counts as an export under itar", "Under the ITAR an export is more than a shipment", "not recorded"),
    ("what is a reexport", "A reexport, under the ITAR, moves a defense article from one foreign country to another",
     "no entry: a BIS red-flag sentence"),
    ("what's a re-transfer", "A retransfer, under the ITAR, stays inside one foreign country",
     "a sentence on streamlining re-transfer approvals under a 2025 order"),
    # a sentence defining the quoted term wherever it stands ('a commodity is "specially designed" if ...')
    ("what does 'specially designed' mean", "Under 22 CFR 120.41(a), a commodity or software is \"specially "
     "designed\" if", "§120.11(a), which uses the term, when a corpus addition moved the passages' near tie"),
]


@pytest.mark.parametrize(("question", "opening"), [(q, o) for q, o, _ in TERMS], ids=[q for q, _, _ in TERMS])
def test_the_term_or_form_asked_about_opens_the_answer(real_service: ComplianceService, question: str,
                                                      opening: str) -> None:
    lead = _lead(real_service, question)
    assert lead.startswith(opening), lead


def test_a_us_policy_read_as_a_change_of_the_annex_is_corrected_beside_the_verdict(
        real_service: ComplianceService) -> None:
    answer = real_service.ask("the 2020 policy made all Reapers Category II under the MTCR?").answer
    lines = answer.split("\n")
    assert "it is MTCR Category I (Item 1.A.2)" in lines[1], answer[:400]
    assert lines[2].startswith("- The US changes of 2020 and 2025 are national policy"), answer[:600]


def test_a_list_item_of_another_category_is_no_definition(real_service: ComplianceService) -> None:
    answer = real_service.ask("define category I in one sentence").answer
    assert "Category IV — launch vehicles" not in answer, answer


def test_a_denied_destination_leads_a_software_licence_question(real_service: ComplianceService) -> None:
    # the technical-data licence point must not push China's §126.1 listing out of the lead
    lead = _lead(real_service, "what licence do we need to sell drone software to China?")
    assert "China is on ITAR §126.1 Table 1 (policy of denial)" in lead, lead


@pytest.mark.parametrize("question", ["Did Congress pass any law about drone exports in 2025?",
                                      "is there a bill in congress to treat drones like manned aircraft?"])
def test_a_question_about_legislation_gets_the_bill_before_congress(real_service: ComplianceService,
                                                                    question: str) -> None:
    answer = real_service.ask(question).answer
    # the congressional note of 3 September 2025, or the rule data's current review, had led
    assert answer.startswith("A bill in the 119th Congress, S. 2387, would amend"), answer[:300]
    assert "https://www.congress.gov/bill/119th-congress/senate-bill/2387" in answer, answer


def test_the_2026_bis_rule_asked_of_a_military_system_says_what_it_covers(real_service: ComplianceService) -> None:
    # the rule's scope (civil drones under 9A012; USML drones are outside the EAR) had not been given
    lines = real_service.ask("does the 2026 bis rule change anything for mq-9 exports?").answer.split("\n")
    assert any("military UAS on the United States Munitions List are outside the EAR" in line for line in lines[:6]), \
        "\n".join(lines[:6])


def test_a_sale_s_premise_is_corrected_right_after_the_verdict(real_service: ComplianceService) -> None:
    # the correction had come seventh, after the verdict's steps and the destination's statuses
    for question, correction in (
            ("the uk is NATO so no license is needed for reapers there", "Under 22 CFR 123.1(a), any person who "
             "intends to export or temporarily import a defense article needs DDTC approval"),
            ("since the uk is an mtcr partner it can buy category I drones automatically?", "Being an MTCR partner "
             "does not entitle a country to receive controlled items")):
        lines = real_service.ask(question).answer.split("\n")
        assert lines[1].startswith("A US sale of") and lines[2].startswith(f"- {correction}"), "\n".join(lines[:4])


def test_a_loan_or_a_gift_abroad_is_an_export(real_service: ComplianceService) -> None:
    # each had been declined as outside the indexed guidance
    lead = _lead(real_service, "loaning a drone to a foreign army for a trial - export?")
    assert lead.startswith("A DSP-73 licence covers the temporary export"), lead
    lead = _lead(real_service, "giving a drone to a foreign museum?")
    assert lead.startswith("Under 22 CFR 123.1(a), any person who intends to export"), lead


def test_spares_re_exported_are_parts_not_the_aircraft(real_service: ComplianceService) -> None:
    data = real_service.ask("re-export of our reaper spares from the uk to saudi - who signs off?").as_dict()
    # it had been decided as a sale of the MQ-9A Reaper itself
    assert data["verdict"] is None, data["answer"][:300]
    assert any("DDTC's written approval is needed" in line for line in data["answer"].split("\n")[:3]), \
        data["answer"][:600]


def test_the_dsp_83_asked_with_a_sale_comes_right_after_its_verdict(real_service: ComplianceService) -> None:
    lines = real_service.ask("do we need a dsp-83 for an unarmed reaper").answer.split("\n")
    verdict = next(i for i, line in enumerate(lines) if line.startswith("A US sale of MQ-9A Reaper"))
    # the form had not been mentioned at all
    assert "Form DSP-83 is required for the export of significant military equipment" in lines[verdict + 1], \
        "\n".join(lines[:5])
    # a question about the form alone is answered by its passage
    lead = _lead(real_service, "who signs the DSP-83")
    assert lead.startswith("The foreign consignee, the foreign end-user and the applicant all sign"), lead


def test_a_drone_shown_abroad_and_brought_back_is_a_temporary_export(real_service: ComplianceService) -> None:
    lines = real_service.ask("do we need a licence for a drone going to an exhibition in paris and coming "
                             "back").answer.split("\n")
    # the statement of which regime controls a drone had led, with nothing on the temporary licence near the top
    assert not lines[0].startswith("A U.S. export of a UAV"), lines[0]
    assert any("A DSP-73 licence covers the temporary export" in line for line in lines[:2]), "\n".join(lines[:3])


@pytest.mark.parametrize("question", ["who decides MTCR membership and how?",
                                      "who decides if a new country can join the MTCR?"])
def test_who_admits_a_partner_is_the_regime_by_consensus(real_service: ComplianceService, question: str) -> None:
    # "who decides" had been read as who decides a US export: DDTC led
    lines = real_service.ask(question).answer.splitlines()
    assert "consensus" in lines[0] and "DDTC" not in lines[0], lines[:2]
    assert any("admission of new partners" in line for line in lines[:3]), lines[:3]


def test_a_claim_that_the_us_ignores_the_mtcr_is_corrected(real_service: ComplianceService) -> None:
    # had led with "For uavex the article supports a cautious reading of the September 2025 change"
    lead = real_service.ask("so after 2025 the US just ignores the MTCR for drones?").answer.splitlines()[0]
    assert lead.startswith("The update is a unilateral US reinterpretation of how the United States applies the MTCR "
                           "Guidelines to UAS"), lead
    other = real_service.ask("has Turkey abandoned the MTCR?").answer.splitlines()[0]
    assert "unilateral US reinterpretation" not in other, other  # another country's standing is its own


def test_a_buyer_that_arms_the_drone_after_delivery_meets_the_arming_condition(
        real_service: ComplianceService) -> None:
    # "arms" as a verb had not been read: a timeline entry about the 2026 BIS rule had led
    lead = real_service.ask("what happens if the buyer arms the drone after delivery?").answer.splitlines()[0]
    assert lead.startswith("No arming without authorisation"), lead


def test_a_named_defence_exhibition_is_a_trade_show(real_service: ComplianceService) -> None:
    # "IDEX" had drawn the 2013 Predator XP announcement made there
    lead = real_service.ask("we'll display our UAV at IDEX next month").answer.splitlines()[0]
    assert lead.startswith("A DSP-73 licence covers the temporary export"), lead
    # what happened at one is still told (it had been read as a proposed sale of the Predator XP)
    answer = real_service.ask("what happened at IDEX 2013 with the Predator XP?")
    assert answer.verdict is None and "Predator XP sale to the United Arab Emirates" in answer.answer.splitlines()[0]


def test_a_past_event_before_now_dates_no_second_answer(real_service: ComplianceService) -> None:
    # "in 2025" (when the US is said to have left) had split the answer into 2025 and now, which dropped the
    # correction of the premise
    answer = real_service.ask("since the US left the MTCR in 2025 we can sell anything now right?").answer
    assert "**2025**" not in answer
    assert answer.startswith("The update is a unilateral US reinterpretation"), answer[:300]


@pytest.mark.parametrize("question", ["ITAR only applies to weapons, not drones",
                                      "drones aren't covered by ITAR, right?"])
def test_a_claim_that_drones_are_outside_the_itar_is_corrected(real_service: ComplianceService, question: str) -> None:
    # a sentence about exporting software alone had led
    lead = real_service.ask(question).answer.splitlines()[0]
    assert lead.startswith("Military unmanned aerial vehicles that the USML enumerates sit in paragraph VIII(a)"), lead
