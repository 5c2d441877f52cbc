"""Ontology 1.15.0 and the fifteenth round's rules: punctuation spoken into a dictation and left as words, prefixes
speech recognition writes apart, letters a scanner read as digits, two measurements compared with "vs", a differential
named after its finding, risks, and the findings and signs no name held."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # a spoken full stop ends the negation before it
    ("there is no intraventricular hemorrhage period chronic small vessel ischemic change in the white matter period",
     {("intraventricular hemorrhage", "absent"), ("chronic small vessel ischemic disease", "present")}),
    # so does a spoken comma, and a spoken paragraph break ends the hedge before it
    ("no hydrocephalus comma moderate right pleural effusion period",
     {("hydrocephalus", "absent"), ("pleural effusion", "present")}),
    ("avulsion fragment which may represent a segond injury new paragraph medial joint space narrowing",
     {("avulsion fracture", "present"), ("injury", "uncertain"), ("joint space narrowing", "present")}),
    # a span of time called a period is no full stop
    ("No evidence in the postoperative period of abscess or hematoma.",
     {("abscess", "absent"), ("hematoma", "absent")}),
])
def test_spoken_punctuation_ends_a_cue(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # two measurements compared are no differential
    ("Widening of the medial epicondylar apophysis, 4 mm vs 2 mm on the right, consistent with apophysitis.",
     {("widening", "present"), ("apophyseal avulsion", "present")}),
    ("Effusion versus thickening.", {("effusion", "uncertain"), ("thickening", "uncertain")}),
    # the differential named after its finding
    ("Hilar adenopathy; sarcoidosis is the imaging differential.",
     {("hilar lymphadenopathy", "present"), ("sarcoidosis", "uncertain")}),
])
def test_comparisons_and_differentials(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a risk is no finding
    ("Simple silicosis; silicotuberculosis risk is increased.",
     {("pneumoconiosis", "present"), ("silicotuberculosis", "uncertain")}),
    ("Jones fracture. High risk of nonunion.", {("foot fracture", "present"), ("fracture nonunion", "uncertain")}),
    # a hedge after "which" still reaches the finding it names
    ("Left basilar airspace opacity, which is concerning for pneumonia.",
     {("airspace opacity", "present"), ("pneumonia", "uncertain")}),
    # a near cue before a colon names its field, not the finding after it
    ("Repeat CT 24 hours after TNK: petechial hemorrhagic transformation in the infarct.",
     {("hemorrhagic transformation", "present"), ("cerebral infarction", "present")}),
    ("Status post appendectomy.", {("appendectomy", "historical")}),
])
def test_risks_suspicion_and_fields(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("7 mm stone in the proximal right ureter with moderate right hydro nephrosis",
     {("calculus", "present"), ("hydronephrosis", "present")}),
    ("there is no intra ventricular hemorrhage", {("intraventricular hemorrhage", "absent")}),
    ("small right pneumo thorax", {("pneumothorax", "present")}),
    # two words that make no term word stay apart
    ("hydro therapy was given for the effusion", {("effusion", "present")}),
])
def test_prefixes_written_apart(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Lungs with perilymphatic nodules, consistent with chronic beryllium disease.",
     {("nodule", "present"), ("berylliosis", "present")}),
    ("Simple silicosis. No silicotuberculosis.", {("pneumoconiosis", "present"), ("silicotuberculosis", "absent")}),
    ("Fetal echo: complete AVSD.", {("atrioventricular septal defect", "present")}),
    ("Mid LAD noncalcified plaque with a napkin ring sign.",
     {("atherosclerosis", "present"), ("napkin-ring sign", "present")}),
    ("Porcelain aorta: none.", {("porcelain aorta", "absent")}),
    ("Right apical scarring with upward hilar retraction.", {("scar", "present"), ("hilar retraction", "present")}),
    ("Sulcal FLAIR hyperintensity consistent with ARIA-E; no ARIA-H.",
     {("FLAIR hyperintensity", "present"), ("amyloid-related imaging abnormality with edema", "present"),
      ("amyloid-related imaging abnormality with hemosiderin deposition", "absent")}),
    ("CTA: no spot sign.", {("spot sign", "absent")}),
    ("Stafne defect at the left mandibular angle.", {("Stafne bone cavity", "present")}),
    ("Bilateral Haller cells.", {("Haller cell", "present")}),
    ("Elongated styloid process on the right, possibly Eagle syndrome.",
     {("elongated styloid process", "present"), ("Eagle syndrome", "uncertain")}),
    ("Lingual undercut at site #19.", {("lingual undercut", "present")}),
    ("Monochorionic twins; findings meet criteria for TTTS. No TAPS.",
     {("multiple gestation", "present"), ("twin-twin transfusion syndrome", "present"),
      ("twin anemia-polycythemia sequence", "absent")}),
    ("Nuchal cord.", {("nuchal cord", "present")}),
    ("Twin growth discordance of 22%.", {("growth discordance", "present")}),
    ("Umbilical artery Doppler: reversed end-diastolic flow.", {("absent or reversed end-diastolic flow", "present")}),
    ("No fleck sign at the Lisfranc joint.", {("fleck sign", "absent")}),
    ("Pathology: fibrocystic change and columnar cell change.",
     {("fibrocystic change", "present"), ("columnar cell change", "present")}),
    ("Palpable cord of the lateral breast, Mondor disease.", {("Mondor disease", "present")}),
    ("Hypoechoic tendon with neovascularity.", {("neovascularity", "present")}),
    ("GSW to the left thigh with retained projectile fragment.",
     {("gunshot wound", "present"), ("bullet fragment", "present")}),
])
def test_new_findings_and_signs(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("No extraluminal air.", {("gas collection", "absent")}),
    ("Adnexal mass with a ring of fire.", {("ovarian mass", "present"), ("ring of fire sign", "present")}),
    ("Ruptured ectopic with hemoperitoneum.", {("ectopic pregnancy", "present"), ("hemoperitoneum", "present")}),
    ("Mosaic attenuation, history of farmer's lung.", {("mosaic attenuation", "present"),
                                                       ("hypersensitivity pneumonitis", "historical")}),
    ("Impacted maxillary left canine.", {("impacted tooth", "present")}),
])
def test_report_words_for_findings_held(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a scanned report's letters read as digits
    ("L3-L4: disc bulge. No stenos1s.", {("disc bulge", "present"), ("stenosis", "absent")}),
    ("No pleural effusi0n.", {("pleural effusion", "absent")}),
    # vertebral levels and sequences stay as written
    ("T1 hyperintense lesion at L1.", {("lesion", "present")}),
])
def test_letters_read_as_digits(shipped, text, expected):
    assert statuses(shipped, text) == expected
