"""What an output says about its own de-identification: PS3.3 C.7.1.1 attributes and CID 7050 codes."""
from __future__ import annotations

import uuid

from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset

from ..version import software_version

# PS3.16 CID 7050 "De-identification Method", scheme DCM.
BASIC_PROFILE = ("113100", "Basic Application Confidentiality Profile")
CLEAN_PIXEL_DATA = ("113101", "Clean Pixel Data Option")
OPTION_CODES = {
    "clean_graphics": ("113103", "Clean Graphics Option"),
    "clean_structured_content": ("113104", "Clean Structured Content Option"),
    "clean_descriptors": ("113105", "Clean Descriptors Option"),
    "retain_long_full_dates": ("113106", "Retain Longitudinal Temporal Information Full Dates Option"),
    "retain_long_modified_dates": ("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
    "retain_patient_characteristics": ("113108", "Retain Patient Characteristics Option"),
    "retain_device_identity": ("113109", "Retain Device Identity Option"),
    "retain_uids": ("113110", "Retain UIDs Option"),
    "retain_safe_private": ("113111", "Retain Safe Private Option"),
    "retain_institution_identity": ("113112", "Retain Institution Identity Option"),
}

BURNED_IN_ANNOTATION, METHOD_CODES = 0x00280301, 0x00120064

# Cleanroom's own implementation class UID: fixed, derived from its name in the 2.25 arc.
IMPLEMENTATION_CLASS_UID = "2.25." + str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:cleanroom:implementation").int)


def implementation_version_name() -> str:
    """Return the (0002,0013) value: at most 16 characters."""
    return ("CLEANROOM_" + software_version().replace(".", "_"))[:16]


def option_codes(options: frozenset[str], clean_pixels: bool) -> list[tuple[str, str]]:
    """Return the CID 7050 codes for the Basic Profile and every option applied."""
    codes = [BASIC_PROFILE]
    if clean_pixels:
        codes.append(CLEAN_PIXEL_DATA)
    codes += [OPTION_CODES[o] for o in sorted(options) if o in OPTION_CODES]
    return codes


def method_elements(profile_label: str, codes: list[tuple[str, str]], dates_modified: bool) -> Dataset:
    """Return the attributes every output carries: PatientIdentityRemoved, method text and codes."""
    ds = Dataset()
    ds.PatientIdentityRemoved = "YES"
    # LO is limited to 64 characters per value, so the label goes in as its own value.
    ds.DeidentificationMethod = ["Cleanroom " + software_version(), profile_label[:64]]
    items = []
    for value, meaning in codes:
        item = Dataset()
        item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, "DCM", meaning
        items.append(item)
    ds.DeidentificationMethodCodeSequence = items
    if dates_modified:
        ds.LongitudinalTemporalInformationModified = "MODIFIED"
    return ds


def agree_on_burned_in(elements: list[DataElement], says_burned_in: bool, pixels_proven: bool) -> list[DataElement]:
    """Return one output's method elements so that BurnedInAnnotation and the Clean Pixel Data code agree.

    A header saying YES over pixels the pixel engine read and proved clean now says NO; over pixels
    nobody read (a profile that accepts burned-in text) it stays YES, and the code is not claimed.
    """
    if not says_burned_in:
        return elements
    if pixels_proven:
        return [*elements, DataElement(BURNED_IN_ANNOTATION, "CS", "NO")]
    return [_without_clean_pixel_code(e) if e.tag == METHOD_CODES else e for e in elements]


def _without_clean_pixel_code(element: DataElement) -> DataElement:
    items = [item for item in element.value if item.CodeValue != CLEAN_PIXEL_DATA[0]]
    return DataElement(METHOD_CODES, "SQ", items)
