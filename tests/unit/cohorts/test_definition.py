"""Cohort definitions: validation that names the field, the canonical form and its hash."""
import pytest

from app.cohorts.definition import check_concepts, parse_definition
from app.errors import InvalidInput

FULL = {"modalities": ["CT"], "body_parts": ["CHEST"],
        "study_date": {"from": "2015-01-01", "to": "2020-12-31"},
        "age": {"min": 18, "max": 89}, "sex": ["F", "M"],
        "include": [{"concept": "RID5352", "status": "present", "descendants": True}],
        "exclude": [{"concept": "RID1301", "status": "present"}],
        "labels": ["RID5352", "RID34539"]}


def test_the_design_example_parses_and_every_key_is_optional():
    assert parse_definition(FULL).include[0].descendants is True
    empty = parse_definition({})
    assert empty.modalities == [] and empty.include == [] and empty.study_date is None


def test_spellings_of_the_same_selection_share_one_hash():
    reordered = {**FULL, "modalities": ["ct", "CT"], "sex": ["M", "F", "M"], "labels": ["RID34539", "RID5352"],
                 "exclude": [{"concept": "RID1301"}, {"concept": "RID1301", "status": "present"}]}
    assert parse_definition(reordered).hash == parse_definition(FULL).hash
    assert parse_definition(reordered).canonical_json() == parse_definition(FULL).canonical_json()


@pytest.mark.parametrize("change", [{"age": {"min": 18, "max": 90}}, {"sex": ["F"]},
                                    {"include": [{"concept": "RID5352", "status": "present"}]},
                                    {"study_date": {"from": "2015-01-02", "to": "2020-12-31"}}])
def test_any_change_of_selection_changes_the_hash(change):
    assert parse_definition({**FULL, **change}).hash != parse_definition(FULL).hash


@pytest.mark.parametrize("bad,where", [
    ({"age": {"min": "eighteen"}}, "age.min"),
    ({"age": {"min": 60, "max": 18}}, "age"),
    ({"study_date": {"from": "2021-01-01", "to": "2020-01-01"}}, "study_date"),
    ({"study_date": {"from": "01/02/2020"}}, "study_date"),
    ({"include": [{"concept": "RID1", "status": "probable"}]}, "include.0.status"),
    ({"include": [{"concept": "RID1", "descendants": 1}]}, "include.0.descendants"),
    ({"exclude": [{"status": "present"}]}, "exclude.0.concept"),
    ({"sex": ["X"]}, "sex.0"),
    ({"modalities": ["C/T"]}, "modalities"),
    ({"modality": ["CT"]}, "modality"),
    ([], "definition"),
])
def test_errors_name_the_field_at_fault(bad, where):
    with pytest.raises(InvalidInput) as error:
        parse_definition(bad)
    assert f": {where}" in str(error.value) or (where == "definition" and "JSON object" in str(error.value))


def test_unknown_concepts_are_named():
    definition = parse_definition(FULL)
    with pytest.raises(InvalidInput, match="exclude.0.concept: unknown concept RID1301"):
        check_concepts(definition, lambda cid: cid != "RID1301")
    check_concepts(definition, lambda cid: True)
