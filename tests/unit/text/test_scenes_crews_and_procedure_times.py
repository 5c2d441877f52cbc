"""Issue #22: trauma scenes and the crews that bring a patient in (EMS agencies, fire districts, air ambulances,
crossing streets, blocks, highway mile markers), a medical centre by its letters, stables;
a newborn's "Baby Girl", a family name after a quoted nickname; a sedation's span of clock times and the time after
a month's name or in the column after a date; and what these shapes leave alone.

Names, numbers and places are invented.
"""
import pytest

from app.text.completion import _PARTICLES
from app.text.recognizers._names import NAME_PARTICLES

from .conftest import missed, touched


@pytest.mark.parametrize("text, phi", [
    ("EMS: Carrow County EMS Medic 3, run # 26-118830.", ["Carrow County EMS"]),
    ("Pedestrian struck; Wendle Fire Protection District run WFPD-26-0412.", ["Wendle Fire Protection District"]),
    ("Brought in by Tamsworth Fire Rescue after a house fire.", ["Tamsworth Fire Rescue"]),
    ("Kicked by a horse at Silverbirch Hollow Stables this morning.", ["Silverbirch Hollow Stables"]),
    ("Airlifted by Tarrow AirCare 6 (flight # TA6-26-0091).", ["Tarrow AirCare 6"]),
    ("CT ANGIO HEAD - OUTSIDE STUDY, ETA BY TARROW LIFEFLIGHT 3 40 MIN.", ["TARROW LIFEFLIGHT 3"]),
    ("Over-read at QVMC of the outside CT. Discussed with QVMC neurosurgery.", ["QVMC", "QVMC"]),
])
def test_crews_and_institutions_by_their_head_or_letters(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, phi", [
    ("Scene: I-84 westbound near mile marker 212, rollover.", ["I-84 westbound near mile marker 212"]),
    ("Pedestrian struck, US-31 near the Quarle exit; EMS on scene.", ["US-31 near the Quarle exit"]),
    ("| Scene | Tamsin Hwy at Wexley Rd, Orrinton KY |", ["Tamsin Hwy at Wexley Rd"]),
    ("Motorcycle down, scene KY-92 at Pellory Lake Rd.", ["KY-92 at Pellory Lake Rd"]),
    ("GSW, scene 4100 block of W Quarrington.", ["4100 block of W Quarrington"]),
    ("Fell at home, 7720 E Hwy 62, Orrinton.", ["7720 E Hwy 62"]),
    ("Lives at RR 3 Box 112C, Orrinton KY 40999.", ["RR 3 Box 112C"]),
    ("Home address 18 Rue Vautrin, Apt 4, Quarleville, QC J4H 3B2.", ["18 Rue Vautrin, Apt 4"]),
])
def test_scenes_and_addresses_without_a_plain_street_line(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, phi", [
    ("Baby Boy Quarrington-Ames (twin A), DOL 2, NICU.", ["Baby Boy Quarrington-Ames"]),
    ('Patient: Rosamund "Roz" ten Velde, 6y F, MRN QX-00118231', ['Rosamund "Roz" ten Velde']),
    ("Time-out 1402. Sedation (moderate) 1405-1448.", ["1405", "1448"]),
    ("Sedation: midazolam 1 mg, fentanyl 25 mcg; 0912-0950.", ["0912", "0950"]),
    ("Tc-99m sulfur colloid egg meal, ingested 0715-0725.", ["0715", "0725"]),
    ("Quillane, Bertram  |  QX7711023  |  03/04/26  |  1315", ["1315"]),
    ("Mar 2, 2026 2218\nLeft eyelid swelling.", ["2218"]),
])
def test_names_and_times_in_these_shapes(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("Called EMS at home; per EMS report the patient was ejected.", ["EMS"]),
    ("PT BROUGHT IN BY EMS. NICU TRANSPORT UNEVENTFUL.", ["EMS", "NICU TRANSPORT"]),
    ("CV- Stable. Resp- clear.", ["Stable"]),
    ("Pt Arrived Via Ambulance from home. Lives on the Family Farm. Family Will Arrange Transport.",
     ["Arrived Via Ambulance", "Family Farm", "Arrange Transport"]),
    ("Sedation given. SVR 1500-2250 overnight.", ["1500-2250"]),
    ("Thumb CMC joint osteoarthritis; VAMC follow-up.", ["CMC joint", "VAMC"]),
    ("I-131 therapy at 100 mCi. Block of 2 mg given.", ["I-131", "Block of 2 mg"]),
    ('Nickname "Buddy" PLAN: repeat CT.', ["PLAN: repeat CT"]),
])
def test_these_shapes_leave_report_words_alone(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_two_doctors_are_no_crossing_streets(engine):
    assert [e.type for e in engine.analyze("Seen by Quarle Dr and Tamsin Dr this am.") if e.type == "ADDRESS"] == []


def test_a_name_takes_the_listed_particles_before_it():
    assert _PARTICLES.search("seen with la ") and _PARTICLES.search("van het ")
    assert all(_PARTICLES.search(f"x {p} ") for p in NAME_PARTICLES)
    assert _PARTICLES.search("the ") is None
