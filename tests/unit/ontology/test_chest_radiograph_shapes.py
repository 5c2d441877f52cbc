"""Sentence shapes of real chest radiograph reports that the annotator once missed (OpenI dev half),
written anew here: negation lists, cues that hold a pseudo-cue, degree words inside a name, and the
synonyms and concepts chest radiographs use."""
import pytest

from app.ontology.phrases import PhraseIndex

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    # "clear of" negates every item of the list that follows it (the clear lungs are a normal finding, ontology 1.11.0)
    ("Both lungs are clear of consolidation, pneumothorax, or effusion.",
     {("clear lungs", "present"), ("consolidation", "absent"), ("pneumothorax", "absent"), ("effusion", "absent")}),
    # a negation cue that holds a whole pseudo-cue ("to suggest") is still a negation
    ("No findings to suggest pneumothorax.", {("pneumothorax", "absent")}),
    # hedges and negations in the words chest radiograph reports use
    ("This does not look like an acute infiltrate.", {("pulmonary infiltrate", "absent")}),
    ("The effusion and consolidation have cleared.", {("effusion", "absent"), ("consolidation", "absent")}),
    ("Pulmonary edema is difficult to exclude.", {("pulmonary edema", "uncertain")}),
    ("Difficult to entirely exclude a small pneumothorax.", {("pneumothorax", "uncertain")}),
    ("Basilar opacity which could indicate pneumonia.", {("opacity", "present"), ("pneumonia", "uncertain")}),
    ("Correlate clinically for pneumonia.", {("pneumonia", "uncertain")}),
    # a swollen ankle in the same report is not pulmonary edema
    ("Soft tissue edema about the ankle.", {("soft tissue edema", "present")}),
    # degree words may stand inside a name, assertion cues may not
    ("The heart size is moderately enlarged.", {("cardiomegaly", "present")}),
    # the silhouette may be a heart or a pericardial effusion (ontology 1.7.0)
    ("Cardiac silhouette is slightly enlarged since the last film.", {("enlarged cardiac silhouette", "present")}),
    ("The heart is slightly enlarged since the last film.", {("cardiomegaly", "present")}),
    ("The heart is large.", {("cardiomegaly", "present")}),
    ("Stable enlargement of the heart.", {("cardiomegaly", "present")}),
    # infiltrates are a concept of their own, negated and hedged like any other
    ("Patchy infiltrates at both bases.", {("pulmonary infiltrate", "present")}),
    ("No focal infiltrate.", {("pulmonary infiltrate", "absent")}),
    # collapse of a whole lung or lobe is atelectasis
    ("Lung collapse at the left base.", {("atelectasis", "present")}),
    ("Low lung volumes.", {("low lung volumes", "present")}),
    ("The lungs are hyperinflated.", {("hyperinflation", "present")}),
    ("Elevated right hemidiaphragm.", {("elevated hemidiaphragm", "present")}),
    ("The thoracic aorta is mildly tortuous.", {("tortuous aorta", "present")}),
    ("Tortuosity of the thoracic aorta.", {("tortuous aorta", "present")}),
    ("Right middle lobe collapse.", {("lobar collapse", "present")}),
    # the small findings that make a chest radiograph report not normal
    ("Mild dextrocurvature of the spine.", {("scoliosis", "present")}),
    ("Granulomatous sequelae are noted.", {("granulomatous disease", "present")}),
    ("Thickening of the fissure on the right.", {("pleural thickening", "present")}),
    ("Chronic coarse interstitial markings.", {("increased interstitial markings", "present")}),
    ("Calcified paratracheal lymph node.", {("calcified lymph node", "present")}),
    ("Basilar fibrosis.", {("pulmonary fibrosis", "present")}),
    ("Emphysematous lung disease.", {("emphysema", "present")}),
])
def test_chest_radiograph_shapes(shipped, text, expected):
    assert statuses(shipped, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The heart is not enlarged.", set()),  # "not" is a cue, never skipped
    ("Fatty infiltration of the liver.", {("hepatic steatosis", "present")}),  # no bare "infiltration"
    ("Interstitial markings are within normal limits.", set()),  # only qualified markings are a finding
    ("Apical pleural-parenchymal scarring.", {("scar", "present")}),  # a scar, not pleural thickening
])
def test_fixes_do_not_reach_too_far(shipped, text, expected):
    assert statuses(shipped, text) == expected


def test_skippable_words_never_start_or_end_a_phrase():
    index = PhraseIndex([(("heart", "enlarged"), "cardiomegaly")], skippable=frozenset({"mildly"}))
    assert [m.value for m in index.find(["heart", "mildly", "enlarged"])] == ["cardiomegaly"]
    assert index.find(["mildly", "heart", "enlarged"])[0].start == 1
    assert index.find(["heart", "enlarged", "mildly"])[0].end == 2
    assert index.find(["heart", "not", "enlarged"]) == []


@pytest.mark.parametrize("keys, expected", [
    (["left", "lower", "lobe", "collapse"], [("left lower lobe", 0, 3)]),
    (["left", "lower", "rib"], [("left lower", 0, 2)]),
    (["left", "rib"], [("left", 0, 1)]),
    (["lower", "lobe", "left"], [("lower lobe", 0, 2), ("left", 2, 3)]),
    (["left", "lower", "lobe"], [("left lower lobe", 0, 3)]),
    (["left"], [("left", 0, 1)]),
])
def test_the_longest_phrase_wins_with_or_without_skippable_words(keys, expected):
    phrases = [(("left",), "left"), (("left", "lower"), "left lower"), (("left", "lower", "lobe"), "left lower lobe"),
               (("lower", "lobe"), "lower lobe")]
    for skippable in (frozenset(), frozenset({"mildly"})):
        index = PhraseIndex(phrases, skippable=skippable)
        assert [(m.value, m.start, m.end) for m in index.find(keys)] == expected
        assert [(m.value, m.start, m.end) for m in index.find([*keys, "mildly"])] == expected
