"""Issue #22: an adjective that names a finding, said of a structure no finding's name holds ("enlarged testis", "the
renal pelvis is dilated"), is that finding there, its sited kind where the ontology has one (ontology 1.12.0 adds the
structures); a written name keeps its words, and "non-" before such an adjective negates it."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # before the structure, and after it with or without a linking verb and a degree word
    ("Enlarged kidneys bilaterally.", {("enlargement", "present")}),
    ("The aorta is mildly dilated.", {("dilatation", "present")}),
    ("Omentum thickened.", {("thickening", "present")}),
    ("Edematous gallbladder wall.", {("edema", "present")}),
    ("Thrombosed basilic vein.", {("thrombus", "present")}),
    # the sited kind of the finding where there is one
    ("The right renal pelvis is dilated.", {("pelviectasis", "present")}),
    ("Enlarged left testis.", {("testicular enlargement", "present")}),
    ("The pleura is thickened at the apex.", {("pleural thickening", "present")}),
    ("Left atrium appears enlarged.", {("left atrial enlargement", "present")}),
    # assertion cues reach them as any finding
    ("No thickened omentum.", {("thickening", "absent")}),
    ("Possibly enlarged parotid gland.", {("enlargement", "uncertain")}),
    # a negation between structure and adjective leaves nothing to read
    ("The kidneys are not enlarged.", set()),
    # an adjective bound to vessels names nothing of another structure
    ("Tortuous left vertebral artery.", {("vascular tortuosity", "present")}),
    ("Tortuous colon.", set()),
    ("The right subclavian vein is patent.", {("patent vessel", "present")}),
    ("The bronchus is patent.", set()),
])
def test_an_adjective_names_its_finding_at_the_structure(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a written name wins, and one that starts later is not cut short by the adjective before it
    ("Enlarged spleen.", {("splenomegaly", "present")}),
    ("Non-displaced rib fracture.", {("rib fracture", "present")}),
    ("Displaced fracture of the left clavicle.", {("fracture", "present")}),
])
def test_a_written_name_keeps_its_words(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Non-dilated common bile duct.", {("biliary ductal dilatation", "absent")}),
    ("Non-enlarged spleen.", {("splenomegaly", "absent")}),
    ("Non-distended urinary bladder.", {("bladder distension", "absent")}),
    # "non-" before a word that describes a finding that is there does not negate it
    ("Non-calcified nodule in the right upper lobe.", {("pulmonary nodule", "present")}),
])
def test_non_before_the_adjective_negates(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a one-word finding written as the adjective of a change, an appearance or a morphology
    ("Necrotic change in the mass.", {("necrosis", "present"), ("mass", "present")}),
    ("Cirrhotic morphology of the liver.", {("cirrhosis", "present")}),
    ("Mild osteoarthritic changes of the knee.", {("osteoarthritis", "present")}),
    ("Edematous changes of the soft tissues.", {("edema", "present")}),
    ("No hemorrhagic change.", {("hemorrhage", "absent")}),
    # a written name keeps its words
    ("Emphysematous changes.", {("emphysema", "present")}),
])
def test_a_finding_written_as_the_adjective_of_a_change(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # two names sharing their last words, written once: the first is read too
    ("Small or large bowel obstruction.", {("small bowel obstruction", "present"),
                                           ("large bowel obstruction", "present")}),
    ("Bilateral pleural and pericardial effusions.", {("pleural effusion", "present"),
                                                      ("pericardial effusion", "present")}),
    ("No pleural or pericardial effusion.", {("pleural effusion", "absent"), ("pericardial effusion", "absent")}),
    # not when the first word is a finding of its own, or nothing of that name is held
    ("Cardiomegaly and pulmonary edema.", {("cardiomegaly", "present"), ("pulmonary edema", "present")}),
    ("Acute or subacute infarct.", {("cerebral infarction", "present")}),
])
def test_a_shared_last_word_written_once(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a structure the report finds normal is a normal finding of its own, as the development golds label it
    ("Bladder normal.", {("normal finding", "present")}),
    ("Normal lungs. Bones intact.", {("normal finding", "present")}),
    ("Left breast negative.", {("normal finding", "present")}),
    ("The spleen is unremarkable.", {("normal finding", "present")}),
    ("Medial meniscus intact.", {("normal finding", "present")}),
    # "negative" is a breast's normal only; of another structure it names nothing
    ("Left hip negative.", set()),
    # the normal structure takes the words that would negate a finding, not the findings beside it
    ("Kidneys normal without hydronephrosis.", {("normal finding", "present"), ("hydronephrosis", "absent")}),
    ("Liver unremarkable, no focal lesion.", {("normal finding", "present"), ("lesion", "absent")}),
])
def test_a_structure_found_normal_is_a_normal_finding(shipped, text, expected):
    assert statuses(shipped, text) == expected
