"""Regex building blocks for personal names, and the words that are never part of one.

Shared by the person recognizers. Names are found only next to an anchor (a title, a credential, a
header label, a signature phrase), so the grammar can be permissive about the name itself: Title-case
or ALL-CAPS words, initials, particles (van, de la), hyphens and apostrophes (Smith-Jones, O'Brien),
inner capitals (McDonald) and suffixes (Jr., III). What it must not swallow are the capitalised
clinical or header words that often follow or precede a name; `trim_name` removes those.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import regex

from ._alternation import by_first_letter
from ._gazetteer import given_names, surnames
from ._vocabulary import CLINICAL_WORDS, looks_clinical

# One word of a name. \p{..} so that accented names (José Núñez) count as letters.
# A word followed by a colon is a header label ("Location:"), never part of a name.
_NOT_LABEL = r"(?!\p{L}|[ \t]*:)"
# The part after a hyphen may be lower case, as in romanised given names ("Hyun-woo", "Mei-ling").
# Lower-case runs are possessive: a word ends where its letters do, so giving one back can never match and only
# cost the engine a retry per letter.
TITLE_WORD = (
    r"\p{Lu}(?:['’]\p{Lu})?\p{Ll}++(?:\p{Lu}\p{Ll}++)?"
    r"(?:-(?:\p{Lu}(?:['’]\p{Lu})?\p{Ll}++(?:\p{Lu}\p{Ll}++)?|\p{Ll}{2,}+))?"
    + _NOT_LABEL
)
# Runs of capitals are possessive too: ended before a capital, a word fails, so only an apostrophe may end one early.
UPPER_WORD = r"\p{Lu}(?:['’]?\p{Lu}++)+(?:-\p{Lu}(?:['’]?\p{Lu}++)+)?" + _NOT_LABEL
# End of an initial: no more letters; an apostrophe only as a possessive ("Mercer S's office").
_INITIAL_END = r"(?![\p{L}\d-])(?!['’](?![sS](?!\p{L})))"
INITIALS = rf"\p{{Lu}}\.(?:[ \t]?\p{{Lu}}\.)*|\p{{Lu}}{_INITIAL_END}"
# Lower-case particles inside names ("van Dyke", "de la Cruz", "de los Ángeles"): trim_name keeps them as lead words,
# and a field's value does not count them as words.
NAME_PARTICLES = frozenset(
    line for line in (Path(__file__).resolve().parents[1] / "data" / "name_particles.txt").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#"))
# A particle as a name writes it: lower case, or capitalised where it opens the name ("Van Wyck", "De la Rosa").
# Grouped by first letter (same matches): tried at every word start.
PARTICLE = by_first_letter(form for particle in sorted(NAME_PARTICLES) for form in (particle, particle.capitalize()))
SUFFIX = r"(?:,?[ \t]+(?:Jr\.?|Sr\.?|JR\.?|SR\.?|II|III|IV))"
# A dictation's reference initials: the reader's in capitals, then past a slash (or a footer's colon) the typist's,
# in lower case ("JRT/mlk", "DR P. VON HOLSTEIN / mjb").
READER_INITIALS = r"\p{Lu}{2,4}"
TYPIST_INITIALS = r"\p{Ll}{2,4}"
# Words are separated by blanks only: a name never continues onto the next line.
SP = r"[ \t]{1,2}"


def natural(word: str, *, trailing_initials: bool = False) -> str:
    """Regex for "Given [Middle|I.] [particles] Family [Jr.]" built from one word form.

    With `trailing_initials`, "Family XY" ("Garcia M", "Moyer KL") is accepted too.
    """
    lead = rf"(?:(?:{INITIALS}|{word}){SP}){{0,3}}"
    tail = rf"(?:[ ]\p{{Lu}}{{1,3}}{_INITIAL_END})?" if trailing_initials else ""
    return rf"{lead}(?:{PARTICLE}[ \t-]+){{0,2}}{word}{SUFFIX}?{tail}"


def last_first(word: str) -> str:
    """Regex for "Family, Given [Middle|I.]" built from one word form."""
    family = rf"(?:{PARTICLE}[ \t]+){{0,2}}{word}(?:{SP}(?:{PARTICLE}{SP}){{0,2}}{word})?"  # "Ferreira da Costa"
    given = rf"{word}(?:{SP}(?:{word}|{INITIALS})){{0,2}}"
    return rf"{family}{SUFFIX}?,[ \t]*{given}"


# "Kessler AM", "Garcia M": family name then initials, as many systems print staff names. Not
# when a further name word follows ("Jane A Smith" is natural order).
FAMILY_INITIALS = (
    rf"{TITLE_WORD}[ ]\p{{Lu}}{{1,3}}{_INITIAL_END}(?!\.\p{{L}})(?![ \t]{{1,2}}\p{{Lu}}\p{{Ll}})"
    rf"(?!\.[ \t]{{1,2}}\p{{Lu}}\p{{Ll}}++(?!:))"
)
# Capitals after a word that are grades, roman numerals or clinical acronyms, not initials
# ("Bosniak IIF", "Stage IV", "Gadavist IV", "Chest PA", "Total DLP").
NOT_INITIALS = regex.compile(
    r"(?:[IVX]+[A-F]?|[A-F]\d?|IV|IM|PO|SC|SQ|CT|MR|MRI|US|PA|AP|PET|NM|XR|CR|DX|RF|HU|SUV|ADC|DWI|FS|TSE|FSE|GRE"
    r"|SWI|MIP|MPR|VR|HBP|ED|ER|ICU|OR|IR|PT|OT|LLQ|RLQ|RUQ|LUQ|LUL|LLL|RUL|RML|RLL|ROI|ICA|MCA|ACA|PCA|SMA|IMA"
    r"|IVC|SVC|CBD|PD|GB|GE|GI|GU|CC|MLO|CM|MM|ML|LT|RT|BI|NOS|NAD|WNL|CXR|KUB|AAA|DVT|PE|MD|DO|RN|NP|PHD|BID|TID"
    r"|QD|PRN|NPO|AM|PM|HR|BP|EF|LV|RV|LA|RA|AV|MV|TV|PV|CSF|CNS|PNS|TB|HIV|HCV|HBV|CHF|CAD|MI|CVA|TIA|UTI|DLP"
    r"|OK|NO|ON|AT|IN|OF|TO|BY|IS|AS|AN|IF|UP|SO|TX|RX|HX|SX|FX|KV|MA|MS|HZ|SI|CI|EU|UK|USA"
    # Ward shorthand: house officer, blood bank, normal saline, urine output, nasotracheal, tube feeds.
    r"|HO|BB|NS|UO|NT|TF|HOH|IVF|ABX"
    # Vital signs, bedside drugs and blood products listed in notes ("RR, HR", "ASA, SL NTG", "CP, EKG").
    r"|RR|SBP|DBP|CP|SL|NTG|ASA|PTT|FFP|PRBC|PLT"
    # Bedside measurements, which notes open a sentence with ("Repeat ACT was 188", "Last CVP was 9").
    r"|ABG|VBG|ACT|CVP|SVR|PCWP|WBC|HCT|HGB|INR|BUN|MAP)"
)
# Grades and classes written in roman numerals ("Bosniak IIF", "Stage IV") are never initials.
ROMAN_NUMERAL = regex.compile(r"(?:I{1,3}|IV|VI{0,3}|IX|X)[ABF]?")
# "Jane A. Smith": given name, initials, family name.
GIVEN_INITIALS_FAMILY = rf"{TITLE_WORD}[ ](?:{INITIALS}[ \t]?)+{TITLE_WORD}"
# "Garcia M." at a sentence end: family name and initials, the period allowed.
FAMILY_INITIALS_LOOSE = rf"{TITLE_WORD}[ ]\p{{Lu}}{{1,3}}{_INITIAL_END}"
# "M. Rodgers", "J.A. Smith": initials then a family name.
INITIALS_FAMILY = rf"\p{{Lu}}\.(?:[ \t]?\p{{Lu}}\.)*[ \t]?{TITLE_WORD}"
# A DICOM person name copied into text: "SMITH^JANE^Q".
DICOM_PN = r"\p{Lu}[\p{L}'’-]*(?:[ ][\p{L}'’-]+)?(?:\^[\p{L}'’. -]*){1,4}(?<=[\p{L}.])"

# Any order, Title case or ALL CAPS; last-first first so "Smith, Jane" is not cut at the comma.
NAME_TITLE = natural(TITLE_WORD, trailing_initials=True)
NAME_UPPER = natural(UPPER_WORD)
NAME_ANY = (
    rf"(?:{DICOM_PN}|{last_first(UPPER_WORD)}|{last_first(TITLE_WORD)}|{NAME_TITLE}|{NAME_UPPER})"
)
NAME_LAST_FIRST = rf"(?:{last_first(UPPER_WORD)}|{last_first(TITLE_WORD)})"

# Honorifics and academic titles that introduce a name.
# Without its period a title must end the word: "DREW AYERS" is no "DR" + "EW AYERS".
TITLE = (
    r"(?:(?:Drs?|DRS?|Mrs?|Ms|Prof)(?:\.|(?!\p{L}))|dr\.|MRS?\.|MS\.|Mx\.|PROF\."
    # Indian honorifics: Shri/Sri (Mr), Smt (Mrs), Kumari (Miss).
    r"|(?:Doctor|DOCTOR|Miss|MISS|Professor|Shri|SHRI|Sri|SRI|Smt|SMT|Kumari|KUMARI)(?:\.|(?!\p{L})))"
)

# Credentials after a name. Case-sensitive on purpose: "do", "pa" and "rn" are not credentials.
CREDENTIAL = by_first_letter(r"""
M\.D\. D\.O\. Ph\.D\. MD DO MBBS MBChB MBBCh PhD DPhil FACR FRCR FRCPC FRANZCR DABR FSIR FSCCT RN-BC RN BSN MSN APRN
CRNP CRNA CCRN CNM NNP-BC NNP NP-C FNP-BC FNP-C FNP ANP ACNP AGNP CNP DNP LPN LVN CNA PA-C PA NP
RT\((?:R|CT|MR|M|N|T|VI|BD|CV|S)\)(?:\((?:R|CT|MR|M|N|T|VI|BD|CV|S)\))* RT RTR RDMS RDCS RVT RVS RPVI CNMT NMTCB ARRT
RRA RPA MRT CRT RTT PharmD DDS DMD DPM DPT DC MPH MBA MSc MS MA BS BA FACP FACC FACS FAAN RRT LICSW LCSW MSW OTR
CCC-SLP SLP""".split())
# Credentials that are also everyday clinical abbreviations (PA view, right, multiple sclerosis):
# accepted only when the name before them is a two-word name free of clinical words.
AMBIGUOUS_CREDENTIALS = frozenset({"PA", "RT", "MS", "MA", "BS", "BA", "DC", "CRT", "MRT"})

# Capitalised words that appear next to names in reports but are not names. Lower case.
_NON_NAME = """
a an the this that these those he she they it we i you his her their our my your me him them
and or but nor so yet if then than as at by for from in into of on onto to with without via per
is are was were be been being has have had do does did would shall should can could
might must not no yes please thanks thank note noted see seen also all any each every both some
mr mrs ms miss dr drs doctor prof professor sir madam mx
md do rn np pa rt phd mbbs facr dabr cc bcc re ref fyi attn
patient pt patients name names patient's family mother father son daughter wife husband spouse
sister brother friend guardian caregiver self
physician physicians provider providers doctor doctors nurse nurses nursing team service staff
radiologist radiologists resident residents fellow fellows attending attendings technologist
technologists tech techs sonographer sonographers therapist transcriptionist scribe clinician
clinicians surgeon surgeons consultant consultants pcp referring ordering reading interpreting
primary care emergency department dept unit floor room er ed icu micu sicu nicu picu ccu
pacu or ir ob gyn ent gi pt ot hospitalist intensivist oncologist cardiologist neurologist
urologist surgeon orthopedic orthopaedic orthopedics oncology cardiology neurology urology surgery
medicine pediatrics radiology neuroradiology imaging nuclear interventional diagnostic
hospital clinic center centre medical health system institute university college school group general
associates practice office department division section laboratory lab pharmacy
signed electronically dictated transcribed reviewed interpreted verified approved
preliminary final addendum amended corrected report reports result results impression findings
finding history clinical indication indications comparison comparisons technique procedure
exam exams examination study studies series image images view views scan scans film films
date time dob age sex gender male female mrn acc accession id number no order encounter visit
phone pager fax tel ext email address
today tonight yesterday tomorrow now morning afternoon evening night noon midnight
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
january february march september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
am pm est edt cst cdt mst mdt pst pdt utc gmt
contrast iv oral noncontrast non with w wo
ct cta mr mri us pet xr pa ap
critical urgent stat routine call called calls paged notified discussed contacted spoke
communicated conveyed relayed informed telephone telephoned phoned verbal verbally
per regarding re about result results
end of
society association academy board committee council federation consortium guideline guidelines criteria
recommendation recommendations classification system scale score protocol trial study network registry
"""
STRUCTURAL_WORDS = frozenset(_NON_NAME.split())
NON_NAME_WORDS = STRUCTURAL_WORDS | CLINICAL_WORDS
# Credentials are never initials, even though "MD" has the shape of two.
_CREDENTIAL_WORDS = frozenset(
    "MD DO RN NP PA RT PHD MBBS FACR FRCR DABR DNP APRN CRNA CRNP LPN BSN MSN FNP ANP CNP RDMS RVT CNMT RRA RPA"
    " ARRT DDS DMD DPM DPT DC MPH MBA MS MA BS BA".split()
)
# The first word of every credential, lower case, for anchoring ("M.D." -> "m", "RT(R)" -> "rt").
CREDENTIAL_WORDS = tuple(
    """md do phd mbbs mbchb mbbch dphil facr frcr frcpc franzcr dabr fsir fscct rn bsn msn aprn crnp crna ccrn cnm nnp np
    fnp anp acnp agnp cnp dnp lpn lvn cna pa rt rtr rdms rdcs rvt rvs rpvi cnmt nmtcb arrt rra rpa mrt crt rtt pharmd
    dds dmd dpm dpt dc mph mba msc ms ma bs ba facp facc facs faan rrt licsw lcsw msw otr ccc slp""".split()
)

_TOKEN = regex.compile(r"[^\s,;:()]+")


# Clinical words that are also common surnames: never trimmed from the end of a name.
_SURNAME_LIKE = frozenset(
    "stone wall hand head foot back bone mass colon lung heart small large long short young base arch cord"
    " stable field rose bell hill".split()
)
# Two words in Title case, the first one of those surnames ("Stone Swift").
_SURNAME_LIKE_PAIR = regex.compile(r"(\p{Lu}\p{Ll}+)[ \t]+(\p{Lu}\p{Ll}+)")


def opens_with_surname_like(value: str) -> bool:
    """Whether a person's slot holds a surname English has as a clinical word and a Census name after it ("Stone
    Swift"), which is a name whole rather than a clinical word before one."""
    pair = _SURNAME_LIKE_PAIR.fullmatch(value)
    if pair is None or pair.group(1).lower() not in _SURNAME_LIKE:
        return False
    second = pair.group(2).lower()
    return (second in surnames() or second in given_names()) and not _non_name(second)


