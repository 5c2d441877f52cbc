"""Person names found by what the words are, not by cue words around them.

A run of capitalised words on one line ("Ingrid K. Solberg", "Castellanos, Mateo", "Mark Young") is a
name when it holds a Census name that is not English vocabulary, or two or more words of which one
is in no English, clinical or name list (Philter's and NLM Scrubber's "not a safe word"), or a Census
given name followed by a Census surname. A single such word needs a position that only names take:
right after a relative ("wife Rosalind"), after a title written in any case ("mr. wierzbicki"), or
alone on its line. A given name listed after a found name ("Marisol and Dane") or calling or visiting ("ron
called") is a name too. On a line written all in one case capitals mean nothing, so only Census names
that are not English words count there ("COMPLETE VS, OBJECTIVE DATA" is not a name).
"""
from __future__ import annotations

from bisect import bisect_left

import regex
from presidio_analyzer import RecognizerResult

from ._base import WordRecognizer
from ._gazetteer import misspells_english
from ._names import MONTH_NAMES, NON_NAME_WORDS, followed_by_eponym_noun, is_non_name_word
from ._tokens import AMBIGUOUS, AUXILIARIES, INITIAL, NAME, UNKNOWN, VOCABULARY, Token, is_eponym, tokens

MIN_ONE_CASE = 4  # letters a Census name needs to count where capitals say nothing
RELATIVES = frozenset(
    "wife husband spouse daughter dtr son sister sis brother bro mother mom mum father dad niece nephew grandson"
    " granddaughter grandmother grandfather aunt uncle cousin friend partner fiance fiancee girlfriend boyfriend"
    " hcp proxy guardian caregiver neighbor neighbour"
    # In-laws and step-relatives as one hyphenated word, and the notes' usual spelling of granddaughter.
    " son-in-law daughter-in-law sister-in-law brother-in-law mother-in-law father-in-law stepson stepdaughter"
    " stepmother stepfather grandaughter"
    # Several of them named at once ("Sons Kledrin and Tovar in to visit", "DTRS ANWEN, CARYS").
    " sons daughters dtrs sisters brothers nieces nephews grandsons granddaughters grandchildren parents"
    # People around a patient's life who are named as a relative is ("Coach (Tamsin Orr)", "trainer Wexley").
    " coach trainer teacher coworker co-worker employer landlord".split()
)
# Care-team roles written right before a name ("NP CAROL ordered", "nurse navigator Dagny Lindgren"). Never "PA":
# in notes it is as often the pulmonary artery ("PA STAS 73").
CARE_ROLES = frozenset(
    "nurse np rn lpn rrt cna navigator chaplain coordinator therapist technologist sonographer resident intern fellow"
    " hospitalist intensivist dietitian dietician nutritionist pharmacist interpreter translator midwife doula"
    # Advanced-practice and prehospital acronyms ("NNP Adaeze paged", "CRNA Toivonen"), scribes and radiographers.
    " nnp cnm crna aprn fnp emt paramedic scribe radiographer physiotherapist specialist".split()
)
TITLES = frozenset("mr mrs ms miss dr".split())
# A relative a generation or a marriage further: "great-nephew", "great-great-grandson", "step-son", "ex-wife".
_KIN_PREFIX = regex.compile(r"(?:great-|step-|ex-)+")


def is_relative(word: str) -> bool:
    """Whether a word names a relative, friend or proxy, with its "great-", "step-" or "ex-" prefixes."""
    lower = word.lower()
    # Every prefix ends in a hyphen: a word without one (nearly every word) is left as it is by the substitution.
    return lower in RELATIVES or "-" in lower and _KIN_PREFIX.sub("", lower, count=1) in RELATIVES
