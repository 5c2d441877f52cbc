"""The IRB reviewer's pages with the Flask client: the queue, a request in plain language, decisions, profiles."""
import re

import pytest

from app.auth import accounts
from app.models import CohortRequest
from app.profiles import ProfileLibrary
from tests.conftest import PASSWORD, auth
from tests.support.profiles import record_older_version
from tests.support.web import sign_in

DEFINITION = {"modalities": ["CT"], "body_parts": ["CHEST"], "age": {"min": 18, "max": 89},
              "include": [{"concept": "RID5352", "status": "present", "descendants": True}], "labels": ["RID5352"]}
REQUEST = {"definition": DEFINITION, "purpose": "Train a pneumothorax detector on chest CT.",
           "irb_protocol": "IRB-2026-0042", "profile": "research"}


def _sign_in(client, services, role: str) -> None:
    username = f"{role}-web"
    with services.db.session() as session:
        accounts.add_user(session, username, role, PASSWORD, actor="test")
    sign_in(client, username, PASSWORD)


def _csrf(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


@pytest.fixture
def submitted(client, make_token):
    """Return a function that files a request through the API as a researcher and returns its id."""
    token = auth(make_token("researcher"))

    def submit() -> int:
        response = client.post("/api/v1/cohort-requests", json=REQUEST, headers=token)
        assert response.status_code == 201, response.json
        return response.json["id"]
    return submit


@pytest.fixture
def reviewer(client, services):
    _sign_in(client, services, "reviewer")
    return client


def _state(services, request_id: int) -> str:
    with services.db.session() as session:
        return session.get(CohortRequest, request_id).state


def test_the_queue_and_the_request_read_in_plain_language_with_exact_counts(reviewer, submitted):
    number = submitted()
    queue = reviewer.get("/review").get_data(as_text=True)
    assert f"Request #{number}" in queue and "IRB-2026-0042" in queue
    assert "CT studies of the chest of patients aged 18–89 whose report states pneumothorax (RID5352)" in queue
    page = reviewer.get(f"/review/{number}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Exact counts" in html and "Label prevalence" in html
    assert 'href="/profiles/research?version=' in html and "Record decision" in html
    assert 'data-confirm="Record this decision' in html


def test_a_rejection_without_a_comment_is_refused(reviewer, submitted, services):
    number = submitted()
    response = reviewer.post(f"/review/{number}", data={"decision": "reject", "comment": "  ",
                                                        "csrf_token": _csrf(reviewer, f"/review/{number}")})
    assert response.status_code == 400
    assert "a rejection needs a comment" in response.get_data(as_text=True)
    assert _state(services, number) == "submitted"


def test_a_decision_without_the_csrf_token_is_refused(reviewer, submitted, services):
    number = submitted()
    response = reviewer.post(f"/review/{number}", data={"decision": "approve", "comment": "fine"})
    assert response.status_code == 400
    assert _state(services, number) == "submitted"


def test_approval_starts_the_export_and_a_second_decision_is_a_conflict(reviewer, submitted, services):
    number = submitted()
    token = _csrf(reviewer, f"/review/{number}")
    approved = reviewer.post(f"/review/{number}", data={"decision": "approve", "comment": "Within protocol 42.",
                                                        "csrf_token": token})
    assert approved.status_code == 302
    page = reviewer.get(f"/review/{number}").get_data(as_text=True)
    assert re.search(r"Export job #\d+", page) and "Within protocol 42." in page
    assert "Record decision" not in page  # a decided request shows its decision, no form
    with services.db.session() as session:
        assert session.get(CohortRequest, number).export_job_id is not None
    again = reviewer.post(f"/review/{number}", data={"decision": "reject", "comment": "No.", "csrf_token": token})
    assert again.status_code == 409 and "409" in again.get_data(as_text=True)


def test_a_failed_export_is_started_again_from_its_page(reviewer, submitted, services):
    import time

    number = submitted()
    reviewer.post(f"/review/{number}", data={"decision": "approve", "comment": "ok",
                                             "csrf_token": _csrf(reviewer, f"/review/{number}")})
    deadline = time.monotonic() + 60
    while _state(services, number) != "failed":  # this index holds no images: the export has nothing to export
        assert time.monotonic() < deadline
        time.sleep(0.1)
    with services.db.session() as session:
        first_job = session.get(CohortRequest, number).export_job_id
    page = reviewer.get(f"/review/{number}").get_data(as_text=True)
    assert "Start the export again" in page
    assert reviewer.post(f"/review/{number}/export").status_code == 400  # no CSRF token
    assert _state(services, number) == "failed"
    started = reviewer.post(f"/review/{number}/export", data={"csrf_token": _csrf(reviewer, f"/review/{number}")})
    assert started.status_code == 302
    with services.db.session() as session:
        assert session.get(CohortRequest, number).export_job_id != first_job


@pytest.mark.parametrize("path", ["/review/999999", "/review/99999999999", "/profiles/no-such-profile",
                                  "/profiles/research?version=99", "/profiles/research/sample/middle.png",
                                  "/profiles/no-such-profile/diff"])
def test_unknown_ids_are_not_found(reviewer, path):
    assert reviewer.get(path).status_code == 404


def test_deciding_an_unknown_request_is_not_found(reviewer):
    response = reviewer.post("/review/999999", data={"decision": "approve", "comment": "",
                                                     "csrf_token": _csrf(reviewer, "/review")})
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/review/1", "/profiles/research", "/profiles/research/diff",
                                  "/profiles/research/sample", "/profiles/research/sample/before.png"])
