"""Schemathesis fuzzes every operation in /api/v1/openapi.json in-process (issue #21, part G).

Valid requests (positive mode) and schema-violating ones (negative mode) go to the Flask app through
schemathesis's WSGI transport with an admin token. Checks: no 5xx, every response matches its documented
schema and status codes, and invalid input is refused. Bounded (a fixed number of derandomised examples
per operation and mode, no deadline) so the run takes well under a minute. The loop drives schemathesis's
Hypothesis strategies directly, because its pytest fixture loader does not run under pytest 9.
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (negative_data_rejection, response_schema_conformance,
                                               status_code_conformance)

from tests.conftest import auth
from tests.unit.ontology.conftest import MINI

EXAMPLES_PER_OPERATION = 15
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, negative_data_rejection]
# A body over the route's limit is refused with 413 before it is parsed; that is a rejection too.
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": [
    "400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]}}})
# POST /deid/dicom takes raw bytes: send the generated ones as they are.
schemathesis.serializer.alias("application/dicom", "application/octet-stream")


@pytest.fixture
def overrides(overrides):
    return {**overrides, "CLEANROOM_ONTOLOGY": str(MINI)}


def test_api_never_fails_on_generated_input(app, make_token):
    headers = auth(make_token("admin"))  # admins may call every operation
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    cases, failures = [], {}
    for mode in GenerationMode:
        for operation in operations:
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def call(case):
                cases.append(operation.label)
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                call()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # an operation without inputs has nothing to violate
            except (AssertionError, FailureGroup) as failure:  # gather every operation's failures, report all
                failures[f"{mode.value} {operation.label}"] = _describe(failure)
    print(f"schemathesis: {len(cases)} cases over {len(operations)} operations, {len(failures)} failing")
    assert len(operations) >= 10 and not failures, "\n\n".join(f"{k}: {v}" for k, v in failures.items())


def _describe(failure: BaseException) -> str:
    found = [str(e) for e in failure.exceptions] if isinstance(failure, BaseExceptionGroup) else []
    return f"{failure}: {'; '.join(found)}"[:3000]
