"""Issue #22, fifteenth round: the institution a letterhead names in any case, agencies, clubs and public offices by
their heads, a patient line's name by the cells after it, a listed town closing a street or an institution, the
labels of forms about people who are no patient, alien numbers, a lone closing line of initials; and what these
shapes leave alone.

Names, numbers and places are invented.
"""
import pytest

from .conftest import missed, touched


@pytest.mark.parametrize("text, phi", [
    ("quarrow bend community hospital radiology 03/02/2026\npatient tamsin orley", ["quarrow bend community hospital"]),
    ("*** FAX *** 03/02/26 08:17 HALLORAN ST. BRIDE IMAGING 555-201-0167 ***\nOUTSIDE REPORT",
     ["HALLORAN ST. BRIDE IMAGING"]),
    ("CRITICAL RESULT LOG - WILLOW FEN TELERADIOLOGY HUB\nDate  Time  Finding", ["WILLOW FEN TELERADIOLOGY HUB"]),
    ("telestroke cta head 03/02/2026 tarrow marsh critical access hospital 0248\npatient",
     ["tarrow marsh critical access hospital"]),
    ("Quellmoor Imaging - CT CHEST\nFindings: no nodule.", ["Quellmoor Imaging"]),
])
def test_letterhead_names_the_institution(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("DEPARTMENT OF RADIOLOGY\nBREAST IMAGING CENTER", ["DEPARTMENT OF RADIOLOGY", "BREAST IMAGING CENTER"]),
    ("LIVER TRANSPLANT CLINIC - CT ABDOMEN\nFindings: patent vessels.", ["LIVER TRANSPLANT CLINIC"]),
    ("MYOCARDIAL PERFUSION IMAGING\nRest and stress images.", ["MYOCARDIAL PERFUSION IMAGING"]),
    ("START. WILL ALSO HAVE HOME HEALTH\nwife in poor health", ["HOME HEALTH", "poor health"]),
    ("Renal mass is a lipid-rich adenoma. No further imaging.", ["No further imaging"]),
])
def test_letterhead_leaves_generic_and_clinical_runs(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("GCS 14 per Orrin Falls County Sheriff deputy on scene.", ["Orrin Falls County Sheriff"]),
    ("Found by a Wendle Lake Tribal Police officer at 0300.", ["Wendle Lake Tribal Police"]),
    ("Ski injury; club Harlow Ridge Racing Club, coach present.", ["Harlow Ridge Racing Club"]),
    ("Masters runner (Tamsworth Trail Runners Club); heel pain.", ["Tamsworth Trail Runners Club"]),
    ("PMCT - Office of the Regional Forensic Examiner\nCase 12", ["Office of the Regional Forensic Examiner"]),
    ("Hand caught in a baler on Township Road 118.", ["Township Road 118"]),
    ("Sponsor: Quelltide Respiratory Sciences   Protocol QRS-201", ["Quelltide Respiratory Sciences"]),
    ("Passport P00871245 | Alien No. A 219 554 803 | Country of birth: Somalia", ["A 219 554 803"]),
    ("Decedent ID only.\nFile: 22-881-0413   Internal: QL-26-044", ["22-881-0413", "QL-26-044"]),
])
def test_agencies_clubs_offices_roads_sponsors_and_numbers(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, phi", [
    ("Athlete: Galloway, Tamsin J.   DOB: 01/15/2007", ["Galloway, Tamsin J."]),
    ("Applicant: QUARRIE, Zainab bibi   DOB 12 MAR 1979", ["QUARRIE, Zainab bibi"]),
    ("US VENOUS\nIris Wendell-Okoro  DOB 11/21/1956  QX1150988\nFindings: patent.", ["Iris Wendell-Okoro"]),
    ("MRI HIPS\nCaspian De la Quarra  6M  QX-00697080  2/26/26\nLimp.", ["Caspian De la Quarra"]),
    ('XR CHEST\nLarkspur, Daisy Mae (nickname "Dee")   MRN QX0054702', ["Larkspur, Daisy Mae"]),
    ("OB US\nTwo Feathers, Renata  QX-301844  DOB 05/05/1999", ["Two Feathers, Renata"]),
    ("Impression: early medial compartment osteoarthritis.\nMS", ["MS"]),
    ("impression: bi-rads 2 benign. annual screening.\nqzb", ["qzb"]),
])
def test_people_by_form_labels_patient_lines_and_closing_initials(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("CT HEAD\nChest Pain  MRN 4471223\nLeft Knee  65F", ["Chest Pain", "Left Knee"]),
    ("Impression: no acute abnormality.\nCT", ["CT"]),
    ("Comparison:\nMR", ["MR"]),
    ("Pt resting comfortably, will continue to monitor.\nrn", ["rn"]),
    ("Old films on file. The file 2 was reviewed. Consent on file.", ["file 2"]),
    ("Seen in the Sports Medicine clinic; club foot corrected in infancy.", ["club foot"]),
])
def test_these_shapes_leave_report_words(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("Found by aide at residence, 19 Cottonwood Loop, Normal; last seen alive 11/21.", ["19 Cottonwood Loop, Normal"]),
    ("LKW 18:30 at the sale barn, 1 Sale Barn Rd, Reading.", ["1 Sale Barn Rd, Reading"]),
    ("QUARROW CREEK MEMORIAL HOSPITAL, READING, KS\nPATIENT DRUMMOND", ["QUARROW CREEK MEMORIAL HOSPITAL, READING"]),
])
def test_a_listed_town_closes_a_street_or_an_institution(engine, text, phi):
    assert missed(engine, text, phi) == []


