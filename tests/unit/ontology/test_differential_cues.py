"""Issue #22: a finding that other diseases also give is a hedge on them ("can be seen with infection"), and a request's
"Rule out ..." asks the question rather than answering it ("rules out" has the same normal form). Each sentence is
written anew for its shape."""
import pytest

from .conftest import statuses


@pytest.mark.parametrize("text, expected", [
    ("Patchy ground-glass opacity, which can be seen with atypical infection.",
     {("ground-glass opacity", "present"), ("infection", "uncertain")}),
    ("Thickened gallbladder wall, as can be seen in hepatitis.",
     {("gallbladder wall thickening", "present"), ("hepatitis", "uncertain")}),
    ("Rule out pneumonia.", {("pneumonia", "uncertain")}),
    ("The pneumonia was ruled out.", {("pneumonia", "absent")}),
])
def test_differential_and_request_hedges(shipped, text, expected):
    assert statuses(shipped, text) == expected
