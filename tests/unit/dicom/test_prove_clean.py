"""The final known-PHI check finds removed UIDs and words exactly where a whole-value regex would."""
import random
import re

from app.dicom.rewrite import _contains_uid, _mentions_any
from app.dicom.transform import word_pattern


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


def test_word_prefilter_never_misses_what_the_word_regex_finds():
    rng = random.Random(5)
    words = frozenset({"Quillfeather", "Marisol", "QX7730941", "Müller"})
    pattern = word_pattern(words)
    pieces = [b"", b" ", b"^", b"x", b"QUILLFEATHER", b"quillfeather", b"Marisol", b"M\xfcller", b"M\xc3\xbcller",
              b"QX773094", b"QX7730941", b"1"]
    for _ in range(3000):
        haystack = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        if pattern.search(haystack):
            assert _mentions_any(haystack, words), haystack
    assert not _mentions_any(b"CT CHEST", words)
