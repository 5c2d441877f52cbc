"""A cohort definition (DESIGN.md, "Cohort definition"): validated, made canonical, hashed, and described.

Every key is optional. The unit of a cohort is the study: a study qualifies when its modality,
body part, date, the patient's age at the study and sex match, every `include` criterion holds for
one of its reports and no `exclude` criterion does. The canonical form (defaults filled in, lists
sorted and unique, codes upper-case) is what is hashed, approved and exported: two definitions
that select the same studies in different spellings have the same hash.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import InvalidInput

STATUSES = ("present", "absent", "uncertain", "historical")
SEXES = ("F", "M", "O")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class DateRange(_Strict):
    """Study dates, both ends included."""

    from_: date | None = Field(None, alias="from")
    to: date | None = None

    @field_validator("from_", "to", mode="before")
    @classmethod
    def _iso(cls, value):
        return date.fromisoformat(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.from_ and self.to and self.from_ > self.to:
            raise ValueError("'from' is after 'to'")
        return self


class AgeRange(_Strict):
    """Age at the study in whole years, both ends included."""

    min: int | None = Field(None, ge=0, le=150)
    max: int | None = Field(None, ge=0, le=150)

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is above 'max'")
        return self


class Criterion(_Strict):
    """A report finding: a concept with an assertion status, optionally any of its descendants."""

    concept: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    status: Literal["present", "absent", "uncertain", "historical"] = "present"
    descendants: bool = False


class CohortDefinition(_Strict):
    """The researcher's selection of studies and the labels to export."""

    modalities: list[str] = Field(default_factory=list, max_length=50)
    body_parts: list[str] = Field(default_factory=list, max_length=50)
    study_date: DateRange | None = None
    age: AgeRange | None = None
    sex: list[Literal["F", "M", "O"]] = Field(default_factory=list)
    include: list[Criterion] = Field(default_factory=list, max_length=20)
    exclude: list[Criterion] = Field(default_factory=list, max_length=20)
    labels: list[str] = Field(default_factory=list, max_length=100)

    @field_validator("modalities", "body_parts")
    @classmethod
    def _codes(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value or len(value) > 16 or not value.replace("_", "").replace(" ", "").isalnum():
                raise ValueError("codes are 1-16 letters, digits, spaces or underscores")
        return sorted({v.upper() for v in values})

    @field_validator("labels")
    @classmethod
    def _label_ids(cls, values: list[str]) -> list[str]:
        return sorted(set(values))

    def canonical(self) -> dict:
        """Return the canonical JSON-ready form: defaults filled in, lists sorted, no duplicates."""
        data = self.model_dump(mode="json", by_alias=True)
        for key in ("include", "exclude"):
            data[key] = sorted({json.dumps(c, sort_keys=True) for c in data[key]})
            data[key] = [json.loads(c) for c in data[key]]
        data["sex"] = sorted(set(data["sex"]))
        return data

    def canonical_json(self) -> str:
        """Return the canonical form as compact JSON with sorted keys: the bytes that are hashed."""
        return json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"))

    @property
    def hash(self) -> str:
        """Return the SHA-256 of the canonical JSON, as hex."""
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()

    def concept_ids(self) -> set[str]:
        """Return every concept the definition names (criteria and labels)."""
        return {c.concept for c in (*self.include, *self.exclude)} | set(self.labels)


def parse_definition(data: object) -> CohortDefinition:
    """Validate a decoded JSON definition; raise InvalidInput naming the field at fault."""
    if not isinstance(data, dict):
        raise InvalidInput("a cohort definition is a JSON object")
    try:
        return CohortDefinition.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "definition"
        # pydantic's message names the rule, never echoes a long value back
        raise InvalidInput(f"cohort definition: {where}: {first['msg']}") from None


def check_concepts(definition: CohortDefinition, known: Callable[[str], bool]) -> None:
    """Raise InvalidInput naming the first concept ID that `known` does not recognise."""
    for where, items in (("include", definition.include), ("exclude", definition.exclude)):
        for index, criterion in enumerate(items):
            if not known(criterion.concept):
                raise InvalidInput(f"cohort definition: {where}.{index}.concept: unknown concept {criterion.concept}")
    for index, concept in enumerate(definition.labels):
        if not known(concept):
            raise InvalidInput(f"cohort definition: labels.{index}: unknown concept {concept}")
