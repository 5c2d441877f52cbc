"""A cohort definition in plain language, for the reviewer who approves it."""
from __future__ import annotations

from typing import Protocol

from .definition import CohortDefinition, Criterion

SEX_WORDS = {"F": "female", "M": "male", "O": "other"}
STATUS_PHRASES = {"present": "is present", "absent": "is absent", "uncertain": "may be present",
                  "historical": "was present before"}


class Vocabulary(Protocol):
    """What a description needs of the ontology."""

    def label(self, concept_id: str) -> str: ...

    def descendant_count(self, concept_id: str) -> int: ...


def describe(definition: CohortDefinition, vocabulary: Vocabulary) -> str:
    """Return one sentence saying which studies the definition selects."""
    modalities = " or ".join(definition.modalities) or "All"
    parts = [f"{modalities} studies"]
    if definition.body_parts:
        parts.append("of the " + " or ".join(p.lower().replace("_", " ") for p in definition.body_parts))
    parts += _dates(definition)
    people = _people(definition)
    if people:
        parts.append(people)
    findings = [_finding(c, vocabulary) for c in definition.include]
    if findings:
        parts.append("whose report states " + ", and ".join(findings))
    excluded = [_finding(c, vocabulary) for c in definition.exclude]
    if excluded:
        parts.append(("and does not state " if findings else "whose report does not state ") + ", nor ".join(excluded))
    return " ".join(parts) + "."


def _dates(definition: CohortDefinition) -> list[str]:
    span = definition.study_date
    if span is None or (span.from_ is None and span.to is None):
        return []
    if span.from_ and span.to:
        return [f"from {span.from_.isoformat()} to {span.to.isoformat()}"]
    return [f"from {span.from_.isoformat()} on"] if span.from_ else [f"up to {span.to.isoformat()}"]


def _people(definition: CohortDefinition) -> str:
    who = " or ".join(SEX_WORDS[s] for s in definition.sex)
    noun = f"{who} patients" if who else "patients"
    age = definition.age
    if age is None or (age.min is None and age.max is None):
        return f"of {noun}" if who else ""
    if age.min is not None and age.max is not None:
        return f"of {noun} aged {age.min}–{age.max}"
    return f"of {noun} aged {age.min} or over" if age.min is not None else f"of {noun} aged {age.max} or under"


def _finding(criterion: Criterion, vocabulary: Vocabulary) -> str:
    name = f"{vocabulary.label(criterion.concept)} ({criterion.concept})"
    kinds = vocabulary.descendant_count(criterion.concept) if criterion.descendants else 0
    if kinds:
        name += f" (or any of its {kinds} kinds)"
    return f"{name} {STATUS_PHRASES[criterion.status]}"
