"""Facility words, and how far an institution's name reaches once its head word has found it.

A recognizer finds "Beacon Hill Heart Clinic" by its head; the line often names more of it: the
department before it ("Vascular Surgery - Beacon Hill Heart Clinic", "Hepatology Clinic, Westbury
Medical College", "Liver Clinic at Saint Agnes") and the campus, street or suite after it ("Hawthorne
Primary Care - Elm Street", "Riverside Children's at Harlow Square", "Brightwood ENT - Suite 400").
`institution_extent` widens a found name over those parts, on its own line only, and over the town that
closes its field ("Harlan Valley Community Hospital, Wendover", "KVMC in Wendover", "(Wendover)").
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ._gazetteer import english_words, listed_place, tagged_lines
from ._names import NOT_INITIALS, is_non_name_word
from ._places import STATE_ABBR
from ._vocabulary import looks_clinical


@dataclass(frozen=True)
class Head:
    """One last word (or words) of an institution's name, as data/institution_heads.txt lists it."""

    text: str
    tags: frozenset[str]


# The one list of institutions' head words: the organisation recognizer reads every head, the letterhead's the last
# words of those marked for it.
INSTITUTION_HEADS = tuple(Head(text, tags) for text, tags in tagged_lines("institution_heads.txt"))
LETTERHEAD_HEADS = frozenset(h.text.split()[-1].lower() for h in INSTITUTION_HEADS if "letterhead" in h.tags)
# Words that make a capitalised run an institution or one of its units.
FACILITY_WORDS = frozenset(
    """regional community oncology endocrine endocrinology pulmonary pulmonology surgical surgery group living center
    centre clinic clinics hospital hospitals medical associates imaging radiology health healthcare care breast hosp
    vascular orthopedics orthopaedics ent va institute cancer nursing home rehab rehabilitation partners practice
    specialists urology cardiology neurology dermatology gastroenterology pediatrics infirmary hospice general
    memorial heart kidney eye spine sports physicians urgent assisted senior samaritan presbyterian baptist methodist
    lutheran adventist episcopal deaconess pavilion campus ortho gi womens women's childrens children's
    program unit department dept service services division lab labs laboratory laboratories pharmacy dialysis
    wellness consultants diagnostics surgeons therapy medicine neurosurgery midwifery chiropractic maternity
    radiologists hospitalists surgicenter medcenter healthplex polyclinic dispensary foundation trust alliance
    network system systems school academy university college insurance women infants children dental dentistry
    podiatry optometry hcs vamc vahcs cboc cah jail prison penitentiary correctional detention""".split()
)
# A verb of moving a patient and its preposition, as a plain `re` source (case-insensitive where used):
# what follows is where the patient went or came from ("transferred to", "brought into", "admitted from").
MOVING_CUE = (
    r"\b(?:transfer(?:r?ed)?|trans|xfer(?:r?ed)?|tx(?:'?d)?|admit(?:ted)?|adm|sent|referred|came|brought|arrived"
    r"|taken|presented|medflight(?:ed)?|flown|returned|discharged|d/c'?d|went|going|go|come|comes|coming|arrival"
    r"|en[ \t]?route"
    # Discharged or moving on, as notes shorten it ("d/c to Wexley House", "transferring to pellingham 4").
    r"|dc'?d|d/c|discharge|discharging|transferring|transfering|readmitted|re-admitted"
    # Carried or moved there ("air transport to Wexley", "airlifted from Pellingham", "moved to Glenbrook").
    r"|transport(?:ed|ing)?|airlift(?:ed)?|life[ -]?flight(?:ed)?|moved|diverted|evacuated)"
    r"[ \t]+(?:(?:him|her|them|pt|patient)[ \t]+)?(?:(?P<into>in)?to|from)[ \t]+(?:the[ \t]+)?(?=[A-Za-z])"
)
# Words that may precede a head but say nothing about which institution it is.
GENERIC_WORDS = frozenset(
    """
    department dept division section service services program unit center centre office the our this your an a
    radiology imaging diagnostic diagnostics interventional nuclear medicine medical breast body neuro neuroradiology
    pediatric paediatric women's womens men's children's childrens mental public general regional community
    university memorial county outpatient inpatient ambulatory emergency family primary care health healthcare
    urgent surgical surgery cardiovascular heart cancer cardiac vascular musculoskeletal abdominal thoracic chest
    molecular oncology cardiology neurology orthopedic orthopedics orthopaedic sports spine pain sleep wound
    vein eye dental skin kidney transplant trauma stroke rehabilitation rehab physical therapy research teaching
    academic clinical clinic clinics hospital hospitals institute institution facility outside other prior
    previous referring local affiliated partner partners associates group groups practice physicians physician
    laboratory laboratories lab labs foundation college system network plaza specialty care main new north south
    east west central upper lower occupational behavioral behavioural home student employee population global
    cath catheterization echo echocardiography vascular pulmonary function fracture anticoagulation wound lipid
    memory movement headache epilepsy diabetes weight bariatric fertility prenatal maternal fetal newborn
    magnetic resonance diffusion perfusion functional weighted contrast enhanced digital computed tomography
    hosp ctr med mem reg comm gen univ cty cnty natl hlth osh
    american national international society association board joint commission
    same day short stay step down acute walk observation intensive critical float hospitalist
    id gi gu ob obgyn
    ems ambulance transport fire rescue
    labor labour trade credit medicare medicaid tricare commercial private
    """.split()
)
# Acronyms that name no institution though a report's title line holds them: exams, tracers, records, ranks
# (data/report_acronyms.txt, lower case).
REPORT_ACRONYMS = frozenset(word for line, _ in tagged_lines("report_acronyms.txt") for word in line.split())
# Specialties name practices as well as departments ("Silverlake Endocrinology", "Sunnyside Geriatrics",
# "Lakeside Periodontics").
_SPECIALTY_ENDINGS = ("ology", "ologie", "iatrics", "iatry", "odontics")


