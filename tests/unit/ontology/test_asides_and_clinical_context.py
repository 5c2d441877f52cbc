"""Issue #22: assertion shapes that hold on unseen reports: a cue inside a bracketed aside, history written after
the finding, and the clinical context a report opens with (request headers, lines before FINDINGS)."""
import pytest

from app.ontology.sections import default_sections

from .conftest import statuses


@pytest.fixture(scope="module")
def annotator(shipped):
    return shipped


@pytest.mark.parametrize("text, expected", [
    # a score or note in brackets says nothing of the finding outside them
    ("Angiogram: left M2 occlusion (TICI 0).", {("occlusion", "present")}),
    ("Small effusion (no prior for comparison).", {("effusion", "present")}),
    # a cue outside the brackets still reaches over them, and into them
    ("Pneumothorax (left apex) is not seen.", {("pneumothorax", "absent")}),
    ("No signs of infection (abscess or empyema).", {("infection", "absent"), ("abscess", "absent"),
                                                     ("empyema", "absent")}),
    ("Mass (not seen on the prior study).", {("mass", "present")}),
])
def test_a_cue_inside_an_aside_governs_nothing_outside_it(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Right clavicle fracture, healed.", {("clavicle fracture", "historical")}),
    ("The fracture is healed.", {("fracture", "historical")}),
    ("Rib fracture, old.", {("rib fracture", "historical")}),
    ("Remote left PCA territory infarct.", {("cerebral infarction", "historical")}),
    ("Old right humeral neck fracture.", {("fracture", "historical")}),
    # a hedge that is a clause of its own reaches back over the comma too
    ("Small effusion, likely.", {("effusion", "uncertain")}),
    # but not when a word follows it in its clause
    ("Rib fracture, healed callus formation.", {("rib fracture", "present"), ("healed fracture", "historical")}),
    ("Acute rib fracture, healing well.", {("rib fracture", "present")}),
])
def test_history_written_after_the_finding(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("PMH: lung cancer.\nFindings: 2 cm nodule.", {("lung cancer", "historical"), ("nodule", "present")}),
    ("Dx: colorectal cancer on chemotherapy.\nImpression: liver metastases.",
     {("colorectal cancer", "historical"), ("chemotherapy", "historical"), ("liver metastasis", "present")}),
    ("Presenting complaint: haemoptysis, ?pneumonia.\nConsolidation in the right lower lobe.",
     {("hemoptysis", "present"), ("pneumonia", "uncertain"), ("consolidation", "present")}),
    # unheaded lines opening the report, then FINDINGS: the request's clinical context
    ("MRI LUMBAR SPINE\nKnown prostate cancer. Back pain.\nFindings: L2 compression fracture.",
     {("prostate cancer", "historical"), ("pain", "present"), ("vertebral compression fracture", "present")}),
    # but unheaded findings before an IMPRESSION are findings
    ("Small left pleural effusion.\nImpression: effusion.", {("pleural effusion", "present"), ("effusion", "present")}),
    # and so is unheaded text after a one-item section
    ("CT chest. History: pneumonia. Small pneumothorax. Findings: atelectasis.",
     {("pneumonia", "historical"), ("pneumothorax", "present"), ("atelectasis", "present")}),
])
def test_clinical_context_is_history(annotator, text, expected):
    assert statuses(annotator, text) == expected


def test_the_opening_lines_before_findings_are_a_preamble():
    text = "CT ABDOMEN WITH CONTRAST\nKnown cirrhosis.\nFindings: nodular liver."
    assert [s.kind.name for s in default_sections().split(text)] == ["title", "preamble", "findings"]
    assert [s.kind.name for s in default_sections().split("Cirrhosis.\nImpression: nodular liver.")] == \
        ["body", "impression"]


@pytest.mark.parametrize("text, expected", [
    # a name that opens with an adjective is read with the adjective written after the structure
    ("Prostate enlarged, 60 mL.", {("prostatomegaly", "present")}),
    ("The left hemidiaphragm is elevated.", {("elevated hemidiaphragm", "present")}),
    ("Small bowel loops dilated to 4 cm.", {("bowel dilatation", "present")}),
    ("The heart appears mildly enlarged.", {("cardiomegaly", "present")}),
    # a negation between them leaves nothing to read
    ("The common bile duct is not dilated.", set()),
    # ontology 1.6.0: common usage for findings already named
    ("Intrahepatic ducts mildly dilated; CBD 9 mm.", {("biliary ductal dilatation", "present")}),
    ("Low bone mineral density.", {("osteopenia", "present")}),
    ("Mild anterior wedging of T12.", {("vertebral compression fracture", "present")}),
    ("Echogenic focus with posterior acoustic shadowing.", {("lesion", "present"),
                                                             ("posterior acoustic shadowing", "present")}),
    ("Irregular mass with spiculated margins.", {("mass", "present"), ("spiculated margin", "present")}),
    ("No mediastinal shift.", {("mediastinal shift", "absent")}),
    ("Elevated T2 signal in the cord.", {("T2 hyperintensity", "present")}),
    ("Complications: none.", {("complication", "absent")}),
    ("No immediate complications.", {("complication", "absent")}),
    # ontology 1.7.0: subspecialty findings and variants
    ("Fixed defect of the apex, no reversible defect.", {("perfusion defect", "present"), ("perfusion defect", "absent")}),
    ("Cam-type morphology, alpha angle 68 degrees.", {("femoroacetabular impingement", "present")}),
    ("Infarct core 9 mL; penumbra 40 mL.", {("ischemic core", "present"), ("ischemic penumbra", "present")}),
    ("Persistent nephrogram on the right.", {("delayed nephrogram", "present")}),
    ("Retroaortic renal vein and a polar renal artery.", {("retroaortic left renal vein", "present"),
                                                          ("accessory renal artery", "present")}),
])
def test_findings_written_as_a_predicate_and_common_names(annotator, text, expected):
    assert statuses(annotator, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a hedge under a negation is a negation
    ("Findings not suggestive of pneumonia.", {("pneumonia", "absent")}),
    ("Appearance not concerning for malignancy.", {("malignant neoplasm", "absent")}),
    ("The images do not suggest a fracture.", {("fracture", "absent")}),
    ("Pneumonia is not suspected.", {("pneumonia", "absent")}),
    ("Infection is considered unlikely.", {("infection", "absent")}),
    ("Fracture is doubtful.", {("fracture", "absent")}),
    # the finding the hedge is said of stays present
    ("A nodule, not suspicious for malignancy.", {("nodule", "present"), ("malignant neoplasm", "absent")}),
    ("Pneumonia is suspected.", {("pneumonia", "uncertain")}),
    # the alternatives said to explain what is seen
    ("Large silhouette; pericardial effusion or cardiomegaly could have this appearance.",
     {("pericardial effusion", "uncertain"), ("cardiomegaly", "uncertain")}),
])
def test_negated_hedges(annotator, text, expected):
    assert statuses(annotator, text) == expected
