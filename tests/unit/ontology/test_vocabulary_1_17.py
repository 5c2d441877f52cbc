"""Ontology 1.17.0 and 1.17.1 and the seventeenth round's coverage rules: British spellings, a finding's adjective at a
structure or as its predicate, more adjective endings and described nouns, degree words of extent, a field's colon or a
list's comma between a structure and its predicate, the upper airway of sleep and ENT reads; a generic finding at a
structure kept generic, a structure's adjective written after its finding, predicates as verbs, a number between a
structure and its predicate, and a field's further values."""
import pytest

from app.ontology.normalize import normal_form
from app.ontology.phrases import PhraseIndex

from .conftest import statuses


@pytest.mark.parametrize("british, american", [
    ("haemorrhage", "hemorrhage"), ("Haematomas", "hematoma"), ("oesophageal", "esophageal"), ("oedema", "edema"),
    ("ischaemic", "ischemic"), ("anaemia", "anemia"), ("paediatric", "pediatric"), ("orthopaedic", "orthopedic"),
    ("faecal", "fecal"), ("caecum", "cecum"), ("coeliac", "celiac"), ("tumours", "tumor"), ("grey", "gray"),
    ("centre", "center"), ("fibres", "fiber"), ("localised", "localized"), ("diarrhoea", "diarrhea"),
])
def test_british_spellings_read_as_american(british, american):
    assert normal_form(british) == normal_form(american) == american


def test_american_words_keep_their_own_form():
    # a word holding a folded run still matches itself, and short words are left alone
    assert normal_form("raised") == normal_form("Raised")
    assert normal_form("aerated") == "aerated"
    assert normal_form("toe") == "toe"