def is_facility_word(word: str) -> bool:
    """Return whether a word (any case) can end the name of an institution or one of its units."""
    lower = word.lower()
    return lower in FACILITY_WORDS or (len(lower) > 6 and lower.endswith(_SPECIALTY_ENDINGS))


def names_a_facility(words) -> bool:
    """Return whether any of a report's lower-case words is a facility word (one cheap look before a pass)."""
    return not FACILITY_WORDS.isdisjoint(words) or any(w.endswith(_SPECIALTY_ENDINGS) for w in words)


_CAPITAL_WORD = r"(?:St\.|Mt\.|\p{Lu}[\p{L}'’&]*(?:-\p{Lu}[\p{L}'’]*)*)"
# After the name: " - " or " at ", then up to four capitalised words (a number only after one: "Suite 400").
_AFTER = regex.compile(
    rf"(?:[ \t]+[-–][ \t]+|[ \t]+at[ \t]+)(?P<part>{_CAPITAL_WORD}(?:[ \t]{_CAPITAL_WORD}){{0,3}}(?:[ \t]\d{{1,4}}[A-Z]?)?)"
    r"(?![\p{L}\d'’]|[ \t]*:)"
)
# Before the name: up to three capitalised words ending in a facility word, then " - ", ", " or " at ".
_BEFORE = regex.compile(
    rf"(?<![\p{{L}}'’-])(?P<part>{_CAPITAL_WORD}(?:[ \t]{_CAPITAL_WORD}){{0,2}})(?:[ \t]+[-–][ \t]+|,[ \t]+|[ \t]+at[ \t]+)$"
)
_WORDS = regex.compile(r"[\p{L}'’&.-]+|\d+")
# Care units go by their acronyms' last letter: MICU, PCU, SDU, HDU, ITU, TCU.
UNIT_ACRONYM = regex.compile(r"[A-Za-z]{1,4}[Uu]")
# After the name, its town closing the field: ", Wendover" then the line's end, "|", ";", "(", two blanks, " -- ", a
# sentence's full stop, another comma or a state's two capitals ("Quarry Inlet Medical Center, Wendover, study dated",
# "Larch Medical Center, Wendover WY"); " in Wendover" closing a clause; or "(Wendover)".
# In capitals too, before a state's two capitals ("VALLEY VIEW ADULT HOME, QUARLE NY"). The hospital's emergency
# ward may stand between ("Klivo Mountain Hospital ED, Wendover GA").
_TOWN = r"(?P<town>\p{Lu}\p{Ll}+(?:[ \t]\p{Lu}\p{Ll}+)?)"
_TOWN_IN_CAPITALS = rf"(?P<town>\p{{Lu}}{{3,}}(?:[ \t]\p{{Lu}}{{3,}})?)(?=,?[ \t]+{STATE_ABBR}(?![\p{{L}}]))"
_TOWN_AFTER = regex.compile(rf"(?:(?:[ \t]+(?:ED|ER))?,[ \t]+{_TOWN}(?=[ \t]*(?:$|[|;(,]|--)|[ \t]{{2}}|\.(?:[ \t]|$)"
                            r"|[ \t]+\p{Lu}{2}(?![\p{L}\d]))"
                            rf"|,[ \t]+{_TOWN_IN_CAPITALS}"
                            rf"|[ \t]+in[ \t]+{_TOWN}(?=[ \t]*(?:$|[|;,]|\.(?:[ \t]|$)))|[ \t]*\({_TOWN}\))",
                            regex.MULTILINE)
