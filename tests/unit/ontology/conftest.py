"""A small ontology independent of the shipped data, for engine tests; and the shipped one, for its phrasings."""
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


@pytest.fixture(scope="session")
def shipped(shipped_ontology):
    return Annotator(shipped_ontology)


def statuses(annotator, text):
    """Each finding's label and status in `text`."""
    return {(f.label, f.status) for f in annotator.annotate(text).findings}
