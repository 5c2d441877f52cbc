"""Issue #22, ICU notes: titles typed in lower case or listed in capitals, saints' hospitals in one case, hospitals
after "at", units and services named for a hospital, people before "aware" or "family", numbers said to reach
someone, and what stays: eponyms, rhythms, fractions, ventilator settings and ranges.

The names, places and numbers are invented.
"""
import pytest

from .conftest import missed, touched


@pytest.mark.parametrize("text, phi", [
    # A lower-case or glued title keeps its name from the eponym veto ("Keller procedure", "Murphy sign").
    ("bronch done, pre-med per dr. Keller- procedure went well.", ["Keller"]),
    ("per dr.keller sign off on the chart.", ["keller"]),
    ("DRS KOWALCZE AND PETRAKIS AWARE.", ["KOWALCZE", "PETRAKIS"]),
    ("DRS KELLER AND PETRAKIS AWARE.", ["KELLER", "PETRAKIS"]),
    ("MICU team (drs. kimura & ferro) in to see pt.", ["kimura", "ferro"]),
    ("dr j kowalski in to see pt.", ["j kowalski"]),
    ("all is well at this time. q. fisher rrt", ["q. fisher"]),
])
def test_names_after_titles_typed_in_lower_case_or_listed_in_capitals(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("Murphy sign positive on exam.", ["Murphy"]),
    ("drs. aware and updated.", ["aware", "updated"]),
    ("dr. s aware of the new k.", ["aware"]),
])
def test_eponyms_and_prose_after_a_title_stay(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_a_plural_title_lists_each_name_not_the_words_after_them(engine):
    text = "DRS KELLER AND PETRAKIS AWARE."
    assert touched(engine, text, [" AND ", "AWARE"]) == []


@pytest.mark.parametrize("text, phi", [
    ("transferred to st joseph's for rehab.", ["st joseph's"]),
    ("TX TO ST BRENDAN'S TODAY.", ["ST BRENDAN'S"]),
    ("pt presented to st anne hospital with sob.", ["st anne"]),
    ("pt was at harbor hospital for 3 days.", ["harbor"]),
    ("pt was @ union hosp x 2 days.", ["union"]),
    ("was at kernan rehab before this admission.", ["kernan"]),
])
def test_a_saint_or_a_hospital_named_in_one_case(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("HR ST 110S, ST CHANGES NOTED.", ["ST 110S", "ST CHANGES"]),
    ("ST WILL CONTINUE TO MONITOR.", ["ST WILL"]),
    ("seen at outside hospital last week.", ["outside hospital"]),
    ("was at another hospital last month.", ["another hospital"]),
    ("o2 dep at prev rehab site.", ["prev rehab"]),
])
def test_sinus_tachycardia_and_hospitals_described_stay(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("transferred to Lally MICU overnight.", ["Lally"]),
    ("came up from the Breyer CCU.", ["Breyer"]),
    ("PER GH POLICY, RESTRAINTS RENEWED.", ["GH"]),
    ("GH PACU called with report.", ["GH"]),
])
def test_a_unit_or_a_service_named_for_its_hospital(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("TO MEDICAL ICU.", ["MEDICAL"]),
    ("in the medical ICU since Monday.", ["medical"]),
    ("IVH protocol followed.", ["IVH"]),
    ("SDH admission labs sent.", ["SDH"]),
])
def test_kinds_of_unit_and_clinical_acronyms_stay(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("KCL GIVEN. ROSE MARIE AWARE.", ["ROSE MARIE"]),
    ("FEBRILE, NP MOODY AWARE.", ["MOODY"]),
    ("BP 80S, NP BENDER MADE AWARE, BOLUS GIVEN.", ["BENDER"]),
    ("KEEP ROMERO FAMILY AWARE OF PLAN OF CARE.", ["ROMERO"]),
    ("the romero family is here.", ["romero"]),
    ("son-in-law Rafe in to visit.", ["Rafe"]),
])
def test_people_told_or_visiting_and_families_by_name(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("STRONG NP COUGH. ", ["COUGH"]),
    ("HOUSE STAFF AWARE.", ["HOUSE STAFF"]),
    ("BLOOD BANK AWARE.", ["BLOOD BANK"]),
    ("met the young family today.", ["young"]),
    ("son will update other family members.", ["other"]),
    ("Cont to keep family very involved.", ["keep"]),
])
def test_cough_staff_and_families_described_stay(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("home # 555-0182, work # 555-0199", ["555-0182", "555-0199"]),
    ("NUMBER FOR FAMILY IS 555-0182.", ["555-0182"]),
    ("sister Joan can be reached @ 555 0182.", ["555 0182"]),
    ("son's number (h) 555-1234 (w) 555-9876", ["555-1234", "555-9876"]),
    ("555-1234 (home) 555-9876 (work)", ["555-1234", "555-9876"]),
    ("Ph 555 1234", ["555 1234"]),
    ("ext 5-1234 for the unit.", ["5-1234"]),
    ("page 2-2345 with questions.", ["2-2345"]),
    ("Joan Kowalski 555-1234 is the hcp.", ["555-1234"]),
    ("ray (son) 555-0199", ["555-0199"]),
])
def test_numbers_said_to_reach_someone(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("RR 20, work of breathing increased 450-1100.", ["450-1100"]),
    ("number of stools x3, 200-300 cc each.", ["200-300"]),
    ("ABG ph 7.32/45/88 on AC.", ["7.32"]),
    ("WBC 12.3 (h) 5.5 yesterday.", ["5.5"]),
    ("Mr. Kowalski 555-1234 mg total.", ["555-1234"]),
])
def test_ranges_and_lab_values_near_those_words_stay(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_a_line_site_in_the_antecubital_fossa_dates_its_day(engine):
    text = "PICC PLACED IN R AC 11/17, ART LINE PLACED LAST NIGHT."
    assert missed(engine, text, ["11/17"]) == []


def test_assist_control_settings_stay(engine):
    assert touched(engine, "vent AC 14/5, fio2 40%.", ["14/5"]) == []


@pytest.mark.parametrize("text, phi", [
    ("ENC PO INTAKE. TRANSFER QUARTERMAIN 2.", ["QUARTERMAIN 2"]),
    ("awaiting bed for Pellingham 4 today.", ["Pellingham 4"]),
    ("presented to holy cross hospital from frederick rehab with sob.", ["frederick"]),
    ("lives at 19 Maple St. in Lansdowne. dtr visits.", ["Lansdowne"]),
])
def test_a_ward_after_transfer_or_for_a_rehab_after_from_a_town_after_a_street(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("waiting for Lasix 40 to work.", ["Lasix 40"]),
    ("TRANSFER RECIEVE 2 UNITS.", ["RECIEVE"]),
    ("came from home hospice.", ["home hospice"]),
])
def test_drugs_slips_and_kinds_of_place_there_stay(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_a_second_initialled_name_listed_after_one(engine):
    text = "nsg (k. dunleavy and m. o'toole) verified amt of cash."
    assert missed(engine, text, ["k. dunleavy", "m. o'toole"]) == []


def test_an_organism_after_an_initialled_name_stays(engine):
    assert touched(engine, "seen by k. dunleavy and e. coli noted", ["coli"]) == []
