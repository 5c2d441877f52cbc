"""Which files may carry burned-in text (PS3.15 Clean Pixel Data option territory)."""
from __future__ import annotations

from pydicom.dataset import Dataset

# Modalities whose images routinely carry burned-in annotations (ultrasound screens, scanned
# documents, secondary captures, dose reports, endoscopy/photography, angiography overlays).
AT_RISK_MODALITIES = frozenset({"US", "SC", "OT", "DOC", "XC", "ES", "GM", "SM", "IVUS", "OP", "XA", "RF"})
# Secondary Capture SOP classes (PS3.4 B.5) and encapsulated documents carry arbitrary rendered text.
AT_RISK_SOP_PREFIXES = (
    "1.2.840.10008.5.1.4.1.1.7",        # Secondary Capture family (incl. multi-frame .7.1-.7.4)
    "1.2.840.10008.5.1.4.1.1.104",      # Encapsulated PDF / CDA / STL / OBJ / MTL
    "1.2.840.10008.5.1.4.1.1.77.1.1",   # VL Endoscopic Image
    "1.2.840.10008.5.1.4.1.1.77.1.4",   # VL Photographic Image
    "1.2.840.10008.5.1.4.1.1.6",        # Ultrasound Image family
    "1.2.840.10008.5.1.4.1.1.3",        # Ultrasound Multi-frame family
)


def burned_in_risk(ds: Dataset) -> str | None:
    """Return why a file may carry burned-in text (a short PHI-free reason), or None."""
    burned = str(ds.get("BurnedInAnnotation", "") or "").strip().upper()
    if burned == "YES":
        return "BurnedInAnnotation is YES"
    if "EncapsulatedDocument" in ds:
        return "encapsulated document"
    sop_class = str(ds.get("SOPClassUID", "") or "")
    if any(sop_class == p or sop_class.startswith(p + ".") for p in AT_RISK_SOP_PREFIXES):
        return "SOP class at risk of burned-in text"
    modality = str(ds.get("Modality", "") or "").strip().upper()
    # A "NO" from an ultrasound or capture device is too often wrong to trust.
    if modality in AT_RISK_MODALITIES:
        return f"modality {modality} at risk of burned-in text"
    return None
