"""Ontology 1.13.0: findings, signs and complaints of screening, fluoroscopy, nuclear medicine and community reads that
no name held, and reports' own words for findings already held; a diagnosis a finding is said to support is uncertain."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    ("Left breast: no suspicious findings.", {("suspicious finding", "absent")}),
    ("Thin liquids: delayed swallow initiation.", {("delayed swallow initiation", "present")}),
    ("Interval drop in LVEF of 15 points, meeting criteria for cardiotoxicity.",
     {("left ventricular systolic dysfunction", "present"), ("cardiotoxicity", "present")}),
    ("Lumbar puncture: elevated opening pressure.", {("elevated opening pressure", "present")}),
    ("Barium swallow: impacted food bolus in the distal esophagus.", {("food impaction", "present")}),
    ("Cobblestoning of the terminal ileum with a skip segment in the jejunum.",
     {("cobblestone pattern", "present"), ("skip lesions", "present")}),
    ("Ovoid packets in the colon, suspicious for body packing.", {("body packing", "uncertain")}),
    ("Upper GI: no slipped wrap.", {("slipped fundoplication", "absent")}),
    ("Renogram: mildly reduced split function on the right.", {("reduced differential renal function", "present")}),
    ("Standing knee films: varus alignment.", {("varus deformity", "present")}),
    ("Post-traumatic changes of the right elbow.", {("post-traumatic change", "present")}),
    ("Indication: left bloody nipple discharge.", {("nipple discharge", "present")}),
    ("Irregular hypoechoic mass with angular margins.", {("mass", "present"), ("angular margin", "present")}),
    ("Dilated subareolar duct at 3:00.", {("duct ectasia", "present")}),
    ("Nodal mass with desmoplastic reaction.", {("mass", "present"), ("desmoplastic reaction", "present")}),
    ("Blood at the meatus.", {("blood at the meatus", "present")}),
])
def test_new_findings_and_signs(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Moderately reduced LVEF.", {("left ventricular systolic dysfunction", "present")}),
    ("HIDA: low GBEF.", {("gallbladder dyskinesia", "present")}),
    ("Effaced basal cisterns.", {("mass effect", "present")}),
    ("PET: no distant disease.", {("metastasis", "absent")}),
    ("Transitional L5 segment.", {("transitional vertebra", "present")}),
    ("No sigmoidocele. Perineal descent of 3 cm.", {("pelvic organ prolapse", "absent"),
                                                    ("pelvic organ prolapse", "present")}),
    ("Shallow acetabulum on the left.", {("developmental dysplasia of the hip", "present")}),
    ("The liver surface is mildly nodular.", {("cirrhosis", "present")}),
    ("Flame-shaped subareolar density on the right.", {("gynecomastia", "present")}),
    ("Subtle cortical buckle of the distal radius.", {("buckle fracture", "present")}),
    ("Cecal volvulus with a whirl sign.", {("cecal volvulus", "present"), ("whirlpool sign", "present")}),
    ("Ingested magnets in the small bowel.", {("ingested foreign body", "present")}),
    # a structure found normal, in words of a function or of a place
    ("Normal wall motion. Ventilation normal. Airway patent. Sinuses clear.", {("normal finding", "present")}),
    # a known disease imaging does not show, abbreviated, is the patient's background
    ("Hep C, treated in 2023.", {("hepatitis", "historical")}),
])
def test_reports_words_for_findings_held(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Raised opening pressure, supporting idiopathic intracranial hypertension.",
     {("elevated opening pressure", "present"), ("idiopathic intracranial hypertension", "uncertain")}),
    ("Findings supportive of Crohn disease.", {("Crohn disease", "uncertain")}),
])
def test_a_diagnosis_a_finding_supports_is_uncertain(shipped, text, expected):
    assert statuses(shipped, text) == expected
