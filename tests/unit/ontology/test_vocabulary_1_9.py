"""Issue #22, ontology 1.9.0: findings of Doppler, CT perfusion, neuro, spine and chest reports that had no name, an
organ the report finds surgically absent (the operation, history), and the forms reports write for names already held.
Each sentence is written anew for its shape."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # vascular and Doppler
    ("Intimal flap in the left common carotid artery.", {("arterial dissection", "present")}),
    ("Tardus parvus waveforms in the right renal interlobar arteries.", {("tardus parvus waveform", "present")}),
    ("Dampened monophasic waveform in the posterior tibial artery.", {("monophasic waveform", "present")}),
    ("Reversed flow in the right vertebral artery.", {("flow reversal", "present")}),
    ("Elevated resistive indices in the left kidney.", {("elevated resistive index", "present")}),
    ("Partial recanalization of the left popliteal vein.", {("recanalization", "present")}),
    ("Basilar tip aneurysm with a daughter sac.", {("aneurysm", "present"), ("aneurysm bleb", "present")}),
    ("No access steal phenomenon.", {("steal syndrome", "absent")}),
    # CT perfusion, neuro
    ("Prolonged Tmax throughout the right MCA territory.", {("perfusion defect", "present")}),
    ("Transependymal edema around the frontal horns.", {("transependymal flow", "present")}),
    ("Scattered dilated perivascular spaces in the basal ganglia.", {("enlarged perivascular spaces", "present")}),
    ("Tonsillar ectopia of 7 mm below the foramen magnum.", {("Chiari malformation", "present")}),
    ("Incidental hyperostosis frontalis interna.", {("hyperostosis frontalis interna", "present")}),
    # spine and bone
    ("Reversal of the cervical lordosis.", {("loss of lordosis", "present")}),
    ("L2 burst fracture with 4 mm of retropulsion.", {("retropulsion", "present"), ("burst fracture", "present")}),
    ("Loss of disc height at C6-7.", {("degenerative disc disease", "present")}),
    ("Permeative lesion with cortical destruction.", {("lytic bone lesion", "present"), ("bone destruction", "present")}),
    ("Leg length discrepancy, the right 9 mm shorter.", {("leg length discrepancy", "present")}),
    # chest and abdomen
    ("Bullous changes in both upper lobes.", {("bulla", "present")}),
    ("Nodule with a surrounding CT halo sign.", {("nodule", "present"), ("halo sign", "present")}),
    ("Reverse halo sign in the left lower lobe.", {("reversed halo sign", "present")}),
    ("Nipple shadows over both lower lungs.", {("nipple shadow", "present")}),
    ("Scattered pelvic phleboliths.", {("phlebolith", "present")}),
    ("Exophytic renal mass with a claw sign.", {("renal mass", "present"), ("claw sign", "present")}),
    ("Increased cortical echogenicity of both kidneys.", {("abnormal echogenicity", "present")}),
    # an organ surgically absent is the operation that removed it: history
    ("The uterus is surgically absent.", {("hysterectomy", "historical")}),
    ("Gallbladder surgically absent; no biliary dilatation.",
     {("cholecystectomy", "historical"), ("biliary ductal dilatation", "absent")}),
])
def test_names_of_ontology_1_9(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # what "no other abnormality" rules out is a finding of its own; longer names keep their concepts
    ("No other abnormality.", {("abnormality", "absent")}),
    ("No significant bony abnormality.", {("bone abnormality", "absent")}),
    ("Regional wall motion abnormality of the apex.", {("wall motion abnormality", "present")}),
    # swallow studies, hysterosalpingograms and Doppler of a lesion
    ("Mild vallecular residue with thin liquids; prominent cricopharyngeal bar.",
     {("pharyngeal residue", "present"), ("cricopharyngeal bar", "present")}),
    ("Delayed esophageal emptying of the barium tablet.", {("esophageal dysmotility", "present")}),
    ("Prompt intraperitoneal spill on the right only.", {("peritoneal spill", "present")}),
    ("Hypoechoic nodule without internal vascularity.", {("nodule", "present"), ("internal vascularity", "absent")}),
    ("Nerve root clumping in the thecal sac.", {("arachnoiditis", "present")}),
])
def test_more_names_of_ontology_1_9(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # oncology: spread, response and the nodes that merge
    ("Scattered serosal implants along the small bowel.", {("peritoneal carcinomatosis", "present")}),
    ("Perineural tumor spread along the mandibular nerve.", {("perineural spread", "present")}),
    ("Mixed response: the pelvic mass is smaller, the lung nodules larger.",
     {("treatment response", "present"), ("mass", "present"), ("pulmonary nodule", "present")}),
    ("Conglomerate nodal mass in the mesentery.", {("lymphadenopathy", "present")}),
    ("Enhancing mural nodule within the cystic lesion.", {("solid component", "present"), ("cyst", "present")}),
    # head and neck, dental, marrow and valves
    ("Plunging ranula extending into the submandibular space.", {("ranula", "present")}),
    ("Retained root tip in the left maxilla.", {("retained root", "present")}),
    ("Patchy red marrow reconversion in both femurs.", {("red marrow reconversion", "present")}),
    ("No significant valvular regurgitation.", {("valvular heart disease", "absent")}),
])
def test_oncology_and_other_names_of_ontology_1_9(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # blood and air in the pleural space is both a hemothorax and a pneumothorax
    ("Small right hemopneumothorax after the stab wound.", {("hemopneumothorax", "present")}),
    ("Retained guidewire fragment in the right atrium.", {("foreign body", "present")}),
    ("Inflatable penile prosthesis; reservoir in the left hemipelvis.", {("penile prosthesis", "present")}),
    ("Artificial urinary sphincter cuff around the bulbar urethra.", {("artificial urinary sphincter", "present")}),
    ("Cerclage wires around the proximal femoral shaft.", {("cerclage", "present")}),
    ("Adjacent segment degeneration at L3-L4.", {("adjacent segment disease", "present")}),
])
def test_devices_and_trauma_names_of_ontology_1_9(shipped, text, expected):
    assert statuses(shipped, text) == expected


def test_a_hemopneumothorax_is_a_hemothorax_and_a_pneumothorax(shipped):
    ontology = shipped.ontology
    concept = next(c for c in ontology.concepts.values() if c.label == "hemopneumothorax")
    labels = {ontology.concepts[a].label for a in ontology.ancestors(concept.id)}
    assert {"hemothorax", "pneumothorax"} <= labels


@pytest.mark.parametrize("text, expected", [
    # congenital and developmental findings of paediatric reports
    ("Anterolateral bowing of the left tibia.", {("bowing", "present")}),
    ("Small occipital encephalocele.", {("cephalocele", "present")}),
    ("Split cord malformation at L1.", {("diastematomyelia", "present")}),
    ("Numerous wormian bones along the lambdoid suture.", {("wormian bones", "present")}),
    ("Diffuse ground-glass lungs in a premature infant.", {("ground-glass opacity", "present")}),
])
def test_paediatric_names_of_ontology_1_9(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # gynaecology, early pregnancy and thyroid ultrasound
    ("Hypoechoic nodule, taller than wide, with microlobulated margins.", {("nodule", "present"), ("taller-than-wide", "present")}),
    ("Enlarged multicystic ovaries with ascites: ovarian hyperstimulation.",
     {("ovarian hyperstimulation syndrome", "present"), ("ascites", "present")}),
    ("Small pseudosac, no intrauterine pregnancy.", {("pseudogestational sac", "present"), ("intrauterine pregnancy", "absent")}),
    ("Isthmocele with residual myometrium of 3 mm.", {("cesarean scar defect", "present")}),
    ("Spongiform nodule of the left lobe, TR1.", {("thyroid nodule", "present")}),
])
def test_gynaecology_and_thyroid_names_of_ontology_1_9(shipped, text, expected):
    assert statuses(shipped, text) == expected
