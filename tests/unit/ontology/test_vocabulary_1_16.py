"""Ontology 1.16.0 and the sixteenth round's rules: French and Spanish findings and cues of bilingual reports, accents
and elided articles, fields valued by the empty set or "no evidence", lists of fields whose items carry a qualifier,
what is known only by history, and the findings no name held."""
import pytest

from app.ontology.normalize import phrase_key, tokenize

from .conftest import statuses


def test_accents_and_elided_articles_are_read_as_words():
    assert phrase_key("Épanchement pleural") == phrase_key("epanchement pleural") == ("epanchement", "pleural")
    assert phrase_key("œdème") == phrase_key("oedeme") == phrase_key("edeme")  # and British "oe" is read as American "e"
    assert [t.text for t in tokenize("d'épanchement")] == ["d", "'", "épanchement"]
    # an English contraction or a name with an apostrophe stays one word
    assert [t.text for t in tokenize("don't O'Brien")] == ["don't", "O'Brien"]
    # the multiplication sign is no letter
    assert [t.text for t in tokenize("3×4")] == ["3", "×", "4"]


@pytest.mark.parametrize("text, expected", [
    ("Pas d'épanchement pleural. Pas de pneumothorax.",
     {("pleural effusion", "absent"), ("pneumothorax", "absent")}),
    ("Emphysème centrolobulaire aux sommets.", {("centrilobular emphysema", "present")}),
    ("Épanchement pleural droit de faible abondance. Atélectasie passive adjacente.",
     {("pleural effusion", "present"), ("atelectasis", "present")}),
    ("Pas d'hémorragie intracrânienne. Hématome sous-galéal pariétal droit. Leucoaraïose modérée.",
     {("intracranial hemorrhage", "absent"), ("scalp hematoma", "present"), ("white matter disease", "present")}),
    # a French field's value
    ("Épanchement : aucun. Fracture : aucune.", {("effusion", "absent"), ("fracture", "absent")}),
    ("Placenta praevia non.", {("placenta previa", "absent")}),
    # "non" inside a clause describes, it does not negate
    ("Fracture non déplacée du scaphoïde.", {("fracture", "present")}),
    # French writes "old" after its noun
    ("Infarctus lacunaire ancien au noyau lenticulaire gauche.", {("lacunar infarction", "historical")}),
    ("Microcalcifications absentes.", {("breast calcifications", "absent")}),
    ("Adénopathie cervicale : aucune.", {("lymph node enlargement of the neck", "absent")}),
    # a French "but" ends the negation before it
    ("Pas de fracture mais œdème des parties molles.", {("fracture", "absent"), ("edema", "present")}),
])
def test_french_findings_and_cues(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("No neumonía. No derrame pleural.", {("pneumonia", "absent"), ("pleural effusion", "absent")}),
    ("Sin derrame pleural. Cardiomegalia.", {("pleural effusion", "absent"), ("cardiomegaly", "present")}),
])
def test_spanish_findings_and_cues(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the empty set as a field's value
    ("Pleura: effusion ∅. Loose bodies ∅.", {("effusion", "absent"), ("intra-articular loose body", "absent")}),
    # "no evidence" closing a field, and still negating forward
    ("Diffuse axonal injury: no evidence.", {("diffuse axonal injury", "absent")}),
    ("Osseous metastases: no scintigraphic evidence.", {("bone metastasis", "absent")}),
    ("No evidence in the postoperative period of abscess.", {("abscess", "absent")}),
    ("No MR evidence of rotator cuff tear.", {("rotator cuff tear", "absent")}),
    ("Liver, pancreas, kidneys, bowel: solid organ injury otherwise none.", {("injury", "absent")}),
    ("Fistula not shown. Steatosis not apparent.", {("fistula", "absent"), ("hepatic steatosis", "absent")}),
    # an item of a list of fields may carry a qualifier no name holds
    ("Fracture, subluxation or prevertebral swelling: none seen.",
     {("fracture", "absent"), ("subluxation", "absent"), ("swelling", "absent")}),
    ("Rupture or periaortic stranding: none.", {("tear", "absent"), ("fat stranding", "absent")}),
    # but words before a list that no colon closes do not make it one
    ("Exophytic mass, RCC likely.", {("mass", "present"), ("renal cell carcinoma", "uncertain")}),
    # a field's name may go on after its finding, up to its colon
    ("Avascular necrosis of the talus: none.", {("avascular necrosis", "absent")}),
    ("Instability on stress: none.", {("instability", "absent")}),
    ("Instabilité carpienne : non.", {("instability", "absent")}),
    # not over a number or a comma, and not when the finding is inside the field's name
    ("Mass in the liver 3 cm: none", {("liver lesion", "present")}),
    ("Lungs with mild emphysema, upper zones: none else.", {("emphysema", "present")}),
])
def test_fields_and_postposed_negation(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Vertebral compression fracture at T12 per history.", {("vertebral compression fracture", "historical")}),
    # only closing its clause: a finding before history said of something else is seen on this exam
    ("Rib fracture per history of a fall is seen today.", {("rib fracture", "present")}),
])
def test_known_by_history(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # seen on the images, not the background "lymphoproliferative disorder" alone would be; history when said so
    ("Complete metabolic response of post-transplant lymphoproliferative disorder.",
     {("complete response", "present"), ("post-transplant lymphoproliferative disorder", "present")}),
    ("History of PTLD.", {("post-transplant lymphoproliferative disorder", "historical")}),
    ("Elevated resistive indices, nonspecific (acute tubular necrosis vs rejection).",
     {("elevated resistive index", "present"), ("necrosis", "uncertain"), ("transplant rejection", "uncertain")}),
    ("No evidence of rejection.", {("transplant rejection", "absent")}),
    ("Replaced right hepatic artery from the SMA; accessory inferior right hepatic vein.",
     {("replaced hepatic artery", "present"), ("accessory hepatic vein", "present")}),
    ("Accessory lower pole artery. Mild ulnar positive variance.",
     {("accessory renal artery", "present"), ("positive ulnar variance", "present")}),
    # a graft's segmental artery named by its pole is no variant
    ("Lower pole artery RI 0.70.", set()),
    ("Mid LAD stenosis, consistent with cardiac allograft vasculopathy.",
     {("stenosis", "present"), ("cardiac allograft vasculopathy", "present")}),
    ("Widened interspinous distance T12-L1.", {("interspinous widening", "present")}),
    ("Left: alpha 52 degrees, immature hip (Graf IIa).", {("immature hip", "present")}),
    ("Left hip immature.", {("immature hip", "present")}),
    ("Pancreas: fatty infiltration.", {("fatty infiltration", "present")}),
    # the liver's and the muscle's keep their own names
    ("Fatty infiltration of the liver.", {("hepatic steatosis", "present")}),
    ("One intraorbital pellet; birdshot in the soft tissues.", {("birdshot", "present")}),
    ("Medial compartment bone-on-bone.", {("joint space narrowing", "present")}),
    ("Right upper lobe cavity with thick walls.", {("cavitary lesion", "present")}),
    # a body cavity is no cavitary lesion
    ("Free fluid in the peritoneal cavity.", {("free fluid", "present")}),
])
def test_new_findings(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Pleural abnormalities consistent with pneumoconiosis? NO",
     {("pleural abnormality", "absent"), ("pneumoconiosis", "absent")}),
    ("Pneumothorax? No. Effusion? Yes.", {("pneumothorax", "absent"), ("effusion", "present")}),
    # a question left open stays a question, and a "no" that opens the next sentence negates what follows it
    ("Pneumonia?", {("pneumonia", "uncertain")}),
    ("Pneumonia? No acute process.", {("pneumonia", "uncertain"), ("acute abnormality", "absent")}),
    ("Pneumothorax?\nNo.", {("pneumothorax", "uncertain")}),
])
def test_a_forms_question_and_its_answer(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a finding compared with an earlier exam is no differential; two diagnoses weighed still are
    ("Traction bronchiectasis, progressed vs each prior.", {("traction bronchiectasis", "present")}),
    ("Atelectasis vs pneumonia.", {("atelectasis", "uncertain"), ("pneumonia", "uncertain")}),
    # a finding whose meaning is doubted is there; one whose presence is doubted is not
    ("Few white matter foci of doubtful significance.", {("lesion", "present")}),
    ("Effusion is doubtful.", {("effusion", "absent")}),
])
def test_comparisons_with_a_prior_and_doubted_meaning(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Indeterminate 8 mm lesion in segment 4a.", {("lesion", "uncertain")}),
    ("Indeterminate right adrenal nodule.", {("adrenal nodule", "uncertain")}),
    ("Sclerotic right rib focus, indeterminate.", {("lesion", "uncertain")}),
    # near only, and not a finding after it in another clause
    ("Indeterminate study for the appendix; small effusion.", {("effusion", "present")}),
])
def test_indeterminate_findings(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # the part or the kind of a structure inside a finding's name
    ("Dilated proximal small bowel.", {("dilatation", "present")}),
    ("Atrophic native kidneys.", {("renal atrophy", "present")}),
    # lymphoma's residual tissue named with its site
    ("Residual mediastinal soft tissue, 2.2 cm.", {("soft tissue density", "present")}),
    ("Residual mesenteric soft tissue, 2.2 cm (was 7.8 cm).", {("soft tissue density", "present")}),
    # never before a name's first word: a proximal fracture is still read by its own name
    ("Distal radius fracture.", {("distal radius fracture", "present")}),
])
def test_parts_of_structures_inside_names(shipped, text, expected):
    assert statuses(shipped, text) == expected
