"""A small ontology independent of the shipped data, for engine tests."""
from pathlib import Path

import pytest

from app.ontology import Annotator, load_ontology

MINI = Path(__file__).resolve().parents[2] / "data" / "ontology" / "mini.ttl"


@pytest.fixture(scope="session")
def mini():
    return load_ontology(MINI)


@pytest.fixture(scope="session")
def annotator(mini):
    return Annotator(mini)
