"""Ontology 1.5.0 (issue #22): findings subspecialty reports name (sports injuries and fractures by eponym, pediatric,
cardiac CT/MR, vascular and IR follow-up, oncology response, head and neck, abdomen and pelvis, neuro, nuclear
medicine), each written anew as a short sentence with the concept it must resolve to and its status."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # sports injuries and fractures by eponym
    ("Minimally displaced Bennett fracture of the left thumb.", {("Bennett fracture", "present")}),
    ("Segond fracture at the lateral tibial rim.", {("Segond fracture", "present")}),
    ("No Lisfranc injury.", {("Lisfranc injury", "absent")}),
    ("Subscapularis tear with a medially dislocated biceps tendon.", {("subscapularis tear", "present"),
                                                                      ("biceps tendon dislocation", "present")}),
    ("High ankle sprain with widening of the syndesmosis.", {("syndesmotic injury", "present"), ("widening", "present")}),
    ("TFCC tear at the ulnar attachment.", {("triangular fibrocartilage complex tear", "present")}),
    ("Osteochondritis dissecans of the medial femoral condyle.", {("osteochondritis dissecans", "present")}),
    # pediatric
    ("Bone age is moderately advanced.", {("advanced bone age", "present")}),
    ("No ileocolic intussusception or pathologic lead point.", {("intussusception", "absent"), ("lead point", "absent")}),
    ("Salter-Harris II fracture of the distal radius.", {("Salter-Harris fracture", "present"),
                                                          ("distal radius fracture", "present")}),
    ("Pyloric channel elongated, consistent with hypertrophic pyloric stenosis.",
     {("hypertrophic pyloric stenosis", "present")}),
    ("History of Kawasaki disease; no coronary artery aneurysm.", {("Kawasaki disease", "historical"),
                                                                   ("coronary artery aneurysm", "absent")}),
    ("UVC tip at the right atrium; nonspecific bowel gas pattern.", {("umbilical venous catheter", "present"),
                                                                     ("abnormal bowel gas pattern", "present")}),
    ("Delayed union of the tibial fracture.", {("fracture nonunion", "present"), ("tibial fracture", "present")}),
    # cardiac CT and MR
    ("Late gadolinium enhancement in the inferolateral wall.", {("late gadolinium enhancement", "present")}),
    ("Small secundum atrial septal defect.", {("atrial septal defect", "present")}),
    ("Anomalous origin of the right coronary artery with an interarterial course.", {("coronary artery anomaly", "present")}),
    # vascular and IR follow-up, device complications
    ("Type II endoleak; no in-stent stenosis of the renal limb.", {("endoleak", "present"), ("in-stent stenosis", "absent")}),
    ("The aortobifemoral graft is patent.", {("vascular graft", "present")}),
    ("The catheter is kinked in the axilla; no disconnection.", {("kinking", "present"), ("disconnection", "absent"),
                                                                 ("tube or catheter", "present")}),
    ("Malpositioned nasogastric tube in the esophagus.", {("device malposition", "present"), ("nasogastric tube", "present")}),
    # oncology response
    ("Partial response of the hepatic metastases.", {("partial response", "present"), ("liver metastasis", "present")}),
    ("No residual tumor.", {("residual tumor", "absent")}),
    # head and neck, nuclear medicine
    ("Hot nodule in the right thyroid lobe.", {("hyperfunctioning thyroid nodule", "present")}),
    ("Nonvisualization of the gallbladder at 4 hours.", {("nonvisualized gallbladder", "present")}),
    ("Ventilation-perfusion mismatch in the right lower lobe.", {("ventilation-perfusion mismatch", "present")}),
    ("FDG-avid mass in the right upper lobe.", {("radiotracer uptake", "present"), ("lung mass", "present")}),
    # abdomen, pelvis and neuro
    ("Epiploic appendagitis in the left lower quadrant.", {("epiploic appendagitis", "present")}),
    ("Dominant follicle in the left ovary.", {("ovarian follicle", "present")}),
    ("Findings suggestive of PRES.", {("posterior reversible encephalopathy syndrome", "uncertain")}),
    ("Restricted diffusion in the left insula.", {("restricted diffusion", "present")}),
    ("Focal fatty sparing adjacent to the gallbladder fossa.", {("focal fatty sparing", "present")}),
    # obstetric ultrasound
    ("Polyhydramnios; no fetal hydrops.", {("polyhydramnios", "present"), ("fetal hydrops", "absent")}),
    ("Breech presentation.", {("fetal malpresentation", "present")}),
    # the signs MSK reports name
    ("Subchondral cyst in the humeral head.", {("subchondral cyst", "present")}),
    ("Lateral femoral notch sign.", {("anterior cruciate ligament tear", "present")}),
    # a score of zero is a field whose value closes the sentence
    ("Agatston score of 0.", {("coronary artery calcification", "absent")}),
    ("Coronary calcium score 245.", {("coronary artery calcification", "present")}),
    # spine MRI
    ("L4-5 annular fissure with Modic type 1 changes.", {("annular fissure", "present"), ("Modic endplate changes", "present")}),
    ("No nerve root compression.", {("nerve root compression", "absent")}),
    ("Le Fort II fracture.", {("facial fracture", "present"), ("fracture", "present")}),
    # CT signs, and findings named by their density
    ("Small hypodensity in the right kidney.", {("lesion", "present")}),
    ("Mucosal hyperenhancement of the terminal ileum with a comb sign.", {("mucosal hyperenhancement", "present"),
                                                                           ("hypervascularity", "present")}),
    ("Increased cardiothoracic ratio.", {("cardiomegaly", "present")}),
    # British, Indian and Australian usage
    ("Right lower lobe collapse.", {("lobar collapse", "present")}),
    ("Koch's abdomen with ascites.", {("tuberculosis", "present"), ("ascites", "present")}),
    ("Bulky uterus with fibroids.", {("uterine enlargement", "present"), ("uterine leiomyoma", "present")}),
    ("No raised post void residual.", {("bladder distension", "absent")}),
])
def test_subspecialty_findings(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # anatomy and descriptions that name no finding of their own
    ("The peritoneal cavity is free of ascites.", {("ascites", "absent")}),
    ("Ventral hernia with a 4 cm fascial defect.", {("ventral hernia", "present")}),
    ("L1 compression fracture, likely osteoporotic.", {("vertebral compression fracture", "present")}),
    ("Solitary kidney after left nephrectomy.", {("nephrectomy", "historical")}),
    # signs and words that name different findings in different fields are left out
    ("Global longitudinal strain is reduced.", set()),
    ("Endolymphatic hydrops.", set()),
])
def test_words_that_are_not_findings(shipped, text, expected):
    assert statuses(shipped, text) == expected
