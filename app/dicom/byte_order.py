"""Raw word values of a data set read big endian, turned little endian for a little-endian output."""
from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset

# pydicom keeps these values as the file's bytes, in the file's byte order, and writes them back as they
# are; numbers of every other VR it decodes, and encodes anew in the output's order.
WORD_SIZES = {"OW": 2, "OL": 4, "OF": 4, "OD": 8, "OV": 8}


def words_to_little_endian(ds: Dataset, skip: frozenset[int] = frozenset()) -> None:
    """Byte-swap every OW, OL, OF, OD and OV value in `ds` and its sequences, but the tags in `skip`."""
    for element in list(ds.iterall()):
        size = WORD_SIZES.get(element.VR)
        if size is None or int(element.tag) in skip or not isinstance(element.value, bytes):
            continue
        whole = len(element.value) - len(element.value) % size
        swapped = np.frombuffer(element.value[:whole], dtype=f">u{size}").astype(f"<u{size}").tobytes()
        element.value = swapped + element.value[whole:]
