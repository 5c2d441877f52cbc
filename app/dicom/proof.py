"""The final proof: no identifier the transform removed survives in the finished header.

A byte search over the whole header settles most files at once: nothing found, nothing to decide.
A hit, a character set the byte search cannot read, or identifiers outside ASCII send the file to
the exact check: the header is parsed back, and every place that can hold an identifier (text,
names, private and unknown values, each item of a sequence stored as UN) is decoded in the file's
own character sets and searched in normalised form. Numbers (SeriesNumber) and Cleanroom's own
method attributes are not places where a person is named, and in coded strings (ImageType,
ValueType) a word of DICOM's own vocabulary ("PERFUSION", "TEXT") is a defined term, not a name: a
coincidence there is no evidence.
"""
from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.filereader import read_dataset
from pydicom.multival import MultiValue
from pydicom.uid import UID_dictionary

from .errors import Quarantined
from .known_words import BYTE_SEARCHABLE, KnownWords, dictionary_words, known_words_for
from .un_sequences import read_un_sequence
from .values import character_sets

_UID_CHARS = frozenset(b"0123456789.")
_TEXT_PLACES = frozenset({"PN", "LO", "SH", "ST", "LT", "UT", "UC", "AE", "UR"})
_BINARY_PLACES = frozenset({"UN", "OB", "OW"})  # searched when private or of unknown type: text hides there
_CODED_PLACES = frozenset({"CS"})
DEFINED_TERMS_PATH = Path(__file__).parent / "data" / "defined_terms.json"


def prove_clean(header: tuple[bytes, bytes, bytes], encoding: tuple[bool, bool], known_words: Iterable[str],
                known_uids: Iterable[str], encodings: tuple[str, ...], own_tags: frozenset[int]) -> None:
    """Raise Quarantined when a removed identifier or UID still appears in an identifying place.

    `header` is (preamble and file meta, elements before the pixel data, elements after it), the data
    set in `encoding` (little endian, implicit VR); `own_tags` are the top-level attributes Cleanroom wrote.
    """
    haystack = b"".join(header)
    words = frozenset(known_words)
    known = known_words_for(words)
    exact = not BYTE_SEARCHABLE.issuperset(encodings) or not known.ascii
    suspect = exact or known.found_in(haystack, anywhere=True)  # values' bounds are unknown in the bytes
    if known and suspect and _named_in_places(header[1] + header[2], encoding, words, encodings, own_tags):
        raise Quarantined("known_phi_remains", "a removed name or identifier still appears elsewhere in the file; "
                                               "not released")
    if any(_contains_uid(haystack, uid.encode()) for uid in known_uids):
        raise Quarantined("known_phi_remains", "a removed UID still appears elsewhere in the file; not released")


def _named_in_places(dataset: bytes, encoding: tuple[bool, bool], words: set[str], encodings: tuple[str, ...],
                     own_tags: frozenset[int]) -> bool:
    """Whether an identifier occurs in a text, name, coded, private or unknown value of the parsed-back data set."""
    little, implicit = encoding
    vocabulary = dicom_vocabulary()
    known = {False: KnownWords(words), True: KnownWords(w for w in words if w.lower() not in vocabulary)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = read_dataset(BytesIO(dataset), implicit, little)
            return any(_names(element, known[element.VR in _CODED_PLACES], encodings)
                       for element in _places(ds, own_tags))
        except Quarantined:
            raise
        except Exception as exc:  # a header that does not parse back cannot be shown clean
            raise Quarantined("unreadable_output", f"the finished header does not read back "
                                                   f"({type(exc).__name__}); not released") from None


def _places(ds: Dataset, skip: frozenset[int]) -> Iterator[DataElement]:
    """Yield every element, at any depth, that can hold a name or identifier (skipping `skip` subtrees)."""
    for element in ds:
        if int(element.tag) in skip:
            continue
        if element.VR == "SQ":
            for item in element.value or []:
                yield from _places(item, frozenset())
        elif element.VR in _BINARY_PLACES and (element.is_private or element.VR == "UN"):
            # A sequence stored as UN is searched value by value, each in its own character set.
            items = read_un_sequence(element.value, character_sets(ds)) if isinstance(element.value, bytes) else None
            if items is None:
                yield element
            for item in items or []:
                yield from _places(item, frozenset())
        elif element.VR in _TEXT_PLACES or element.VR in _CODED_PLACES:
            yield element


def _names(element: DataElement, known: KnownWords, encodings: tuple[str, ...]) -> bool:
    """Whether one element's value holds an identifier."""
    value = element.value
    if isinstance(value, bytes):
        return known.found_in_value(value, encodings)
    values = value if isinstance(value, MultiValue) else [value]
    return any(known.found_in_text(str(v)) for v in values if v)


@lru_cache(maxsize=1)
def dicom_vocabulary() -> frozenset[str]:
    """Return DICOM's own words, lower case: of the data dictionary's keywords, the registered UIDs' names
    (transfer syntaxes, SOP classes), the DCM/SNOMED code meanings and the coded strings' defined terms
    listed in `data/defined_terms.json`."""
    from pydicom.sr._concepts_dict import concepts  # 1.8 MB of code meanings: loaded only when a hit must be judged

    meanings = (word.lower() for scheme in concepts.values() for codes in scheme.values()
                for meaning, _ in codes.values() for word in re.findall(r"[A-Za-z]{3,}", meaning))
    # A device writing "JPEG 2000 Compressed Image" into BodyPartExamined uses a transfer syntax's name.
    uid_names = (word.lower() for entry in UID_dictionary.values() for word in re.findall(r"[A-Za-z]{3,}", entry[0]))
    defined = (term.lower() for terms in json.loads(DEFINED_TERMS_PATH.read_text())["terms"].values() for term in terms)
    return dictionary_words() | frozenset(meanings) | frozenset(uid_names) | frozenset(defined)


def _contains_uid(haystack: bytes, uid: bytes) -> bool:
    """Whether `uid` occurs in `haystack` as a whole UID (not inside a longer one)."""
    # bytes.find per UID: compiling one regex of each file's (unique) UIDs cost more than the whole search.
    start = haystack.find(uid)
    while start >= 0:
        end = start + len(uid)
        if (start == 0 or haystack[start - 1] not in _UID_CHARS) and (end == len(haystack)
                                                                      or haystack[end] not in _UID_CHARS):
            return True
        start = haystack.find(uid, start + 1)
    return False
