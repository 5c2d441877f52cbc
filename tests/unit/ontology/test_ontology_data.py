"""The shipped radiology ontology: header, IDs, labels, is-a hierarchy, core concepts, and an owlready2 load."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS

ONTOLOGY = Path(__file__).resolve().parents[3] / "ontologies" / "radiology.ttl"
CLN = Namespace("http://cleanroom.local/ontology/")
RID = Namespace("http://radlex.org/RID/")
ROOTS = {"radiology finding", "procedure", "medical device", "anatomical entity", "imaging modality"}
REGIONS = {"chest", "neuro", "abdomen", "musculoskeletal", "breast", "general", "vascular"}
# Cue words that would turn a synonym into a negated or hedged mention.
ASSERTION_CUES = {"no", "not", "without", "negative", "absent", "possible", "possibly", "probable", "likely",
                  "suspected", "suspicious", "questionable", "cannot", "versus", "vs", "rule"}

CORE = {
    "chest": "pneumothorax; pleural effusion; pulmonary nodule; lung mass; consolidation; pneumonia; atelectasis; "
             "pulmonary edema; ground-glass opacity; emphysema; interstitial lung disease; pulmonary fibrosis; "
             "bronchiectasis; pulmonary embolism; cardiomegaly; pericardial effusion; mediastinal lymphadenopathy; "
             "hilar lymphadenopathy; aortic aneurysm; aortic dissection; rib fracture; pneumomediastinum; hiatal hernia; "
             "pleural thickening; coronary artery calcification; lung cancer; tree-in-bud opacity; cavitary lesion",
    "neuro": "intracranial hemorrhage; subdural hematoma; epidural hematoma; subarachnoid hemorrhage; "
             "intraparenchymal hemorrhage; cerebral infarction; intracranial mass; brain metastasis; hydrocephalus; "
             "midline shift; cerebral edema; white matter disease; cerebral atrophy; intracranial aneurysm; "
             "skull fracture; meningioma; sinusitis; mass effect",
    "abdomen": "appendicitis; small bowel obstruction; pneumoperitoneum; ascites; cholelithiasis; cholecystitis; "
               "hepatic steatosis; liver lesion; cirrhosis; splenomegaly; hepatomegaly; nephrolithiasis; hydronephrosis; "
               "renal cyst; renal mass; pancreatitis; diverticulitis; diverticulosis; colitis; abdominal aortic aneurysm; "
               "adrenal nodule; inguinal hernia; ventral hernia; ureterolithiasis; lymphadenopathy; free fluid",
    "musculoskeletal": "fracture; vertebral compression fracture; hip fracture; dislocation; joint effusion; "
                       "osteoarthritis; rotator cuff tear; meniscal tear; anterior cruciate ligament tear; osteomyelitis; "
                       "lytic bone lesion; osteopenia; degenerative disc disease; disc herniation; spinal stenosis; "
                       "spondylolisthesis; scoliosis",
    "breast": "breast mass; breast calcifications; architectural distortion; focal asymmetry; axillary lymphadenopathy; "
              "breast cyst; fibroadenoma; skin thickening",
    "other": "thyroid nodule; deep vein thrombosis; metastasis; mass; nodule; cyst; calcification; hemorrhage; edema; "
             "effusion; hernia; thrombus; aneurysm",
    "procedures": "lobectomy; pneumonectomy; cholecystectomy; appendectomy; mastectomy; lumpectomy; craniotomy; "
                  "nephrectomy; coronary artery bypass graft; hysterectomy; thyroidectomy",
    "devices": "endotracheal tube; central venous catheter; chest tube; pacemaker; nasogastric tube",
}
CORE_NAMES = sorted({name.strip() for names in CORE.values() for name in names.split(";")})


@pytest.fixture(scope="module")
def graph() -> Graph:
    """Parse the shipped Turtle once for the module."""
    g = Graph()
    g.parse(ONTOLOGY, format="turtle")
    return g


@pytest.fixture(scope="module")
def classes(graph) -> list[URIRef]:
    return sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))


@pytest.fixture(scope="module")
def label_of(graph, classes) -> dict[URIRef, str]:
    return {c: str(graph.value(c, RDFS.label)) for c in classes}


@pytest.fixture(scope="module")
def by_label(label_of) -> dict[str, URIRef]:
    return {label: c for c, label in label_of.items()}


@pytest.fixture(scope="module")
def parents(graph, classes) -> dict[URIRef, set[URIRef]]:
    return {c: {p for p in graph.objects(c, RDFS.subClassOf) if isinstance(p, URIRef)} for c in classes}


def ancestors(parents: dict[URIRef, set[URIRef]], cls: URIRef) -> set[URIRef]:
    """Return every transitive is-a ancestor of cls (cls itself excluded)."""
    seen: set[URIRef] = set()
    stack = list(parents.get(cls, ()))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(parents.get(node, ()))
    return seen


def test_header_has_version_iri_and_info(graph):
    (ontology,) = list(graph.subjects(RDF.type, OWL.Ontology))
    version_iri = graph.value(ontology, OWL.versionIRI)
    version_info = str(graph.value(ontology, OWL.versionInfo))
    assert isinstance(version_iri, URIRef) and re.fullmatch(r"\d+\.\d+\.\d+", version_info)
    assert str(version_iri).endswith("/" + version_info)


def test_has_at_least_300_classes(classes):
    assert len(classes) >= 300


def test_every_class_has_exactly_one_nonempty_label(graph, classes):
    bad = [c for c in classes if len(list(graph.objects(c, RDFS.label))) != 1 or not str(graph.value(c, RDFS.label))]
    assert bad == []


def test_labels_are_unique_ignoring_case(label_of):
    seen: dict[str, list[str]] = defaultdict(list)
    for label in label_of.values():
        seen[label.lower()].append(label)
    assert [group for group in seen.values() if len(group) > 1] == []


def test_no_synonym_belongs_to_two_concepts(graph, classes, label_of):
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for c in classes:
        owners[label_of[c].lower()].add(c)
        for synonym in graph.objects(c, SKOS.altLabel):
            owners[str(synonym).lower()].add(c)
    assert {name: sorted(map(str, cs)) for name, cs in owners.items() if len(cs) > 1} == {}


def test_no_abbreviation_belongs_to_two_concepts(graph, classes):
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for c in classes:
        for abbreviation in graph.objects(c, CLN.abbreviation):
            owners[str(abbreviation)].add(c)
    assert {name: sorted(map(str, cs)) for name, cs in owners.items() if len(cs) > 1} == {}


def test_synonyms_carry_no_negation_or_uncertainty(graph, classes):
    # "surgically absent" is no negation (a pseudo-cue of the context rules): "uterus surgically absent" names the operation;
    # nor is "absent" opening a name whose finding is the absence ("absent color Doppler flow", as RadLex's "absent bow tie sign")
    hedged = [str(s) for c in classes for s in graph.objects(c, SKOS.altLabel)
              if ASSERTION_CUES & set(re.findall(r"[a-z]+", re.sub(r"^absent ", "", str(s).lower().replace("surgically absent", ""))))]
    assert hedged == []


def test_roots_have_no_parent_and_every_other_class_has_declared_parents(classes, label_of, parents):
    declared = set(classes)
    roots = {c for c in classes if not parents[c]}
    assert {label_of[c] for c in roots} == ROOTS
    undeclared = {label_of[c]: sorted(map(str, ps - declared)) for c, ps in parents.items() if ps - declared}
    assert undeclared == {}


def test_is_a_graph_has_no_cycles(classes, parents):
    state: dict[URIRef, int] = {}  # 1 = on the current path, 2 = finished

    def visit(node: URIRef) -> bool:
        state[node] = 1
        for parent in parents.get(node, ()):
            if state.get(parent) == 1 or (parent not in state and visit(parent)):
                return True
        state[node] = 2
        return False

    assert [c for c in classes if c not in state and visit(c)] == []


def test_every_class_descends_from_exactly_one_root(classes, label_of, parents):
    roots = {c for c in classes if not parents[c]}
    wrong = {label_of[c]: sorted(label_of[r] for r in ancestors(parents, c) & roots)
             for c in classes if c not in roots and len(ancestors(parents, c) & roots) != 1}
    assert wrong == {}


def test_ids_are_radlex_or_own_namespace(classes):
    def well_formed(c: URIRef) -> bool:
        iri = str(c)
        if iri.startswith(str(RID)):
            return re.fullmatch(r"RID\d+", iri[len(RID):]) is not None
        return iri.startswith(str(CLN)) and re.fullmatch(r"CLN\d{5}", iri[len(CLN):]) is not None

    assert [str(c) for c in classes if not well_formed(c)] == []


def test_every_radlex_concept_cites_where_its_rid_was_established(graph, classes):
    radlex = [c for c in classes if str(c).startswith(str(RID))]
    assert radlex, "expected some verified RadLex IDs"
    assert [str(c) for c in radlex if not str(graph.value(c, DCTERMS.source) or "").startswith("https://")] == []


def test_annotations_use_known_regions_and_sites_point_at_anatomy(graph, classes, by_label, parents):
    anatomy = by_label["anatomical entity"]
    regions = {str(graph.value(c, CLN.bodyRegion)) for c in classes}
    assert regions <= REGIONS
    sites = {s for c in classes for s in graph.objects(c, CLN.findingSite)}
    assert sites and all(anatomy in ancestors(parents, s) for s in sites)


def test_core_concepts_are_present(by_label):
    assert [name for name in CORE_NAMES if name not in by_label] == []


@pytest.mark.parametrize("child, ancestor", [
    ("rib fracture", "fracture"),
    ("hip fracture", "fracture"),
    ("subdural hematoma", "intracranial hemorrhage"),
    ("subdural hematoma", "hematoma"),
    ("intracranial hemorrhage", "hemorrhage"),
    ("brain metastasis", "metastasis"),
    ("lung cancer", "malignant neoplasm"),
    ("abdominal aortic aneurysm", "aneurysm"),
    ("inguinal hernia", "hernia"),
    ("chest tube", "medical device"),
    ("lobectomy", "procedure"),
])
def test_is_a_spot_checks(by_label, parents, child, ancestor):
    assert by_label[ancestor] in ancestors(parents, by_label[child])


@pytest.mark.parametrize("label, abbreviation", [
    ("pulmonary embolism", "PE"),
    ("ground-glass opacity", "GGO"),
    ("pneumothorax", "PTX"),
    ("small bowel obstruction", "SBO"),
    ("abdominal aortic aneurysm", "AAA"),
])
def test_abbreviation_spot_checks(graph, by_label, label, abbreviation):
    assert abbreviation in {str(a) for a in graph.objects(by_label[label], CLN.abbreviation)}


def test_owlready2_reads_the_same_classes_and_hierarchy(graph, classes, tmp_path):
    # owlready2 has no Turtle parser, so it reads an N-Triples copy.
    triples = tmp_path / "radiology.nt"
    graph.serialize(triples, format="nt", encoding="utf-8")
    world = owlready2.World()
    try:
        world.get_ontology(triples.as_uri()).load()
        loaded = {cls.iri: cls for cls in world.classes()}
        assert set(loaded) == {str(c) for c in classes}
        # owlready2's language-tagged strings compare unequal to plain ones, hence str().
        fracture = next(c for c in loaded.values() if [str(label) for label in c.label] == ["fracture"])
        assert "rib fracture" in {str(label) for d in fracture.descendants() for label in d.label}
    finally:
        world.close()
