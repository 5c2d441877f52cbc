"""Issue #22: what follows a found name (given names behind particles, a bare middle initial in capitals, a
placeholder's number, a quoted nickname, a suffix's full stop), a surname in capitals signing beside the typist's
initials, and the words after a name that are report text;
agencies, screening coaches, plants, depots, housing and societies' numbered branches by their head word; a VA
station's number, claim numbers in groups, "Last name/last4", a postcode key, a typist after "Transcribed:", a
study's time after its date in a breast report and a call's time before "re:".

Names, numbers and places are invented.
"""
import pytest

from app.text.recognizers._names import NAME_PARTICLES

from .conftest import missed, touched


@pytest.mark.parametrize("text, phi", [
    ("Patient: Quintero-Baez, Rosalía de los Remedios   MRN: QX-00481123", ["Quintero-Baez, Rosalía de los Remedios"]),
    ("Ordering: Dr. Anselmo Varga del Pilar, Eastbrook clinic.", ["Anselmo Varga del Pilar"]),
    ('Zeng, Pao Lia "Polly", 15F, MRN QX-01004417', ['Zeng, Pao Lia "Polly"']),
    ('Patient: ORTEGON, FAUSTINO ("TINO")   ICN 1007720011V118810', ['ORTEGON, FAUSTINO ("TINO")']),
    ("PATIENT: HALVERSTAM, OTTILIE R   MRN: QX00118877   AGE: 61", ["HALVERSTAM, OTTILIE R"]),
    ("Pt: John Doe 5521 (unidentified male, approx 30s), later identified.", ["John Doe 5521"]),
    ("Referring: Tamsin Okorafor-Blake Jr., NP", ["Tamsin Okorafor-Blake Jr."]),
    ("IMPRESSION: RLL ASPIRATION PNEUMONIA.\nDR OKORAFOR-BLAKE / LC", ["OKORAFOR-BLAKE / LC"]),
    ("IMPRESSION: No acute findings.\nDR P. VON QUARRELL / mjb", ["VON QUARRELL / mjb"]),
    ("IMPRESSION: RLL ASPIRATION PNEUMONIA.\nQUARRELL-BAKER / LC", ["QUARRELL-BAKER / LC"]),
    ("IMPRESSION: No acute process.\nYOUNG / LC", ["YOUNG / LC"]),
])
def test_what_follows_a_name_belongs_to_it(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("Discussed with Dr. Ellwood to do CT tomorrow.", ["CT tomorrow"]),
    ("Dr. Ellwood 25 mm nodule, stable.", ["25 mm"]),
    ("PATIENT: HALVERSTAM, OTTILIE   MRN: QX00118877", ["MRN"]),
    ("Seen by Dr. Ellwood on the ward.", ["on the ward"]),
    ("Discussed with Dr. Ellwood / ED", ["ED"]),
    ("IMPRESSION: Findings as above.\nPNEUMONIA / CHF", ["PNEUMONIA / CHF"]),
    ("IMPRESSION: NORMAL.\nSTABLE / AP", ["STABLE / AP"]),
])
def test_report_words_after_a_name_are_left_alone(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_name_particles_are_one_lower_case_list():
    assert {"de", "los", "van", "y", "bin"} <= NAME_PARTICLES
    assert all(p == p.lower() and " " not in p for p in NAME_PARTICLES)


@pytest.mark.parametrize("text, phi", [
    ("Worked 22 years in packing houses (employer listed as Quarrow Fruit Packers).", ["Quarrow Fruit Packers"]),
    ("MORVANA SOL MOBILE MAMMOGRAPHY\nCoach stop: Pellworth Community Center", ["MORVANA SOL MOBILE MAMMOGRAPHY"]),
    ("Comparison: screening mammogram 11/14/2026 (Morvana Sol Mobile Mammography)", ["Morvana Sol Mobile Mammography"]),
    ("Unresponsive; brought by Tamsworth County Sheriff's Office.", ["Tamsworth County Sheriff's Office"]),
    ("Works nights at Tamsworth Poultry Processing. Recent trip abroad.", ["Tamsworth Poultry Processing"]),
    ("Punched a wall at Orrin Distribution Hub (per pt, at work).", ["Orrin Distribution Hub"]),
    ("Homeless veteran, staying at Pellory Valley Veterans Transitional Housing.",
     ["Pellory Valley Veterans Transitional Housing"]),
    ("LDCT -- BREATHWISE ON WHEELS at Springhollow Tribal Health Station, Porterville",
     ["BREATHWISE ON WHEELS", "Springhollow Tribal Health Station"]),
    ("Results letter also sent to Ines Varga, DAV Chapter 217 (with release).", ["DAV Chapter 217"]),
    ("Member of American Legion Post 1123 since 1971.", ["American Legion Post 1123"]),
])
def test_agencies_coaches_plants_and_branches_are_found_by_their_head(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("BILATERAL SCREENING MAMMOGRAPHY WITH TOMOSYNTHESIS", ["SCREENING MAMMOGRAPHY"]),
    ("Diagnostic Mammography and Ultrasound were performed.", ["Diagnostic Mammography"]),
    ("Screening Mammography: please call the Business Office or the Front Office.", ["Business Office", "Front Office"]),
    ("Post Processing was performed. 3D Image Processing and MIP.", ["Post Processing", "Image Processing"]),
    ("Little League elbow. Public Housing. Distribution Hub.", ["Little League", "Public Housing", "Distribution Hub"]),
    ("Series 3 Post 2 images. CT Post 4 weeks. Figure Post 1. Sagittal Post 3 minutes.",
     ["Post 2", "CT Post 4", "Figure Post 1", "Sagittal Post 3"]),
])
def test_report_words_before_those_heads_are_left_alone(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("Pt: QUARRELL,ESTEBAN   DOD ID: 1523984499   Claim#: C-31 552 708", ["C-31 552 708"]),
    ("RADIOLOGY REPORT - ORRIN RIVER VA CLINIC (STATION 612GD)", ["612GD"]),
    ("Station: Orrin River VA Clinic (612GD)   Exam Date: 12/01/2026", ["612GD"]),
    ("Veteran: Pellory, Harlan W.   Last name/last4: P7712   Age 63", ["P7712"]),
    ("PH=559 555 0142|ZIP=93257\nEXAM=XR KNEE LEFT 3V", ["93257"]),
    ("Dictated: Ines Varga, MD  Transcribed: qzt 11/20/26", ["qzt"]),
    ("Lindmoor Medical Center  12/10/2026 07:30\nQuist, Yvette, left breast ILC.", ["07:30"]),
    ("Called RN Ines Varga 0512 re: NG tube position.", ["0512"]),
])
def test_labelled_ids_postcodes_initials_and_times_are_found(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("Nodes at station 4R and station 7 measure 12 mm. Station 3 nurses aware.", ["station 4R", "station 7", "Station 3"]),
    ("Left breast mass at 10:30, 3 cm from the nipple.", ["10:30"]),
    ("Zip: same as above.", ["same as above"]),
    ("Seen at the clinic (100mg daily). Center (150HU).", ["100mg", "150HU"]),
    ("Run 3 of the sequence. Scan #2 was degraded. Series #4-6.", ["Run 3", "#2", "#4-6"]),
])
def test_stations_clock_faces_and_empty_fields_are_left_alone(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("Coach from Greyfallow YMCA swim team called.", ["Greyfallow YMCA"]),
    ("Injured during Quarrow Grove Youth Soccer game. Trains at Tarrow Martial Arts.",
     ["Quarrow Grove Youth Soccer", "Tarrow Martial Arts"]),
    ("Brought by County EMS Medic 7, run #2026-11832.", ["2026-11832"]),
    ("EMS run number 2026-44812. Incident #: 55102. PCR # 88121-3.", ["2026-44812", "55102", "88121-3"]),
])
def test_youth_clubs_and_ems_run_numbers_are_found(engine, text, phi):
    assert missed(engine, text, phi) == []

