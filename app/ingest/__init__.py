"""Ingest: DICOM folders, a PACS over DICOMweb, a C-STORE receiver and report files into the archive index.

A use case over the index: it reads headers through the DICOM engine, annotates reports with the
ontology engine (and again when the ontology or the annotation engine changes: reannotate.py), and
writes patients, studies, series, instances, reports and findings, sealing what identifies a person
(app/sealed.py), a batch per transaction (batching.py). DICOM fetched or received over the network is
kept in the instance's archive folder (archive.py) and indexed like a folder. It knows nothing of
Flask or the terminal; engines never import it.
"""
