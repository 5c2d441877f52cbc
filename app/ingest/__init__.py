"""Ingest: DICOM folders and report files (JSONL, HL7 v2, FHIR R4) into the archive index.

A use case over the index: it reads headers through the DICOM engine, annotates
reports with the ontology engine, and writes patients, studies, series,
instances, reports and findings, sealing what identifies a person
(app/sealed.py). It knows nothing of Flask or the terminal; engines never
import it.
"""
