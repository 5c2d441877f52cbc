"""The institution a report's letterhead names: "KETTLE CREEK MEMORIAL HOSPITAL", "hope valley community hospital 0248",
"*** FAX *** 11/09/26 MERCY ST. CLOUD IMAGING".

A report's first lines name where it was read, in whatever case the system prints, often with a fax banner, the exam
or a date around it. On those lines a run of words ending in an institution's head word is the institution when one
of its words says which: a word in no generic, report or clinical list ("Kettle", "Prairie", "Heights"). Words
before it that belong to the banner or the exam ("FAX FROM", "CT HEAD WITHOUT") are left out; a run of only generic
or clinical words ("BREAST IMAGING CENTER", "LIVER TRANSPLANT CLINIC", "DEPARTMENT OF RADIOLOGY") names no one.

A title line parts the institution from the exam with a dash, a slash, a bar or a run of blanks, and there the
institution often goes by its letters or one coined word alone ("SBMH — CT HEAD W/O", "MRI KNEE — IOSM", "HHI //
CARDIAC CT", "Harborlight"): a part opened by an acronym in no list (data/report_acronyms.txt holds the exams',
tracers' and records' that title lines carry), or made of one to three words in no list, is the institution.
"""
from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from ._base import WordRecognizer
from ._gazetteer import is_english, misspells_english
from ._institutions import GENERIC_WORDS, LETTERHEAD_HEADS, REPORT_ACRONYMS, is_facility_word
from ._names import CREDENTIAL_WORDS, NOT_INITIALS, is_non_name_word
from ._places import STATE_ABBRS
from ._tokens import UNKNOWN, word_token

# How many non-blank lines open a report as its letterhead.
_LETTERHEAD_LINES = 2
# The last word of an institution's name on a letterhead (data/institution_heads.txt).
_HEADS = LETTERHEAD_HEADS
# Heads that are also report words ("Perfusion Imaging", "Community Health"): the name needs two words that say which.
_LOOSE_HEADS = frozenset("imaging center centre hub group health practice clinic clinics".split())
# Words of a fax banner, an exam's title or a sentence: the institution's name starts after the last of them.
_NOT_IN_NAME = frozenset("fax from to via per at by for in on with without w wo and or report exam examination study"
                         " scan screening read reading final preliminary prelim addendum outside page consult will also have has"
                         " had is are was were be been not can may should would could including".split())
# More words than a letterhead's line holds: the line is prose.
_MAX_WORDS = 14
# Words joining a name's parts, which count for neither side.
_JOINERS = frozenset("of the & and".split())
# A run of words on one line, parted by single blanks: letters with inner apostrophes, hyphens, ampersands or an
# abbreviation's full stop ("ST.", "Women's", "3D").
# A full stop ends the run but after an abbreviation's capitals ("ST. CLOUD", "Mt. Hood", "J.").
_RUN = regex.compile(r"(?:(?<![^\s*])(?:(?:St|ST|Mt|MT|\p{Lu})\.|[\p{L}\d][\p{L}\d'’&-]*(?![.\p{L}\d'’&-]))"
                     r"(?:[ ](?=[\p{L}&])|(?=[ \t]{2,}|[^\p{L}\d'’&-]|$)))+", regex.MULTILINE)
_WORD = regex.compile(r"\S+")
_LETTERS = regex.compile(r"\p{L}{2,}")
# What parts a title line ("SBMH — CT HEAD W/O", "HHI // CARDIAC CT", "AWI · DEXA", "LUMEN  MR ANKLE"): a dash, one or
# two slashes, a bar, a dot or an arrow set off by blanks, or a run of blanks.
_PART_BREAK = regex.compile(r"[ \t]+(?:[—–]|-{1,2}|/{1,2}|[|·•→↔])[ \t]+|[ \t]{2,}")
# What may open a line before its first part: a banner's asterisks, a bracket.
_PART_LEAD = regex.compile(r"[^\p{L}\d\n]*")
# An acronym opening a part; never a label before its value ("EDIPI 1401877250", "MRN: 0041", "NHS number").
_PART_ACRONYM = regex.compile(r"\p{Lu}{3,6}(?![\p{L}\d'’&/.-])"
                              r"(?![ \t]*(?:[:#=]|\d|(?i:number|no\.|id)(?!\p{L})))")
