"""Every shipped job kind; importing this package registers them all."""
from . import audit_verify, cohort_export, deid_dicom, ingest  # noqa: F401
