"""Values under the PHI columns of a delimited table pasted into a report, named by its header row."""
import pytest

from .conftest import missed, touched


@pytest.mark.parametrize("text, phi", [
    ('"ACC","MRN","PATIENT","EXAM"\n"RX-558120","7712-00412","Orlov, Tamsin","CT RENAL STONE"\nNo stone.',
     ["7712-00412", "Orlov, Tamsin"]),
    ("Acc | MRN | Patient | Exam\nQZ-4471 | 0093-118 | Tamsin Orlov | MR knee\nFindings: normal.",
     ["QZ-4471", "0093-118"]),
    ("MRN\tName\tStudy\n0093-118\tQuillane, Brede\tCT head\n", ["0093-118"]),
])
def test_values_under_a_header_of_field_labels_are_phi(engine, text, phi):
    assert missed(engine, text, phi) == []


@pytest.mark.parametrize("text, kept", [
    ("Site | Location | Size\nLiver | Segment 7 | 2 cm\n", ["Liver", "Segment 7"]),  # lesions, not people
    ("Level, Finding, Size\nL4-5, disc bulge, 3 mm\n", ["L4-5", "disc bulge"]),
    ("ACC, MRN, Patient\n12, 4\nTrace ascites.", ["Trace ascites"]),  # a row of another width ends the table
])
def test_tables_of_findings_are_left_alone(engine, text, kept):
    assert touched(engine, text, kept) == []
