"""The known-PHI search finds removed UIDs and words exactly where the equivalent regex would."""
import random
import re

import pytest

from app.dicom.known_words import KnownWords
from app.dicom.proof import _contains_uid


def _uid_regex(uid: bytes) -> re.Pattern:
    return re.compile(rb"(?<![0-9.])" + re.escape(uid) + rb"(?![0-9.])")


def test_uid_search_matches_the_whole_uid_regex():
    rng = random.Random(3)
    uid = b"1.2.826.0.1.3680043.8.498.17"
    fillers = [b"", b"\x00", b" ", b"1", b".", b"9.", b"A", b"\\", uid, uid[:-1]]
    for _ in range(2000):
        haystack = b"".join(rng.choice(fillers) for _ in range(rng.randint(0, 6)))
        assert _contains_uid(haystack, uid) == bool(_uid_regex(uid).search(haystack)), haystack


def test_uid_inside_a_longer_uid_is_not_a_hit():
    assert _contains_uid(b"UI\x00\x001.2.3\x00", b"1.2.3")
    assert not _contains_uid(b"1.2.34", b"1.2.3")
    assert not _contains_uid(b"11.2.3", b"1.2.3")
    assert _contains_uid(b"11.2.3\\1.2.3", b"1.2.3")


def _word_regex(words, encodings=("utf-8", "latin-1")) -> re.Pattern:
    # The reference: one case-insensitive whole-word alternation, longest first (what KnownWords replaces).
    encoded = {re.escape(w.encode(e)) for w in words for e in encodings if _encodable(w, e)}
    alternatives = b"|".join(sorted(encoded, key=len, reverse=True))
    return re.compile(rb"(?<![A-Za-z0-9])(?:" + alternatives + rb")(?![A-Za-z0-9])", re.IGNORECASE)


def _encodable(word: str, encoding: str) -> bool:
    try:
        word.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


WORDS = frozenset({"Quillfeather", "Quill", "Marisol", "QX7730941", "Müller", "Ravenmoor General"})
PIECES = [b"", b" ", b"^", b"x", b"7", b"QUILLFEATHER", b"quill", b"Marisol", b"M\xfcller", b"M\xc3\xbcller",
          b"QX773094", b"QX7730941", b"Ravenmoor", b"RAVENMOOR GENERAL", b"1"]


def test_known_words_are_found_exactly_where_the_word_regex_finds_them():
    rng = random.Random(5)
    known, pattern = KnownWords(WORDS), _word_regex(WORDS)
    for _ in range(4000):
        haystack = b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))
        assert known.found_in(haystack) == bool(pattern.search(haystack)), haystack
    assert not known.found_in(b"CT CHEST")


def test_redaction_replaces_what_the_word_regex_replaces():
    rng = random.Random(6)
    known, pattern = KnownWords(WORDS), _word_regex(WORDS, ("utf-8",))
    for _ in range(4000):
        text = b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6))).decode("utf-8", "replace")
        expected = pattern.sub(b"[X]", text.encode()).decode()
        assert known.redact(text, "[X]") == expected, text


def test_dummies_short_words_and_small_numbers_are_not_searched_for():
    known = KnownWords({"ANONYMIZED", "Li", "12345", "123456"})
    assert not known.found_in(b"ANONYMIZED Li 12345")
    assert known.found_in(b"id 123456")


@pytest.mark.parametrize("value, found", [
    (b"QUILLFEA", True),  # an 8-character device field cut the family name
    (b"QUILLFEA-PC", True),  # a workstation named after its user
    (b"CT QUILLFEATH", True),
    (b"QUILLFEA  \x00", True),
    (b"QUILLFEA\\CT2", True),  # the first of two values
    (b"QUILLF", True),
    (b"QUILL", False),  # under six letters a prefix is an ordinary word
    (b"XQUILLFEA", False),  # a cut name is a whole word
    (b"QUILLFEAT2", False),
    (b"Findings were discussed with QUILLFEA today", False),  # prose is not a short device field
])
def test_a_name_cut_by_a_field_length_is_found_in_a_short_value(value, found):
    known = KnownWords({"Quillfeather"})
    assert known.found_in(value) == found
    assert known.found_in_text(value.decode()) == found
    assert (known.redact(value.decode(), "[X]") != value.decode()) == found
    # Over a whole header, where a value's bounds are unknown, every whole-word prefix is a suspect.
    suspect = found or value.startswith(b"Findings")
    assert known.found_in(value + b"\x08\x00\x10\x10", anywhere=True) == suspect


def test_a_cut_name_is_not_searched_for_in_ids_or_numbers():
    assert not KnownWords({"QX7730941", "1234567890"}).found_in(b"QX77309\\123456")


def test_a_very_long_name_costs_its_length_not_its_square():
    import tracemalloc

    tracemalloc.start()
    try:
        words = KnownWords(["Quillfeather" + "x" * 70_000])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # every prefix of 70,000 letters would take gigabytes
    assert words.found_in(b"QUILLFEA-PC")


def test_a_cut_that_is_one_of_dicoms_own_words_is_not_a_name():
    # An issuer "PrimaryDomain" cut to "PRIMARY" is ImageType's defined term, not a name cut by a field.
    words = KnownWords(["PrimaryDomain", "Quillfeather"])
    assert not words.found_in(b"PRIMARY")
    assert words.found_in(b"PRIMARYDOMAIN") and words.found_in(b"QUILLFEA-PC")


def test_a_devices_placeholder_for_an_unknown_value_is_not_searched_for():
    known = KnownWords({"n.a.", "N/A", "UNKNOWN", "none", "Quillfeather"})
    assert not known.found_in(b"n.a.\\N/A\\unknown\\NONE")
    assert not known.found_in_text("Unknown n.a.")
    assert known.found_in(b"n.a.\\QUILLFEATHER")