@pytest.mark.parametrize("text, expected", [
    ("Oesophageal thickening.", {("esophageal wall thickening", "present")}),
    ("No haemorrhage. Faecal loading.", {("hemorrhage", "absent"), ("fecal loading", "present")}),
    ("Localised oedema.", {("edema", "present")}),
])
def test_british_reports(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the adjective of a finding before a structure where it lies, or as that structure's predicate
    ("Emphysematous lungs.", {("emphysema", "present")}),
    ("The lungs are emphysematous.", {("emphysema", "present")}),
    ("Bones are diffusely osteopenic.", {("osteopenia", "present")}),
    ("Osteopenic bones.", {("osteopenia", "present")}),
    ("Fibrotic lungs.", {("pulmonary fibrosis", "present")}),
    # not at a structure the finding is not found at
    ("Emphysematous kidney.", set()),
])
def test_finding_adjective_at_a_structure(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the new endings: -ia/-ic, -ysis/-ytic, -asis/-atic
    ("Osteopenic change.", {("osteopenia", "present")}),
    ("Spondylolytic defect at L5.", {("spondylolysis", "present")}),
    # the new described nouns
    ("Fibrotic process at the bases.", {("fibrosis", "present")}),
    ("Stenotic segment of the artery.", {("stenosis", "present")}),
    # a bare adjective names nothing
    ("Stenotic.", set()),
])
def test_adjective_endings_and_described_nouns(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # degree words of extent inside a structure's predicate
    ("Liver is diffusely echogenic.", {("abnormal echogenicity", "present")}),
    # a field's colon and a list's comma between a structure and its predicate
    ("Spleen: enlarged.", {("splenomegaly", "present")}),
    ("ASCENDING AORTA, MILDLY DILATED.", {("dilated ascending aorta", "present")}),
    ("Spleen: not enlarged.", set()),
    # an opacified sinus
    ("The left maxillary sinus is opacified.", {("opacity", "present")}),
])
def test_predicates_after_extent_words_colons_and_commas(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Obstructive sleep apnoea. Retrognathia.", {("obstructive sleep apnea", "present"), ("retrognathia", "present")}),
    ("OSA.", {("obstructive sleep apnea", "present")}),
    ("Macroglossia and an elongated soft palate.", {("macroglossia", "present"), ("elongated soft palate", "present")}),
    ("Pansinusitis.", {("sinusitis", "present")}),
    ("No mucoperiosteal thickening.", {("sinusitis", "absent")}),
])
def test_upper_airway_and_sinus_vocabulary(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a normal word after a colon opens a value more often than it states one
    ("Spine: normal alignment.", set()),
    # surrounding edema is edema wherever it is, not the brain's vasogenic kind
    ("Abscess of the thigh with surrounding edema.", {("abscess", "present"), ("edema", "present")}),
])
def test_what_the_new_rules_leave_alone(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The left mandibular third molar is impacted.", {("impacted tooth", "present")}),
    ("Right maxillary canine unerupted.", {("impacted tooth", "present")}),
    ("Periapical rarefaction at the mesial root. Widened PDL space.", {("periapical lesion", "present")}),
    ("Horizontal bone loss with furcation involvement.", {("alveolar bone loss", "present")}),
    ("Mesiodens. No pericoronitis.", {("supernumerary tooth", "present"), ("pericoronitis", "absent")}),
    ("Oroantral fistula after extraction.", {("oroantral communication", "present")}),
    ("Hypertrophied inferior turbinates.", {("turbinate hypertrophy", "present")}),
])
def test_dental_and_sinonasal_vocabulary(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Talcosis. Byssinosis.", {("pneumoconiosis", "present")}),
    ("Costophrenic angle obliteration.", {("costophrenic angle blunting", "present")}),
    ("Trapped lung after drainage.", {("trapped lung", "present")}),
    ("Cachexia.", {("cachexia", "present")}),
    ("BOOP. PCKD. OPLL at C4-5.", {("organizing pneumonia", "present"), ("polycystic kidney disease", "present"),
                                   ("ossification of posterior longitudinal ligament", "present")}),
    ("Sprained ankle.", {("ligament tear", "present")}),
])
def test_occupational_hospice_and_abbreviation_vocabulary(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a name that opens with a structure, written with the structure after "of (the)"
    ("Full-thickness tear of the supraspinatus tendon.", {("supraspinatus tear", "present")}),
    ("Thrombosis of the portal vein.", {("portal vein thrombosis", "present")}),
    ("Complete tear of the anterior cruciate ligament.", {("anterior cruciate ligament tear", "present")}),
    # not after "in", nor with a side between: the site rule reads those, as before
    ("Calcification in the right breast.", {("calcification", "present")}),
    ("Displaced fracture of the left clavicle.", {("fracture", "present")}),
])
def test_structure_written_after_its_finding(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a generic tumour at a structure stays the generic neoplasm, never the one histology sited there
    ("Tumours in the liver.", {("neoplasm", "present")}),
    ("Tumour in the uterus.", {("neoplasm", "present")}),
    # a kind that names the finding at the site still resolves
    ("Hemorrhage in the ventricles.", {("intraventricular hemorrhage", "present")}),
    # a bare word names no site; the structure written after it does (ontology 1.17.1)
    ("Siderosis.", {("iron overload", "present")}),
    ("Siderosis of the brain.", {("superficial siderosis", "present")}),
    ("Iron deposition in the liver.", {("hepatic iron overload", "present")}),
])
def test_generic_findings_at_a_structure_stay_generic(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a name opening with a structure's adjective, read with the structure after "of (the)", "in the", "within the"
    ("Deviation of the trachea.", {("tracheal deviation", "present")}),
    ("Blood in the ventricles.", {("intraventricular hemorrhage", "present")}),
    ("Gas in the portal vein.", {("portal venous gas", "present")}),
    ("Air in the bladder.", {("intravesical gas", "present")}),
    ("No air within the bladder.", {("intravesical gas", "absent")}),
    # not with a side after the article: the site rule keeps the generic label
    ("Calcification in the right breast.", {("calcification", "present")}),
])
def test_adjective_of_a_structure_written_after_its_finding(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The septum deviates to the left.", {("nasal septal deviation", "present")}),
    ("The L4-5 disc is herniating.", {("disc herniation", "present")}),
    ("The pancreatic duct is dilating.", {("pancreatic ductal dilatation", "present")}),
    # the verb of a word that is no predicate names nothing
    ("The septum moves.", set()),
])
def test_predicates_written_as_verbs(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Tooth 17 is impacted.", {("impacted tooth", "present")}),
    ("Rib 6 is fractured.", {("rib fracture", "present")}),
    # a vertebra's level letter and number
    ("L4 is compressed.", {("vertebral compression fracture", "present")}),
    ("The L1 vertebral body is compressed.", {("vertebral compression fracture", "present")}),
    ("Nerve is compressed.", set()),
    # a number alone after a structure names nothing
    ("Rib 6 is seen.", set()),
])
def test_a_number_between_a_structure_and_its_predicate(shipped, text, expected):
    assert statuses(shipped, text) == expected


def test_a_number_stands_between_a_phrases_words_only_in_an_index_that_allows_it():
    phrases = [(("rib", "is", "fractured"), "rib fracture")]
    found = PhraseIndex(phrases, numbers=True).find(["rib", "6", "is", "fractured"])
    assert [(m.start, m.end) for m in found] == [(0, 4)]
    assert PhraseIndex(phrases).find(["rib", "6", "is", "fractured"]) == []
    # never before a phrase's first word
    assert PhraseIndex(phrases, numbers=True).find(["6", "is", "fractured"]) == []


@pytest.mark.parametrize("text, expected", [
    ("Kidneys: polycystic, enlarged.", {("polycystic kidney disease", "present"), ("enlargement", "present")}),
    ("Spleen: enlarged, 15 cm.", {("splenomegaly", "present")}),
    ("Liver: normal size, diffusely echogenic, c/w steatosis.", {("abnormal echogenicity", "present"),
                                                               ("hepatic steatosis", "present")}),
    # a value is all the words between its commas: "enlarged cyst" is not an enlarged kidney
    ("Kidneys: normal size, enlarged cyst.", {("cyst", "present")}),
])
def test_a_fields_further_values(shipped, text, expected):
    assert statuses(shipped, text) == expected