def test_a_street_line_closed_by_report_words_keeps_them(engine):
    text = "Seen at 12 Elm Street, Radiology. Follow up in clinic."
    assert missed(engine, text, ["12 Elm Street"]) == [] and touched(engine, text, ["Radiology"]) == []


@pytest.mark.parametrize("text, phi", [
    ("D0B: 0l/14/1957   Date of Serv1ce: l1/06/2026   DOB O5/l8/2OO0", ["0l/14/1957", "l1/06/2026", "O5/l8/2OO0"]),
    ("Found in a vehicle (plate QX 7HR 227) off the county road.", ["QX 7HR 227"]),
    ("Found by home health aide Olga Quarrington at her residence.", ["Olga Quarrington"]),
])
def test_misread_dates_plates_and_helpers_named(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("I/O 1200/800, ratio l/2/3.", ["I/O", "l/2/3"]),
    ("Plate and screw fixation; plate AP 125 mm, 7 holes.", ["AP 125"]),
])
def test_misread_dates_and_plates_leave_ratios_and_hardware(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("Hockey, Quellmoor Force; referred by the team physician.", ["Quellmoor Force"]),
    ("Hx: collegiate swimmer (Tarrow Cobbers), palpitations.", ["Tarrow Cobbers"]),
    ("Died at Wendle Plains CAH; referred as an unattended death.", ["Wendle Plains CAH"]),
    ("Employer: Orrin Valley Grain Handling Coop", ["Orrin Valley Grain Handling Coop"]),
    ("Letter to Harrow & Quince LLP, attorneys for the claimant.", ["Harrow & Quince LLP"]),
    ("Claim reviewed by Granite Peak Mutual Insurance Company.", ["Granite Peak Mutual Insurance Company"]),
    ("Law Offices of Tamsin Orley; copy to Bexley Law Group.", ["Law Offices of Tamsin Orley", "Bexley Law Group"]),
    ("Carrier: Northgate Casualty. Member of the Pipefitters Union.", ["Northgate Casualty", "Pipefitters Union"]),
    ("Reported to the Quellmoor Transplant Registry.", ["Quellmoor Transplant Registry"]),
])
def test_teams_hospitals_by_cah_firms_insurers_unions_and_registries(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("Sports: Hockey, Basketball. Soccer (Right ankle) pain.", ["Hockey", "Basketball", "Right ankle"]),
    ("Congenital adrenal hyperplasia (CAH) at Wendle Plains CAH; screening for CAH.", ["(CAH)", "for CAH"]),
    ("NEURO: A&O X3. PLEASANT AND COOPERATIVE. Calm and Cooperative.", ["PLEASANT AND COOPERATIVE", "Cooperative"]),
    ("Labor Union dues. Tumor Registry. Cancer Registry. Health Insurance.", ["Labor Union", "Tumor Registry",
                                                                             "Cancer Registry", "Health Insurance"]),
    ("CT CHEST -- BURN PIT REGISTRY FOLLOW-UP", ["BURN PIT REGISTRY"]),
])
def test_these_heads_leave_report_words(engine, text, kept):
    assert touched(engine, text, kept) == []


@pytest.mark.parametrize("text, phi", [
    ("RAMQ: QUAR 4512 1234   OHIP 1234 567 890 QX   PHN 9123 456 782", ["QUAR 4512 1234", "1234 567 890 QX",
                                                                       "9123 456 782"]),
    ("Index No. 512344/2026, Supreme Court.", ["512344/2026"]),
    ("Country of birth: Pakistan; last residence Quettaville\nPanel site", ["Quettaville"]),
    ("current address Block 7 Lot 12, Barangay Quarro, Tarlac City.", ["Block 7 Lot 12, Barangay Quarro"]),
])
def test_health_cards_court_numbers_and_residences(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("Index finger 2 cm laceration; the index 3 lesion.", ["Index finger", "index 3"]),
    ("Residing in a group home; current address unchanged.", ["group home", "unchanged"]),
])
def test_health_card_and_residence_labels_leave_report_words(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_a_relative_named_in_brackets(engine):
    text = "Projectile emesis after feeds. Father (Grant Quarrow) reports weight loss. SISTER (FROM CALIF) ON PHONE."
    assert missed(engine, text, ["Grant Quarrow"]) == [] and touched(engine, text, ["CALIF"]) == []
