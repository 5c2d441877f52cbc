"""Ontology 1.12.0: an appearance written as a place ("hypodense area", "region of hypoenhancement") names what the
same appearance as a focus does, and the structures it adds carry their RadLex IDs and their place in the body."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    ("Hypodense area in the right frontal lobe.", {("lesion", "present")}),
    ("Hypoechoic regions in the left lobe.", {("lesion", "present")}),
    ("No hyperintense area in the cord.", {("signal abnormality", "absent")}),
    ("T2 hyperintense areas in the periventricular white matter.", {("T2 hyperintensity", "present")}),
    ("Wedge-shaped hypoenhancing area in the kidney.", {("hypoenhancement", "present")}),
    ("Area of low attenuation in the spleen.", {("lesion", "present")}),
    ("Sclerotic region in the femoral head.", {("sclerotic bone lesion", "present")}),
    ("Mild narrowing of the disc space at C5-6.", {("degenerative disc disease", "present")}),
    # and as a component of something larger; ground glass named alone
    ("Hyperdense component within the collection.", {("lesion", "present"), ("fluid collection", "present")}),
    ("Patchy areas of ground glass in both upper lobes.", {("ground-glass opacity", "present")}),
    # words of reports for findings already held
    ("Small apical pneumothorax without tension physiology.",
     {("pneumothorax", "present"), ("tension pneumothorax", "absent")}),
    ("Retained secretions in the left main bronchus.", {("mucus plugging", "present")}),
    ("Foci of gas within the wall of the abscess.", {("gas collection", "present"), ("abscess", "present")}),
    ("Thyroid nodule with a cystic component.", {("thyroid nodule", "present"), ("cyst", "present")}),
])
def test_an_appearance_written_as_a_place(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("label, rid, within", [
    ("renal pelvis", "RID228", "RID205"),        # part of the kidney
    ("hypopharynx", "RID10021", "RID13211"),     # part of the pharynx
    ("basilic vein", "RID1016", "RID1008"),      # a vein
    ("testis", "RID366", "RID13203"),            # an organ
])
def test_new_structures_sit_in_the_anatomy(shipped, label, rid, within):
    ontology = shipped.ontology
    concept = ontology.concepts[rid]
    assert concept.label == label and concept.root == "anatomical entity"
    assert within in concept.part_of or ontology.is_a(rid, within)


@pytest.mark.parametrize("text, expected", [
    # observations named before they are characterised
    ("Heterogeneous enhancement of the left lobe.", {("heterogeneity", "present")}),
    ("Nodular thickening of the pleura.", {("nodularity", "present")}),
    ("Hazy density over the right lower lung.", {("haziness", "present")}),
    ("Beaded appearance of the intrahepatic ducts.", {("beading", "present")}),
    ("The spinal cord is flattened at C5.", {("flattening", "present")}),
    ("Endosteal scalloping of the femur.", {("scalloping", "present")}),
    ("Coarsened trabeculae in the iliac wing.", {("coarsening", "present")}),
    ("No tethering of the bowel.", {("tethering", "absent")}),
])
def test_observations_named_before_they_are_characterised(shipped, text, expected):
    assert statuses(shipped, text) == expected
