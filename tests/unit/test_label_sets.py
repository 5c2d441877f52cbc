"""Gold-standard label sets (ChestX-ray14 for OpenI) expressed in ontology concepts."""
import pytest

from app.config import REPO_ROOT
from app.ontology import load_ontology
from app.synth.label_sets import load_label_set

REAL = REPO_ROOT / "tests" / "data" / "annotation" / "real"


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(REPO_ROOT / "ontologies" / "radiology.ttl")


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


def test_unknown_concept_is_a_clear_error(tmp_path, ontology):
    bad = tmp_path / "bad.yaml"
    bad.write_text("labels:\n  Thing: {concepts: [RID0000000]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown concept 'RID0000000'"):
        load_label_set(bad, ontology)
    bad.write_text("- not a mapping\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected a mapping"):
        load_label_set(bad, ontology)
