"""Checks of de-identified DICOM output against its input: read-back, IOD conformance, surviving identifiers.

Used by the real-file regression test and `scripts/bench/real_files.py`; it runs the real batch engine
and judges its outputs with independent readers (pydicom, dciodvfy), never with the engine's own code.
"""
