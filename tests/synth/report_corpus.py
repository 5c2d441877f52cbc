"""Labelled synthetic radiology reports for scoring report-text de-identification.

Each report is free text as a reporting system would export it (header, CLINICAL HISTORY,
COMPARISON, TECHNIQUE, FINDINGS, IMPRESSION, communication, signature, addenda, footer) together
with gold spans for every PHI string placed in it (`gold`, eleven kinds, see `KINDS`) and spans
for clinical text that a de-identifier must leave alone (`clinical_terms`: eponyms that look like
names, vertebral levels, measurements, reporting categories, series/image references, doses,
contrast agents, devices, laterality ...).

Everything comes from seeded generators (Faker through `PhiFactory`, plus `random.Random`), so
a seed always yields the same corpus, and `generate_report_corpus(n, s)` is a prefix of
`generate_report_corpus(m, s)` for n < m. Synthetic names never equal an eponym or any word of
the templates, so every label is unambiguous.

Labelling conventions (what a gold span covers):
  * PERSON covers the name only: "Dr. [Kessler]", "[Ana Kessler], MD", "[KESSLER, ANA M]",
    "[Kessler AM]"; titles and credentials (Dr., Mr., MD, DO, RT(R), RN, PA-C, NP) stay outside.
  * AGE is only the number of an age over 89: "[92]-year-old", "[ninety-three] year old",
    "Age: [092]Y". Ages of 89 and under are in the text unlabelled.
  * DATE is the date expression without leading words: "on [03/14/2021]", "since the [14th]",
    "in [March 2021]". A bare year is not PHI and is never labelled.
  * ADDRESS is the street line and the "City, ST" part as two spans; ZIP is separate.
  * PHONE includes an extension written with it: "[(555) 123-4567 ext. 231]".
  * TIME keeps AM/PM inside the span but not a trailing unit word: "[2:32 PM]", "[1432] hours".
  * ID is the identifier only: "MRN: [48213377]", "Acc# [RAD-2021-00123]".
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import phi as phi_mod
from .tables import load

KINDS: tuple[str, ...] = (
    "PERSON",
    "DATE",
    "TIME",
    "ID",
    "PHONE",
    "EMAIL",
    "URL",
    "ADDRESS",
    "ZIP",
    "ORGANIZATION",
    "AGE",
)

REPORT_TYPES: tuple[str, ...] = (
    "chest",
    "neuro",
    "abdomen",
    "msk",
    "breast",
    "ultrasound",
    "nuclear",
    "fluoroscopy",
    "vascular",
    "pediatric",
)

# Eponyms a name recogniser is most likely to mistake for people; the corpus contains each of
# them at least once per few hundred reports (dealt from shuffled decks, not left to chance).
REQUIRED_EPONYMS: tuple[str, ...] = (
    "Hodgkin",
    "non-Hodgkin",
    "Parkinson",
    "Crohn",
    "Wilms",
    "Barrett",
    "Bankart",
    "Hill-Sachs",
    "Colles",
    "Smith fracture",
    "Baker cyst",
    "Morison pouch",
    "circle of Willis",
    "Schatzki ring",
    "Zenker diverticulum",
    "Chiari",
    "Dandy-Walker",
    "Klatskin",
    "Meckel",
    "Monteggia",
    "Galeazzi",
    "Jones fracture",
    "Lisfranc",
    "Segond",
    "Osgood-Schlatter",
    "Legg-Calve-Perthes",
    "Paget",
    "Graves",
    "Hashimoto",
    "Cushing",
    "Addison",
    "Alzheimer",
    "Huntington",
    "Budd-Chiari",
    "Virchow",
    "Kerley B lines",
    "Fleischner",
    "Hounsfield units",
    "Gleason",
    "Bosniak",
    "Couinaud",
    "Glisson capsule",
    "Gerota fascia",
    "Douglas pouch",
    "Wharton duct",
    "Stensen duct",
    "Sylvian fissure",
    "Luschka",
    "Magendie",
    "Monro",
    "Eustachian",
)

CLINICAL_CATEGORIES: tuple[str, ...] = (
    "eponym",
    "anatomy",
    "finding",
    "measurement",
    "vertebral_level",
    "birads",
    "lirads",
    "tirads",
    "pirads",
    "lungrads",
    "series_image",
    "dose",
    "contrast",
    "device",
    "laterality",
    "lab_value",
    "code",
    "guideline",
)

# A rendered fragment: (text, PHI kind or None, clinical category or None).
Piece = tuple[str, str | None, str | None]


# =============================================================================================
# Template data, read from data/report_exams.yaml and data/report_phrases.yaml. Slots are written
# {name} (a capitalised name capitalises the first letter of what it renders); [category:text]
# marks literal clinical text. Eponyms, measurements, reporting categories and laterality are also
# found automatically after rendering (see _AUTO_TERMS).
# =============================================================================================


@dataclass(frozen=True)
class _Exam:
    """One study type and the wording its reports use."""

    code: str
    report_type: str
    modality: str  # CT, MR, US, XR, MG, NM, FL: decides generic technique lines
    titles: tuple[str, ...]
    indications: tuple[str, ...]
    technique: tuple[str, ...]
    findings: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, [normal, abnormal...])
    impressions: tuple[str, ...]  # [normal impression, abnormal impressions...]
    eponyms: tuple[str, ...] = ()  # sentences with eponyms, one dealt per report
    priors: tuple[str, ...] = ("prior study",)
    ages: tuple[int, int] = (18, 89)
    elderly: bool = True  # may the patient be over 89
    sex: str = ""  # "F"/"M" when the exam implies it
    contrast: bool = False
    weight: int = 1


def _exam(row: dict[str, Any]) -> _Exam:
    findings = tuple((f["heading"], tuple(f["options"])) for f in row["findings"])
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in row.items() if k != "findings"}
    return _Exam(**fields, findings=findings)


_EXAMS: tuple[_Exam, ...] = tuple(_exam(row) for row in load("report_exams.yaml"))

_PHRASES: dict[str, Any] = load("report_phrases.yaml")
_PMH: tuple[str, ...] = tuple(_PHRASES["past_history"])
_HISTORY: tuple[str, ...] = tuple(_PHRASES["history"])
_COMPARISON: tuple[str, ...] = tuple(_PHRASES["comparison"])
_FINDINGS_EXTRA: tuple[str, ...] = tuple(_PHRASES["findings_extra"])
_TECHNIQUE_CT: tuple[str, ...] = tuple(_PHRASES["technique_ct"])
_TECHNIQUE_CONTRAST: tuple[str, ...] = tuple(_PHRASES["technique_contrast"])
_TECHNIQUE_ANY: tuple[str, ...] = tuple(_PHRASES["technique_any"])
_TECHNIQUE_FL: tuple[str, ...] = tuple(_PHRASES["technique_fluoroscopy"])
_COMMUNICATION: tuple[str, ...] = tuple(_PHRASES["communication"])
_FOLLOW_UP: tuple[str, ...] = tuple(_PHRASES["follow_up"])
_SIGNATURE: tuple[str, ...] = tuple(_PHRASES["signature"])
_FOOTER: tuple[str, ...] = tuple(_PHRASES["footer"])
_ADDENDUM: tuple[str, ...] = tuple(_PHRASES["addendum"])
_SECTION_NAMES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _PHRASES["section_names"].items()}
_INDICATION_SUFFIX: tuple[str, ...] = tuple(_PHRASES["indication_suffix"])
_CONTRASTS: tuple[str, ...] = tuple(_PHRASES["contrasts"])
_MR_CONTRASTS: tuple[str, ...] = tuple(_PHRASES["mr_contrasts"])
_DEVICES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _PHRASES["devices"].items()}
_RADIOTRACERS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _PHRASES["radiotracers"].items()}
_CPT: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _PHRASES["cpt"].items()}
_SAINTS: tuple[str, ...] = tuple(_PHRASES["saints"])
_PLACES: tuple[str, ...] = tuple(_PHRASES["places"])
_INSTITUTION_TEMPLATES: tuple[str, ...] = tuple(_PHRASES["institution_templates"])
_ORG_TEMPLATES: tuple[str, ...] = _INSTITUTION_TEMPLATES + tuple(_PHRASES["other_organization_templates"])
_LUMBAR_LEVELS: tuple[str, ...] = tuple(_PHRASES["lumbar_levels"])
_CERVICAL_LEVELS: tuple[str, ...] = tuple(_PHRASES["cervical_levels"])
_RELATIONS: tuple[str, ...] = tuple(_PHRASES["relations"])


# =============================================================================================
# Automatic labelling of clinical terms in rendered text.
# =============================================================================================

_POSS = r"(?:'s|')?"
_EPONYM_PATTERNS: tuple[str, ...] = (
    rf"non-Hodgkin{_POSS} lymphoma",
    r"non-Hodgkin",
    rf"Hodgkin{_POSS} (?:lymphoma|disease)",
    r"Hodgkin",
    rf"Parkinson{_POSS} disease",
    r"Parkinson",
    rf"Crohn{_POSS} (?:disease|ileitis|colitis)",
    r"Crohn",
    rf"Wilms{_POSS} tumor",
    rf"Barrett{_POSS} esophagus",
    r"(?:bony )?Bankart (?:lesion|fragment|repair)",
    r"Bankart",
    r"Hill-Sachs (?:lesion|deformity|defect)",
    r"Hill-Sachs",
    rf"Colles{_POSS} fracture",
    rf"Smith{_POSS} fracture",
    rf"Baker{_POSS} cyst",
    rf"Morison{_POSS} pouch",
    r"pouch of Douglas",
    r"Douglas pouch",
    r"circle of Willis",
    rf"Schatzki{_POSS} ring",
    rf"Zenker{_POSS} diverticulum",
    r"Budd-Chiari syndrome",
    r"Budd-Chiari",
    r"Chiari (?:I|II|1|2) malformation",
    r"Chiari malformation",
    r"Chiari",
    r"Dandy-Walker (?:malformation|variant|continuum)",
    r"Dandy-Walker",
    r"Klatskin tumor",
    rf"Meckel{_POSS} (?:diverticulum|scan)",
    r"Meckel",
    r"MECKEL",
    r"Monteggia (?:fracture-dislocation|fracture|lesion|pattern)",
    r"Monteggia",
    r"Galeazzi (?:fracture-dislocation|fracture|pattern)",
    r"Galeazzi",
    r"Jones fracture",
    r"Lisfranc (?:injury|joint|ligament|fracture-dislocation)",
    r"Lisfranc",
    r"Segond fracture",
    r"Osgood-Schlatter disease",
    r"Osgood-Schlatter",
    r"Legg-Calv[eé]-Perthes disease",
    r"Legg-Calv[eé]-Perthes",
    rf"Paget{_POSS} disease(?: of (?:bone|the nipple))?",
    r"Paget",
    rf"Graves{_POSS} disease",
    r"Graves",
    rf"Hashimoto{_POSS} thyroiditis",
    r"Hashimoto",
    rf"Cushing{_POSS} (?:syndrome|disease)",
    rf"Addison{_POSS} disease",
    rf"Alzheimer{_POSS} (?:disease|dementia)",
    r"Alzheimer",
    rf"Huntington{_POSS} disease",
    r"Huntington",
    rf"(?:supraclavicular )?Virchow{_POSS} node",
    r"Virchow",
    r"Kerley B lines",
    r"Fleischner Society guidelines",
    r"Fleischner Society",
    r"Fleischner (?:guidelines|criteria)",
    r"Fleischner",
    r"Hounsfield units",
    r"Gleason score",
    r"Gleason",
    r"Bosniak (?:classification|category \w+|IIF|IV|III|II|I|[1-4]F?)",
    r"Bosniak",
    r"Couinaud segment (?:[1-8]|VIII|VII|VI|IV[AB]?|V|III|II|I)",
    r"Couinaud",
    rf"Glisson{_POSS} capsule",
    rf"Gerota{_POSS} fascia",
    rf"Wharton{_POSS} duct",
    rf"Stensen{_POSS} duct",
    r"Sylvian fissures?",
    r"foramina of Luschka and Magendie",
    r"(?:foramen|foramina|ducts?) of (?:Luschka|Magendie|Monro)",
    r"Luschka",
    r"Magendie",
    r"Monro",
    r"Eustachian tubes?",
    r"Eustachian",
    r"Swan-Ganz catheter",
    r"Dobhoff tube",
    r"Foley catheter",
    r"Hampton hump",
    r"Westermark sign",
    r"Schmorl nodes?",
    r"Modic type [123](?: endplate)? changes",
    r"Tarlov cysts?",
    r"Hoffa fat pad",
    r"ligament of Wrisberg",
    r"Salter-Harris type (?:IV|V|III|II|I)(?: injury| fracture)?",
    r"(?:sonographic )?Murphy sign",
    r"Mirizzi syndrome",
    r"Cooper ligaments",
    r"Nabothian cysts?",
    r"Deauville(?: score)? [1-5]",
    r"Whipple procedure",
    r"Nissen fundoplication",
    r"Roux-en-Y gastric bypass",
    r"fossa of Rosenmuller",
)

_AUTO_TERMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("eponym", re.compile(r"(?<![\w-])(?:" + "|".join(_EPONYM_PATTERNS) + r")(?![\w-])")),
    ("birads", re.compile(r"\bBI-RADS(?: [Cc]ategory)?:? ?[0-6][ABC]?\b")),
    (
        "lirads",
        re.compile(r"\b(?:US )?LI-RADS(?: category)?:? ?(?:LR-)?(?:[1-5]|M|TIV)\b|\bUS-[123]\b|\bLR-(?:[1-5]|M|TIV)\b"),
    ),
    ("tirads", re.compile(r"\b(?:ACR )?TI-RADS(?: category)?:? ?TR ?[1-5]\b|\bTR[1-5]\b")),
    ("pirads", re.compile(r"\bPI-RADS(?: category)?:? ?[1-5]\b")),
    ("lungrads", re.compile(r"\bLung-RADS(?: category)?:? ?(?:[1-4][ABX]?|0)\b")),
    (
        "measurement",
        re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?: ?x ?\d+(?:\.\d+)?){0,2} ?(?:cm/s|cm|mm|mL|cc|HU)(?![\w/])"),
    ),
    ("laterality", re.compile(r"\b(?:[Rr]ight|[Ll]eft|RIGHT|LEFT|[Bb]ilateral(?:ly)?|BILATERAL)\b")),
)


# =============================================================================================
# Generation.
# =============================================================================================


def _template_strings() -> Iterator[str]:
    """Yield every literal string the generator can write (names must avoid all their words)."""
    for exam in _EXAMS:
        yield from exam.titles
        yield from exam.indications
        yield from exam.technique
        yield from exam.impressions
        yield from exam.eponyms
        yield from exam.priors
        for heading, options in exam.findings:
            yield heading
            yield from options
    for group in (
        _PMH,
        _HISTORY,
        _COMPARISON,
        _TECHNIQUE_CT,
        _TECHNIQUE_CONTRAST,
        _TECHNIQUE_ANY,
        _TECHNIQUE_FL,
        _COMMUNICATION,
        _FOLLOW_UP,
        _SIGNATURE,
        _FOOTER,
        _ADDENDUM,
        _EPONYM_PATTERNS,
        _CONTRASTS,
        _MR_CONTRASTS,
        _SAINTS,
        _PLACES,
        _ORG_TEMPLATES,
        _RELATIONS,
        _FINDINGS_EXTRA,
        _INDICATION_SUFFIX,
        REQUIRED_EPONYMS,
    ):
        yield from group
    for names in _SECTION_NAMES.values():
        yield from names
    for names in (*_DEVICES.values(), *_RADIOTRACERS.values()):
        yield from names
    yield _HEADER_WORDS


_HEADER_WORDS = """Patient Name MRN DOB Age Sex Accession Exam Date Service Ordering Referring Physician Location
Address Home Phone Encounter Visit Department Radiology Report Medical Record Number Birth Fax Tel Tech Nurse
Resident Attending Pager Email Portal Smith Jones Douglas Willis Wilson Murphy Foley Weber Bennett Hartmann
Whipple Nissen Cooper Hoffa Wrisberg Deauville Rosenmuller Salter Harris Modic Tarlov Schmorl Hampton
Westermark Dobhoff Swan Ganz Mirizzi Nabothian Roux Lung"""


@lru_cache(maxsize=1)
def _reserved_words() -> frozenset[str]:
    """Lower-case words synthetic names must avoid: eponyms and every template word."""
    words: set[str] = set()
    for text in _template_strings():
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    return frozenset(words)


class _NameFactory(phi_mod.PhiFactory):
    """PhiFactory whose names also avoid eponyms and report wording, so labels stay unambiguous."""

    def _acceptable_name(self, name: str) -> bool:
        return super()._acceptable_name(name) and name.lower() not in _reserved_words()


class _Deck:
    """Shuffled deck: every item is dealt once per pass, so rare items still appear."""

    def __init__(self, items: Sequence[Any], rng: random.Random) -> None:
        self._items = list(items)
        self._rng = rng
        self._pile: list[Any] = []

    def draw(self) -> Any:
        """Deal the next item, reshuffling when the deck is empty."""
        if not self._pile:
            self._pile = list(self._items)
            self._rng.shuffle(self._pile)
        return self._pile.pop()


@dataclass(frozen=True)
class _Person:
    """A named person with the credential written after their name (MD, RT(R) ...)."""

    name: phi_mod.PersonName
    sex: str
    credential: str = ""

    @property
    def physician(self) -> bool:
        """True for MD/DO: they go into the patient record's physician list."""
        return self.credential in ("MD", "DO")


