"""Issue #22: shapes of bedside notes: numbers jotted after a relative, signatures in lower case, months alone in any
case, discharges by their shorthand, and states named alone (no PHI under HIPAA Safe Harbor).

The names, places and numbers are invented.
"""
import pytest

from .conftest import missed, touched


@pytest.mark.parametrize("text, phi", [
    ("son Marcus can be reached at 555-2391 this evening.", ["555-2391"]),
    ("daughter Meg's # 555-2391, call with changes.", ["555-2391"]),
    ("Social: son's number 410/555-2391.", ["410/555-2391"]),
    ("Spoke with pt's wife at home (555-2391).", ["555-2391"]),
    ("please page me at 41233 with questions.", ["41233"]),
])
def test_a_number_after_a_relative_or_a_request_to_page_is_a_phone(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("son in room, TV 450-1100 on PSV.", ["450-1100"]),
    ("niece came by. SVR 870-1240 after the bolus.", ["870-1240"]),
    ("daughter asked about the 12345 form.", ["12345"]),
])
def test_ranges_and_counts_near_a_relative_are_left_alone(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("vent weaned to 5/5, tolerating well.\nt. vasquez-orr rrt", ["t. vasquez-orr"]),
    ("plan unchanged, tessa orlov rn aware of K 3.1.", ["tessa orlov"]),
])
def test_a_name_before_a_credential_in_lower_case(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("Suctioned for thick sputum, now weaned to 3 l np", ["np"]),
    ("Plan of care explained to pt", ["explained to pt"]),
    ("Belly soft, pt sipping ginger ale", ["Belly soft"]),
])
def test_credentials_as_note_words_are_left_alone(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("hpi: admitted to an outside hospital in sept. and sent home.", ["sept."]),
    ("SINCE OCTOBER PT HAS LOST 20 LBS.", ["OCTOBER"]),
    ("asked the date, she said today is the 14th.", ["14th"]),
])
def test_a_month_alone_in_any_case_and_the_day_a_patient_names(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("no change in dec. of sedation", ["dec."]),
    ("edema in may be from fluids", ["may"]),
    ("the 4th ventricle is midline", ["4th"]),
])
def test_words_that_read_as_months_or_days_are_left_alone(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("Stable for discharge. d/c to Wexley House this afternoon.", ["Wexley House"]),
    ("DC'D TO PELLINGHAM 4 AT 1400.", ["PELLINGHAM 4"]),
])
def test_the_place_a_patient_is_discharged_to(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("Converted with amiodarone and returned to SR at 0400.", ["SR"]),
    ("A cousin in Kansas and an aunt in Ohio phoned.", ["Kansas", "Ohio"]),
    ("PT HAD BEEN STAYING WITH A NIECE IN NEBRASKA UNTIL MAY.", ["NEBRASKA"]),
])
def test_rhythms_and_states_named_alone_are_left_alone(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_a_state_in_an_address_is_still_found(engine):
    text = "Lives at 12 Orchard Way, Dayton, Ohio with her husband."
    assert missed(engine, text, ["Dayton, Ohio"]) == []


@pytest.mark.parametrize("text, phi", [
    ("started on vanco 10/3-10/10 for MRSA.", ["10/3-10/10"]),
    ("INR 2.3 (12/4), recheck in am.", ["12/4"]),
])
def test_a_course_of_days_and_a_lab_value_dated_in_brackets(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("rales 1/4-1/2 up on the right.", ["1/4-1/2"]),
    ("BP 100/50-120/60 overnight.", ["100/50-120/60"]),
    ("strength 4/5-5/5 in BLE.", ["4/5-5/5"]),
    ("MAE, grips 5 (4/5) on the left.", ["4/5"]),
])
def test_ranges_of_fractions_pressures_and_scores_are_left_alone(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_an_initial_after_a_title_is_no_shorthand(engine):
    # "w" alone is the notes' "with"; "W." after "DR." is an initial, and the surname after it may be an English word.
    text = "HR 40S, DR. W. BAKER NOTIFIED, ATROPINE AT BEDSIDE."
    assert missed(engine, text, ["W. BAKER"]) == []