# What may sit between a relative or a role and the name: "wife Rosalind", "son, bill", "mother's name is Ada".
_AFTER_CUE = regex.compile(r"[ \t]*(?:'s[ \t]+name[ \t]+is[ \t]+|[:,(]?[ \t]*)")
_TITLED_BEFORE_AND = regex.compile(r"(?<![\p{L}.])(?i:drs?)\.?[ \t]+\p{L}[\p{L}'’-]+[ \t]+$")
_BABY_BEFORE = regex.compile(r"(?i:\bbaby)[ \t]+$")
_LOWER_INITIAL = regex.compile(r"(?<![\p{L}\d.'’/&+])\p{Ll}\.[ \t]?$")
# Characters that join the letters of an abbreviation ("I&O", "C/O", "D+I"): a letter after one is no initial.
_ABBREVIATION_JOINS = frozenset("/&+")
# What may sit between two words of one name: blanks, or a period after an initial, or one comma.
_GAP = regex.compile(r"[ \t]{1,2}|\.[ \t]{0,2}|,[ \t]{1,2}")
# "and" and an initial with its period before a second surname ("k. dunleavy and m. o'toole").
_AND_INITIAL = regex.compile(r",?[ \t]+(?:and|&|AND)[ \t]+(?P<initial>\p{L})\.[ \t]?")
# What joins the last of a list of people to the name before it ("Marisol and Dane", "Greta & Paloma").
_AND = regex.compile(r",?[ \t]+(?:and|&)[ \t]+|,[ \t]+", regex.IGNORECASE)
# Titles and credentials written before a name: unlike "fellow" or "nurse" they are no English words.
_STAFF_CUES = TITLES | frozenset("drs np rn lpn rrt cna crna aprn fnp nnp cnm".split())
# What notes write after someone who was told: "ALMA KOVAC AWARE", "NP MOODY MADE AWARE", "DR X NOTIFIED".
_TOLD_AFTER = regex.compile(r"[ \t]+(?:(?i:made)[ \t]+)?(?i:aware|notified|paged|informed|updated)(?!\p{L})")
# Words before "<surname> family" that make it a family's name, and surnames that describe a family instead.
_FAMILY_LEADS = frozenset("the keep update updated updating inform informed notify notified with to".split())
_FAMILY_DESCRIPTIONS = frozenset("young close host foster loving big other keep more rest".split())
# A record's label right after a run on a header line ("KOVAC ALMA  MRN 4471", "KOVAC, ALMA / DOB ..."): only the
# patient's name stands there, whatever its words.
_RECORD_LABEL_AFTER = regex.compile(r"[ \t]*[,/|]?[ \t]*(?i:mrn|mr#|dob|d\.o\.b\.?|acct|acc|fin|csn|urn|hn|nhs)(?!\p{L})")
# Where a header's field ends after a name: a bar, a slash, a double dash, two blanks, a comma before a number (an
# age, an ID), or the line's end.
_FIELD_END = regex.compile(r"[ \t]*(?:[|/]|--|$)|[ \t]{2}|,[ \t]*\d", regex.MULTILINE)
# A header's next column holding a number or a code: an ID or a date after the name.
_NUMBER_COLUMN = regex.compile(r"[ \t]{2,}(?:\p{Lu}{1,4}[-#]?)?\d")
# Where a sentence starts: a line's start, or a full stop, colon or semicolon and a blank.
_SENTENCE_START = regex.compile(r"(?:^|\n|[.:;][ \t]{1,2})[ \t]*$")
# Verbs of a relative's or friend's contact with the ward that make a given name before them a person ("ron called").
CONTACT_VERBS = frozenset("called calls phoned phones telephoned visited visits".split())
# Census names that, after a relative, are the relative's doing instead ("son still here", "dtr states", "son well").
_KIN_PREDICATES = frozenset("still home states brought went just later well said gave too hopes".split())
# What closes a relative's name: punctuation, the line's end, what the relative is or does ("who", "called", "in"),
# another relative joined to them ("WIFE SNOW AND STEP DAUGHTER") or what they were reached for ("DAUGHTER LAMB FOR
# CONSENT").
_KIN_NAME_CLOSES = regex.compile(
    r"[ \t]*(?:[,.;:()&]|$|(?i:who|called|calls|phoned|visited|visits|aware|notified|updated|was|is|will|has|had"
    r"|in|at|and|for)(?!\p{L}))", regex.MULTILINE)