@dataclass
class _Institution:
    """A reading site: name, contact details, ID formats and staff."""

    name: str
    domain: str
    street: str
    city_state: str
    zip_code: str
    phone: str
    fax: str
    reading_phone: str
    mrn_style: int
    acc_style: int
    radiologists: list[_Person] = field(default_factory=list)
    residents: list[_Person] = field(default_factory=list)
    referrers: list[_Person] = field(default_factory=list)
    apps: list[_Person] = field(default_factory=list)
    techs: list[_Person] = field(default_factory=list)
    nurses: list[_Person] = field(default_factory=list)
    transcriptionists: list[_Person] = field(default_factory=list)


class _Builder:
    """Accumulates report text and the gold/clinical spans placed in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.gold: list[dict[str, Any]] = []
        self.terms: list[dict[str, Any]] = []

    def add(self, text: str, kind: str | None = None, category: str | None = None) -> None:
        """Append text, labelling it as PHI of `kind` or as a clinical term of `category`."""
        if not text:
            return
        end = self.pos + len(text)
        if kind:
            self.gold.append({"type": kind, "start": self.pos, "end": end, "text": text})
        elif category:
            self.terms.append({"start": self.pos, "end": end, "text": text, "category": category})
        self.parts.append(text)
        self.pos = end

    @property
    def text(self) -> str:
        """The text so far."""
        return "".join(self.parts)


_TOKEN = re.compile(r"\{(\w+)\}|\[(\w+):([^\]]+)\]")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _number_words(n: int) -> str:
    """Spell out 1..109 the way ages are dictated ("ninety-three", "one hundred two")."""
    if n >= 100:
        rest = n - 100
        return "one hundred" + (f" {_number_words(rest)}" if rest else "")
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    return _TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else "")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _format_date(d: date, style: int) -> str:
    """Render a date in one of the formats found in US radiology reports."""
    month, mon = _MONTHS[d.month - 1], _MONTHS[d.month - 1][:3]
    return (
        f"{d.month:02d}/{d.day:02d}/{d.year}",  # 03/14/2021
        f"{d.month}/{d.day}/{d.year % 100:02d}",  # 3/14/21
        f"{d.day:02d}-{mon}-{d.year}",  # 14-Mar-2021
        f"{month} {d.day}, {d.year}",  # March 14, 2021
        f"{mon} {d.day} {d.year}",  # Mar 14 2021
        d.isoformat(),  # 2021-03-14
        f"{d.year}{d.month:02d}{d.day:02d}",  # 20210314
        f"{d.day} {month} {d.year}",  # 14 March 2021
        f"{d.month}/{d.day}/{d.year}",  # 3/14/2021
        f"{mon}. {d.day}, {d.year}",  # Mar. 14, 2021
        f"{d.month:02d}-{d.day:02d}-{d.year}",  # 03-14-2021
        f"{d.day:02d}-{mon.upper()}-{d.year}",  # 14-MAR-2021
        f"{month.upper()} {d.day}, {d.year}",  # MARCH 14, 2021
        f"{mon} {d.day}, {d.year}",  # Mar 14, 2021
        f"{d.month}/{d.day}",  # 3/14 (year implied by context)
        f"{d.year}.{d.month:02d}.{d.day:02d}",  # 2021.03.14
        f"{mon}. {_ordinal(d.day)}",  # Mar. 14th
        f"{_ordinal(d.day)} of {month}",  # 14th of March
    )[style]


_HEADER_DATE_STYLES = (0, 0, 0, 1, 2, 5, 6, 8, 10, 11, 3)
_NARRATIVE_DATE_STYLES = tuple(range(14)) + (0, 8, 3, 14, 15, 16, 17)


def _format_time(hour: int, minute: int, second: int, style: int) -> str:
    """Render a time as reports write it (14:32, 2:32 PM, 1432 hours ...)."""
    h12 = hour % 12 or 12
    ampm = "AM" if hour < 12 else "PM"
    return (
        f"{hour:02d}:{minute:02d}",
        f"{h12}:{minute:02d} {ampm}",
        f"{hour:02d}{minute:02d} hours",
        f"{h12}:{minute:02d} {ampm.lower()[0]}.m.",
        f"{hour:02d}:{minute:02d}:{second:02d}",
        f"{h12}:{minute:02d}{ampm}",
        f"{hour:02d}{minute:02d} hrs",
        f"{h12}:{minute:02d} {ampm.lower()}",
    )[style]


class _Corpus:
    """Shared state for one corpus: generators, institutions, decks and used identifiers."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.factory = _NameFactory(seed)
        self.fake = self.factory.fake
        self._used: set[str] = set()
        self._orgs: set[str] = set()
        self.outside_orgs = [self.org_name() for _ in range(14)]
        self.clinics = [self.org_name() for _ in range(10)]
        self.institutions = [self._institution() for _ in range(4)]
        self.remote_radiologists = [self.person(self.rng.choice("FM"), "MD") for _ in range(3)]
        exams: list[_Exam] = []
        for exam in _EXAMS:
            exams.extend([exam] * exam.weight)
        self.exam_deck = _Deck(exams, self.rng)
        self.pmh_deck = _Deck(_PMH, self.rng)
        self.eponym_decks = {e.code: _Deck(e.eponyms, self.rng) for e in _EXAMS if e.eponyms}

    # ----------------------------------------------------------------- primitives
    def unique(self, make: Callable[[], str]) -> str:
        """Return a value from `make` not handed out before (IDs must point at one report)."""
        for _ in range(1000):
            value = make()
            if value not in self._used:
                self._used.add(value)
                return value
        raise RuntimeError("could not generate a unique value")

    def digits(self, pattern: str) -> str:
        """Fill `#` with digits and `?` with letters."""
        return self.fake.bothify(pattern, letters="ABCDEFGHJKLMNPRSTUVWXYZ")

    def person(self, sex: str, credential: str = "", *, middle: bool | None = None) -> _Person:
        """Return a new person with a distinctive name."""
        with_middle = self.rng.random() < 0.6 if middle is None else middle
        return _Person(self.factory.person_name(sex, middle=with_middle), sex, credential)

    def phone_digits(self) -> tuple[str, str, str]:
        """Return a unique (area, exchange, line) triple; area and exchange never start with 0 or 1."""
        rng = self.rng
        value = self.unique(lambda: f"{rng.randint(201, 989)}-{rng.randint(201, 989)}-{rng.randint(0, 9999):04d}")
        a, b, c = value.split("-")
        return a, b, c

    def phone(self, *, extension: bool = False) -> str:
        """Return a US phone number in one of the common layouts."""
        a, b, c = self.phone_digits()
        text = self.rng.choice(
            (
                f"({a}) {b}-{c}",
                f"({a}) {b}-{c}",
                f"{a}-{b}-{c}",
                f"{a}.{b}.{c}",
                f"{a} {b} {c}",
                f"1-{a}-{b}-{c}",
                f"+1 {a}-{b}-{c}",
                f"({a}){b}-{c}",
            )
        )
        if extension:
            ext = str(self.rng.randint(10, 9999))
            text += self.rng.choice((f" ext. {ext}", f" x{ext}", f" ext {ext}", f", extension {ext}"))
        return text

    def org_name(self, *, institution: bool = False) -> str:
        """Return a new fictional organization name (a hospital or imaging centre if `institution`)."""
        templates = _INSTITUTION_TEMPLATES if institution else _ORG_TEMPLATES
        for _ in range(200):
            template = self.rng.choice(templates)
            saint = self.rng.choice(_SAINTS)
            fields = {
                "saint": saint,
                "saint_poss": saint + ("'" if saint.endswith("s") else "'s"),
                "place": self.rng.choice(_PLACES),
                "city": self.fake.city(),
                "state": self.fake.state(),
            }
            if "{surname" in template:
                fields["surname"] = self.factory.family_name()
                fields["surname2"] = self.factory.family_name()
            name = template.format(**fields)
            if name not in self._orgs:
                self._orgs.add(name)
                return name
        raise RuntimeError("ran out of organization names")

    def street(self) -> str:
        """Return a unique street address line."""
        return self.unique(
            lambda: self.rng.choice(
                (
                    self.fake.street_address(),
                    self.fake.street_address(),
                    f"{self.fake.building_number()} {self.fake.street_name()}, Suite {self.rng.randint(100, 900)}",
                    f"{self.fake.building_number()} {self.fake.street_name()}",
                )
            )
        )

    def zip_code(self) -> str:
        """Return a 5-digit or ZIP+4 code."""
        return self.fake.zipcode_plus4() if self.rng.random() < 0.3 else self.fake.zipcode()

    def city_state(self) -> str:
        """Return "City, ST" (sometimes the state spelled out)."""
        state = self.fake.state_abbr() if self.rng.random() < 0.8 else self.fake.state()
        return f"{self.fake.city()}, {state}"

    def _domain(self, name: str) -> str:
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in ("of", "and", "the", "s")]
        stem = "".join(words[:2]) if self.rng.random() < 0.6 else "-".join(words[:2])
        return self.unique(lambda: stem + self.rng.choice((".org", ".com", "health.org", "-health.org", ".net")))

    def _institution(self) -> _Institution:
        name = self.org_name(institution=True)
        inst = _Institution(
            name=name,
            domain=self._domain(name),
            street=self.street(),
            city_state=self.city_state(),
            zip_code=self.zip_code(),
            phone=self.phone(),
            fax=self.phone(),
            reading_phone=self.phone(extension=self.rng.random() < 0.4),
            mrn_style=self.rng.randrange(5),
            acc_style=self.rng.randrange(6),
        )
        pick = self.rng.choice
        inst.radiologists = [self.person(pick("FM"), pick(("MD", "MD", "MD", "DO"))) for _ in range(5)]
        inst.residents = [self.person(pick("FM"), "MD") for _ in range(3)]
        inst.referrers = [self.person(pick("FM"), pick(("MD", "MD", "DO"))) for _ in range(8)]
        inst.apps = [self.person(pick("FM"), pick(("NP", "PA-C", "PA", "NP"))) for _ in range(3)]
        inst.techs = [self.person(pick("FM"), pick(("RT(R)", "RT", "RT(R)(CT)", "RDMS", "RT(MR)"))) for _ in range(4)]
        inst.nurses = [self.person(pick("FM"), "RN") for _ in range(3)]
        inst.transcriptionists = [self.person(pick("FM")) for _ in range(2)]
        return inst

    def mrn(self, style: int) -> str:
        """Return a unique MRN in an institution's format."""
        pattern = ("%#######", "E#######", "MR-######", "00%######", "??######?")[style]
        return self.unique(lambda: self.digits(pattern))

    def accession(self, style: int, when: date, modality: str) -> str:
        """Return a unique accession number in an institution's format."""
        ymd = f"{when.year}{when.month:02d}{when.day:02d}"
        pattern = (
            f"RAD-{when.year}-#####",
            "%######",
            f"{modality}{when.year % 100:02d}-######",
            f"A{ymd}-####",
            "E########",
            f"{ymd}{modality}####",
        )[style]
        return self.unique(lambda: self.digits(pattern))


