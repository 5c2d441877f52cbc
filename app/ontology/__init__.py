"""The radiology ontology and report annotation, Flask-free.

Owns: loading the shipped OWL/Turtle ontology (rdflib for SPARQL, owlready2 for the class
hierarchy) into a compiled, cached concept table; hierarchy queries; ranked search; phrase
matching of every label, synonym and abbreviation; report sections; ConText-style assertion
status (present, absent, uncertain, historical) and report-level labels.
"""
from .annotate import Annotator, Finding, ReportAnnotation
from .annotators import shipped_annotator
from .model import Concept, Ontology, OntologyError
from .store import load_ontology

__all__ = ["Annotator", "Concept", "Finding", "Ontology", "OntologyError", "ReportAnnotation", "load_ontology",
           "shipped_annotator"]