# What stands between a title and the name it introduces.
_TITLE_GAP = regex.compile(r"\.?[ \t]+|\.")
_CONTACTED_AFTER = regex.compile(r"[ \t]+(?i:" + "|".join(sorted(CONTACT_VERBS)) + r")(?!\p{L})")


class GazetteerPersonRecognizer(WordRecognizer):
    """Finds personal names from the Census name lists and the absence of the words from English."""

    ENTITY = "PERSON"

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Return one result per name-like run of words."""
        words = tokens(text)
        results = []
        for first, last in _runs(text, words):
            last = _trim(words, first, last)
            if _is_name(text, words, first, last):
                results.append(self.result(_widen_left(text, words, first), _widen_right(text, words, first, last)))
                following = _coordinated(text, words, last)
                if following is not None:
                    results.append(self.result(words[following].start, words[following].end))
                listed = _initialled_after(text, words, first, last)
                if listed is not None:
                    results.append(self.result(*listed))
            elif first == last and _contacting(text, words, first):
                results.append(self.result(words[first].start, words[first].end))
        results += [self.result(words[i].start, words[i].end) for i in range(1, len(words) - 1)
                    if words[i].kind == AMBIGUOUS and _family_named(text, words, i)]
        # After a title in any case ("mr. wierzbicki"), a word that is no English or clinical word is a name,
        # and so is the word after a given name there ("dr will young").
        for i in range(1, len(words)):
            token = words[i]
            if token.kind in (NAME, AMBIGUOUS, UNKNOWN) and _titled(text, words[i - 1], token):
                following = words[i + 1] if i + 1 < len(words) else None
                # "dr will young"; and "dr lusardi tarrowin": a second word in no list after the first.
                two = (following is not None and text[token.end:following.start] == " " and (
                    token.given and following.kind in (NAME, AMBIGUOUS, UNKNOWN)
                    or token.kind in (NAME, UNKNOWN) and following.kind == UNKNOWN and len(following.word) >= MIN_ONE_CASE
                    and not following.upper and not misspells_english(following.word.lower())))
                results.append(self.result(token.start, following.end if two else token.end))
        return results


def _name_like(token: Token) -> bool:
    if token.clinical:
        return False  # a drug, a device maker, an eponymous device: a name only after a title
    if token.kind == INITIAL:
        return not token.one_case
    if token.upper:
        return token.kind == NAME  # other capitals on a mixed-case line are acronyms and credentials (ENT, CNM)
    if token.one_case:
        return token.kind in (NAME, AMBIGUOUS, UNKNOWN)
    return token.capitalised and token.kind in (NAME, AMBIGUOUS, UNKNOWN)


def _runs(text: str, words: tuple[Token, ...]) -> list[tuple[int, int]]:
    """Index ranges of consecutive name-like words on one line (at most one comma inside)."""
    # An ordinary word in lower case or capitals (most of a report) is neither a name's word nor a relative's name.
    members = [(w.kind != VOCABULARY or w.given or w.capitalised)
               and (_member(text, w) or _named_relative(text, words, i)) for i, w in enumerate(words)]
    for i, token in enumerate(words):
        # A lower-case word is never an eponym beside a given name: asked first, as it is the cheaper question.
        if not members[i] and not token.word.islower() and is_eponym(token) and _beside_given_name(text, words, i):
            members[i] = True  # "Maria Castleman", "CASTLEMAN, MARIA": an eponym as a family name
    runs, i = [], 0
    while i < len(words):
        if not members[i]:
            i += 1
            continue
        j, commas = i, 0
        while j + 1 < len(words) and members[j + 1]:
            gap = text[words[j].end:words[j + 1].start]
            # One space, by far the most common gap, needs no regex.
            if (gap != " " and not _GAP.fullmatch(gap)) or (gap.startswith(".") and words[j].kind != INITIAL):
                break
            if _lower_name(words[j + 1]) and not _lower_name(words[j]) and words[j].kind != INITIAL:
                break  # "Dagny Lindgren will follow": a lower-case given name after a capitalised name is a verb

            commas += gap.startswith(",")
            if commas > 1:
                break
            j += 1
        runs.append((i, j))
        i = j + 1
    return runs


def _member(text: str, token: Token) -> bool:
    if (token.word == "A" and text[token.end:token.end + 1] != "."
            and _SENTENCE_START.search(text, max(0, token.start - 3), token.start)):
        return False  # the article opening a sentence ("A Braun pump"), not an initial
    if token.kind == INITIAL and (text[token.start - 1:token.start] in _ABBREVIATION_JOINS
                                  or text[token.end:token.end + 1] in _ABBREVIATION_JOINS):
        return False  # a letter of "A&O", "U/O", "W&D", "N/V", not an initial
    # Where capitals say nothing, a lone capital is an initial only with its period ("Z. MILLER", "DAN A. FORMAN").
    if token.kind == INITIAL and token.one_case:
        return text[token.end:token.end + 1] == "."
    # A relative's word is the cue before a name, never part of it ("dtr morwenna" where capitals say nothing).
    return (_name_like(token) or _lower_name(token)) and not is_relative(token.word)


def _named_relative(text: str, words: tuple[Token, ...], index: int) -> bool:
    """A capitalised word right after a relative is their name even when English has it too ("wife Marigold"), and so
    is a lower-case word in no list ("his son, yarrow,") or, where capitals say nothing, any word in no list
    ("SISTER ,TREVANION HAS PHONED")."""
    # The relative before is asked first: it is rare, and the spelling check below is dear.
    if index == 0 or not is_relative(words[index - 1].word):
        return False
    token, previous = words[index], words[index - 1]
    unlisted = ((token.word.islower() or token.one_case) and token.kind == UNKNOWN and len(token.word) >= MIN_ONE_CASE
                and not misspells_english(token.word.lower()))
    if (not (token.capitalised or unlisted) or token.clinical or token.word.lower() in NON_NAME_WORDS
            or token.word.lower() in AUXILIARIES):
        return False
    return _AFTER_CUE.fullmatch(text, previous.end, token.start) is not None


def _beside_given_name(text: str, words: tuple[Token, ...], i: int) -> bool:
    """Whether an eponym is a family name: a capitalised given name right before it ("Maria Castleman"), or a given
    name after it and a comma ("CASTLEMAN, MARIA"), the only sign where capitals say nothing."""
    token = words[i]
    if token.word.islower():
        return False
    before = words[i - 1] if i else None
    after = words[i + 1] if i + 1 < len(words) else None
    return ((before is not None and token.capitalised and before.capitalised and _plain_given(before)
             and text[before.end:token.start] == " ")
            or (after is not None and _plain_given(after) and text[token.end:after.start] in (",", ", ")))


def _plain_given(token: Token) -> bool:
    """A Census given name written as one, that is no clinical word or auxiliary verb ("Maria", "MARIA")."""
    return (token.given and not token.clinical and token.kind != VOCABULARY and len(token.word) >= 3
            and token.word.lower() not in AUXILIARIES and not token.word.islower())


def _lower_name(token: Token) -> bool:
    """A lower-case Census name on a mixed-case line ("HOUSE STAFF mary souza AWARE"); never a relative ("son")."""
    return (not token.one_case and token.word.islower() and (token.kind == NAME or token.given) and not token.clinical
            and token.word not in RELATIVES)


def _trim(words: tuple[Token, ...], first: int, last: int) -> int:
    """Drop a trailing ordinary word from a one-case run whose name is already whole ("jerzy kaczmarek fell")."""
    full = [t for t in words[first:last + 1] if t.kind != INITIAL]
    if len(full) >= 3 and full[-1].one_case and full[-1].kind == AMBIGUOUS and not full[-1].given:
        return last - 1
    return last


def _is_name(text: str, words: tuple[Token, ...], first: int, last: int) -> bool:
    run = words[first:last + 1]
    full = [t for t in run if t.kind != INITIAL]
    # Where capitals say nothing the noun can be part of the run ("COBB ANGLE", "shenton line"): a run opening with
    # an eponym and its noun is no name ("JOHN SMITH LINE" still is).
    if not full or followed_by_eponym_noun(text, run[-1].end) or followed_by_eponym_noun(text, run[0].end):
        return False
    kinds = [t.kind for t in full]
    previous = words[first - 1] if first else None
    cued = previous is not None and _cue(text, previous, run[0])
    if any(_lower_name(t) for t in full):
        # Lower case on a mixed-case line: two or more Census names, one of them no English word, or a given
        # name right after a relative or a title ("his son, bill, called").
        if (cued and len(full) == 1 and full[0].given and len(full[0].word) >= 3 and full[0].kind != VOCABULARY
                and full[0].word not in AUXILIARIES):
            return True
        return len(full) >= 2 and all(_lower_name(t) for t in full) and NAME in kinds
    initial_first = run[0].kind == INITIAL and len(full) == 1 and len(full[0].word) >= 3
    if run[0].one_case or all(t.upper for t in full):
        if initial_first and full[0].kind in (NAME, AMBIGUOUS, UNKNOWN):
            return True  # "Z. MILLER", "E. WELSH": an initial and a surname
        if _told(text, run[-1].end) and (_given_family(full) or cued and previous.word.lower() in _STAFF_CUES
                                         and len(full) == 1 and full[0].kind == AMBIGUOUS and len(full[0].word) >= 4):
            return True  # "ALMA KOVAC AWARE", "NP MOODY MADE AWARE": who was told, not what ("np cough")
        if (_told(text, run[-1].end) or _CONTACTED_AFTER.match(text, run[-1].end)) and len(full) <= 3 and all(
                _unlisted(t, MIN_ONE_CASE) for t in full):
            return True  # "TREVANION ORSK AWARE", "TREVANION ORSK CALLED TO BEDSIDE": words in no list told or calling
        # Capitals say nothing here: a Census name that is not English (short capitals are acronyms: EDD),
        # or any name-like word after a cue.
        # An eponym joins a run only beside a given name ("CASTLEMAN, MARIA"): a family name then.
        if cued and is_relative(previous.word) and _kin_name(text, full):
            return True  # "DAUGHTER BROWN IN THIS EVENING", "son summers called": a surname English has too
        return any(t.kind == NAME and len(t.word) >= MIN_ONE_CASE or is_eponym(t) for t in full) or (
            cued and (UNKNOWN in kinds or run[0].given) and run[0].word.lower() not in AUXILIARIES) or (
            len(full) >= 2 and _header_name(text, run) and any(len(t.word) >= MIN_ONE_CASE for t in full))
    if NAME in kinds or cued:
        return True
    # Capitals inside a mixed-case run are acronyms ("Last CVP"), no evidence of a name.
    unknown = [t for t in full if t.kind == UNKNOWN and not t.upper]
    if len(full) >= 2:
        return (bool(unknown) or (full[0].given and (full[-1].kind == AMBIGUOUS or is_eponym(full[-1])))
                or _header_name(text, run) or _signature_line(text, run))
    if unknown:
        # "Tanabe" alone as a signature, "Asante G" (initials after), "M. Quarrell" (an initial with its full stop
        # before a surname of four letters or more that is no slip of the pen; never "C. Hx").
        return (_alone_on_line(text, run[0].start, run[-1].end) or run[-1].kind == INITIAL
                or _given_before(text, words, first)
                or initial_first and text[run[0].end:run[0].end + 1] == "." and len(unknown[0].word) >= MIN_ONE_CASE
                and not misspells_english(unknown[0].word.lower()))
    return False


def _kin_name(text: str, full: list[Token]) -> bool:
    """Whether one Census name English has too, right after a relative where capitals say nothing, is their name: it
    closes a clause or comes before what a person does there ("son summers called"), and is no verb or adverb that
    follows a relative as often ("son still here", "dtr went home")."""
    token = full[0]
    return (len(full) == 1 and token.kind == AMBIGUOUS and len(token.word) >= 3 and not token.clinical
            and token.word.lower() not in _KIN_PREDICATES and _KIN_NAME_CLOSES.match(text, token.end) is not None)


def _unlisted(token: Token, letters: int) -> bool:
    """A word of at least `letters` letters in no list that is no slip of the pen for a listed one."""
    return (token.kind == UNKNOWN and len(token.word) >= letters and not token.clinical
            and not misspells_english(token.word.lower()))


def _header_name(text: str, run: tuple[Token, ...]) -> bool:
    """Whether a run stands where a header puts the patient's name, whatever its words: before a record's label
    ("Baker Carter, MRN ...", "KOVAC ALMA  DOB ..."), or opening its line written family name first and closing a
    field ("Marsh, Tilden -- 7/4", "Fisher, Bishop, 38M", "Rivers, Bell | 2/11/2025"), or before a column of numbers."""
    if _RECORD_LABEL_AFTER.match(text, run[-1].end) is not None:
        return True
    line_start = text.rfind("\n", 0, run[0].start) + 1
    if text[line_start:run[0].start].strip():
        return False
    if "," in text[run[0].end:run[-1].start]:
        return _FIELD_END.match(text, run[-1].end) is not None
    return _NUMBER_COLUMN.match(text, run[-1].end) is not None  # "Hollins Bishop  222091  10/04/2018"


def _signature_line(text: str, run: tuple[Token, ...]) -> bool:
    """Whether a run of capitalised words is the report's last line, alone there: the reader's signature ("Wells
    Hollins"), whatever its words."""
    return (all(t.capitalised or t.kind == INITIAL for t in run) and _alone_on_line(text, run[0].start, run[-1].end)
            and not text[run[-1].end:].strip(" \t\n.,;"))


def _told(text: str, end: int) -> bool:
    """Whether the words after `end` say someone was told ("AWARE", "MADE AWARE", "NOTIFIED", "PAGED")."""
    return _TOLD_AFTER.match(text, end) is not None


def _given_family(full: list[Token]) -> bool:
    """A given name of three letters or more and a family name that is a Census or unlisted word ("ALMA KOVAC")."""
    return (len(full) == 2 and full[0].given and len(full[0].word) >= 3 and full[0].word.lower() not in AUXILIARIES
            and full[1].kind in (NAME, AMBIGUOUS, UNKNOWN) and len(full[1].word) >= 3 and not full[1].clinical)


def _coordinated(text: str, words: tuple[Token, ...], last: int) -> int | None:
    """The index of a given name listed right after a found name ("Marisol and Dane are", "Ines, Greta and Paloma")."""
    following = last + 2 if last + 1 < len(words) and words[last + 1].word.lower() == "and" else last + 1
    if following >= len(words):
        return None
    token = words[following]
    if not _AND.fullmatch(text, words[last].end, token.start) or token.clinical or token.word.lower() in AUXILIARIES:
        return None
    # A given name, or a capitalised word in no list: two people named together ("Fakler and Mavalt talk with").
    unlisted = (token.capitalised and token.kind == UNKNOWN and len(token.word) >= MIN_ONE_CASE
                and not misspells_english(token.word.lower()))
    return following if token.given and (token.capitalised or token.kind == NAME) or unlisted else None


def _initialled_after(text: str, words: tuple[Token, ...], first: int, last: int) -> tuple[int, int] | None:
    """The span of a second "initial. surname" listed after a found one ("k. dunleavy and m. o'toole"): the same shape
    twice names two people, whatever lists the second surname is in (never a clinical word)."""
    start = words[first].start
    if not (words[first].kind == INITIAL or _LOWER_INITIAL.search(text, max(0, start - 4), start)):
        return None
    match = _AND_INITIAL.match(text, words[last].end)
    if match is None:
        return None
    i = bisect_left(words, match.end(), key=lambda t: t.start)
    if i >= len(words) or words[i].start != match.end():
        return None
    token = words[i]
    irish = token.word.lower().startswith(("o'", "o’"))  # "o'toole": the dictionaries know no Irish surname
    if token.clinical or token.kind == VOCABULARY and not irish or len(token.word) < 3:
        return None
    return match.start("initial"), token.end


def _contacting(text: str, words: tuple[Token, ...], index: int) -> bool:
    """Whether a lone given name, or a word of five letters or more in no list, is the subject of a verb of contact
    ("ron called", "ROSE VISITED", "trevanion called once")."""
    # The verb after is asked first: it is rare, and the spelling check in `_unlisted` is dear.
    if index + 1 >= len(words) or words[index + 1].word.lower() not in CONTACT_VERBS:
        return False
    token, following = words[index], words[index + 1]
    if (not (token.given or _unlisted(token, 5)) or token.clinical or len(token.word) < 3
            or token.word.lower() in AUXILIARIES or token.word.lower() in RELATIVES):
        return False
    return text[token.end:following.start] == " "


def _family_named(text: str, words: tuple[Token, ...], index: int) -> bool:
    """Whether a Census surname that is also an English word names a family ("KEEP MARSH FAMILY AWARE", "met the
    Young family"); "the young family", "a close family" and "the host family" describe one."""
    token, before, after = words[index], words[index - 1], words[index + 1]
    return (token.kind == AMBIGUOUS and not token.clinical and after.word.lower() == "family"
            and before.word.lower() in _FAMILY_LEADS and token.word.lower() not in _FAMILY_DESCRIPTIONS
            and not is_non_name_word(token.word.lower())
            and text[before.end:token.start] == " " and text[token.end:after.start] == " ")


def _widen_left(text: str, words: tuple[Token, ...], first: int) -> int:
    """Where a found name starts, taking in a lower-case initial ("r. fitzgibbon") or an ordinary given name."""
    token = words[first]
    initial = _LOWER_INITIAL.search(text, max(0, token.start - 4), token.start)
    if initial is not None:
        return initial.start()
    return words[first - 1].start if _given_before(text, words, first) else token.start


def _given_before(text: str, words: tuple[Token, ...], first: int) -> bool:
    """Whether a capitalised English word mid-sentence right before a surname is its given name ("nurse Precious
    Ndlovu", "with Hope Adeyemi")."""
    token = words[first]
    if first < 2 or token.kind not in (NAME, UNKNOWN) or token.one_case or token.upper:
        return False
    given, before = words[first - 1], words[first - 2]
    return (given.capitalised and given.kind == VOCABULARY and not given.clinical and given.word.isalpha()
            and len(given.word) >= 3 and given.word.lower() not in NON_NAME_WORDS and token.word[1:].islower()
            and text[given.end:token.start] == " " and before.word.islower() and not text[before.end:given.start].strip())


def _widen_right(text: str, words: tuple[Token, ...], first: int, last: int) -> int:
    """Where a found name ends, taking in a given name that is also a month after "Family, " ("Liang, Jun")."""
    token = words[last]
    if first == last and token.kind == NAME and last + 1 < len(words):
        following = words[last + 1]
        if (text[token.end:following.start] == ", " and following.capitalised and not following.clinical
                and (following.given or following.word.lower() in MONTH_NAMES)):
            return following.end
    return token.end


def _cue(text: str, previous: Token, first: Token) -> bool:
    """Whether the word before the run puts a name there: a relative, or a title in any case."""
    between = text[previous.end:first.start]
    core = previous.word.lower()
    if core in ("boy", "girl") and _BABY_BEFORE.search(text, max(0, previous.start - 8), previous.start):
        return True  # a newborn's surname: "Baby Boy Ekwueme", "BABY GIRL NAKASHIMA"
    if core in ("and", "&") and between == " " and _TITLED_BEFORE_AND.search(text, max(0, previous.start - 40),
                                                                              previous.start):
        return True  # the second of two doctors: "Dr. Griffin and Swackhamer", "DRS JOSEPH AND ROBBINSON"
    if (is_relative(core) or core in CARE_ROLES) and _AFTER_CUE.fullmatch(between):
        return True
    return _titled(text, previous, first)


def _titled(text: str, previous: Token, token: Token) -> bool:
    # "dr. Murphy", "dr small", and glued as notes write it: "dr.lipper", "DR.GOLINI".
    return previous.word.lower() in TITLES and _TITLE_GAP.fullmatch(text, previous.end, token.start) is not None


def _alone_on_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip(" \t.,;")
