"""A telephone number written right after a found name is that person's ("Joan Kowalski 555-1234").

Notes list a relative or a colleague with their number and no phone word ("HCP: JOAN KOWALSKI 555-1234",
"Ines Varga 410-555-0147"). Seven digits alone are ranges there ("SVR 870-1240"), so a local number counts only
right after a name some recognizer found, with at most a comma, colon, dash or bracket between.
"""
from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

SCORE = 0.5
_METADATA = {RecognizerResult.RECOGNIZER_NAME_KEY: "NumberAfterName"}
# Ten digits or a local seven, in the usual punctuations; a unit or a slash after it makes it a range.
_NUMBER_AFTER = regex.compile(
    r"[ \t]*[,:(-]*[ \t]*(?P<number>\(?[2-9]\d{2}\)?[ \t.-]?\d{3}[ \t.-]?\d{4}|[2-9]\d{2}[ .-]\d{4})"
    r"(?![\w/-]|[.,]\d|[ \t]*(?i:cc|ml|mg|mcg|units?|%))")


def add_numbers_after_names(text: str, results: list[RecognizerResult]) -> None:
    """Append a PHONE result for a telephone number that follows a found person's name."""
    for result in [r for r in results if r.entity_type == "PERSON"]:
        match = _NUMBER_AFTER.match(text, result.end)
        if match is not None:
            results.append(RecognizerResult("PHONE", match.start("number"), match.end("number"), SCORE,
                                            recognition_metadata=dict(_METADATA)))