class _ReportWriter:
    """Writes one report; slot methods render PHI and clinical values as labelled pieces."""

    def __init__(self, corpus: _Corpus, index: int) -> None:
        self.c = corpus
        self.rng = corpus.rng
        self.index = index
        self.out = _Builder()
        self.physicians: list[str] = []
        rng = self.rng
        self.exam: _Exam = corpus.exam_deck.draw()
        self.inst: _Institution = rng.choice(corpus.institutions)
        exam = self.exam
        self.sex = exam.sex or rng.choice("FM")
        if exam.elderly and rng.random() < 0.2:
            self.age = rng.choice((90, 91, 91, 92, 93, 94, 95, 96, 97, 98, 99, 101, 103))
        else:
            self.age = rng.randint(*exam.ages)
        self.study_date = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3650))
        # Born between one day and a year before the age-th birthday, so the stated age is exact.
        anniversary = date(self.study_date.year - self.age, self.study_date.month, min(self.study_date.day, 28))
        self.birth_date = anniversary - timedelta(days=rng.randint(1, 360))
        self.age = (
            self.study_date.year
            - self.birth_date.year
            - ((self.study_date.month, self.study_date.day) < (self.birth_date.month, self.birth_date.day))
        )
        self.patient = corpus.person(self.sex, middle=rng.random() < 0.7)
        self.mrn = corpus.mrn(self.inst.mrn_style)
        self.accession = corpus.accession(self.inst.acc_style, self.study_date, exam.modality)
        self.ref: _Person = rng.choice(self.inst.referrers)
        self.ref_other: _Person = rng.choice([p for p in self.inst.referrers if p is not self.ref])
        self.rad: _Person = rng.choice(self.inst.radiologists)
        self.rad_other: _Person = rng.choice(
            [p for p in self.inst.radiologists if p is not self.rad] + corpus.remote_radiologists
        )
        self.res: _Person = rng.choice(self.inst.residents)
        self.tech: _Person = rng.choice(self.inst.techs)
        self.nurse: _Person = rng.choice(self.inst.nurses)
        self.app: _Person = rng.choice(self.inst.apps)
        self.transcriptionist: _Person = rng.choice(self.inst.transcriptionists)
        self.org_ext = rng.choice(corpus.outside_orgs)
        self.clinic = rng.choice(corpus.clinics)
        self.relation = rng.choice(_RELATIONS)
        rel_sex = "M" if self.relation in ("son", "husband", "brother", "grandson") else "F"
        rel_name = corpus.factory.given_name(rel_sex)
        family = self.patient.name.family if rng.random() < 0.6 else corpus.factory.family_name()
        self.relative = _Person(phi_mod.PersonName(family=family, given=rel_name), rel_sex)
        self.priors = sorted(
            (self.study_date - timedelta(days=rng.randint(20, 1500)) for _ in range(3)), reverse=True
        )
        self.eponym_sentences: list[str] = []
        self.lumbar_level = rng.choice(_LUMBAR_LEVELS)
        self.cervical_level = rng.choice(_CERVICAL_LEVELS)
        self.side = rng.choice(("right", "left"))  # one side per report keeps findings coherent
        self.hour = rng.randint(7, 22)
        self.minute = rng.randint(0, 59)
        self.sign_date = self.study_date + timedelta(days=rng.choice((0, 0, 0, 1)))
        self.add_date = self.sign_date + timedelta(days=rng.randint(0, 4))

    # ----------------------------------------------------------------- rendering
    def emit(self, template: str) -> None:
        """Render a template: literal text, {slot}s and [category:term] marks."""
        pos = 0
        for m in _TOKEN.finditer(template):
            self.out.add(template[pos : m.start()])
            if m.group(1):
                self._emit_slot(m.group(1))
            else:
                self.emit_term(m.group(2), m.group(3))
            pos = m.end()
        self.out.add(template[pos:])

    def emit_term(self, category: str, template: str) -> None:
        """Render a marked clinical term; its text may itself contain (non-PHI) slots."""
        sub = _Builder()
        saved, self.out = self.out, sub
        try:
            self.emit(template)
        finally:
            self.out = saved
        if sub.gold:
            raise ValueError(f"PHI slot inside clinical term {template!r}")
        self.out.add(sub.text, category=category)

    def _emit_slot(self, name: str) -> None:
        cap = name[0].isupper()
        key = name[0].lower() + name[1:]
        # Slot {name} is rendered by method _s_name: a template string or labelled pieces.
        filler: Callable[[], str | list[Piece]] | None = getattr(self, "_s_" + key, None)
        if filler is None:
            raise KeyError(f"unknown template slot {{{name}}}")
        value = filler()
        if isinstance(value, str):
            self.emit(value[:1].upper() + value[1:] if cap else value)
            return
        for i, (text, kind, category) in enumerate(value):
            if cap and i == 0:
                text = text[:1].upper() + text[1:]
            self.out.add(text, kind, category)

    def line(self, template: str = "") -> None:
        """Render a template followed by a newline."""
        self.emit(template)
        self.out.add("\n")

    # ----------------------------------------------------------------- people
    def _name(self, person: _Person, form: str) -> str:
        n = person.name
        mi = n.middle[:1]
        return {
            "natural": f"{n.given} {n.family}",
            "full": f"{n.given} {mi}. {n.family}" if mi else f"{n.given} {n.family}",
            "last_first": f"{n.family}, {n.given}",
            "last_first_upper": f"{n.family.upper()}, {n.given.upper()}" + (f" {mi}" if mi else ""),
            "upper": f"{n.given.upper()} {n.family.upper()}",
            "initial": f"{n.given[0]}. {n.family}",
            "family_initials": f"{n.family} {n.given[0]}{mi}",
            "family": n.family,
            "given": n.given,
            "dicom": f"{n.family.upper()}^{n.given.upper()}" + (f"^{mi}" if mi else ""),
        }[form]

    def _staff(self, person: _Person, forms: Sequence[tuple[str, str, str]]) -> list[Piece]:
        """Render a staff mention as (before, name form, after) with the name labelled."""
        if person.physician:
            dicom = person.name.dicom(upper=True)
            if dicom not in self.physicians:
                self.physicians.append(dicom)
        before, form, after = self.rng.choice(forms)
        cred = person.credential
        return [
            (before.replace("CRED", cred), None, None),
            (self._name(person, form), "PERSON", None),
            (after.replace("CRED", cred), None, None),
        ]

    def _doctor(self, person: _Person) -> list[Piece]:
        return self._staff(
            person,
            (
                ("Dr. ", "family", ""),
                ("Dr. ", "natural", ""),
                ("Dr. ", "natural", ""),
                ("", "natural", ", CRED"),
                ("", "initial", ", CRED"),
                ("", "full", ", CRED"),
                ("", "last_first", ", CRED"),
                ("", "family_initials", ""),
                ("Dr ", "family", ""),
                ("", "natural", " CRED"),
                ("Dr. ", "initial", ""),
                ("Dr. ", "full", ""),
                ("", "last_first_upper", ""),
                ("", "upper", ", CRED"),
            ),
        )

    def _signature(self, person: _Person) -> list[Piece]:
        return self._staff(
            person,
            (
                ("", "natural", ", CRED"),
                ("", "full", ", CRED"),
                ("", "initial", ", CRED"),
                ("", "natural", " CRED"),
                ("Dr. ", "natural", ""),
                ("", "last_first", ", CRED"),
                ("", "upper", ", CRED"),
                ("", "family_initials", ", CRED"),
            ),
        )

    def _s_ref(self) -> list[Piece]:
        return self._doctor(self.ref)

    def _s_ref_other(self) -> list[Piece]:
        return self._doctor(self.ref_other)

    def _s_ref_family(self) -> list[Piece]:
        return self._staff(self.ref, (("", "family", ""),))

    def _s_rad(self) -> list[Piece]:
        return self._doctor(self.rad)

    def _s_rad_other(self) -> list[Piece]:
        return self._doctor(self.rad_other)

    def _s_rad_sig(self) -> list[Piece]:
        return self._signature(self.rad)

    def _s_rad_upper(self) -> list[Piece]:
        return self._staff(self.rad, (("", "last_first_upper", ", CRED"), ("", "dicom", ""), ("", "upper", " CRED")))

    def _s_res(self) -> list[Piece]:
        return self._doctor(self.res)

    def _s_res_sig(self) -> list[Piece]:
        return self._signature(self.res)

    def _s_tech(self) -> list[Piece]:
        return self._staff(
            self.tech,
            (
                ("", "natural", ", CRED"),
                ("", "initial", " CRED"),
                ("", "natural", ""),
                ("", "given", " (tech)"),
                ("", "last_first", ", CRED"),
            ),
        )

    def _s_nurse(self) -> list[Piece]:
        return self._staff(
            self.nurse,
            (
                ("", "natural", ", RN"),
                ("RN ", "natural", ""),
                ("nurse ", "given", ""),
                ("", "initial", ", RN"),
                ("charge nurse ", "natural", ""),
                ("", "given", " (RN)"),
            ),
        )

    def _s_app(self) -> list[Piece]:
        return self._staff(
            self.app,
            (
                ("", "natural", ", CRED"),
                ("CRED ", "natural", ""),
                ("", "full", ", CRED"),
                ("", "initial", " CRED"),
                ("CRED ", "family", ""),
            ),
        )

    def _s_transcriptionist(self) -> list[Piece]:
        return self._staff(self.transcriptionist, (("", "natural", ""), ("", "initial", ""), ("", "last_first", "")))

    def _s_pt(self) -> list[Piece]:
        title = "Ms. " if self.sex == "F" else "Mr. "
        return self._staff(
            self.patient,
            (
                ("", "natural", ""),
                (title, "family", ""),
                ("", "full", ""),
                (title, "natural", ""),
                ("", "last_first", ""),
            ),
        )

    def _s_pt_title(self) -> list[Piece]:
        title = "Ms. " if self.sex == "F" else "Mr. "
        return [(title, None, None), (self.patient.name.family, "PERSON", None)]

    def _s_pt_hdr(self) -> list[Piece]:
        form = self.rng.choice(("last_first_upper", "last_first_upper", "last_first", "full", "dicom", "upper"))
        return [(self._name(self.patient, form), "PERSON", None)]

    def _s_relative(self) -> list[Piece]:
        form = self.rng.choice(("natural", "natural", "given"))
        sep = self.rng.choice((" ", ", "))
        return [(f"{self.relation}{sep}", None, None), (self._name(self.relative, form), "PERSON", None)]

    # ----------------------------------------------------------------- ages
    def _age_pieces(self, number: str, before: str = "", after: str = "") -> list[Piece]:
        kind = "AGE" if self.age > 89 else None
        return [(before, None, None), (number, kind, None), (after, None, None)]

    def _s_age_adj(self) -> list[Piece]:
        n = str(self.age)
        words = _number_words(self.age)
        number, after = self.rng.choice(
            (
                (n, "-year-old"),
                (n, "-year-old"),
                (n, " yo"),
                (n, " y/o"),
                (n, " y.o."),
                (n, "yo"),
                (words, "-year-old"),
                (words, " year old"),
                (n, "-yr-old"),
                (n, " year old"),
                (n, " YO"),
            )
        )
        return self._age_pieces(number, after=after)

    def _s_age_pred(self) -> list[Piece]:
        n = str(self.age)
        before, number, after = self.rng.choice(
            (
                ("", n, " years old"),
                ("", n, " years of age"),
                ("aged ", n, ""),
                ("age ", n, ""),
                ("age: ", n, ""),
                ("", n, " yrs old"),
                ("", _number_words(self.age), " years old"),
            )
        )
        return self._age_pieces(number, before, after)

    def _s_age_pred_cap(self) -> list[Piece]:
        n = str(self.age)
        before, after = self.rng.choice((("Aged ", ""), ("Age ", ","), ("Age: ", ",")))
        return self._age_pieces(n, before, after)

    def _s_age_hdr(self) -> list[Piece]:
        n = self.age
        number, after = self.rng.choice(
            ((str(n), "Y"), (f"{n:03d}", "Y"), (str(n), " y"), (str(n), ""), (str(n), " years"), (str(n), " yrs"))
        )
        return self._age_pieces(number, after=after)

    def _s_age_short(self) -> list[Piece]:
        n, s = str(self.age), self.sex
        number, after = self.rng.choice(
            ((n, f" yo {s}"), (n, s), (n, f" y/o {s}"), (n, f"-year-old {s}"), (n, f" {s}"), (n, f"{s}"))
        )
        return self._age_pieces(number, after=after)

    def _s_sex_word(self) -> str:
        female = self.sex == "F"
        if self.age < 18:
            return "girl" if female else "boy"
        words = ("woman", "female", "female patient", "lady") if female else ("man", "male", "gentleman")
        return self.rng.choice(words)

    def _s_sex_letter(self) -> str:
        return self.sex

    def _s_pronoun(self) -> str:
        return "she" if self.sex == "F" else "he"

    # ----------------------------------------------------------------- dates and times
    def _date(self, d: date, styles: Sequence[int]) -> list[Piece]:
        return [(_format_date(d, self.rng.choice(styles)), "DATE", None)]

    def _s_study_date(self) -> list[Piece]:
        return self._date(self.study_date, _NARRATIVE_DATE_STYLES[:14])

    def _s_study_date_hdr(self) -> list[Piece]:
        return self._date(self.study_date, _HEADER_DATE_STYLES)

    def _s_dob(self) -> list[Piece]:
        return self._date(self.birth_date, _HEADER_DATE_STYLES)

    def _s_prior_date(self) -> list[Piece]:
        return self._date(self.priors[0], _NARRATIVE_DATE_STYLES)

    def _s_prior_date2(self) -> list[Piece]:
        return self._date(self.priors[1], _NARRATIVE_DATE_STYLES)

    def _s_prior_date3(self) -> list[Piece]:
        return self._date(self.priors[2], _NARRATIVE_DATE_STYLES)

    def _s_past_date(self) -> list[Piece]:
        return self._date(self.study_date - timedelta(days=self.rng.randint(1, 60)), _NARRATIVE_DATE_STYLES)

    def _s_future_date(self) -> list[Piece]:
        return self._date(self.study_date + timedelta(days=self.rng.randint(3, 120)), _NARRATIVE_DATE_STYLES[:14])

    def _s_comm_date(self) -> list[Piece]:
        return self._date(self.sign_date, _NARRATIVE_DATE_STYLES)

    def _s_sign_date(self) -> list[Piece]:
        return self._date(self.sign_date, _HEADER_DATE_STYLES)

    def _s_sign_date2(self) -> list[Piece]:
        return self._date(self.sign_date + timedelta(days=self.rng.randint(0, 1)), _HEADER_DATE_STYLES)

    def _s_add_date(self) -> list[Piece]:
        return self._date(self.add_date, _HEADER_DATE_STYLES)

    def _s_month_year(self) -> list[Piece]:
        d = self.study_date - timedelta(days=self.rng.randint(60, 2000))
        month = _MONTHS[d.month - 1]
        text = self.rng.choice((f"{month} {d.year}", f"{month[:3]} {d.year}", f"{d.month}/{d.year}"))
        return [(text, "DATE", None)]

    def _s_ordinal(self) -> list[Piece]:
        d = self.study_date - timedelta(days=self.rng.randint(1, 25))
        return [("the ", None, None), (_ordinal(d.day), "DATE", None)]

    def _time(self, hour: int, minute: int) -> list[Piece]:
        text = _format_time(hour % 24, minute % 60, self.rng.randint(0, 59), self.rng.randrange(8))
        number, space, unit = text.partition(" h")  # "1432 hours": the unit word is not PHI
        if space:
            return [(number, "TIME", None), (space + unit, None, None)]
        return [(text, "TIME", None)]

    def _s_time(self) -> list[Piece]:
        return self._time(self.rng.randint(0, 23), self.rng.randint(0, 59))

    def _s_time2(self) -> list[Piece]:
        return self._time(self.hour + 1, self.minute + 7)

    def _s_study_time(self) -> list[Piece]:
        return self._time(self.hour, self.minute)

    def _s_sign_time(self) -> list[Piece]:
        return self._time(self.hour + 1, self.minute + 23)

    def _s_sign_time2(self) -> list[Piece]:
        return self._time(self.hour + 3, self.minute + 41)

    def _s_add_time(self) -> list[Piece]:
        return self._time(self.rng.randint(7, 20), self.rng.randint(0, 59))

    # ----------------------------------------------------------------- identifiers and contacts
    def _new_id(self, *patterns: str) -> list[Piece]:
        value = self.c.unique(lambda: self.c.digits(self.rng.choice(patterns)))
        return [(value, "ID", None)]

    def _s_mrn(self) -> list[Piece]:
        return [(self.mrn, "ID", None)]

    def _s_acc(self) -> list[Piece]:
        return [(self.accession, "ID", None)]

    def _s_acc_prior(self) -> list[Piece]:
        return [(self.c.accession(self.rng.randrange(6), self.priors[0], self.exam.modality), "ID", None)]

    def _s_order(self) -> list[Piece]:
        return self._new_id("ORD#######", "%#######", "O-%######")

    def _s_encounter(self) -> list[Piece]:
        return self._new_id("%#########", "V%#######", "%########")

    def _s_job(self) -> list[Piece]:
        return self._new_id("%#####")

    def _s_pid(self) -> list[Piece]:
        return self._new_id("P-%######", "%########", "PT%######")

    def _s_ssn(self) -> list[Piece]:
        return self._new_id("%##-##-####")

    def _s_phone(self) -> list[Piece]:
        return [(self.inst.phone, "PHONE", None)]

    def _s_fax(self) -> list[Piece]:
        return [(self.inst.fax, "PHONE", None)]

    def _s_reading_phone(self) -> list[Piece]:
        return [(self.inst.reading_phone, "PHONE", None)]

    def _s_ref_phone(self) -> list[Piece]:
        return [(self.c.phone(extension=self.rng.random() < 0.3), "PHONE", None)]

    def _s_rel_phone(self) -> list[Piece]:
        return [(self.c.phone(), "PHONE", None)]

    def _s_pt_phone(self) -> list[Piece]:
        return [(self.c.phone(), "PHONE", None)]

    def _s_pager(self) -> list[Piece]:
        if self.rng.random() < 0.5:
            return [(self.c.unique(lambda: self.c.digits(self.rng.choice(("%####", "#%-####")))), "PHONE", None)]
        return [(self.c.phone(), "PHONE", None)]

    def _s_email(self) -> list[Piece]:
        who = self.rng.choice((self.rad, self.ref, self.res))
        g, f = who.name.given.lower(), who.name.family.lower()
        local = self.rng.choice((f"{g}.{f}", f"{g[0]}{f}", f"{f}.{g}", f"{f}{g[0]}", "radiology", "readingroom"))
        return [(f"{local}@{self.inst.domain}", "EMAIL", None)]

    def _s_url(self) -> list[Piece]:
        d = self.inst.domain
        url = self.rng.choice(
            (
                f"https://portal.{d}/results",
                f"www.{d}",
                f"http://www.{d}/radiology",
                f"https://mychart.{d}",
                f"https://{d}/imaging/reports?acc={self.accession}",
                f"{d}/patients",
            )
        )
        return [(url, "URL", None)]

    def _s_org(self) -> list[Piece]:
        return [(self.inst.name, "ORGANIZATION", None)]

    def _s_org_ext(self) -> list[Piece]:
        return [(self.org_ext, "ORGANIZATION", None)]

    def _s_clinic(self) -> list[Piece]:
        return [(self.clinic, "ORGANIZATION", None)]

    def _s_address(self) -> list[Piece]:
        return [
            (self.inst.street, "ADDRESS", None),
            (", ", None, None),
            (self.inst.city_state, "ADDRESS", None),
        ]

    def _s_ext_fax(self) -> list[Piece]:
        return [(self.c.phone(), "PHONE", None)]

    def _s_zip(self) -> list[Piece]:
        return [(self.inst.zip_code, "ZIP", None)]

    def _s_ext_city(self) -> list[Piece]:
        return [(self.c.city_state(), "ADDRESS", None)]

    # ----------------------------------------------------------------- clinical values
    def _s_side(self) -> str:
        return self.side

    def _s_side_upper(self) -> str:
        return self.side.upper()

    def _num(self, low: float, high: float) -> str:
        value = self.rng.uniform(low, high)
        return f"{value:.1f}"

    def _s_m1(self) -> list[Piece]:
        if self.rng.random() < 0.5:
            return [(f"{self._num(0.6, 6.0)} cm", None, "measurement")]
        return [(f"{self.rng.randint(5, 45)} mm", None, "measurement")]

    def _s_m2(self) -> list[Piece]:
        sep = self.rng.choice((" x ", " x ", "x"))
        return [(f"{self._num(1.0, 6.0)}{sep}{self._num(0.5, 4.0)} cm", None, "measurement")]

    def _s_m3(self) -> list[Piece]:
        return [(f"{self._num(1.5, 6.0)} x {self._num(1.0, 4.0)} x {self._num(0.8, 3.5)} cm", None, "measurement")]

    def _s_mm(self) -> list[Piece]:
        return [(f"{self.rng.randint(3, 28)} mm", None, "measurement")]

    def _s_vol(self) -> list[Piece]:
        return [(f"{self.rng.choice((75, 80, 90, 100, 100, 125))} mL", None, "measurement")]

    def _s_img(self) -> list[Piece]:
        s, i = self.rng.randint(2, 9), self.rng.randint(12, 240)
        return [
            self.rng.choice(
                (
                    (f"(series {s}, image {i})", None, "series_image"),
                    (f"({s}:{i})", None, "series_image"),
                    (f"(se {s} im {i})", None, "series_image"),
                    (f"on series {s}0{s} image {i}", None, "series_image"),
                    (f"(image {i} of series {s})", None, "series_image"),
                    (f"(series {s} image {i})", None, "series_image"),
                )
            )
        ]

    def _s_llevel(self) -> list[Piece]:
        # Mostly the report's main level, sometimes another, as multilevel reports do.
        if self.rng.random() < 0.7:
            return [(self.lumbar_level, None, "vertebral_level")]
        return [(self.rng.choice(_LUMBAR_LEVELS), None, "vertebral_level")]

    def _s_clevel(self) -> list[Piece]:
        if self.rng.random() < 0.7:
            return [(self.cervical_level, None, "vertebral_level")]
        return [(self.rng.choice(_CERVICAL_LEVELS), None, "vertebral_level")]

    def _s_tlevel(self) -> list[Piece]:
        return [(self.rng.choice(("T12", "L1", "T12-L1", "T11")), None, "vertebral_level")]

    def _s_dose(self) -> list[Piece]:
        dlp = f"{self.rng.uniform(80, 1400):.{self.rng.choice((0, 1, 2))}f}"
        ctdi = f"{self.rng.uniform(2, 60):.1f}"
        text = self.rng.choice(
            (
                f"DLP {dlp} mGy-cm",
                f"CTDIvol {ctdi} mGy; DLP {dlp} mGy*cm",
                f"Total DLP: {dlp} mGy-cm",
                f"CTDIvol: {ctdi} mGy, DLP: {dlp} mGy.cm",
            )
        )
        return [(text, None, "dose")]

    def _s_contrast(self) -> list[Piece]:
        agents = _MR_CONTRASTS if self.exam.modality == "MR" else _CONTRASTS
        return [(self.rng.choice(agents), None, "contrast")]

    def _s_device(self) -> list[Piece]:
        return [(self.rng.choice(_DEVICES[self.exam.modality]), None, "device")]

    def _s_radiotracer(self) -> list[Piece]:
        tracer = self.rng.choice(_RADIOTRACERS.get(self.exam.code, ("Tc-99m MDP",)))
        mci = f"{self.rng.uniform(4, 26):.1f}"
        return [(f"{mci} mCi", None, "dose"), (" of ", None, None), (tracer, None, "contrast")]

    def _s_cpt(self) -> str:
        return self.rng.choice(_CPT[self.exam.modality])

    def _s_fluoro_min(self) -> str:
        return f"{self.rng.uniform(0.5, 6):.1f}"

    def _s_dap(self) -> str:
        return str(self.rng.randint(120, 4800))

    def _s_vital(self) -> list[Piece]:
        text = self.rng.choice(
            (
                f"SpO2 {self.rng.randint(86, 99)}% on room air",
                f"HR {self.rng.randint(88, 128)} bpm",
                f"temperature {self.rng.uniform(37.5, 39.6):.1f} C",
                f"BP {self.rng.randint(95, 180)}/{self.rng.randint(55, 100)}",
                f"WBC {self.rng.uniform(9, 21):.1f}",
                f"respiratory rate {self.rng.randint(18, 32)}",
            )
        )
        return [(text, None, "lab_value")]

    def _s_lab(self) -> list[Piece]:
        text = self.rng.choice(
            (
                f"Creatinine {self.rng.uniform(0.6, 1.9):.1f} mg/dL",
                f"eGFR {self.rng.randint(35, 110)}",
                f"PSA {self.rng.uniform(2, 19):.1f} ng/mL",
                f"TSH {self.rng.uniform(0.01, 9):.2f}",
                f"AFP {self.rng.randint(4, 400)} ng/mL",
                f"hemoglobin {self.rng.uniform(7, 15):.1f} g/dL",
            )
        )
        return [(text, None, "lab_value")]

    def _s_lab_cr(self) -> list[Piece]:
        return [(f"{self.rng.uniform(0.6, 1.6):.1f} mg/dL", None, "lab_value")]

    def _s_indication(self) -> str:
        return self.rng.choice(self.exam.indications)

    def _s_pmh(self) -> str:
        return self.c.pmh_deck.draw()

    def _s_prior_exam(self) -> str:
        return self.rng.choice(self.exam.priors)

    # ----------------------------------------------------------------- sections
    def _heading(self, key: str) -> str:
        return self.rng.choice(_SECTION_NAMES[key]) + ":"

    def header(self) -> None:
        """Write one of several header layouts (where most structured PHI sits)."""
        rng = self.rng
        layout = rng.randrange(8)
        if rng.random() < 0.55:
            self.line("{org}")
            self.line(
                rng.choice(
                    (
                        "Department of Radiology | {address} {zip} | Tel: {phone} | Fax: {fax}",
                        "Department of Diagnostic Imaging\n{address} {zip}",
                        "Radiology Services  Phone {phone}  Fax {fax}",
                        "{address} {zip}   {url}",
                    )
                )
            )
            self.line()
        if layout == 0:
            self.line("PATIENT: {pt_hdr}    MRN: {mrn}    DOB: {dob} (Age: {age_hdr})")
            self.line("ACCESSION: {acc}    EXAM DATE: {study_date_hdr} {study_time}")
            self.line("REFERRING PHYSICIAN: {ref}")
        elif layout == 1:
            self.line("RADIOLOGY REPORT")
            self.line("Patient Name: {pt_hdr}")
            self.line("Medical Record Number: {mrn}")
            self.line("Date of Birth: {dob}    Age: {age_hdr}    Sex: {sex_letter}")
            self.line("Accession Number: {acc}")
            self.line("Date of Service: {study_date_hdr}")
            self.line("Ordering Physician: {ref}")
            self.line("Location: {org}")
        elif layout == 2:
            self.line("NAME: {pt_hdr} | MRN# {mrn} | DOB {dob} | {age_short} | ACC {acc}")
            self.line("Exam: {study_date_hdr} {study_time}")
        elif layout == 3:
            self.line("Patient ID: {mrn}    Acc#: {acc}    Exam Date: {study_date_hdr}    Age: {age_hdr}")
            self.line("Referring: {ref}    Encounter: {encounter}")
        elif layout == 4:
            self.line("Pt: {pt_hdr}   ID: {mrn}   Birth date: {dob}   Age/Sex: {age_short}   Visit: {encounter}")
            self.line("Accession number {acc}; exam date {study_date_hdr} at {study_time}")
        elif layout == 6:
            self.line("Patient: {pt_hdr} ({sex_letter}, {age_hdr})    MRN {mrn}")
            self.line("Order # {order}    Accession {acc}")
            self.line("Exam date/time: {study_date_hdr} {study_time}    Requested by: {ref}, {clinic}")
        elif layout == 7:
            self.line("Medical record number: {mrn}")
            self.line("Patient name: {pt_hdr}")
            self.line("DOB: {dob}")
            self.line("Acc #: {acc}")
            self.line("Attending: {ref}    Primary care: {ref_other}")
            self.line("Date of exam: {study_date_hdr}")
        else:
            self.line("Patient: {pt_hdr}    DOB: {dob}    Age: {age_hdr}")
            self.line("Address: {pt_street}, {pt_city} {pt_zip}")
            self.line("Home phone: {pt_phone}    Email: {pt_email}")
            self.line("MRN: {mrn}    Encounter: {encounter}    SSN: {ssn}")
            self.line("Accession: {acc}    Ordered by: {ref}    Exam date: {study_date_hdr} {study_time}")
        self.line()

    def _s_pt_street(self) -> list[Piece]:
        return [(self.c.street(), "ADDRESS", None)]

    def _s_pt_city(self) -> list[Piece]:
        return [(self.c.city_state(), "ADDRESS", None)]

    def _s_pt_zip(self) -> list[Piece]:
        return [(self.c.zip_code(), "ZIP", None)]

    def _s_pt_email(self) -> list[Piece]:
        n = self.patient.name
        domain = self.rng.choice(("example.com", "mail.example.org", "example.net"))
        local = self.rng.choice((f"{n.given}.{n.family}", f"{n.given[0]}{n.family}{self.rng.randint(1, 99)}"))
        return [(f"{local.lower()}@{domain}", "EMAIL", None)]

    def title(self) -> None:
        """Write the exam line."""
        label = self.rng.choice(("EXAM", "EXAMINATION", "PROCEDURE", "STUDY", "Exam"))
        title = self.rng.choice(self.exam.titles)
        if self.rng.random() < 0.3:
            self.line(f"{label}: {title} ({{study_date}})")
        else:
            self.line(f"{label}: {title}")
        self.line()

    def history(self) -> None:
        """Write CLINICAL HISTORY / INDICATION."""
        text = self.rng.choice(_HISTORY) + self.rng.choice(_INDICATION_SUFFIX)
        self.line(f"{self._heading('history')} {text}")

    def comparison(self) -> None:
        """Write COMPARISON."""
        self.line(f"{self._heading('comparison')} {self.rng.choice(_COMPARISON)}")

    def technique(self) -> None:
        """Write TECHNIQUE: exam wording plus generic contrast, dose and staff lines."""
        rng = self.rng
        parts = [rng.choice(self.exam.technique)]
        if self.exam.contrast and rng.random() < 0.8:
            parts.append(rng.choice(_TECHNIQUE_CONTRAST))
        if self.exam.modality == "CT" and rng.random() < 0.7:
            parts.append(rng.choice(_TECHNIQUE_CT))
        if self.exam.modality == "FL":
            parts.append(rng.choice(_TECHNIQUE_FL))
        for template in rng.sample(_TECHNIQUE_ANY, rng.choice((0, 1, 1, 2))):
            parts.append(template)
        self.line(f"{self._heading('technique')} " + " ".join(parts))
        self.line()

    def findings(self) -> bool:
        """Write FINDINGS; return True when every organ line is the normal one."""
        rng = self.rng
        exam = self.exam
        sentences: list[tuple[str, str]] = []
        abnormal = False
        for heading, options in exam.findings:
            if len(options) > 1 and rng.random() < 0.4:
                abnormal = True
                sentences.append((heading, rng.choice(options[1:])))
            else:
                sentences.append((heading, options[0]))
        deck = self.c.eponym_decks.get(exam.code)
        if deck is not None:
            # One eponym sentence per report (a second now and then): eponyms are the hard negatives.
            for _ in range(2 if rng.random() < 0.25 else 1):
                eponym = deck.draw()
                self.eponym_sentences.append(eponym)
                where = rng.randrange(len(sentences))
                heading, text = sentences[where]
                sentences[where] = (heading, f"{text} {eponym}")
        if rng.random() < 0.5:
            extra = rng.choice(_FINDINGS_EXTRA)
            i = rng.randrange(len(sentences))
            sentences[i] = (sentences[i][0], f"{sentences[i][1]} {extra}")
        self.line(self._heading("findings"))
        if rng.random() < 0.6:
            for heading, text in sentences:
                self.line(f"{heading}: {text}")
        else:
            self.line(" ".join(text for _, text in sentences))
        self.line()
        return not abnormal

    def impression(self, normal: bool) -> None:
        """Write IMPRESSION, communication and follow-up lines."""
        rng = self.rng
        exam = self.exam
        if normal or len(exam.impressions) == 1:
            items = [exam.impressions[0]]
        else:
            items = rng.sample(exam.impressions[1:], min(len(exam.impressions) - 1, rng.choice((1, 1, 2))))
        if self.eponym_sentences and rng.random() < 0.3:
            items.append(self.eponym_sentences[0])
        if rng.random() < 0.4:
            items.append(rng.choice(_COMMUNICATION))
        if rng.random() < 0.2:
            items.append(rng.choice(_FOLLOW_UP))
        self.line(self._heading("impression"))
        numbered = rng.random() < 0.6
        for n, item in enumerate(items, start=1):
            self.line(f"{n}. {item}" if numbered else item)
        self.line()

    def signature(self) -> None:
        """Write the signature block, sometimes an addendum, sometimes a footer."""
        rng = self.rng
        for template in rng.sample(_SIGNATURE, rng.choice((1, 1, 2))):
            self.line(template)
        if rng.random() < 0.15:
            self.line()
            self.line(rng.choice(_ADDENDUM))
        if rng.random() < 0.45:
            self.line()
            for template in rng.sample(_FOOTER, rng.choice((1, 1, 2))):
                self.line(template)

    def write(self) -> dict[str, Any]:
        """Render the whole report and return it with its labels."""
        self.header()
        self.title()
        self.history()
        self.comparison()
        self.technique()
        self.impression(self.findings())
        self.signature()
        text = self.out.text
        terms = self.out.terms + _auto_terms(text, self.out.gold, self.out.terms)
        terms.sort(key=lambda t: t["start"])
        n = self.patient.name
        # The order always names the referring and reading physicians; others only when mentioned.
        physicians = [self.ref.name.dicom(upper=True), self.rad.name.dicom(upper=True)]
        physicians += [p for p in self.physicians if p not in physicians]
        return {
            "id": f"RPT{self.index:06d}",
            "text": text,
            "patient": {
                "name": n.dicom(upper=True),
                "mrn": self.mrn,
                "birth_date": self.birth_date.isoformat(),
                "accession": self.accession,
                "physicians": physicians,
            },
            "study_date": self.study_date.isoformat(),
            "report_type": self.exam.report_type,
            "gold": self.out.gold,
            "clinical_terms": terms,
        }


def _auto_terms(text: str, gold: Iterable[dict[str, Any]], terms: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Label eponyms, categories, measurements and laterality outside spans already labelled."""
    taken = bytearray(len(text))
    for span in (*gold, *terms):
        taken[span["start"] : span["end"]] = b"\x01" * (span["end"] - span["start"])
    found: list[dict[str, Any]] = []
    for category, pattern in _AUTO_TERMS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append({"start": start, "end": end, "text": m.group(0), "category": category})
    return found


def generate_report_corpus(count: int, seed: int) -> list[dict[str, Any]]:
    """Return `count` labelled synthetic radiology reports, identical for the same seed."""
    if count < 0:
        raise ValueError("count must be >= 0")
    corpus = _Corpus(seed)
    return [_ReportWriter(corpus, i).write() for i in range(1, count + 1)]


def write_jsonl(reports: Iterable[dict[str, Any]], path: str | Path) -> Path:
    """Write reports one JSON object per line (UTF-8) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for report in reports:
            fh.write(json.dumps(report, ensure_ascii=False, sort_keys=False))
            fh.write("\n")
    return path


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read reports written by `write_jsonl`."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
