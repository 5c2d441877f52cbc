"""Every Cleanroom error that reaches the API edge is one JSON line with its own status, never a 500."""
import importlib
import pkgutil
import shutil
from pathlib import Path

import pytest

import app as app_package
from app.auth.access import public
from app.errors import CleanroomError
from tests.conftest import auth, base_overrides

# Modules that run something when imported: Alembic's environment and the console entry point.
NOT_IMPORTED = ("app.migrations", "app.__main__")
# Engine exceptions that are no error: the raw scanner hands a file to pydicom's reader with this.
SIGNALS = {"ScanDeclined"}
ENGINES = ("app.dicom", "app.pixels", "app.text", "app.ontology", "app.profiles", "app.deid")


def _subclasses(cls: type) -> set[type]:
    return {sub for direct in cls.__subclasses__() for sub in {direct} | _subclasses(direct)}


def _load_every_module() -> None:
    for module in pkgutil.walk_packages(app_package.__path__, "app."):
        if not module.name.startswith(NOT_IMPORTED):
            importlib.import_module(module.name)


_load_every_module()
ERRORS = sorted(_subclasses(CleanroomError) | {CleanroomError}, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _instance(cls: type) -> CleanroomError:
    error = cls.__new__(cls)  # constructors differ (a reason code, a message); the status is the class's
    Exception.__init__(error, "a clear, PHI-free message")
    return error


def test_every_public_engine_exception_is_a_cleanroom_error():
    engine_exceptions = {cls for cls in _subclasses(Exception)
                         if cls.__module__.startswith(ENGINES) and not cls.__name__.startswith("_")}
    assert {c.__name__ for c in engine_exceptions if not issubclass(c, CleanroomError)} == SIGNALS


@pytest.fixture
def overrides(tmp_path) -> dict:
    """An instance with its own copy of the shipped profiles, so a test may add a broken one."""
    shutil.copytree(Path(__file__).resolve().parents[2] / "profiles", tmp_path / "profiles")
    return {**base_overrides(tmp_path), "CLEANROOM_PROFILES_DIR": str(tmp_path / "profiles")}


@pytest.fixture
def raising_app(app):
    """The app with one extra API route that raises the Cleanroom error class named in its path."""
    by_name = {f"{c.__module__}.{c.__qualname__}": c for c in ERRORS}

    @public
    def raise_error(name: str):
        raise _instance(by_name[name])

    app.add_url_rule("/api/v1/test-raise/<name>", endpoint="api.test_raise", view_func=raise_error)
    return app


def test_a_cleanroom_error_is_answered_with_its_status_never_a_500(raising_app):
    client, answers = raising_app.test_client(), {}
    for error in ERRORS:
        response = client.get(f"/api/v1/test-raise/{error.__module__}.{error.__qualname__}")
        assert response.get_json()["error"]["message"] == "a clear, PHI-free message", error
        answers[error.__qualname__] = response.status_code
    assert {name: status for name, status in answers.items() if status not in (400, 404, 409, 422, 503)} == {}
    assert answers["InvalidInput"] == answers["ProfileError"] == 400 and answers["UnknownProfile"] == 404
    assert answers["Quarantined"] == 422 and answers["OcrUnavailable"] == answers["AuditUnavailable"] == 503
    assert answers == {error.__qualname__: error.http_status for error in ERRORS}


def test_a_broken_profile_file_is_a_clear_400_not_a_500(client, make_token, services):
    (services.settings.profiles_dir / "broken.yaml").write_text("name: broken\nversion: 1\ndescription: x\n"
                                                                "pixels:\n  margin: -1\n")
    response = client.post("/api/v1/deid/text", json={"text": "x", "profile": "broken"},
                           headers=auth(make_token("pipeline")))
    assert response.status_code == 400
    assert "pixels.margin" in response.get_json()["error"]["message"]
