"""Gold-standard label sets (ChestX-ray14 for OpenI) expressed in ontology concepts."""
import pytest

from app.config import REPO_ROOT
from tests.synth.label_sets import load_label_set

REAL = REPO_ROOT / "tests" / "data" / "annotation" / "real"


@pytest.fixture(scope="module")
def ontology(shipped_ontology):
    return shipped_ontology


@pytest.fixture(scope="module")
def chestxray14(ontology):
    return load_label_set(REAL / "chestxray14.yaml", ontology)


def test_shipped_map_covers_the_scored_gold_columns(chestxray14):
    header = (REAL / "openi_gold14.csv").read_text(encoding="utf-8").splitlines()[0].split(",")[1:]
    assert set(chestxray14.labels) == set(header) - {"Hernia"}
    assert chestxray14.normal == "normal"


def test_descendants_count_and_excepted_ones_do_not(chestxray14, ontology):
    assert "CLN00115" in chestxray14.concepts["Atelectasis"]  # subsegmental atelectasis, an is-a child
    assert "CLN00110" not in chestxray14.concepts["Nodule"]  # calcified granuloma, left out by `except`
    assert "CLN01021" not in chestxray14.concepts["Edema"]  # cerebral edema: bare edema is named `only`


def test_report_status_is_the_strongest_and_normal_needs_nothing_present(chestxray14, ontology):
    labels = chestxray14.report_labels(ontology, {"RID28493": "absent", "CLN00115": "uncertain"})
    assert labels == {"Atelectasis": "uncertain", "normal": "absent"}
    assert chestxray14.report_labels(ontology, {"RID5352": "absent"}) == {"Pneumothorax": "absent", "normal": "present"}
    # a device in place breaks "normal", a past procedure does not
    devices = [c.id for c in ontology.concepts.values() if c.root == "medical device"]
    assert chestxray14.report_labels(ontology, {devices[0]: "present"})["normal"] == "absent"
    # a complaint the report names ("if symptoms persist") is no finding of the images: `except` leaves it out
    assert chestxray14.report_labels(ontology, {"RID39265": "present"}) == {"normal": "present"}
    assert chestxray14.report_labels(ontology, {"RID39265": "present", "RID5352": "present"})["normal"] == "absent"
    assert chestxray14.report_labels(ontology, {"RID39048": "present"}) == {"normal": "present"}  # diabetes


def test_unknown_concept_is_a_clear_error(tmp_path, ontology):
    bad = tmp_path / "bad.yaml"
    bad.write_text("labels:\n  Thing: {concepts: [RID0000000]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown concept 'RID0000000'"):
        load_label_set(bad, ontology)
    bad.write_text("- not a mapping\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected a mapping"):
        load_label_set(bad, ontology)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_chexpert_gold_is_scored_for_present_absent_and_uncertain(tmp_path, ontology):
    from app.ontology import Annotator
    from tests.synth.label_gold import read_label_gold, score_labels

    chexpert = load_label_set(REAL / "chexpert.yaml", ontology)
    header = "Report," + ",".join(chexpert.labels)
    blank = "," * (len(chexpert.labels) - 1)
    column = {label: i for i, label in enumerate(chexpert.labels)}

    def line(rid, **cells):
        values = blank.split(",")
        for label, value in cells.items():
            values[column[label.replace("_", " ")]] = value
        return rid + "," + ",".join(values)

    gold = read_label_gold(write(tmp_path / "gold.csv", "\n".join([
        header,
        line("r1", Pleural_Effusion="1", Pneumothorax="0"),
        line("r2", Pneumonia="-1", Support_Devices="1"),
        line("r3", Cardiomegaly="0", No_Finding="1"),
    ]) + "\n"))
    assert gold.statuses == ("present", "absent", "uncertain")
    reports = {"r1": "Small left pleural effusion. No pneumothorax.",
               "r2": "Right PICC in place. Opacity at the right base, possibly pneumonia.",
               "r3": "The heart is not enlarged."}
    score = score_labels(Annotator(ontology), chexpert, reports, gold)
    tallies = score.tallies
    assert (tallies["present"]["Pleural Effusion"].tp, tallies["absent"]["Pneumothorax"].tp) == (1, 1)
    assert (tallies["uncertain"]["Pneumonia"].tp, tallies["present"]["Support Devices"].tp) == (1, 1)
    assert tallies["present"]["No Finding"].tp == 1
    # the opacity in r2 is a Lung Opacity the gold standard left blank: one false positive, a miss listed
    assert tallies["present"]["Lung Opacity"].fp == 1
    assert ("Lung Opacity", "-", "present", "r2") in score.misses


def test_binary_gold_scores_only_positives_and_bad_cells_are_named(tmp_path):
    from tests.synth.label_gold import read_label_gold

    gold = read_label_gold(write(tmp_path / "g.csv", "filename,Edema,normal\nCXR1,0,1\nCXR2,1,0\n"))
    assert gold.statuses == ("present",)
    assert gold.labels == {"CXR1": {"normal": "present"}, "CXR2": {"Edema": "present"}}
    with pytest.raises(ValueError, match=r"line 3, Edema: 'yes' is not 1, 0, -1 or blank"):
        read_label_gold(write(tmp_path / "bad.csv", "filename,Edema\nCXR1,0\nCXR2,yes\n"))