MONTH_NAMES = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun jul"
    " aug sep sept oct nov dec".split()
)
_NAME_LEADS = frozenset("per with by to and from for via cc".split())
_INITIAL = regex.compile(r"\p{Lu}\.?(?:\p{Lu}\.)*")
_CAPITALS = regex.compile(r"\p{Lu}{1,3}")
_NAME_WORD = regex.compile(r"\p{L}{2,}")


def name_words(text: str) -> int:
    """Count the words of two or more letters in a candidate name (initials do not count)."""
    return len(_NAME_WORD.findall(text))


def _is_initial(word: str) -> bool:
    return _INITIAL.fullmatch(word) is not None


def _core(word: str) -> str:
    core = word.strip(".'’-").lower()
    return core[:-2] if core.endswith(("'s", "’s")) else core


# Word verdicts are cached: trimming and vetting candidate names asks about the same few hundred words again and again.
@lru_cache(maxsize=65536)
def _structural(word: str) -> bool:
    return not _is_initial(word) and (_core(word) in STRUCTURAL_WORDS or not any(ch.isalpha() for ch in word))


def is_non_name_word(word: str) -> bool:
    """Return whether a word is report language or clinical vocabulary rather than part of a name."""
    return _non_name(word)


@lru_cache(maxsize=65536)
def _non_name(word: str) -> bool:
    if _is_initial(word):
        return False
    core = _core(word)
    return core in STRUCTURAL_WORDS or looks_clinical(core) or not any(ch.isalpha() for ch in word)


