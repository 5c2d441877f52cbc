"""Seeded synthetic identities (patients, staff, institutions, devices) whose PHI is easy to search for.

Every value comes from Faker seeded by the caller, so the same seed yields the same people.
Values are chosen to be *distinctive*: names are at least four letters, never ordinary English
or DICOM words and never reused across people, and identifiers mix letters and digits. That lets a
leak checker look for them in de-identified output without false hits.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cached_property, lru_cache

from faker import Faker

# Kinds of PHI value, shared with the demo's reports; the leak checker uses them to decide how to search.
from app.demo.phi import (  # noqa: F401  (re-exported for the corpora and their tests)
    ADDRESS,
    DATE,
    DATETIME,
    DEMOGRAPHIC,
    DEVICE,
    IDENTIFIER,
    INSTITUTION,
    PERSON_NAME,
    PHONE,
    TIME,
    UID,
    PersonName,
)
from app.demo.reports import clinical_vocabulary

from .tables import load

# Dates and times collide legitimately after shifting; demographics (rank, ethnic group) are not
# unique. They are recorded as ground truth but not searched for unless asked.
NOT_SEARCHED_BY_DEFAULT = frozenset({DATE, DATETIME, TIME, DEMOGRAPHIC, UID})

MIN_NAME_LETTERS = 4  # shorter names (Lee, Ann) cannot be searched for without false hits


def phi_digest(value: str) -> str:
    """Return a short, stable hash of a PHI value for logs that must not contain the value."""
    return hashlib.sha256(value.strip().lower().encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class PhiValue:
    """One PHI string to look for; repr never shows the value because reports end up in logs."""

    value: str
    kind: str
    patient: str | None = None
    search: bool = True

    @cached_property
    def digest(self) -> str:
        """Short hash of the value, safe to log."""
        return phi_digest(self.value)

    def __repr__(self) -> str:
        return f"PhiValue(kind={self.kind!r}, digest={self.digest}, patient={self.patient!r}, search={self.search})"

    __str__ = __repr__


@dataclass(frozen=True)
class SyntheticInstitution:
    """A fictional hospital with its identifying strings."""

    key: str
    name: str
    abbreviation: str
    address: str
    department: str
    issuer: str
    phone: str
    requesting_service: str


@dataclass(frozen=True)
class SyntheticDevice:
    """A fictional scanner: station name, AE title and serial number are all identifying."""

    modality: str
    institution: str
    station_name: str
    ae_title: str
    serial: str


@dataclass(frozen=True)
class SyntheticStaff:
    """A fictional staff member (radiologist, referring physician, technologist)."""

    key: str
    role: str
    name: PersonName
    phone: str
    address: str
    institution: str

    @property
    def dicom_name(self) -> str:
        """Return the PN form used in DICOM headers."""
        return self.name.dicom()


@dataclass(frozen=True)
class SyntheticPatient:
    """A fictional patient with every identifier a hospital system would attach."""

    key: str
    name: PersonName
    sex: str
    birth_date: date
    birth_time: time
    mrn: str
    issuer: str
    old_mrn: str
    insurance_id: str
    ssn: str
    admission_id: str
    street: str
    city: str
    state: str
    zip_code: str
    phone: str
    mother_birth_name: PersonName
    other_name: PersonName
    ethnic_group: str
    military_rank: str
    branch_of_service: str
    occupation: str
    height_m: float
    weight_kg: float
    institution: str

    @property
    def dicom_name(self) -> str:
        """Return the PN form `FAMILY^GIVEN^MIDDLE`."""
        return self.name.dicom()

    @property
    def address(self) -> str:
        """Return the one-line postal address."""
        return f"{self.street}, {self.city}, {self.state} {self.zip_code}"

    def age_on(self, when: date) -> str:
        """Return the DICOM AS age (e.g. "047Y") on a given date."""
        years = (
            when.year - self.birth_date.year - ((when.month, when.day) < (self.birth_date.month, self.birth_date.day))
        )
        return f"{max(years, 0):03d}Y"


_WORDS: dict = load("identities.yaml")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Return the lower-case words that must never be used as synthetic names."""
    from pydicom.datadict import DicomDictionary  # local: only needed once, keeps import light

    words = set(_WORDS["common_words"].split())
    for entry in DicomDictionary.values():
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", entry[2]))
    words.update(clinical_vocabulary())
    return frozenset(words)


