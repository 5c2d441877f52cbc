"""Read element values from a scanned or a pydicom data set: as pydicom converts them, or as plain strings."""
from __future__ import annotations

from pydicom.dataelem import DataElement, RawDataElement, convert_raw_data_element
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

from .scan import ScannedDataset, ScannedSequence


def element_of(ds: Dataset | ScannedDataset, tag: int) -> DataElement:
    """Return the element at `tag`, converted from its raw form as pydicom converts it."""
    if isinstance(ds, ScannedDataset):
        return ds[tag]  # converted once per element
    raw = ds.get_item(tag)
    if isinstance(raw, RawDataElement):
        return convert_raw_data_element(raw, encoding=ds._character_set, ds=ds)
    return raw


def empty_sequence(ds: Dataset | ScannedDataset, tag: int) -> DataElement | ScannedSequence:
    """Return a sequence element with no items for `ds` (a scanned one for a scanned data set: pydicom's costs 10 µs)."""
    return ScannedSequence(tag, [], 0) if isinstance(ds, ScannedDataset) else DataElement(tag, "SQ", [])


def value_of(ds: Dataset | ScannedDataset, tag: int):
    """Return the converted value at `tag`."""
    return element_of(ds, tag).value


def string_values(ds: Dataset | ScannedDataset, tag: int) -> list[str]:
    """Return an element's values as strings ([] where pydicom's value is empty), decoded once and cheaply."""
    values = ds.strings(tag) if isinstance(ds, ScannedDataset) else None
    if values is None:
        value = value_of(ds, tag)
        values = [str(v) for v in value] if isinstance(value, MultiValue) else [str(value)] if value else []
    return [] if values == [""] else values


def text_of(ds: Dataset | ScannedDataset, tag: int) -> str:
    """Return an element's values joined by backslashes, "" when it is absent or empty."""
    return "\\".join(string_values(ds, tag)) if tag in ds else ""


def character_sets(ds: Dataset | ScannedDataset) -> tuple[str, ...]:
    """Return the codecs of a data set's character set (pydicom gives a lone default as a plain string)."""
    encodings = ds._character_set
    return (encodings,) if isinstance(encodings, str) else tuple(encodings)
