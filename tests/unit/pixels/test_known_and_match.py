"""Known-PHI collection (names, IDs, date renderings) and noise-tolerant matching."""
from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from app.pixels.engine import VALUE_REACH, _open_values
from app.pixels.known import known_phi_terms
from app.pixels.match import KNOWN, PATTERN, TEXT, PhiMatcher
from app.pixels.ocr import Word


def header() -> Dataset:
    ds = Dataset()
    ds.PatientName = "Quartermaine^Beatrix^Ann"
    ds.PatientID = "48213377"
    ds.AccessionNumber = "ACC99172"
    ds.PatientBirthDate = "20210314"
    ds.StudyTime = "143015"
    item = Dataset()
    item.PatientID = "OTHER5521"
    ds.OtherPatientIDsSequence = Sequence([item])
    request = Dataset()
    request.RequestedProcedureID = "RP77123"
    ds.RequestAttributesSequence = Sequence([request])
    return ds


def line(*texts: str) -> tuple[Word, ...]:
    return tuple(Word(t, 90.0, (i * 50, 0, i * 50 + 40, 10)) for i, t in enumerate(texts))


def test_known_terms_cover_names_ids_and_every_date_format():
    terms = known_phi_terms(header())
    for rendering in ("20210314", "2021-03-14", "2021/03/14", "03/14/2021", "3/14/2021", "03/14/21", "14/03/2021",
                      "14.03.2021", "14-Mar-2021", "14 Mar 2021", "Mar 14 2021", "March 14, 2021"):
        assert rendering in terms.dates
    assert {"Quartermaine, Beatrix", "Beatrix Quartermaine", "B Quartermaine"} <= set(terms.names)
    assert {"Quartermaine", "Beatrix", "Ann"} <= set(terms.name_parts)
    assert {"48213377", "ACC99172", "OTHER5521", "RP77123"} <= set(terms.identifiers)
    assert "14:30:15" in terms.times
    assert "Quartermaine" not in repr(terms)


def test_matching_tolerates_ocr_confusions_and_one_edit():
    matcher = PhiMatcher(known_phi_terms(header()))
    # O/0, I/1, S/5, B/8 confusions, a one-letter OCR error, a name split and reordered across words.
    assert matcher.classify(line("QUARTERMA1NE,", "8EATRIX")) == [KNOWN, KNOWN]
    assert matcher.classify(line("Quartermoine")) == [KNOWN]
    assert matcher.classify(line("4821337T")) == [KNOWN]
    assert matcher.classify(line("Beat", "rix", "Quarter", "maine")) == [KNOWN] * 4
    assert matcher.classify(line("2021-O3-14")) == [KNOWN]
    assert matcher.classify(line("14", "Mar", "2021")) == [KNOWN] * 3


def test_an_identifier_cut_off_at_an_edge_is_known_by_the_part_shown():
    matcher = PhiMatcher(known_phi_terms(header()))
    # The accession's start after a label the fan's edge has cut ("Acc#" read "cC#"), the patient ID's end.
    assert matcher.classify(line("cC#ACC9", "Gain")) == [KNOWN, TEXT]
    assert matcher.classify(line("3377")) == [KNOWN]
    # Too little of it (under four characters), no digit in the part shown, or a piece from its middle.
    assert matcher.classify(line("377", "OTHE", "2133")) == [TEXT] * 3


def test_short_terms_only_match_whole_words_and_plain_text_stays_text():
    matcher = PhiMatcher(known_phi_terms(header()))
    assert matcher.classify(line("Annotation", "Gain", "54%")) == [TEXT, TEXT, TEXT]
    assert matcher.classify(line("Ann")) == [KNOWN]


def test_generic_patterns_catch_unknown_phi():
    matcher = PhiMatcher(known_phi_terms(Dataset()))
    assert matcher.classify(line("Depth", "12cm", "07/04/1999")) == [TEXT, TEXT, PATTERN]
    assert matcher.classify(line("10:42:07")) == [PATTERN]
    assert matcher.classify(line("Seq", "9981234")) == [TEXT, PATTERN]
    assert matcher.classify(line("Gain", "Ref:", "Dr", "Okonkwo")) == [TEXT, PATTERN, PATTERN, PATTERN]
    assert matcher.classify(line("Gain", "Name:", "Wolfgang", "Smythe")) == [TEXT, PATTERN, PATTERN, PATTERN]
    assert matcher.classify(line("DOB", "unknown")) == [PATTERN, PATTERN]
    assert matcher.classify(line("Sep", "28", "2014")) == [PATTERN] * 3
    assert matcher.classify(line("Ex:", "0417")) == [PATTERN, PATTERN]  # an exam number, too short for an ID
    assert matcher.classify(line("Case", "27")) == [PATTERN, PATTERN]