_LETTERS = string.ascii_uppercase
_INSTITUTION_TYPES = tuple(_WORDS["institution_types"])
_SURNAME_SUFFIXES = tuple(_WORDS["surname_suffixes"])
_ETHNIC_GROUPS = tuple(_WORDS["ethnic_groups"])
_MILITARY_RANKS = tuple(_WORDS["military_ranks"])
_BRANCHES = tuple(_WORDS["branches_of_service"])
_OCCUPATIONS = tuple(_WORDS["occupations"])


class PhiFactory:
    """Seeded factory for synthetic patients, staff, institutions, devices and identifiers.

    Every identifier handed out is unique within one factory, and name parts are never shared
    between a family name and a given name, so a value found in output can be attributed.
    """

    def __init__(self, seed: int, locale: str = "en_US") -> None:
        self.fake = Faker(locale)
        self.fake.seed_instance(seed)
        self._used_ids: set[str] = set()
        self._family_names: set[str] = set()
        self._given_names: set[str] = set()
        self._counters: dict[str, int] = {}

    # ----------------------------------------------------------------- helpers
    def _next_key(self, prefix: str) -> str:
        self._counters[prefix] = self._counters.get(prefix, 0) + 1
        return f"{prefix}{self._counters[prefix]:04d}"

    def _unique(self, make: Callable[[], str]) -> str:
        # Identifiers must be unique corpus-wide so a hit in output points at exactly one source.
        for _ in range(1000):
            value = make()
            if value.lower() not in self._used_ids:
                self._used_ids.add(value.lower())
                return value
        raise RuntimeError("could not generate a unique identifier")

    def _bothify(self, pattern: str) -> str:
        return self.fake.bothify(pattern, letters=_LETTERS)

    def _acceptable_name(self, name: str) -> bool:
        return name.isascii() and name.isalpha() and name.lower() not in stop_words()

    def family_name(self) -> str:
        """Return a new family name no other person in this factory has."""
        for attempt in range(400):
            name = self.fake.last_name()
            if attempt > 200:  # the Faker list is finite; extend it with plausible suffixes
                name = name + self.fake.random_element(_SURNAME_SUFFIXES)
            low = name.lower()
            if (
                len(name) >= 5
                and self._acceptable_name(name)
                and low not in self._family_names
                and low not in self._given_names
            ):
                self._family_names.add(low)
                return name
        raise RuntimeError("ran out of distinctive family names")

    def given_name(self, sex: str) -> str:
        """Return a given name (may repeat across people, never equal to a family name)."""
        for _ in range(400):
            name = self.fake.first_name_female() if sex == "F" else self.fake.first_name_male()
            low = name.lower()
            if len(name) >= MIN_NAME_LETTERS and self._acceptable_name(name) and low not in self._family_names:
                self._given_names.add(low)
                return name
        raise RuntimeError("ran out of distinctive given names")

    def person_name(self, sex: str, *, middle: bool = True, prefix: str = "", suffix: str = "") -> PersonName:
        """Return a fresh person name."""
        family = self.family_name()
        given = self.given_name(sex)
        mid = ""
        if middle:
            for _ in range(50):
                mid = self.given_name(sex)
                if mid != given:
                    break
        return PersonName(family=family, given=given, middle=mid, prefix=prefix, suffix=suffix)

    def phone(self) -> str:
        """Return a unique US-style phone number `(NNN) NNN-NNNN` (fits DICOM SH)."""
        return self._unique(lambda: self.fake.numerify("(%##) %##-####"))

    def _street_city(self) -> tuple[str, str, str, str]:
        for _ in range(50):
            street, city = self.fake.street_address(), self.fake.city()
            state, zip_code = self.fake.state_abbr(), self.fake.zipcode()
            if len(f"{street}, {city}, {state} {zip_code}") <= 64:  # DICOM LO limit
                self._used_ids.add(street.lower())
                return street, city, state, zip_code
        return "1 Main Street", city, state, zip_code

    def date_between(self, start: date, end: date) -> date:
        """Return a seeded date in [start, end] (Faker's own helpers depend on today's date)."""
        return start + timedelta(days=self.fake.random_int(0, (end - start).days))

    # ----------------------------------------------------------------- identifiers
    def mrn(self) -> str:
        """Return a unique 9-character MRN mixing letters and digits (e.g. KQ482913X)."""
        return self._unique(lambda: self._bothify("??######?"))

    def accession_number(self) -> str:
        """Return a unique 10-character accession number."""
        return self._unique(lambda: self._bothify("??########"))

    def study_id(self) -> str:
        """Return a unique DICOM StudyID (fits SH)."""
        return self._unique(lambda: self._bothify("S######?"))

    def procedure_id(self, prefix: str) -> str:
        """Return a unique procedure/step/order identifier with a readable prefix."""
        return self._unique(lambda: prefix + self._bothify("#######?"))

    def serial_number(self) -> str:
        """Return a unique device serial number."""
        return self._unique(lambda: self._bothify("SN#####??"))

    # ----------------------------------------------------------------- entities
    def institution(self) -> SyntheticInstitution:
        """Return a fictional institution with name, address, department and MRN issuer."""
        key = self._next_key("I")
        surname = self.family_name()
        kind = self.fake.random_element(_INSTITUTION_TYPES)
        name = f"{surname} {kind}"
        abbreviation = self._unique(
            lambda: (surname[0] + "".join(w[0] for w in kind.split())).upper() + self._bothify("?")
        )
        street, city, state, zip_code = self._street_city()
        wing = self.family_name()
        clinic = self.family_name()
        return SyntheticInstitution(
            key=key,
            name=name,
            abbreviation=abbreviation,
            address=f"{street}, {city}, {state} {zip_code}",
            department=f"{wing} Pavilion Radiology",
            issuer=self._unique(lambda: f"{surname.upper()}_{abbreviation}_MRN"),
            phone=self.phone(),
            requesting_service=f"{clinic} Family Practice",
        )

    def device(self, modality: str, institution: SyntheticInstitution) -> SyntheticDevice:
        """Return a fictional scanner for a modality at an institution."""
        number = self.fake.random_int(1, 99)
        station = self._unique(lambda: f"{institution.abbreviation}{modality}{self.fake.random_int(1, 99):02d}")
        ae = self._unique(lambda: f"{institution.abbreviation}_{modality}{number:02d}{self._bothify('?')}")
        return SyntheticDevice(
            modality=modality,
            institution=institution.key,
            station_name=station,
            ae_title=ae[:16],
            serial=self.serial_number(),
        )

    def staff(self, role: str, institution: SyntheticInstitution) -> SyntheticStaff:
        """Return a staff member; physicians carry the MD suffix as many PACS do."""
        sex = self.fake.random_element(("F", "M"))
        physician = role in ("radiologist", "referring")
        name = self.person_name(
            sex, middle=self.fake.boolean(40), suffix="MD" if physician and self.fake.boolean(50) else ""
        )
        street, city, state, zip_code = self._street_city()
        return SyntheticStaff(
            key=self._next_key("S"),
            role=role,
            name=name,
            phone=self.phone(),
            address=f"{street}, {city}, {state} {zip_code}",
            institution=institution.key,
        )

    def patient(self, institution: SyntheticInstitution, *, oldest: bool = False) -> SyntheticPatient:
        """Return a patient; `oldest` forces an age above 89 (HIPAA aggregates those ages)."""
        sex = self.fake.random_element(("F", "M", "F", "M", "F", "M", "O")) if not oldest else "F"
        name_sex = sex if sex in ("F", "M") else self.fake.random_element(("F", "M"))
        name = self.person_name(name_sex)
        if oldest:
            birth = self.date_between(date(1916, 1, 1), date(1923, 12, 31))
        else:
            birth = self.date_between(date(1936, 1, 1), date(2008, 12, 31))
        street, city, state, zip_code = self._street_city()
        mother = PersonName(family=self.family_name(), given=self.given_name("F"))
        # Women often have a birth name on file; others an alias from a merged record.
        other = (
            PersonName(family=self.family_name(), given=name.given)
            if name_sex == "F"
            else PersonName(family=name.family, given=self.given_name(name_sex))
        )
        rank = self.fake.random_element(_MILITARY_RANKS)
        return SyntheticPatient(
            key=self._next_key("P"),
            name=name,
            sex=sex,
            birth_date=birth,
            birth_time=time(self.fake.random_int(0, 23), self.fake.random_int(0, 59)),
            mrn=self.mrn(),
            issuer=institution.issuer,
            old_mrn=self._unique(lambda: self._bothify("#######-??")),
            insurance_id=self._unique(lambda: self._bothify("???#########")),
            ssn=self._unique(self.fake.ssn),
            admission_id=self.procedure_id("ADM"),
            street=street,
            city=city,
            state=state,
            zip_code=zip_code,
            phone=self.phone(),
            mother_birth_name=mother,
            other_name=other,
            ethnic_group=self.fake.random_element(_ETHNIC_GROUPS),
            military_rank=rank,
            branch_of_service=self.fake.random_element(_BRANCHES) if rank else "",
            occupation=self.fake.random_element(_OCCUPATIONS),
            height_m=round(self.fake.random_int(150, 195) / 100, 2),
            weight_kg=float(self.fake.random_int(48, 120)),
            institution=institution.key,
        )
