"""Issue #22, ontology 1.11.0 (engine revision 9): names written with a hyphen that reports read as one word, findings of
emergency and overnight reads, normal findings named as findings, and the cues that end or keep a negation or a hedge.
Each sentence is written anew for its shape."""
import pytest

from app.ontology.context import ContextRules

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # the report's "intra-articular" is one word once "intraarticular" is a term word: the hyphenated name must match it
    ("An intra-articular loose body in the elbow.", {("intra-articular loose body", "present")}),
    ("No tubo-ovarian abscess.", {("tubo-ovarian abscess", "absent")}),
    ("Distal radius fracture without intra-articular extension.",
     {("distal radius fracture", "present"), ("intra-articular fracture", "absent")}),
])
def test_hyphenated_names_read_as_reports_are(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Straightening of the interventricular septum, consistent with right heart strain.",
     {("interventricular septal flattening", "present"), ("right heart strain", "present")}),
    ("Blowout fracture of the floor without entrapment of the inferior rectus.",
     {("orbital fracture", "present"), ("extraocular muscle entrapment", "absent")}),
    ("Left ovary enlarged with absent color Doppler flow.", {("ovarian enlargement", "present"), ("absent flow", "present")}),
    ("The right testis is enlarged.", {("testicular enlargement", "present")}),
    ("Obstructed ostiomeatal unit on the left; no orbital extension.",
     {("ostiomeatal unit obstruction", "present"), ("orbital extension", "absent")}),
    ("Flattening of the posterior globe bilaterally.", {("posterior globe flattening", "present")}),
    ("A 6 mm rightward shift.", {("midline shift", "present")}),
    ("Dextroconvex thoracic curve of 18 degrees.", {("scoliosis", "present")}),
    ("Swollen epiglottis on the lateral neck film.", {("epiglottitis", "present")}),
    ("Lightbulb sign of the humeral head.", {("light bulb sign", "present")}),
    ("Marked ulnar drift at the MCP joints.", {("ulnar deviation", "present")}),
    ("Partial re-expansion of the right lower lobe.", {("lung reexpansion", "present")}),
    ("No acute intracranial process.", {("intracranial abnormality", "absent")}),
    ("Heart size and pulmonary venous engorgement appear within limits of normal.",
     {("pulmonary vascular congestion", "absent")}),
])
def test_findings_of_emergency_reads(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Lungs clear. No pleural effusion.", {("clear lungs", "present"), ("pleural effusion", "absent")}),
    ("The lungs are otherwise clear.", {("clear lungs", "present")}),
    ("The portal vein is patent.", {("patent vessel", "present")}),
    ("Homogeneous perfusion; no segmental defect.", {("normal perfusion", "present"), ("perfusion defect", "absent")}),
    ("Nonobstructive bowel gas pattern.", {("normal bowel gas pattern", "present")}),
    ("There are scattered areas of fibroglandular density.", {("scattered fibroglandular density", "present")}),
    ("The breasts are almost entirely fatty.", {("fatty breasts", "present")}),
])
def test_normal_findings_named_as_findings(shipped, text, expected):
    assert statuses(shipped, text) == expected


def test_a_normal_finding_is_no_abnormality(shipped):
    ontology = shipped.ontology
    clear = next(c for c in ontology.concepts.values() if c.label == "clear lungs")
    assert ontology.is_a(clear.id, "CLN00088") and not ontology.is_a(clear.id, "CLN00087")


@pytest.mark.parametrize("text, expected", [
    # dictated shorthand and diagnoses the findings do not point to
    ("Kidneys w/o hydronephrosis.", {("hydronephrosis", "absent")}),
    ("Tonsillar abscess; thrombosis not suggested.", {("abscess", "present"), ("thrombus", "absent")}),
    ("No imaging findings of concern for nonaccidental trauma.", {("non-accidental injury", "absent")}),
    ("No evidence of active or prior tuberculosis.", {("tuberculosis", "absent")}),
    # a graded finding after "and" or "with" is a clause of its own; a hedge reaches on
    ("No pneumothorax or effusion and stable cardiomegaly.",
     {("pneumothorax", "absent"), ("effusion", "absent"), ("cardiomegaly", "present")}),
    ("Negative for fracture with small joint effusion.", {("fracture", "absent"), ("joint effusion", "present")}),
    ("Interstitial opacities which may be compatible with mild pulmonary edema.",
     {("opacity", "present"), ("pulmonary edema", "uncertain")}),
    # a cue word inside another finding's name is no cue
    ("Testis enlarged with absent flow.", {("testicular enlargement", "present"), ("absent flow", "present")}),
])
def test_negation_shapes_of_ontology_1_11(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Cavitary lesion; tuberculosis must be considered.", {("cavitary lesion", "present"), ("tuberculosis", "uncertain")}),
    ("Aspergillosis also in differential.", {("fungal pneumonia", "uncertain")}),
    ("DDx includes abscess.", {("abscess", "uncertain")}),
    ("Unclear whether there is a pneumothorax.", {("pneumothorax", "uncertain")}),
    ("Valley fever would be a concern.", {("coccidioidomycosis", "uncertain")}),
])
def test_hedges_of_ontology_1_11(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # adjectives a name opens with, written after the structure (modifiers.yaml predicates)
    ("The foramen ovale is patent.", {("patent foramen ovale", "present")}),
    ("The hemidiaphragms are flattened.", {("hyperinflation", "present")}),
    ("Left shoulder dislocated.", {("shoulder dislocation", "present")}),
    ("Kidneys are echogenic bilaterally.", {("medical renal disease", "present")}),
])
def test_predicates_of_ontology_1_11(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Findings: ulcerated plaque at the carotid bulb.", {("atherosclerosis", "present")}),
    ("Ectatic infrarenal aorta to 2.7 cm, no aneurysm.", {("abdominal aortic ectasia", "present"), ("aneurysm", "absent")}),
    ("Findings: accessory renal artery; two renal arteries on the left.", {("accessory renal artery", "present")}),
    ("History: TBI, PTSD.\nFindings: no hemorrhage.",
     {("traumatic brain injury", "historical"), ("post-traumatic stress disorder", "historical"), ("hemorrhage", "absent")}),
])
def test_more_names_of_ontology_1_11(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("group", [
    {"category": "negated", "direction": "forward", "ends": "negated", "cues": ["and mild"]},
    {"category": "terminate", "direction": "both", "ends": "pseudo", "cues": ["and mild"]},
])
def test_only_a_terminator_ends_one_known_category(group):
    with pytest.raises(ValueError, match="terminator"):
        ContextRules([group])