def _initials_after_name(tokens: list[tuple[int, int, str]], i: int, text: str = "", family_ok: bool = False) -> bool:
    """Whether token i is one to three capitals right after a Title-case name word ("Allen AM").

    A credential-shaped token counts too when no comma parts it from the name ("Aguilar MD, MD",
    "Gibson RT"): at worst a credential is redacted with the name.
    """
    if i == 0 or not _CAPITALS.fullmatch(tokens[i][2]):
        return False
    if tokens[i][2] in _CREDENTIAL_WORDS and text[tokens[i - 1][1]:tokens[i][0]].strip():
        return False  # "Smith, MD": a credential after a comma is not an initial
    previous = tokens[i - 1][2]
    title_case = previous[:1].isupper() and any(ch.islower() for ch in previous)
    return title_case and (family_ok or not _non_name(previous))


# Several patterns and recognizers find the same candidate in a report (a titled name that also signs): trimmed once.
@lru_cache(maxsize=256)
def trim_name(
    text: str, start: int, end: int, *, strict: bool = False, keep_first: bool = False
) -> tuple[int, int] | None:
    """Drop non-name words at either end of a candidate name span; None if nothing name-like is left.

    Leading report words and clinical words go ("Called Jane Smith", "Chest"); at the end only
    report words and ALL-CAPS clinical words go, so surnames such as Colon or Wall survive while
    "JANE SMITH CT" loses "CT". Trailing capitals after a name ("Sanders AT") are initials, and a
    family name written first ("COLON, SAMUEL", "Colon ST") is kept even if it is a clinical word.
    With `strict`, any non-name word inside the span rejects it (for ambiguous anchors). With
    `keep_first`, the first word is kept: right after "Dr." a word such as "June" is a given name.
    """
    tokens = [(m.start() + start, m.end() + start, m.group()) for m in _TOKEN.finditer(text[start:end])]

    def droppable_lead(i: int) -> bool:
        word = tokens[i][2]
        if word[0].islower():
            return word.lower() not in NAME_PARTICLES
        if _family_first(i):
            return _structural(word)  # "COLON, JENNIFER", "Colon ST": a family name may be a clinical word
        if _core(word) in MONTH_NAMES and word[1:].islower() and _name_follows(i):
            return False  # "Jun Hirata", "May Lindqvist": a month word right before a name is a given name
        return _non_name(word)

    def _name_follows(i: int) -> bool:
        following = tokens[i + 1][2] if i + 1 < len(tokens) else ""
        return following[:1].isupper() and not following.isupper() and not _non_name(following)

    def _family_first(i: int) -> bool:
        """Whether token i is a family name written first: before a comma and a given name, or before initials."""
        if i + 1 >= len(tokens):
            return False
        if text[tokens[i][1]:tokens[i][1] + 1] == ",":
            return any(not _non_name(w) and len(w.strip(".")) > 1 for _, _, w in tokens[i + 1:])
        return not tokens[i][2].isupper() and _initials_after_name(tokens, i + 1, text, family_ok=True)

    if not keep_first:
        # In capitals a cue's window takes in the sentence before the name: it starts after the last
        # preposition ("CENTRAL LINE PER WARREN KAVALIUNAS NP").
        cut = [i for i, (_, _, w) in enumerate(tokens[:-1]) if w.isupper() and _core(w) in _NAME_LEADS]
        if cut:
            tokens = tokens[cut[-1] + 1:]
        while tokens and droppable_lead(0):
            tokens.pop(0)

    def surname_after_given(i: int) -> bool:
        """Whether token i ends the span as a surname-like word after a given name ("Andrew Colon")."""
        last = i == len(tokens) - 1 and i > 0
        return last and _core(tokens[i][2]) in _SURNAME_LIKE and not _non_name(tokens[i - 1][2])

    if strict and any(
        _non_name(w) and not _initials_after_name(tokens, i, text) and not (i == 0 and _family_first(0))
        and not surname_after_given(i)
        for i, (_, _, w) in enumerate(tokens)
        if len(w.strip(".")) > 1
    ):
        return None
    floor = 1 if keep_first else 0
    while len(tokens) > floor:
        word = tokens[-1][2]
        if _initials_after_name(tokens, len(tokens) - 1, text):
            break  # "Sanders AT", "Rivera CT": initials after a family name
        clinical_tail = _non_name(word) and (word.isupper() or len(tokens) > 2) and _core(word) not in _SURNAME_LIKE
        if _structural(word) or clinical_tail:
            tokens.pop()  # "JANE SMITH CT", "Garcia M. Fluoroscopy"; but "Carol Colon", "Jane M. Stone" stay
            continue
        break
    if not tokens:
        return None
    s, e = tokens[0][0], tokens[-1][1]
    while e > s and text[e - 1] in ",;:":
        e -= 1
    # A lone initial ("J.") is not enough to identify anyone by itself here.
    core = text[s:e].replace(".", "").replace(" ", "")
    if len(core) < 2:
        return None
    return s, e


