"""Issue #22: what follows a found name (given names behind particles, a bare middle initial in capitals, a
placeholder's number, a quoted nickname, a suffix's full stop), and the words after a name that are report text.

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
])
def test_what_follows_a_name_belongs_to_it(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("Discussed with Dr. Ellwood to do CT tomorrow.", ["CT tomorrow"]),
    ("Dr. Ellwood 25 mm nodule, stable.", ["25 mm"]),
    ("PATIENT: HALVERSTAM, OTTILIE   MRN: QX00118877", ["MRN"]),
    ("Seen by Dr. Ellwood on the ward.", ["on the ward"]),
])
def test_report_words_after_a_name_are_left_alone(engine, text, kept):
    assert touched(engine, text, kept) == []


def test_name_particles_are_one_lower_case_list():
    assert {"de", "los", "van", "y", "bin"} <= NAME_PARTICLES
    assert all(p == p.lower() and " " not in p for p in NAME_PARTICLES)
