"""Matching, sections and assertion status on single sentences and whole reports."""
import pytest

from app.ontology.normalize import normal_form, phrase_key
from app.ontology.sections import default_sections

from .conftest import statuses


@pytest.mark.parametrize("word, normal", [
    ("Pneumothoraces", "pneumothorax"), ("metastases", "metastasis"), ("nodules", "nodule"),
    ("arteries", "artery"), ("masses", "mass"), ("atelectasis", "atelectasis"), ("hernias", "hernia"),
    ("Crohn's", "crohn"), ("diverticula", "diverticulum"), ("pancreas", "pancreas"), ("is", "is"),
])
def test_normal_forms_fold_case_and_number(word, normal):
    assert normal_form(word) == normal


def test_hyphens_and_slashes_do_not_split_a_phrase():
    assert phrase_key("ground-glass opacity") == phrase_key("Ground glass opacities") == ("ground", "glass", "opacity")
    assert phrase_key("s/p") == ("s", "p")


@pytest.mark.parametrize("text, label, status", [
    ("Small left pneumothorax.", "pneumothorax", "present"),
    ("No pneumothorax.", "pneumothorax", "absent"),
    ("No PTX.", "pneumothorax", "absent"),
    ("There is no evidence of pneumothorax.", "pneumothorax", "absent"),
    ("Negative for pneumothorax.", "pneumothorax", "absent"),
    ("Lungs are clear without pneumothorax.", "pneumothorax", "absent"),
    ("The pneumothorax has resolved.", "pneumothorax", "absent"),
    ("Pneumothorax is not seen.", "pneumothorax", "absent"),
    ("Resolution of the left pneumothorax.", "pneumothorax", "absent"),
    ("Pneumothorax ruled out.", "pneumothorax", "absent"),
    ("Possible small pneumothorax.", "pneumothorax", "uncertain"),
    ("Cannot exclude a tiny pneumothorax.", "pneumothorax", "uncertain"),
    ("A small pneumothorax cannot be excluded.", "pneumothorax", "uncertain"),
    ("Pneumothorax is not excluded.", "pneumothorax", "uncertain"),
    ("Findings may represent pneumonia.", "pneumonia", "uncertain"),
    ("Questionable pneumonia.", "pneumonia", "uncertain"),
    ("Opacity suspicious for pneumonia.", "pneumonia", "uncertain"),
    ("Atelectasis versus pneumonia.", "pneumonia", "uncertain"),
    ("Atelectasis vs. pneumonia.", "atelectasis", "uncertain"),
    ("History of pneumothorax.", "pneumothorax", "historical"),
    ("Status post lobectomy.", "lobectomy", "historical"),
    ("S/P cholecystectomy.", "cholecystectomy", "historical"),
    ("Prior lobectomy.", "lobectomy", "historical"),
    ("No change in the small pneumothorax.", "pneumothorax", "present"),
    ("No interval change in the pleural effusion.", "pleural effusion", "present"),
    ("Compared to prior, the pneumothorax is smaller.", "pneumothorax", "present"),
    ("New nodule, not seen on prior.", "nodule", "present"),
    ("Small pleural effusion, but no pneumothorax.", "pleural effusion", "present"),
    ("No pneumothorax, but small pleural effusion.", "pleural effusion", "present"),
    ("No pneumothorax; pleural effusion is present.", "pleural effusion", "present"),
    ("No pneumothorax. Pleural effusion.", "pleural effusion", "present"),
    ("No pleural effusion or pneumothorax.", "pneumothorax", "absent"),
    ("No evidence of pneumonia, pleural effusion, fracture, nodule, or pneumothorax.", "pneumothorax", "absent"),
    ("Pneumonia and atelectasis are not seen.", "pneumonia", "absent"),
    ("Possible pneumonia, no pleural effusion.", "pleural effusion", "absent"),
    ("Possible pneumonia, no pleural effusion.", "pneumonia", "uncertain"),
    ("Bilateral pulmonary emboli.", "pulmonary embolism", "present"),
    ("No PE.", "pulmonary embolism", "absent"),
    ("Scattered GGOs.", "ground-glass opacity", "present"),
    ("Multiple pulmonary metastases.", "metastasis", "present"),
    ("Fractured ribs on the left.", "rib fracture", "present"),
    ("No acute intracranial hemorrhage.", "intracranial hemorrhage", "absent"),
    ("No consolidation to suggest pneumonia.", "pneumonia", "absent"),
    ("No prior lobectomy on record.", "lobectomy", "absent"),
    ("Sternal wires from prior lobectomy.", "lobectomy", "historical"),
    ("Lobectomy changes on the right.", "lobectomy", "historical"),
    ("Pneumonia is less likely but possible.", "pneumonia", "uncertain"),
    ("Questionable new pulmonary nodule.", "pulmonary nodule", "uncertain"),
    ("No recurrent or new pleural effusion.", "pleural effusion", "absent"),
    ("There has been no change in the small pneumothorax.", "pneumothorax", "present"),
    ("No focal pneumonia.", "pneumonia", "absent"),
    ("Naso-gastric tube below the diaphragm.", "nasogastric tube", "present"),
    ("Nasogastric tube courses below the diaphragm, tip not visualized.", "nasogastric tube", "present"),
    ("The nasogastric tube has been removed.", "nasogastric tube", "absent"),
    ("Interval removal of the NGT.", "nasogastric tube", "absent"),
    ("No acute abnormality; pneumonia excluded.", "pneumonia", "absent"),
    ("Pneumonia is favoured.", "pneumonia", "uncertain"),
    ("Findings are likely due to pneumonia.", "pneumonia", "uncertain"),
    ("Atelectasis is likely.", "atelectasis", "uncertain"),
    ("RLL consolidation ?pneumonia. No PTX.", "pneumonia", "uncertain"),
    ("RLL consolidation ?PE. No PTX.", "pulmonary embolism", "uncertain"),
    ("No effusion is seen in the bed of the prior lobectomy.", "lobectomy", "historical"),
    ("Post-lobectomy atelectasis.", "atelectasis", "present"),
    ("Fracture cannot be excluded given the atelectasis.", "atelectasis", "present"),
])
def test_sentence_status(annotator, text, label, status):
    assert (label, status) in statuses(annotator, text)


