"""Ontology 1.14.0: findings and signs of paediatric, interventional, nuclear medicine and trauma reads that no name
held, reports' own words for findings and signs already held, and the assertion shapes found with them."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    ("No airway compression.", {("airway compression", "absent")}),
    ("Advanced bone age, consistent with the clinical question of precocious puberty.",
     {("advanced bone age", "present"), ("precocious puberty", "uncertain")}),
    ("No basilar invagination.", {("basilar invagination", "absent")}),
    ("Post CT: contrast staining in the left lentiform nucleus.", {("contrast staining", "present")}),
    ("Absent cerebral perfusion, consistent with brain death.", {("brain death", "present")}),
    ('"Hollow skull" sign.', {("hollow skull sign", "present")}),
    ("No pneumatosis, no mesenteric venous gas.", {("pneumatosis intestinalis", "absent"),
                                                   ("mesenteric venous gas", "absent")}),
    ("Pseudosubluxation of C2 on C3, physiologic for age.", {("pseudosubluxation", "present")}),
    ("Articular step-off approximately 2 mm.", {("articular step-off", "present")}),
    ("Diffuse marrow uptake, consistent with reactive marrow after G-CSF.",
     {("radiotracer uptake", "present"), ("reactive marrow", "present")}),
    ("No focal infection source; no endocarditis features.", {("infection", "absent"), ("endocarditis", "absent")}),
    ("No strut penetration beyond 3 mm.", {("filter strut penetration", "absent")}),
    ("Utero-ovarian anastomosis: none seen.", {("utero-ovarian anastomosis", "absent")}),
    ('Foreign body with a double ring ("halo") contour.', {("foreign body", "present"), ("double ring sign", "present")}),
    ("Seat-belt sign of the lower abdominal wall.", {("seat belt sign", "present")}),
    ("IMP: Positive FAST (RUQ, LUQ, pelvis).", {("positive FAST", "present")}),
])
def test_new_findings_and_signs(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Spine: normal alignment; no vertebral compression.", {("vertebral compression fracture", "absent")}),
    ("Right-sided aortic arch.", {("aortic arch anomaly", "present")}),
    ("Decreased pulmonary vascularity.", {("oligemia", "present")}),
    ('Cardiomegaly with a "boot-shaped heart" contour.', {("cardiomegaly", "present"),
                                                          ("boot-shaped heart sign", "present")}),
    ("Angiogram: abrupt cutoff of the proximal left MCA.", {("occlusion", "present")}),
    ("Left hip normal. No slipped epiphysis.", {("normal finding", "present"),
                                               ("slipped capital femoral epiphysis", "absent")}),
    ("Post-stress TID ratio 1.18.", {("transient ischemic dilation", "present")}),
    ("L1 burst fracture with 30% canal compromise.", {("burst fracture", "present"), ("spinal stenosis", "present")}),
    ("Lateral tibial plateau depression 5 mm.", {("tibial fracture", "present")}),
    ("History: Denali filter placed 09/2025.", {("inferior vena cava filter", "historical")}),
    ('No intracranial perfusion; "hot nose" sign present.', {("hot nose sign", "present")}),
    ("Jejunum in the right abdomen with a corkscrew configuration of the duodenum.",
     {("corkscrew bowel sign", "present")}),
    ('"Target sign" in transverse.', {("target sign of bowel wall", "present")}),
    ("Outside CXR: streaky perihilar densities.", {("opacity", "present")}),
    ("Spleen: two focal FDG-avid lesions (splenic involvement).",
     {("radiotracer uptake", "present"), ("lesion", "present"), ("splenic lesion", "present")}),
    ("Marrow: no marrow involvement.", {("bone marrow infiltration", "absent")}),
    ("Segment VIII observation, LI-RADS 5.", {("hepatocellular carcinoma", "present")}),
    ("ct chest: small right hemothorax; no ptx;", {("hemothorax", "present"), ("pneumothorax", "absent")}),
    # a gland named without its organ takes what is said of it
    ("Images: diffusely enlarged gland.", {("enlargement", "present")}),
])
def test_reports_words_for_findings_held(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # "chronic" dates an infarct as "old" does; a chronic subdural hematoma is seen now
    ("CT head: Chronic left MCA infarct.", {("cerebral infarction", "historical")}),
    ("Chronic lacunar infarcts in the basal ganglia.", {("lacunar infarction", "historical")}),
    ("Chronic subdural hematoma on the left.", {("chronic subdural hematoma", "present")}),
    # what a follow-up watches for and has not seen come
    ("Left subdural hematoma. Transtentorial herniation not yet present.",
     {("subdural hematoma", "present"), ("uncal herniation", "absent")}),
    # a hedge closing the finding's clause
    ("Left hilar node equivocal, EBUS sampling suggested.", {("lymph node finding", "uncertain")}),
    # the diagnosis a clause after a comma gives is no item of the negation before it
    ("Dilatation of the common bile duct without intrahepatic ductal dilatation, consistent with a choledochal cyst.",
     {("biliary ductal dilatation", "present"), ("biliary ductal dilatation", "absent"), ("choledochal cyst", "present")}),
    ("No focal consolidation or effusion, consistent with resolution.", {("consolidation", "absent"),
                                                                        ("effusion", "absent")}),
    # a known cancer is no longer in doubt when a hedge names something else beside it; "no known" still negates
    ("Adrenal metastasis in the setting of known lung cancer cannot be excluded.",
     {("metastasis", "uncertain"), ("lung cancer", "historical")}),
    ("No known lung cancer.", {("lung cancer", "absent")}),
])
def test_assertion_shapes(shipped, text, expected):
    assert statuses(shipped, text) == expected
