"""Fictional patients, staff and hospitals for the demo, drawn by a seeded random from data/people.yaml."""
from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, timedelta

from .data_files import load
from .phi import PersonName


@dataclass(frozen=True)
class Hospital:
    """A fictional hospital and the identifying strings its equipment writes into headers."""

    name: str
    address: str
    phone: str
    issuer: str


@dataclass(frozen=True)
class Staff:
    """A fictional radiologist, referring physician or technologist."""

    name: PersonName
    phone: str


@dataclass(frozen=True)
class Patient:
    """A fictional patient with the identifiers a hospital attaches."""

    name: PersonName
    sex: str
    birth_date: date
    mrn: str
    address: str
    phone: str


class People:
    """Hands out fictional people; every person and hospital gets a family name of its own."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lists = load("people.yaml")
        self._family = rng.sample(self.lists["family"], len(self.lists["family"]))
        self._used: set[str] = set()

    def _family_name(self) -> str:
        if not self._family:
            raise RuntimeError("data/people.yaml has too few family names for this many people")
        return self._family.pop()

    def _unique(self, pattern: str) -> str:
        """Fill `?` with a letter and `#` with a digit until the value is new (identifiers never repeat)."""
        while True:
            value = "".join(self.rng.choice(string.ascii_uppercase) if c == "?" else
                            str(self.rng.randint(0, 9)) if c == "#" else c for c in pattern)
            if value not in self._used:
                self._used.add(value)
                return value

    def phone(self) -> str:
        """Return a phone number in the fictional 555-01xx range."""
        return f"({self.rng.randint(201, 989)}) 555-01{self.rng.randint(0, 99):02d}"

    def address(self) -> str:
        """Return a one-line postal address (fits DICOM LO)."""
        town, state, zip_prefix = self.rng.choice(self.lists["towns"])
        street = self.rng.choice(self.lists["streets"])
        return f"{self.rng.randint(2, 980)} {street}, {town}, {state} {zip_prefix}{self.rng.randint(0, 99):02d}"

    def person_name(self, sex: str, *, middle: bool = False, suffix: str = "") -> PersonName:
        """Return a fresh name; the given name fits the sex (F or M)."""
        given = self.lists["given_female" if sex == "F" else "given_male"]
        first, second = self.rng.sample(given, 2)
        return PersonName(self._family_name(), first, second if middle else "", suffix=suffix)

    def accession(self) -> str:
        """Return a new accession number."""
        return self._unique("??########")

    def serial_number(self) -> str:
        """Return a new device serial number."""
        return self._unique("SN#####??")

    def hospital(self) -> Hospital:
        """Return a fictional hospital."""
        family = self._family_name()
        name = f"{family} {self.rng.choice(self.lists['hospital_kinds'])}"
        return Hospital(name, self.address(), self.phone(), f"{family.upper()}_MRN")

    def staff(self, *, physician: bool) -> Staff:
        """Return a staff member; physicians carry the MD suffix as many PACS write it."""
        name = self.person_name(self.rng.choice("FM"), suffix="MD" if physician else "")
        return Staff(name, self.phone())

    def patient(self, *, over_89: bool = False) -> Patient:
        """Return a patient; `over_89` makes one old enough that HIPAA aggregates the age."""
        sex = self.rng.choice("FM")
        first, last = (date(1917, 1, 1), date(1924, 12, 31)) if over_89 else (date(1936, 1, 1), date(2006, 12, 31))
        born = first + timedelta(days=self.rng.randint(0, (last - first).days))
        return Patient(self.person_name(sex, middle=True), sex, born, self._unique("??######?"), self.address(),
                       self.phone())