def test_abbreviations_match_case_sensitively(annotator):
    assert statuses(annotator, "The pe teacher.") == set()
    assert statuses(annotator, "PE.") == {("pulmonary embolism", "present")}


def test_longest_match_wins_and_anatomy_is_not_asserted(annotator):
    found = annotator.annotate("Right lung nodule and a pleural effusion.").findings
    assert [(f.label, f.text) for f in found] == [("pulmonary nodule", "lung nodule"),
                                                  ("pleural effusion", "pleural effusion")]


def test_offsets_point_into_the_text(annotator):
    text = "FINDINGS:\n  Small left  pleural-effusion."
    [finding] = annotator.annotate(text).findings
    assert text[finding.start:finding.end] == finding.text == "pleural-effusion"
    assert finding.section == "findings"


def test_sections_are_found_with_and_without_colons():
    text = "CLINICAL HISTORY: fall\nComparison: none\nFINDINGS\nclear\nImpression - normal\n"
    assert [s.kind.name for s in default_sections().split(text)] == ["history", "comparison", "findings",
                                                                      "impression"]
    assert [s.kind.name for s in default_sections().split("No pneumothorax.")] == ["body"]


@pytest.mark.parametrize("text, expected", [
    ("Indication: cough\nLeft lower lobe pneumonia.", [("pneumonia", "present")]),
    ("INDICATION:\nRule out pneumonia.\nFever.\n\nPneumothorax.", [("pneumonia", "uncertain"),
                                                                     ("pneumothorax", "present")]),
    ("CT chest. History: pneumonia. Small pneumothorax. Findings: atelectasis.",
     [("pneumonia", "historical"), ("pneumothorax", "present"), ("atelectasis", "present")]),
    ("Comparison: 1 year ago.\nPleural effusion.", [("pleural effusion", "present")]),
    ("History: chest pain,\nrule out pneumothorax.", [("pneumothorax", "uncertain")]),
])
def test_brief_sections_end_at_their_item(annotator, text, expected):
    assert [(f.label, f.status) for f in annotator.annotate(text).findings] == expected


def test_an_exam_title_line_weighs_like_technique(annotator):
    text = "CT CHEST - PNEUMOTHORAX PROTOCOL\nNo pneumothorax."
    [title, body] = annotator.annotate(text).findings
    assert (title.section, title.status, body.section) == ("title", "present", "body")
    assert annotator.annotate(text).labels == {"CLN00016": "absent"}
    assert annotator.annotate("Small pneumothorax\nNo effusion.").findings[0].section == "body"


def test_a_finding_word_at_line_start_is_not_a_header(annotator):
    assert [s.kind.name for s in default_sections().split("Findings are normal.\nHistory of a fall.")] == ["body"]


def test_history_and_indication_mentions_are_historical_but_a_question_is_uncertain(annotator):
    text = "INDICATION: Rule out pneumothorax.\nHISTORY: Pneumonia.\nFINDINGS: Clear lungs."
    assert statuses(annotator, text) == {("pneumothorax", "uncertain"), ("pneumonia", "historical")}


def test_report_label_weighs_impression_over_history_and_present_over_others(annotator):
    text = ("INDICATION: pneumothorax.\nFINDINGS: Possible small pleural effusion. No pneumonia.\n"
            "IMPRESSION: Small pleural effusion. No pneumothorax. Pneumonia cannot be excluded.")
    labels = annotator.annotate(text).labels
    assert labels == {"CLN00016": "absent", "CLN00018": "present", "CLN00022": "uncertain"}


def test_only_history_gives_a_historical_label(annotator):
    assert annotator.annotate("HISTORY: lobectomy.\nFINDINGS: Normal.").labels == {"CLN00030": "historical"}


def test_wrapped_lines_stay_one_sentence_and_new_lines_start_one(annotator):
    assert ("pneumothorax", "absent") in statuses(annotator, "No pleural effusion or\npneumothorax.")
    assert ("pneumothorax", "present") in statuses(annotator, "No pleural effusion\nPneumothorax on the left")


def test_empty_and_finding_free_text(annotator):
    assert annotator.annotate("").findings == [] and annotator.annotate("Normal study.").labels == {}