# A part of one to five words and nothing else ("Harborlight", "Deux-Rives", "AZALEA WOMEN'S IMAGING").
_PART_NAME = regex.compile(r"\p{L}[\p{L}'’-]*(?:[ \t]+(?:&[ \t]+)?\p{L}[\p{L}'’-]*){0,4}")
# More parts than a title line holds: a table's header row ("DTG    PATIENT    DODID    FINDING    CALLED TO").
_MAX_PARTS = 4
# An exam's modality after an institution's letters opening a title line ("SBMH CT HEAD", "IOSM MRI HIP").
_MODALITY_AFTER = regex.compile(r"[ \t]+(?:CTA?|MRI?|MRA|US|XR|CXR|NM|PET|DEXA|DXA|IR|FLUORO|MAMMO(?:GRAM)?)"
                                r"(?![\p{L}\d])")
# An HL7 segment ("MSH|^~\\&|..."), whose fields another recognizer reads by position.
_HL7_SEGMENT = regex.compile(r"[A-Z][A-Z\d]{2}\|")
# Acronyms that name no institution: the exams', tracers', records' and ranks' of data/report_acronyms.txt, states',
# credentials'.
_LISTED_ACRONYMS = REPORT_ACRONYMS | frozenset(abbr.lower() for abbr in STATE_ABBRS) | frozenset(CREDENTIAL_WORDS)


class LetterheadRecognizer(WordRecognizer):
    """Finds the institution named on a report's first lines."""

    ENTITY = "ORGANIZATION"

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return one result per institution named on the letterhead lines."""
        return [self.result(start, end) for start, end in _letterhead_names(text) + _title_part_names(text)]


def _letterhead_lines(text: str) -> list[tuple[int, int]]:
    """The spans of a report's first non-blank lines."""
    spans, start = [], 0
    while start < len(text) and len(spans) < _LETTERHEAD_LINES:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            spans.append((start, end))
        start = end + 1
    return spans


def _letterhead_names(text: str) -> list[tuple[int, int]]:
    """The spans of institutions named on the letterhead lines."""
    spans = []
    for line_start, line_end in _letterhead_lines(text):
        if len(_LETTERS.findall(text, line_start, line_end)) > _MAX_WORDS:
            continue
        for run in _RUN.finditer(text, line_start, line_end):
            span = _institution(run)
            if span is not None:
                spans.append(span)
    return spans


def _title_part_names(text: str) -> list[tuple[int, int]]:
    """The spans of institutions a title line names in one of its parts: by letters in no list opening it, or by a
    name filling it."""
    spans = []
    for line_start, line_end in _letterhead_lines(text):
        if _HL7_SEGMENT.match(text, line_start):
            continue
        breaks = list(_PART_BREAK.finditer(text, line_start, line_end))
        if len(breaks) >= _MAX_PARTS:
            continue
        # A line of fields ("Patiente / Patient: Lalonde, Awa") labels its words: no coined word there is a name.
        labelled = text.find(":", line_start, line_end) >= 0
        starts = [_PART_LEAD.match(text, line_start, line_end).end()] + [m.end() for m in breaks]
        parts = [(start, end) for start, end in zip(starts, [m.start() for m in breaks] + [line_end]) if start < end]
        for start, end in parts:
            acronym = _PART_ACRONYM.match(text, start, end)
            # A note's first line opens with ward shorthand ("NPN 0700-1400", "NSG NOTE", "PMH COPD"): letters name
            # an institution on a title line of parts, or before the exam's modality ("SBMH CT HEAD").
            if (acronym is not None and (len(parts) > 1 or _MODALITY_AFTER.match(text, acronym.end()))
                    and _unlisted_acronym(text, *acronym.span())):
                spans.append(acronym.span())
            elif not labelled and _named_part(text, start, end):
                spans.append((start, end))
    return spans


def _named_part(text: str, start: int, end: int) -> bool:
    """Whether a title line's part is an institution's name whole: a coined word and facility words after it
    ("HARBORLIGHT", "IRONBRIDGE ORTHO", "QUILLMARSH ORTHOPAEDICS & SPORTS MEDICINE"), words no report uses before its
    letters ("LUDLOW POINT CH", "SENTINEL CHP"), or a name ending in a head that a word English lacks tells from
    others ("KESSLING WOMEN'S IMAGING")."""
    if _PART_NAME.fullmatch(text, start, end) is None:
        return False
    words = text[start:end].split()
    if _coined(words[0]) and all(_kind_word(w) or w.lower() in _JOINERS for w in words[1:]):
        return True
    if 1 < len(words) and _closing_acronym(words[-1]) and all(_name_word(w) for w in words[:-1]):
        return True
    run = _RUN.fullmatch(text, start, end)
    return run is not None and _institution(run, alone=True) == (start, end)


