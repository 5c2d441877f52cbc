"""Which files may carry burned-in text (PS3.15 Clean Pixel Data option territory), and which a profile reads.

The header values are read through pydicom's Dataset interface (`tag in ds`, `ds[tag]`), which the
header engine's scanned data sets offer too (with `strings`, text without a converted element), so the
pipeline asks before it parses a file fully.
"""
from __future__ import annotations

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

from ..profiles.schema import PixelPolicy

BURNED_IN_ANNOTATION, ENCAPSULATED_DOCUMENT, SOP_CLASS_UID, MODALITY = 0x00280301, 0x00420011, 0x00080016, 0x00080060
# Every element burned_in_risk reads: a reader that keeps only some elements keeps these.
RISK_TAGS = frozenset({BURNED_IN_ANNOTATION, ENCAPSULATED_DOCUMENT, SOP_CLASS_UID, MODALITY})

# Modalities whose images routinely carry burned-in annotations (ultrasound screens, scanned
# documents, secondary captures, dose reports, endoscopy/photography, angiography overlays).
AT_RISK_MODALITIES = frozenset({"US", "SC", "OT", "DOC", "XC", "ES", "GM", "SM", "IVUS", "OP", "XA", "RF"})
# Projection radiographs (digitised films, older CR readers, mammography labels) carry burned-in
# names often enough, with BurnedInAnnotation left out, that a pixel-cleaning profile reads them
# unless the header says NO. They are not quarantined when pixels are not cleaned: most are clean.
PROJECTION_MODALITIES = frozenset({"CR", "DX", "MG", "PX", "IO", "RG"})
# Secondary Capture SOP classes (PS3.4 B.5) and encapsulated documents carry arbitrary rendered text.
AT_RISK_SOP_PREFIXES = (
    "1.2.840.10008.5.1.4.1.1.7",        # Secondary Capture family (incl. multi-frame .7.1-.7.4)
    "1.2.840.10008.5.1.4.1.1.104",      # Encapsulated PDF / CDA / STL / OBJ / MTL
    "1.2.840.10008.5.1.4.1.1.77.1.1",   # VL Endoscopic Image
    "1.2.840.10008.5.1.4.1.1.77.1.4",   # VL Photographic Image
    "1.2.840.10008.5.1.4.1.1.6",        # Ultrasound Image family
    "1.2.840.10008.5.1.4.1.1.3",        # Ultrasound Multi-frame family
)


# Pixel Data, Float and Double Float Pixel Data, Encapsulated Document: where text can be rendered.
RENDERED_CONTENT = frozenset({0x7FE00010, 0x7FE00008, 0x7FE00009, ENCAPSULATED_DOCUMENT})


def can_carry_text(ds: Dataset) -> bool:
    """Whether the data set holds pixels or a document (a header-only CR or an SR has neither: nothing to read)."""
    return any(tag in ds for tag in RENDERED_CONTENT)


def only_a_document(ds: Dataset) -> bool:
    """Whether the file's only rendered content is an encapsulated document (PDF, CDA, a 3D model): no pixels."""
    return ENCAPSULATED_DOCUMENT in ds and not any(tag in ds for tag in RENDERED_CONTENT - {ENCAPSULATED_DOCUMENT})


def scans_pixels(policy: PixelPolicy, risk: str | None) -> bool:
    """Whether a profile reads a file's pixels, given why (if at all) the file may carry burned-in text."""
    return policy.clean and policy.scan != "none" and (risk is not None or policy.scan == "all")


def says_burned_in(ds: Dataset) -> bool:
    """Whether the header says the pixels carry burned-in annotation (BurnedInAnnotation YES)."""
    return _text_of(ds, BURNED_IN_ANNOTATION).strip().upper() == "YES"


def burned_in_risk(ds: Dataset) -> str | None:
    """Return why a file may carry burned-in text (a short PHI-free reason), or None."""
    if says_burned_in(ds):
        return "BurnedInAnnotation is YES"
    if ENCAPSULATED_DOCUMENT in ds:
        return "encapsulated document"
    sop_class = _text_of(ds, SOP_CLASS_UID)
    if any(sop_class == p or sop_class.startswith(p + ".") for p in AT_RISK_SOP_PREFIXES):
        return "SOP class at risk of burned-in text"
    modality = _text_of(ds, MODALITY).strip().upper()
    # A "NO" from an ultrasound or capture device is too often wrong to trust.
    if modality in AT_RISK_MODALITIES:
        return f"modality {modality} at risk of burned-in text"
    return None


def unlabelled_projection(ds: Dataset) -> str | None:
    """Return why a projection radiograph without a BurnedInAnnotation value should be read, or None."""
    if _text_of(ds, BURNED_IN_ANNOTATION).strip():
        return None
    modality = _text_of(ds, MODALITY).strip().upper()
    if modality in PROJECTION_MODALITIES:
        return f"modality {modality} without BurnedInAnnotation"
    return None


def _text_of(ds: Dataset, tag: int) -> str:
    """Return an element's values joined by backslashes, "" when it is absent or empty."""
    if tag not in ds:
        return ""
    # The header engine's scanned data set decodes plain text as pydicom would, without building an element.
    strings = getattr(ds, "strings", None)
    values = strings(tag) if strings is not None else None
    if values is not None:
        return "\\".join(values)
    value = ds[tag].value
    if isinstance(value, MultiValue):
        return "\\".join(str(v) for v in value)
    return str(value) if value else ""
