"""Synthetic corpora with ground truth, and their scorers, for tests and scripts/bench: never real patients.

Generators for DICOM (adversarial headers, burned-in pixels), labelled reports and finding labels build on
app.demo's people, study types and templates; the app never imports this package.
"""
