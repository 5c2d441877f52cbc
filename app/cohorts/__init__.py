"""Cohorts over the archive index: definitions, their canonical form and hash, SQL, counts, requests.

A use-case layer: it may use the ontology engine, the models and the database; engines never import it,
and the web, API and CLI only translate to and from its plain values.
"""