def test_dates_with_a_misread_month_or_cut_short_are_still_dates():
    matcher = PhiMatcher(known_phi_terms(Dataset()))
    assert matcher.classify(line("Mafch", "17,", "2014")) == [PATTERN] * 3
    assert matcher.classify(line("25-Jut-1992")) == [PATTERN]
    assert matcher.classify(line("2011-12")) == [PATTERN]
    assert matcher.classify(line("July", "1i,", "2018")) == [PATTERN] * 3  # a 1 read as i
    assert matcher.classify(line("O3/l4/2O19")) == [PATTERN]
    assert matcher.classify(line("October", "29:", "2017")) == [PATTERN] * 3  # the comma read as a colon
    # Probe names, settings and measurements are no dates.
    assert matcher.classify(line("L12-5", "Depth", "12cm", "TIS", "0.4", "Gain", "54%")) == [TEXT] * 7


def test_a_label_takes_the_words_next_to_it_not_a_distant_string():
    matcher = PhiMatcher(known_phi_terms(Dataset()))
    near = (Word("Ref:", 90.0, (0, 0, 30, 10)), Word("Dr", 90.0, (36, 0, 50, 10)), Word("Okonkwo", 90.0, (56, 0, 120, 10)))
    far = Word("Abdomen", 90.0, (300, 0, 360, 10))  # 18 line heights further on the same OCR line
    assert matcher.classify((*near, far)) == [PATTERN, PATTERN, PATTERN, TEXT]


def paper(cols: int, rows: int = 300) -> np.ndarray:
    """A blank page (8-bit RGB): no ink beside any label."""
    return np.full((rows, cols, 3), 200, np.uint8)


def as_read(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """A line's box as its mask (the engine fits it to the line's ink)."""
    return box


def test_a_label_with_no_value_read_after_it_masks_where_its_value_stands():
    matcher = PhiMatcher(known_phi_terms(header()))
    assert matcher.open_label(line("Ref:")) and matcher.open_label(line("Patient", "ID#"))
    assert not matcher.open_label(line("Ref:", "Dr", "Okafor")) and not matcher.open_label(line("Gain", "54%"))
    # "Ref:" read on a black margin (x 0-40, 10 px tall): its value is masked on from the label, within the frame.
    assert _open_values([line("Ref:")], matcher, paper(500), as_read) == [((40, 0, 40 + VALUE_REACH * 10, 10),
                                                                          PATTERN)]
    assert _open_values([line("Ref:")], matcher, paper(90), as_read) == [((40, 0, 90, 10), PATTERN)]
    assert _open_values([line("Ref:", "Dr", "Okafor"), line("Gain")], matcher, paper(500), as_read) == []


def test_a_label_read_apart_from_its_value_on_a_form_takes_that_value_not_the_field_beyond():
    matcher = PhiMatcher(known_phi_terms(header()))
    label = (Word("MRN:", 90.0, (60, 220, 107, 244)),)
    value = (Word("27752197", 90.0, (124, 219, 200, 241)),)  # filled in on the same row, a little tilted
    below = (Word("Phone:", 90.0, (60, 270, 130, 291)),)  # the next field's label is no value of this one
    assert _open_values([label, value, below], matcher, paper(760), as_read) == [
        ((124, 219, 200, 241), PATTERN), ((130, 270, 130 + VALUE_REACH * 21, 291), PATTERN)]


def test_telephone_numbers_and_their_labels_are_phi():
    matcher = PhiMatcher(known_phi_terms(Dataset()))
    # A requisition's phone field read as one word, a full-width parenthesis included, and other dresses.
    assert matcher.classify(line("Phone:(585）662-1831")) == [PATTERN]
    assert matcher.classify(line("(415)", "555-0199")) == [PATTERN, PATTERN]
    assert matcher.classify(line("415.555.0199")) == [PATTERN]
    assert matcher.classify(line("555-0142")) == [PATTERN]
    # The label takes its value however it is read; settings with hyphens and dots stay text.
    assert matcher.classify(line("Tel", "four", "one")) == [PATTERN] * 3
    assert matcher.classify(line("Fax:", "unknown")) == [PATTERN, PATTERN]
    assert matcher.classify(line("L12-5", "1.5-2.0", "100.00", "C5-1", "2011")) == [TEXT] * 5
