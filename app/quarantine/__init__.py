"""Quarantined files as people review them: the record of each (no PHI in clear) and masked previews.

A use case over the index: it may use the engines (dicom, pixels), models, db and the sealer; it knows
nothing of Flask or the CLI. The quarantine folders themselves are written by `dicom.batch`.
"""
