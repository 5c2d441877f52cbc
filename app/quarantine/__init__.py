"""Quarantined files as people review them: the record of each (no PHI in clear) and masked previews.

A use case over the index: it may use the engines (dicom, pixels), models, db and the sealer; it knows
nothing of Flask or the CLI. The quarantine folders are written by `deid.batch` (for `deid dicom` and
cohort exports alike); the records, by the profile run that audits the run (`deid.quarantined`).
"""
