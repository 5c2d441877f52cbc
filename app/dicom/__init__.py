"""The DICOM header de-identification engine (PS3.15 Annex E), Flask-free.

Owns: the action table, policies compiled from profiles, UID remapping, date
shifting, pseudonyms, private-tag decisions, the raw scanner, the byte-level
reader and writer and the final proof. Takes bytes and pydicom datasets;
returns plain values. Must not touch the database, HTTP, pixel values (that is
app/pixels) or report text (app/text); app/deid strings them together.
"""
from .quiet import silence_pydicom

# Any code that reads DICOM through this engine is quiet, even when the entry point forgot to ask.
silence_pydicom()