def test_pages_with_an_id_refuse_researchers(client, services, path):
    _sign_in(client, services, "researcher")
    assert client.get(path).status_code == 403


def test_the_profile_page_flags_what_a_limited_data_set_keeps(reviewer):
    html = reviewer.get("/profiles/limited-data-set").get_data(as_text=True)
    dates = re.search(r'<tr class="kept" id="identifier-C">(.*?)</tr>', html, re.S)
    assert dates and "outcome-kept" in dates.group(1) and "StudyDate: K keep" in dates.group(1)
    basic = reviewer.get("/profiles/basic").get_data(as_text=True)
    assert '<tr class="kept"' not in basic
    assert "Retain Longitudinal Temporal Information Full Dates Option" in html


def test_the_diff_shows_option_and_attribute_changes_between_recorded_versions(reviewer, services):
    current = ProfileLibrary(services.settings.profiles_dir).get("research")
    older = record_older_version(services, "research", without_option="retain_device_identity")
    html = reviewer.get(f"/profiles/research/diff?from={older}&to={current.version}").get_data(as_text=True)
    assert "dicom.options" in html and "retain_device_identity" in html
    assert re.search(r"StationName</th><td><span class=\"badge warn\">changed</span>", html)
    assert f'<option value="{older}" selected>' in html
    assert reviewer.get("/profiles/research/diff?from=x").status_code == 400


def test_the_profiles_list_shows_every_profile_with_its_hash(reviewer, services):
    html = reviewer.get("/profiles").get_data(as_text=True)
    for profile in ProfileLibrary(services.settings.profiles_dir).all():
        assert f">{profile.name}</a>" in html and profile.hash[:16] in html


def test_a_sample_the_profile_quarantines_shows_the_masked_header_and_no_after(reviewer):
    # No demo archive in this instance: the page makes a synthetic file. Basic quarantines it unread (no OCR);
    # the cleaned sample is shown in the browser test, on the demo archive.
    html = reviewer.get("/profiles/basic/sample").get_data(as_text=True)
    assert "This profile quarantines the file" in html and "synthetic ultrasound" in html
    assert re.search(r"PatientName</th><td class=\"value\">X+x*\^X+x*</td>", html)
    before = reviewer.get("/profiles/basic/sample/before.png")
    assert before.status_code == 200 and before.data.startswith(b"\x89PNG")
    assert reviewer.get("/profiles/basic/sample/after.png").status_code == 404
