"""The DICOM header de-identification engine (PS3.15 Annex E), Flask-free.

Owns: the action table, policies compiled from profiles, UID remapping, date
shifting, pseudonyms, private-tag decisions, the byte-level file rewriter and
batch runs. Takes paths, bytes and pydicom datasets; returns plain values.
Must not touch the database, HTTP or pixel values (that is app/pixels).
"""
import logging

from pydicom import config as _pydicom_config

# pydicom's validation warnings quote element values, which may be PHI: never let them reach a log.
# Invalid values are still caught: unparseable ones make a file unreadable, and outputs are re-checked.
_pydicom_config.settings.reading_validation_mode = _pydicom_config.IGNORE
_pydicom_config.settings.writing_validation_mode = _pydicom_config.IGNORE
logging.getLogger("pydicom").setLevel(logging.CRITICAL)
