"""Issue #21 item 4: known PHI hidden behind invisible, combining or fullwidth characters is still found.

Recognizers read a folded view of the text; entities must still index the input, and the redacted
output must drop the whole input span, invisible characters included.
"""
import pytest

from app.known_phi import fold
from app.text.engine import ReportDeidentifier
from app.text.normalize import fold_with_origins

PATIENT = {"name": "QUILLFEATHER^MARISOL", "mrn": "QX7730941"}
SHY, ZWSP, ZWJ, NBSP = "\u00ad", "\u200b", "\u200d", "\u00a0"


def _check(engine: ReportDeidentifier, hidden: str, tag: str, patient: dict = PATIENT) -> None:
    before, after = "Note: ", " today; no interval change."
    text = before + hidden + after
    result = engine.deidentify(text, patient)
    spans = [(e.start, e.end) for e in result.entities]
    assert (len(before), len(before) + len(hidden)) in spans  # offsets index the input, not the folded view
    assert result.text == before + tag + after  # nothing of the span survives, not even an invisible character


@pytest.mark.parametrize("hidden", [
    f"Quill{SHY}feather", f"Quill{ZWSP}feather", f"Quill{ZWJ}feather", f"Mari{SHY}sol Quill{ZWSP}feather",
    "Quillfe\u0301ather", "\uff31\uff55\uff49\uff4c\uff4c\uff46\uff45\uff41\uff54\uff48\uff45\uff52",
    "QUILL\u2060FEATHER",
], ids=["soft-hyphen", "zero-width-space", "zero-width-joiner", "given-and-family", "combining-accent",
        "fullwidth", "word-joiner"])
def test_hidden_known_name_is_found(engine, hidden):
    _check(engine, hidden, "[NAME]")


def test_accented_supplied_name_matches_plain_and_decomposed_text(engine):
    patient = {"name": "QUILLFÉATHER^MARISOL"}
    _check(engine, "Quillfeather", "[NAME]", patient)
    _check(engine, "Quillfe\u0301ather", "[NAME]", patient)


@pytest.mark.parametrize("hidden", [f"QX773{NBSP}0941", f"QX{NBSP}7730941", f"QX7730{ZWSP}941",
                                    "QX 773 0941", "\uff31\uff38\uff17\uff17\uff13\uff10\uff19\uff14\uff11"],
                         ids=["no-break-space", "no-break-space-after-letters", "zero-width-space", "spaces",
                              "fullwidth"])
def test_hidden_known_mrn_is_found(engine, hidden):
    _check(engine, hidden, "[ID]")


def test_trailing_combining_mark_goes_with_the_span():
    folded = fold_with_origins("Jose\u0301 came")
    assert folded.text == "Jose came"
    assert folded.span(0, 4) == (0, 5)
    assert folded.span(5, 9) == (6, 10)


def test_expanded_character_maps_to_whole_input_character():
    folded = fold_with_origins("\ufb01le 1")  # the "fi" ligature folds to two letters
    assert folded.text == "file 1" and folded.span(0, 1) == (0, 1) and folded.span(0, 4) == (0, 3)


def test_fold_keeps_ascii_and_reads_dash_lookalikes_as_hyphens():
    assert fold("L4\u2013L5 Smith\u2010Jones") == "L4-L5 Smith-Jones"
    assert fold("plain text") == "plain text"
