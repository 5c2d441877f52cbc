"""Report-text de-identification on presidio-analyzer, Flask-free.

Owns: the tokenizer-only NLP engine, radiology recognizers (one small class per
kind, collected in `recognizers/` and switched on as data), the known-PHI
recognizer built from a study's own identifiers, the allow-list of eponyms and
clinical terms, and the operators (redact, surrogate, date shift). Takes text
and plain dicts; returns text and entity spans. Must not touch DICOM, HTTP or
the database.
"""
