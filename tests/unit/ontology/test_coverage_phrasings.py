"""Ontology 1.3.0 coverage (issue #22): phrasings real and unseen reports use that once had no concept, each
written anew as a short sentence, with the concept it must resolve to; and the groupers that let a generic
finding resolve to its sited kind."""
import pytest


from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    ("A 6 mm polyp in the sigmoid colon.", {("polyp", "present")}),
    ("No perforation.", {("perforation", "absent")}),
    ("Contrast extravasation from the bladder dome; no intraperitoneal leak.",
     {("active extravasation", "present"), ("leak", "absent")}),
    ("Extravasation at the dome.", {("extravasation", "present")}),
    ("No CSF leak.", {("cerebrospinal fluid leak", "absent")}),
    ("Focal uptake in the thyroid bed. No osseous uptake.", {("radiotracer uptake", "present"),
                                                              ("radiotracer uptake", "absent")}),
    ("Enhancing lesion in the pancreatic tail.", {("lesion", "present")}),
    ("No local recurrence.", {("tumor recurrence", "absent")}),
    ("Filling defect in the distal ureter.", {("filling defect", "present")}),
    ("Air-fluid level in the sinus.", {("acute sinusitis", "present")}),  # the longer, older name still wins
    ("Small air-fluid level in the colon.", {("air-fluid level", "present")}),
    ("Right grade III vesicoureteral reflux.", {("vesicoureteral reflux", "present")}),
    ("Mild pelviectasis on the left.", {("pelviectasis", "present")}),
    ("Distended gallbladder with pericholecystic fluid.", {("gallbladder distention", "present"),
                                                          ("pericholecystic fluid", "present")}),
    ("Dilated bowel loops without a transition point.", {("bowel dilatation", "present"),
                                                          ("transition point", "absent")}),
    ("Cholesteatoma eroding the scutum.", {("cholesteatoma", "present")}),
    ("T2 signal consistent with myelomalacia.", {("myelomalacia", "present")}),
    ("Chronic small vessel ischemic change.", {("chronic small vessel ischemic disease", "present")}),
    ("Hemorrhage with intraventricular extension.", {("hemorrhage", "present"), ("intraventricular hemorrhage", "present")}),
    ("Marginal erosions at the first MTP joint.", {("bone erosion", "present")}),
    ("Placenta previa; no placenta accreta.", {("placenta previa", "present"), ("placenta accreta spectrum", "absent")}),
    ("Right diaphragmatic paralysis.", {("diaphragmatic paralysis", "present")}),
    ("Air bronchograms in the right lower lobe.", {("air bronchogram sign", "present")}),
    ("No right heart strain.", {("right heart strain", "absent")}),
    ("Dilated main pulmonary artery.", {("pulmonary hypertension", "present")}),
    ("Pneumothorax with complete collapse of the left lung.", {("pneumothorax", "present"), ("atelectasis", "present")}),
    ("Collapse of the right lower lobe.", {("lobar collapse", "present")}),
])
def test_phrasings_that_had_no_concept(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a generic fibrosis stays generic; in the lung it is pulmonary fibrosis, in the liver liver fibrosis
    ("Advanced fibrosis.", {("fibrosis", "present")}),
    ("Fibrosis in the lung.", {("pulmonary fibrosis", "present")}),
    ("Fibrosis in the liver.", {("liver fibrosis", "present")}),
    # a lesion in the liver is a liver lesion
    ("Lesion in the liver.", {("liver lesion", "present")}),
    ("Contusion in the right lower lobe.", {("pulmonary contusion", "present")}),
    # the zones a radiograph names are parts of the lung
    ("Right lung base nodule.", {("pulmonary nodule", "present")}),
    ("Nodule in the midlung.", {("pulmonary nodule", "present")}),
    # a nodular opacity is an opacity, not yet a nodule
    ("Nodular opacity in the right midlung.", {("nodular opacity", "present")}),
])
def test_groupers_resolve_to_their_sited_kind(shipped, text, expected):
    assert statuses(shipped, text) == expected


def test_new_groupers_hold_their_kinds(shipped):
    ontology = shipped.ontology
    by_label = {c.label: c.id for c in ontology.concepts.values()}
    for child, parent in [("pulmonary fibrosis", "fibrosis"), ("liver lesion", "lesion"), ("bowel perforation", "perforation"),
                          ("active extravasation", "extravasation"), ("extravasation", "leak"), ("peptic ulcer", "ulcer"),
                          ("adrenal adenoma", "adenoma"), ("gallbladder polyp", "polyp"), ("nodular opacity", "opacity")]:
        assert ontology.is_a(by_label[child], by_label[parent]), (child, parent)
    assert not ontology.is_a(by_label["nodular opacity"], by_label["nodule"])
