"""Issue #22, ICU notes: titles typed in lower case or listed in capitals, saints' hospitals in one case, hospitals
after "at", units and services named for a hospital, people before "aware" or "family", numbers said to reach
someone, and what stays: eponyms, rhythms, fractions, ventilator settings and ranges.

The names, places and numbers are invented.
"""
import pytest

from .conftest import missed, touched


@pytest.mark.parametrize("text, phi", [
    # A lower-case or glued title keeps its name from the eponym veto ("Keller procedure", "Murphy sign").
    ("scope done, sedated per dr. Keller- procedure tolerated.", ["Keller"]),
    ("per dr.keller sign off on the chart.", ["keller"]),
    ("DRS KOWALCZE AND PETRAKIS AWARE.", ["KOWALCZE", "PETRAKIS"]),
    ("DRS KELLER AND PETRAKIS AWARE.", ["KELLER", "PETRAKIS"]),
    ("MICU team (drs. kimura & ferro) in to see pt.", ["kimura", "ferro"]),
    ("dr j kowalski in to see pt.", ["j kowalski"]),
    ("sx for thick secretions x2.\nt. fisher rrt", ["t. fisher"]),
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
    ("pt was at ashby hospital for 3 days.", ["ashby"]),
    ("pt was @ elmore hosp x 2 days.", ["elmore"]),
    ("was at tolliver rehab before this admission.", ["tolliver"]),
])
def test_a_saint_or_a_hospital_named_in_one_case(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("HR ST 110S, ST CHANGES NOTED.", ["ST 110S", "ST CHANGES"]),
    ("ST WILL CONTINUE TO MONITOR.", ["ST WILL"]),
    ("seen at outside hospital last week.", ["outside hospital"]),
    ("was at another hospital last month.", ["another hospital"]),
    ("was on 2 l at prev rehab.", ["prev rehab"]),
])
def test_sinus_tachycardia_and_hospitals_described_stay(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("transferred to Pellworth MICU overnight.", ["Pellworth"]),
    ("came up from the Breyer CCU.", ["Breyer"]),
    ("PER KVH POLICY, RESTRAINTS RENEWED.", ["KVH"]),
    ("KVH PACU called with report.", ["KVH"]),
])
def test_a_unit_or_a_service_named_for_its_hospital(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("TO MEDICAL ICU.", ["MEDICAL"]),
    ("in the Neuro ICU since Monday.", ["Neuro"]),
    ("IVH protocol followed.", ["IVH"]),
    ("SDH admission labs sent.", ["SDH"]),
])
def test_kinds_of_unit_and_clinical_acronyms_stay(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("MG REPLETED. ALMA KOVAC AWARE.", ["ALMA KOVAC"]),
    ("TEMP 38.9, NP MOODY AWARE.", ["MOODY"]),
    ("SBP 85, NP BENDER MADE AWARE, FLUIDS UP.", ["BENDER"]),
    ("KEEP MARSH FAMILY AWARE OF THE PLAN.", ["MARSH"]),
    ("the marsh family is here.", ["marsh"]),
    ("son-in-law Rafe in to visit.", ["Rafe"]),
])
def test_people_told_or_visiting_and_families_by_name(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("WEAK NP COUGH NOTED.", ["COUGH"]),
    ("HOUSE STAFF AWARE.", ["HOUSE STAFF"]),
    ("BLOOD BANK AWARE.", ["BLOOD BANK"]),
    ("met the young family today.", ["young"]),
    ("wife to call other family members.", ["other"]),
    ("Plan to keep family informed.", ["keep"]),
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
    text = "MIDLINE IN L AC 3/9, R RADIAL A-LINE 3/10."
    assert missed(engine, text, ["3/9"]) == []


def test_assist_control_settings_stay(engine):
    assert touched(engine, "vent AC 14/5, fio2 40%.", ["14/5"]) == []


@pytest.mark.parametrize("text, phi", [
    ("TOL DIET. TRANSFER PELLWORTH 2.", ["PELLWORTH 2"]),
    ("awaiting bed for Pellingham 4 today.", ["Pellingham 4"]),
    ("came to the ew from frederick rehab with sob.", ["frederick"]),
    ("lives at 22 Maple Ave. in Savage. dtr visits.", ["Savage"]),
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
    text = "valuables counted (k. dunleavy and m. o'toole), locked up."
    assert missed(engine, text, ["k. dunleavy", "m. o'toole"]) == []


def test_an_organism_after_an_initialled_name_stays(engine):
    assert touched(engine, "seen by k. dunleavy and e. coli noted", ["coli"]) == []
