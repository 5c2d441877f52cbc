"""Compile the shipped OWL/Turtle file into a concept table: rdflib SPARQL for the annotations,
owlready2 for the transitive is-a closure."""
from __future__ import annotations

import logging
import tempfile
from collections import defaultdict
from pathlib import Path

from rdflib import Graph
from rdflib.exceptions import ParserError

from .model import Concept, OntologyError, check_hierarchy

PREFIXES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX cln: <http://cleanroom.local/ontology/>
"""
# One query per multi-valued annotation keeps each result set flat.
QUERIES = {
    "label": "SELECT ?c ?v WHERE { ?c a owl:Class ; rdfs:label ?v }",
    "synonyms": "SELECT ?c ?v WHERE { ?c a owl:Class ; skos:altLabel ?v }",
    "abbreviations": "SELECT ?c ?v WHERE { ?c a owl:Class ; cln:abbreviation ?v }",
    "definition": "SELECT ?c ?v WHERE { ?c a owl:Class ; skos:definition ?v }",
    "parents": "SELECT ?c ?v WHERE { ?c a owl:Class ; rdfs:subClassOf ?v . FILTER(isIRI(?v)) }",
    "region": "SELECT ?c ?v WHERE { ?c a owl:Class ; cln:bodyRegion ?v }",
    "sites": "SELECT ?c ?v WHERE { ?c a owl:Class ; cln:findingSite ?v }",
    "part_of": "SELECT ?c ?v WHERE { ?c a owl:Class ; cln:partOf ?v }",
    "source": "SELECT ?c ?v WHERE { ?c a owl:Class ; dcterms:source ?v }",
}
VERSION_QUERY = """SELECT ?iri ?info WHERE { ?o a owl:Ontology .
    OPTIONAL { ?o owl:versionIRI ?iri } OPTIONAL { ?o owl:versionInfo ?info } }"""


def local_id(iri: str) -> str:
    """Return a concept's ID: the last segment of its IRI (RID5352, CLN00042)."""
    return iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]


def compile_ontology(path: Path) -> dict:
    """Parse, check and flatten the ontology file; raise OntologyError with a clear reason."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib's parser raises assorted types on malformed input
        raise OntologyError(f"{path.name}: not valid Turtle ({_parse_failure(exc)})") from None
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for field, query in QUERIES.items():
        for row in graph.query(PREFIXES + query):
            values[str(row.c)][field].append(str(row.v))
    concepts = []
    for iri, fields in values.items():
        labels = fields.get("label", [])
        if len(labels) != 1:
            raise OntologyError(f"{path.name}: {local_id(iri)} must have exactly one rdfs:label, has {len(labels)}")
        concepts.append(Concept(
            id=local_id(iri), iri=iri, label=labels[0],
            synonyms=tuple(sorted(set(fields.get("synonyms", [])))),
            abbreviations=tuple(sorted(set(fields.get("abbreviations", [])) - set(fields.get("synonyms", [])))),
            definition=_one(fields, "definition"), parents=tuple(sorted(local_id(p) for p in fields.get("parents", []))),
            region=_one(fields, "region"), sites=tuple(sorted(local_id(s) for s in fields.get("sites", []))),
            part_of=tuple(sorted(local_id(s) for s in fields.get("part_of", []))),
            source=_one(fields, "source")))
    problems = check_hierarchy(concepts)
    if problems:
        raise OntologyError(f"{path.name}: {len(problems)} problem(s), first: {problems[0]}")
    closure = _owl_ancestors(graph, {c.iri: c.id for c in concepts})
    by_id = {c.id: c for c in concepts}
    table = []
    for concept in concepts:
        ancestors = tuple(sorted(closure.get(concept.id, ())))
        root = next((by_id[a].label for a in ancestors if not by_id[a].parents), concept.label)
        table.append({**concept.as_dict(), "ancestors": list(ancestors), "root": root})
    version_iri, version = "", ""
    for row in graph.query(PREFIXES + VERSION_QUERY):
        version_iri, version = str(row.iri or ""), str(row.info or "")
    if not version_iri:
        raise OntologyError(f"{path.name}: the ontology header has no owl:versionIRI")
    return {"version": version or local_id(version_iri), "version_iri": version_iri,
            "concepts": sorted(table, key=lambda c: c["id"])}


def _parse_failure(exc: Exception) -> str:
    """The first line of a syntax report, else only the error's type (other messages are not for users)."""
    lines = str(exc).splitlines() if isinstance(exc, (ParserError, SyntaxError)) else []
    return lines[0][:200] if lines else type(exc).__name__


def _one(fields: dict[str, list[str]], name: str) -> str | None:
    items = fields.get(name)
    return items[0] if items else None


def _owl_ancestors(graph: Graph, ids_by_iri: dict[str, str]) -> dict[str, set[str]]:
    """Load the graph into an owlready2 world and read each class's transitive superclasses."""
    import owlready2

    logging.getLogger("owlready2").setLevel(logging.ERROR)
    world = owlready2.World()
    with tempfile.TemporaryDirectory() as tmp:
        triples = Path(tmp) / "ontology.nt"
        graph.serialize(triples, format="nt", encoding="utf-8")
        world.get_ontology(triples.as_uri()).load()
        closure: dict[str, set[str]] = {}
        for cls in world.classes():
            cid = ids_by_iri.get(cls.iri)
            if cid is not None:
                closure[cid] = {ids_by_iri[a.iri] for a in cls.ancestors(include_self=False)
                                if getattr(a, "iri", None) in ids_by_iri}
        world.close()
    return closure
