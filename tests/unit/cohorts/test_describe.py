"""Definitions in plain language, over the shipped ontology."""
import pytest

from app.cohorts.definition import parse_definition
from app.cohorts.describe import describe


class ShippedVocabulary:
    def __init__(self, ontology):
        self.ontology = ontology

    def label(self, concept_id: str) -> str:
        return self.ontology.get(concept_id).label

    def descendant_count(self, concept_id: str) -> int:
        return len(self.ontology.descendants(concept_id))


@pytest.fixture(scope="module")
def vocabulary(shipped_ontology):
    return ShippedVocabulary(shipped_ontology)


def test_a_full_definition_reads_as_one_sentence(vocabulary):
    definition = parse_definition({
        "modalities": ["CT"], "body_parts": ["CHEST"], "study_date": {"from": "2015-01-01", "to": "2020-12-31"},
        "age": {"min": 18, "max": 89}, "include": [{"concept": "RID50149", "descendants": True}],
        "exclude": [{"concept": "CLN06002", "status": "historical"}]})
    kinds = vocabulary.descendant_count("RID50149")
    assert kinds > 0
    assert describe(definition, vocabulary) == (
        "CT studies of the chest from 2015-01-01 to 2020-12-31 of patients aged 18–89 whose report states "
        f"pulmonary nodule (RID50149) (or any of its {kinds} kinds) is present and does not state "
        "lobectomy (CLN06002) was present before.")


def test_an_empty_definition_selects_all_studies(vocabulary):
    assert describe(parse_definition({}), vocabulary) == "All studies."


def test_open_ranges_and_sex_are_said(vocabulary):
    definition = parse_definition({"sex": ["F"], "age": {"min": 90}, "study_date": {"to": "2010-06-30"},
                                   "exclude": [{"concept": "RID5352", "status": "present"}]})
    assert describe(definition, vocabulary) == ("All studies up to 2010-06-30 of female patients aged 90 or over "
                                                "whose report does not state pneumothorax (RID5352) is present.")
