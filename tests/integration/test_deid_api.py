"""POST /api/v1/deid/dicom and the profile endpoints."""
from io import BytesIO

import pytest
from pydicom import dcmread

from tests.conftest import auth
from tests.dicom_factory import FAMILY, MRN, instance, to_bytes


@pytest.fixture
def pipeline(make_token):
    return auth(make_token("pipeline"))


def _post(client, headers, data, profile="research"):
    return client.post(f"/api/v1/deid/dicom?profile={profile}", data=data, headers=headers,
                       content_type="application/dicom")


def test_returns_the_deidentified_instance(client, pipeline):
    response = _post(client, pipeline, to_bytes(instance()))
    assert response.status_code == 200 and response.mimetype == "application/dicom"
    out = dcmread(BytesIO(response.data))
    assert out.PatientIdentityRemoved == "YES" and MRN not in response.get_data(as_text=False).decode("latin-1")
    assert response.headers["X-Cleanroom-Profile"].startswith("research@3")


def test_quarantined_instance_is_422_with_reason_and_kept_for_review(client, pipeline, services):
    response = _post(client, pipeline, to_bytes(instance(Modality="US")), profile="basic")
    assert response.status_code == 422
    body = response.get_json()["error"]
    assert body["code"] == "pixels_not_cleaned" and FAMILY not in body["message"]
    assert list((services.settings.data_dir / "quarantine").rglob("*.dcm"))


@pytest.mark.parametrize("data, status", [(b"%PDF-1.4 not dicom", 400), (b"", 400)])
def test_bad_bodies_are_400(client, pipeline, data, status):
    response = _post(client, pipeline, data)
    assert response.status_code == status and "error" in response.get_json()


def test_unknown_profile_is_404(client, pipeline):
    assert _post(client, pipeline, to_bytes(instance()), profile="nope").status_code == 404


def test_too_large_is_413(app, client, pipeline):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    assert _post(client, pipeline, to_bytes(instance())).status_code == 413


def test_profile_endpoints(client, make_token):
    reviewer = auth(make_token("reviewer"))
    listing = client.get("/api/v1/profiles", headers=reviewer).get_json()["profiles"]
    assert {"basic", "research", "limited-data-set"} <= {p["name"] for p in listing}
    research = client.get("/api/v1/profiles/research", headers=reviewer).get_json()
    rows = {r["keyword"]: r for r in research["attributes"]}
    assert rows["StudyDate"]["source"] == "retain_long_modified_dates"
    assert client.get("/api/v1/profiles/research?version=7", headers=reviewer).status_code == 404
    assert client.get("/api/v1/profiles/research?version=x", headers=reviewer).status_code == 400
    same = client.get("/api/v1/profiles/research/diff?from=3", headers=reviewer).get_json()
    assert same["changes"] == []
    assert client.get("/api/v1/profiles/research/diff", headers=reviewer).status_code == 400