# A professional corporation's or partnership's letters after the name ("Fairhaven Orthopedic Surgeons, PC").
_COMPANY_AFTER = regex.compile(r",?[ \t]+(?:P\.C\.|PC|P\.A\.|LLP|L\.L\.P\.|S\.C\.)(?![\p{L}\d])")
_COMPANY_ENDINGS = frozenset("inc ltd llc corp co pllc plc".split())
# Titles and abbreviations that a full stop closes ("Lakeside Clinic, Dr. Ames"): never a town.
_TITLES = frozenset("dr drs mr mrs ms mx prof st mt ft".split())


def institution_extent(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen an institution's span over its department before, a doctor's title opening it, and its site after, on
    the same line.

    A part after the name that holds clinical vocabulary ("Mercy Hospital - Chest CT") is report text.
    """
    after = _AFTER.match(text, end)
    if after is not None and not any(_clinical(w) for w in _WORDS.findall(after.group("part"))):
        end = after.end()
    company = _COMPANY_AFTER.match(text, end)
    if company is not None:
        end = company.end()
    end = town_after(text, end)
    line_start = text.rfind("\n", 0, start) + 1
    before = _BEFORE.search(text[line_start:start])
    if before is not None:
        words = _WORDS.findall(before.group("part"))
        if is_facility_word(words[-1]):
            start = line_start + before.start("part")
    title = _TITLE_BEFORE.search(text, max(line_start, start - 5), start)
    return (title.start() if title else start), end


def town_after(text: str, end: int) -> int:
    """Where an institution's name ends once the town closing it is taken ("Lakeview Imaging Center (Wendrowe)")."""
    town = _TOWN_AFTER.match(text, end)
    if town is None:
        return end
    if text[town.end() - 1] == ")":
        # A bracketed town takes its closing bracket: a bracket left open reads badly once the name is replaced.
        return town.end() if _names_a_bracketed_town(town.group("town")) else end
    words = town.group("town").split()
    if town.group("town").isupper():
        # In capitals English words say nothing of a town ("MRI, MAY LEAD IN ..."): only words in no list name one,
        # or a listed town before its state's letters ("KETTLE CREEK HOSPITAL, READING, KS").
        listed = listed_place(town.group("town"))  # only before a state: the capitals' pattern wants one
        return town.end("town") if listed or all(_town_word(w) for w in words) else end
    return town.end("town") if _names_a_town(town.group("town")) else end


# A doctor's title opening a practice named after them ("Dr. Imre Vasko Cardiology Clinic"): part of its name.
_TITLE_BEFORE = regex.compile(r"(?<![\p{L}.])(?:Dr\.?|DR\.?)[ \t]+$")


# Words that open or close a town's name beside its own ("New Ashby", "Port Wenlow", "Corrin County").
_TOWN_PARTS = frozenset("new north south east west upper lower port fort mount lake san santa saint glen county city"
                        " township parish village falls springs heights beach".split())


def _names_a_town(town: str) -> bool:
    """Whether the words closing an institution name its town: words in no list, with a town's own opening or
    closing word ("New Ashby", "Corrin County"), or a town GeoNames lists though English has its words ("Golden")."""
    words = town.split()
    if all(_town_word(w) for w in words):
        return True
    if any(_town_word(w) for w in words) and all(_town_word(w) or w.lower() in _TOWN_PARTS for w in words):
        return True
    return listed_place(town) and not any(_not_a_town(w) for w in words)


def _names_a_bracketed_town(town: str) -> bool:
    """Whether Title-case words alone in brackets after an institution name its town ("Marwick Clinic (Tollerby)",
    "(New Porter)", "(Rose)"): the brackets set the words apart as a site, so English words name one too unless one
    is a department, a service or a campus's part ("(Oncology)", "(Critical Access)", "(Annex)")."""
    words = [w.lower() for w in town.split()]
    if any(w in _CAMPUS_PARTS for w in words):
        return False
    return _names_a_town(town) or not all(w in _TOWN_PARTS for w in words) and not any(
        _not_a_town(w) for w in words if w not in _TOWN_PARTS)


# Parts of a hospital's site, never its town ("Mercy Hospital (Annex)", "(West Tower)").
_CAMPUS_PARTS = frozenset("annex tower wing satellite downtown pavilion building campus site main".split())


def _not_a_town(word: str) -> bool:
    lower = word.lower()
    return (is_non_name_word(lower) or lower in GENERIC_WORDS or is_facility_word(lower) or looks_clinical(lower)
            or lower in _COMPANY_ENDINGS or lower in _TITLES)


def _town_word(word: str) -> bool:
    """Whether a word after an institution's comma can name its town: in no English, clinical or company list.

    The English list is asked for the word as written, not its stem: "Wendover" is no "wend" + "-over"; "Spinner" no "spin" + "-er".
    """
    return not (word.lower() in english_words() or _not_a_town(word))


def _clinical(word: str) -> bool:
    return looks_clinical(word.lower()) or NOT_INITIALS.fullmatch(word) is not None
