"""Ontology 1.18.0 and the eighteenth round's rules: a finding at a site read as the kind named with its words, the
intestine as a structure, a shared opening word carried to the next name of a list, a size between a structure and its
predicate, a clause dash and "beyond" ending a cue's reach, and the names of neuroradiology, sports-medicine, cardiac
and surgical-history reads."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # of two kinds at a site, the one named with the finding's words (colitis, "colonic inflammation"; not
    # diverticulitis, which lies in the colon too)
    ("Inflammation of the colon.", {("colitis", "present")}),
    ("Inflammation of the rectum.", {("proctitis", "present")}),
    ("No rectal inflammation.", {("proctitis", "absent")}),
    # a kind that shares no word with the finding is still not read from it
    ("Tumor in the liver.", {("neoplasm", "present")}),
])
def test_finding_at_a_site_is_the_kind_named_with_its_words(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Bowel herniating through the defect.", {("hernia", "present")}),
    ("Herniated bowel in the left groin.", {("hernia", "present")}),
    ("Obstruction of the bowel.", {("bowel obstruction", "present")}),
    # gas and stool in the bowel are no finding of it
    ("Gas in the bowel.", set()),
])
def test_bowel_is_a_structure(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the opening word of a name carried over "or"/"and" to a word that names nothing alone
    ("No pleural thickening or plaques.", {("pleural thickening", "absent"), ("pleural plaque", "absent")}),
    # not to a word that is a finding's name of its own
    ("No pleural effusion or pneumothorax.", {("pleural effusion", "absent"), ("pneumothorax", "absent")}),
])
def test_shared_opening_word_of_a_list(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Ascending aorta 4.4 cm, dilated.", {("dilated ascending aorta", "present")}),
    ("Spleen 15 cm, enlarged.", {("splenomegaly", "present")}),
    ("Common bile duct 9 mm, dilated.", {("biliary ductal dilatation", "present")}),
    # a negated predicate names nothing, with a size or without ("Spleen: not enlarged.")
    ("Spleen 11 cm, not enlarged.", set()),
])
def test_size_between_a_structure_and_its_predicate(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a negation before a clause dash says nothing of the reading after it
    ("Marrow edema without a fracture line — active stress reaction.",
     {("bone marrow edema", "present"), ("fracture", "absent"), ("stress reaction", "present")}),
    ("No pneumothorax — small effusion.", {("pneumothorax", "absent"), ("effusion", "present")}),
    # the field's value after a dash still answers it
    ("Pneumothorax — none.", {("pneumothorax", "absent")}),
    # what "beyond" names is the exception to the negation
    ("No mass effect beyond mild sulcal effacement.", {("mass effect", "absent"), ("mass effect", "present")}),
])
def test_dash_and_beyond_end_a_cue(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Mild reversal of cervical lordosis.", {("loss of lordosis", "present")}),
    ("T2 hyperintense cord signal at C4-5.", {("myelopathy", "present")}),
    ("Moderate atrophy and chronic microvascular change.",
     {("atrophy", "present"), ("chronic small vessel ischemic disease", "present")}),
    ("Low-attenuation plaque in the proximal LAD.", {("atherosclerosis", "present")}),
    ("Cam morphology with a mild pincer component.", {("femoroacetabular impingement", "present")}),
    ("Findings favor SMA syndrome.", {("vascular compression syndrome", "uncertain")}),
    ("Target lesion with a pseudokidney appearance.", {("lesion", "present"), ("pseudokidney sign", "present")}),
    ("Gallstones, negative sonographic Murphy.",
     {("cholelithiasis", "present"), ("sonographic Murphy sign", "absent")}),
    ("No airway compromise.", {("airway compression", "absent")}),
    ("PI-RADS 5 lesion with suspected EPE.", {("lesion", "present"), ("tumor invasion", "uncertain")}),
])
def test_neuro_sports_cardiac_and_abdominal_vocabulary(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Prior laparotomy.", {("laparotomy", "historical")}),
    ("Status post exploratory laparotomy.", {("laparotomy", "historical")}),
    ("Prior left thoracotomy.", {("thoracotomy", "historical")}),
])
def test_operations_of_the_history(shipped, text, expected):
    assert statuses(shipped, text) == expected
