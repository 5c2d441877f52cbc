"""A file's identifiers found as whole words; a name cut by a short device field, only in a short value."""
from app.dicom.known_words import KnownWords

LONG_VALUE = b"Reviewed at the workstation SMITHERS in the evening session"  # over 32 bytes


def test_a_cut_name_counts_only_in_a_short_value():
    known = KnownWords(["Smithersonian"])
    assert known.found_in(b"SMITHERS")
    assert not known.found_in(LONG_VALUE)


def test_a_cut_name_that_is_also_a_whole_identifier_counts_anywhere():
    # "Smithers" is cut from one name and is another whole: whole wins, in every spelling searched.
    for words in (["Smithersonian", "Smithers"], ["Smithers", "Smithersonian"]):
        known = KnownWords(words)
        assert known.found_in(LONG_VALUE)
        assert known.found_in_text(LONG_VALUE.decode())
