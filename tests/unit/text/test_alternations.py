"""Word alternations grouped by first letter match exactly what the plain alternations match."""
from __future__ import annotations

import pytest
import regex

from app.text.recognizers._alternation import by_first_letter
from app.text.recognizers._places import STATE_ABBR, STATE_ABBRS

# Words sharing first letters and prefixes, in an order where an earlier word is a prefix of a later one, so
# which word is tried first decides the match.
WORDS = ["Med", "Medical Center", "Mercy", "Memorial", "Clinic", "Clin", "Center", "CENTER", "Cent", "Rad", "Radiology"]
TEXT = ("Medical Center of Mercy; Memorial Clinic, Clin Rad. Radiology Cent Center CENTER Med, Medi Mer Mercyside "
        "Radiolog Clinical Centers")


@pytest.mark.parametrize("tail", ["", r"(?!\p{L})", r"[ \t]+\p{Lu}", r"(?:[ \t]+Center)?,"])
def test_grouped_words_match_as_the_plain_alternation_at_every_place(tail):
    words = [w.replace(" ", r"[ \t]+") for w in WORDS]
    plain = regex.compile(f"(?:{'|'.join(words)}){tail}")
    grouped = regex.compile(by_first_letter(words) + tail)
    assert by_first_letter(words) != f"(?:{'|'.join(words)})"  # the grouping did happen
    matched = 0
    for position in range(len(TEXT)):
        expected = plain.match(TEXT, position)
        found = grouped.match(TEXT, position)
        assert (found and found.span()) == (expected and expected.span()), (tail, position)
        matched += expected is not None
    assert matched > 0


def test_shipped_state_abbreviations_match_as_before():
    plain = regex.compile(r"(?:" + "|".join(STATE_ABBRS) + r")(?![\p{L}\d])")
    grouped = regex.compile(STATE_ABBR)
    text = "Austin, TX 78701; Reno NV, MA MAS MD2 AE AEX PR PRX GU, ak NY."
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.group() for m in grouped.finditer(text)] == ["TX", "NV", "MA", "AS", "AE", "PR", "GU", "NY"]


def test_an_alternative_must_open_with_a_letter():
    with pytest.raises(ValueError):
        by_first_letter(["Clinic", r"\d+"])