def _kind_word(word: str) -> bool:
    """Whether a word after a coined one says what kind of institution it is ("ORTHO", "Imaging", "RAD", "AHC")."""
    lower = word.lower()
    return is_facility_word(lower) or lower in GENERIC_WORDS or lower in _HEADS or _closing_acronym(word)


def _closing_acronym(word: str) -> bool:
    """Whether capitals closing a name are its kind's letters ("CHP", "AHC", "CH"): no word and in no list of
    acronyms."""
    return (2 <= len(word) <= 4 and word.isupper() and word.isalpha() and word.lower() not in _LISTED_ACRONYMS
            and NOT_INITIALS.fullmatch(word) is None and word_token(word, 0, len(word)).kind == UNKNOWN)


def _name_word(word: str) -> bool:
    """Whether a word before an institution's letters can be its name: no report, clinical or generic word."""
    lower = word.lower()
    return word[0].isupper() and len(lower) > 2 and lower not in GENERIC_WORDS and not is_non_name_word(lower)


def _unlisted_acronym(text: str, start: int, end: int) -> bool:
    """Whether capitals are an acronym no list explains: no word, name, exam, tracer, record, state or credential."""
    word = text[start:end]
    # One letter over and over is a redaction's mask ("XXXX year-old"), not an institution's letters.
    return (len(set(word)) > 1 and word_token(text, start, end).kind == UNKNOWN
            and word.lower() not in _LISTED_ACRONYMS
            and NOT_INITIALS.fullmatch(word) is None)


def _coined(word: str) -> bool:
    """Whether a word is in no list, in no spelling or number of a listed word and no slip of the pen ("Harborlight",
    "Deux-Rives"; not "PAEDIATRIC", "Dopplers", "PRE-OP")."""
    lower = word.lower()
    first = lower.split("-")[0]
    return (len(set(lower)) > 1 and word_token(word, 0, len(word)).kind == UNKNOWN and lower not in _LISTED_ACRONYMS
            and not misspells_english(lower) and len(first) >= 4 and not is_english(first)
            # British spellings ("paediatric", "oesophageal") and plurals of report words ("Dopplers").
            and not is_english(lower.replace("ae", "e").replace("oe", "e"))
            and not is_non_name_word(lower.removesuffix("s")))


def _institution(run: regex.Match, alone: bool = False) -> tuple[int, int] | None:
    """The institution a run of words ends in, if its head closes it and a word of it says which (a word English
    lacks will do before any head when the name fills a title line's part `alone`)."""
    words = [(m.start(), m.end(), m.group().rstrip(".").lower()) for m in _WORD.finditer(run.string, *run.span())]
    heads = [i for i, (_, _, word) in enumerate(words) if word in _HEADS]
    if not heads:
        return None
    name = words[:heads[-1] + 1]
    cut = [i for i, (_, _, word) in enumerate(name) if word in _NOT_IN_NAME]
    name = name[cut[-1] + 1:] if cut else name
    while name and name[0][2] in _JOINERS:
        name.pop(0)
    distinctive = [word for _, _, word in name[:-1] if _says_which(word)]
    # One word says which when English lacks it ("Sayre", "Calvert") or it is written as a name in a line of mixed
    # case ("Harbor Hospital"); in one case an English word may be prose ("LEAVE HOSPITAL", "poor health"), and
    # before a head that is a report word too it may be the report's ("Diffusion Tensor Imaging").
    written = run.string[name[0][0]:name[-1][1]]
    titled = not written.isupper() and all(word[0].isupper() or word in _JOINERS for word in written.split())
    # Alone in a title line's part, a word English lacks says which before any head ("KESSLING IMAGING"); English
    # words there may still be the exam's ("MYOCARDIAL PERFUSION IMAGING", "Level I Trauma Center").
    loose = name[-1][2] in _LOOSE_HEADS
    if len(distinctive) < 2 and not (distinctive and (not loose and titled
                                                      or not is_english(distinctive[0]) and (alone or not loose))):
        return None
    return name[0][0], name[-1][1]


def _says_which(word: str) -> bool:
    """Whether a word of an institution's name tells it from others: no generic, report or clinical word."""
    return (len(word) > 2 and word.isalpha() and word not in GENERIC_WORDS and word not in _JOINERS
            and word not in _HEADS and word not in _NOT_IN_NAME and not is_non_name_word(word))