EPONYM_NOUNS_PATH = Path(__file__).resolve().parents[1] / "data" / "eponym_nouns.txt"


def _eponym_noun_pattern() -> regex.Pattern:
    """The eponym nouns of data/eponym_nouns.txt after a word ("Baker cyst", "Crohn's disease", "Rome IV criteria").

    "cell" is no such noun before "#": that is a phone number's label ("Ines Varga cell# 410-...").
    """
    nouns = [line for line in EPONYM_NOUNS_PATH.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    alternation = by_first_letter([*(regex.escape(noun) for noun in sorted(nouns, key=len, reverse=True)),
                                   r"cell(?![ \t]*#)"])
    return regex.compile(rf"(?:['’]s)?(?:[ \t]+[IVX]{{1,4}})?[ \t-]+(?i:{alternation})\b")


_EPONYM_NOUN = _eponym_noun_pattern()


_EPONYM_NOUN_LEADS = frozenset("'’ \t-")  # what the pattern's first character can be
EPONYM_LEADS_PATH = Path(__file__).resolve().parents[1] / "data" / "eponym_leads.txt"


def _eponym_lead_pattern() -> regex.Pattern:
    """An anatomical noun of data/eponym_leads.txt and "of" right before a word ("vein of Galen")."""
    nouns = [line for line in EPONYM_LEADS_PATH.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    alternation = by_first_letter(regex.escape(noun) for noun in sorted(nouns, key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}-])(?i:{alternation})[ \t]+(?i:of)[ \t]+$")


_EPONYM_LEAD = _eponym_lead_pattern()


def after_eponym_lead(text: str, start: int) -> bool:
    """Return whether the word starting at `start` names the anatomy before it ("ligament of Treitz")."""
    return text[max(0, start - 4):start].lower().rstrip(" \t").endswith("of") and (
        _EPONYM_LEAD.search(text, max(0, start - 30), start) is not None)


def followed_by_eponym_noun(text: str, end: int) -> bool:
    """Return whether the word ending at `end` is used as an eponym ("Colles fracture")."""
    # Half the words asked about end a line or come before a comma: no need to run the pattern there.
    return text[end:end + 1] in _EPONYM_NOUN_LEADS and _eponym_noun_at(text, end)


# Recognizers and the engine's eponym veto ask about the same word end again and again: matched once per report.
@lru_cache(maxsize=1024)
def _eponym_noun_at(text: str, end: int) -> bool:
    return _EPONYM_NOUN.match(text, end) is not None
