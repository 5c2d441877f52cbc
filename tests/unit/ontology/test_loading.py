"""Loading, checking and caching the ontology; hierarchy queries and search."""
import json
import shutil

import pytest

from app.ontology import OntologyError, load_ontology

from .conftest import MINI

HEADER = MINI.read_text().split("cln:CLN00001")[0]
ROOTS = "\n".join(f'cln:CLN0000{i} a owl:Class ; rdfs:label "{name}"@en .' for i, name in
                  enumerate(["radiology finding", "procedure", "medical device", "anatomical entity",
                             "imaging modality"], start=1))


def write(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / "onto.ttl"
    path.write_text(header + ROOTS + "\n" + body)
    return path


def test_loads_version_labels_and_hierarchy(mini):
    assert mini.version == "0.1.0"
    assert mini.version_iri.endswith("/mini/0.1.0")
    sdh = mini.get("CLN00015")
    assert sdh.label == "subdural hematoma" and sdh.abbreviations == ("SDH",)
    assert set(sdh.parents) == {"CLN00013", "CLN00014"}
    assert mini.ancestors("CLN00015") == {"CLN00013", "CLN00014", "CLN00012", "CLN00001"}
    assert mini.descendants("CLN00012") == {"CLN00013", "CLN00014", "CLN00015"}
    assert mini.is_a("CLN00011", "CLN00010") and not mini.is_a("CLN00010", "CLN00011")
    assert sdh.root == "radiology finding" and mini.get("CLN00040").root == "anatomical entity"
    assert [c.label for c in mini.children("CLN00012")] == ["hematoma", "intracranial hemorrhage"]


def test_detail_names_parents_and_children(mini):
    detail = mini.detail("CLN00013")
    assert detail["parents"] == [{"id": "CLN00012", "label": "hemorrhage"}]
    assert detail["children"] == [{"id": "CLN00015", "label": "subdural hematoma"}]
    assert detail["kind"] == "radiology finding" and detail["descendants"] == 1


def test_unknown_id_is_a_clear_not_found(mini):
    from app.errors import NotFound

    with pytest.raises(NotFound, match="no concept"):
        mini.get("RID0")


@pytest.mark.parametrize("query, first", [
    ("hemorrhage", "CLN00012"), ("Haemorrhage", "CLN00012"), ("PTX", "CLN00016"), ("collapsed", "CLN00016"),
    ("subdural", "CLN00015"), ("CLN00031", "CLN00031"), ("ground glass", "CLN00020"), ("rib fractures", "CLN00011"),
])
def test_search_ranks_the_best_name_first(mini, query, first):
    assert mini.search(query)[0].concept.id == first


def test_search_prefers_labels_and_returns_nothing_for_nonsense(mini):
    hits = mini.search("hemorrhage")
    assert [h.concept.id for h in hits[:2]] == ["CLN00012", "CLN00013"]
    assert mini.search("zebra") == []


def test_roll_up_carries_positive_statuses_to_ancestors_only(mini):
    rolled = mini.roll_up({"CLN00015": "present", "CLN00011": "absent"})
    assert rolled["CLN00013"] == rolled["CLN00012"] == rolled["CLN00001"] == "present"
    assert "CLN00010" not in rolled  # "no rib fracture" says nothing about other fractures


@pytest.mark.parametrize("body, message", [
    ('cln:CLN00010 a owl:Class ; rdfs:label "a"@en ; rdfs:subClassOf cln:CLN00011 .\n'
     'cln:CLN00011 a owl:Class ; rdfs:label "b"@en ; rdfs:subClassOf cln:CLN00010 .', "cycle"),
    ('cln:CLN00010 a owl:Class ; rdfs:label "orphan"@en .', "not one of the roots"),
    ('cln:CLN00010 a owl:Class ; rdfs:label "same"@en ; rdfs:subClassOf cln:CLN00001 .\n'
     'cln:CLN00011 a owl:Class ; rdfs:label "Same"@en ; rdfs:subClassOf cln:CLN00001 .', "is used by"),
    ('cln:CLN00010 a owl:Class ; rdfs:label "x"@en ; rdfs:subClassOf cln:CLN09999 .', "undeclared parent"),
    ('cln:CLN00010 a owl:Class ; rdfs:label "x"@en , "y"@en ; rdfs:subClassOf cln:CLN00001 .', "exactly one"),
    ('cln:CLN00010 a owl:Class ; rdfs:label "x"@en ; rdfs:subClassOf', "not valid Turtle"),
])
def test_broken_ontologies_are_refused_with_a_reason(tmp_path, body, message):
    with pytest.raises(OntologyError, match=message):
        load_ontology(write(tmp_path, body))


def test_missing_version_iri_is_refused(tmp_path):
    header = HEADER.replace("owl:versionIRI <http://cleanroom.local/ontology/mini/0.1.0> ;", "")
    with pytest.raises(OntologyError, match="versionIRI"):
        load_ontology(write(tmp_path, "", header))


def test_compiled_cache_is_keyed_by_the_file_hash(tmp_path):
    source = tmp_path / "mini.ttl"
    shutil.copy(MINI, source)
    cache = tmp_path / "cache"
    first = load_ontology(source, cache)
    [cached] = cache.glob("ontology-*.json")
    assert json.loads(cached.read_text())["sha256"] == first.sha256
    source.write_text(source.read_text().replace('"pneumonia"@en', '"pneumonitis"@en'))
    second = load_ontology(source, cache)
    assert second.sha256 != first.sha256 and second.get("CLN00022").label == "pneumonitis"
    assert len(list(cache.glob("ontology-*.json"))) == 2


def test_a_corrupt_cache_file_is_rebuilt(tmp_path):
    from app.ontology import store

    source = tmp_path / "mini.ttl"
    shutil.copy(MINI, source)
    cache = tmp_path / "cache"
    load_ontology(source, cache)
    [cached] = cache.glob("ontology-*.json")
    cached.write_text("{not json")
    store._loaded.clear()  # forget the in-process copy so the cache file is consulted
    assert load_ontology(source, cache).get("CLN00016").label == "pneumothorax"
    assert json.loads(cached.read_text())["format"] == store.CACHE_FORMAT
