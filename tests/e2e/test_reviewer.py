"""The IRB reviewer in a real browser: reads a request in plain language, approves it, audits profiles."""
import json
import re
import uuid
import urllib.request

from playwright.sync_api import expect

from app.services import Services
from tests.e2e.conftest import shoot
from tests.support.cli import cleanroom
from tests.support.profiles import record_older_version

DEFINITION = {"modalities": ["CT", "MR"], "exclude": [{"concept": "RID4650", "status": "present", "descendants": True}],
              "labels": ["RID4650", "RID34393"]}


def _submit_as_researcher(site) -> int:
    """File a cohort request through the API with a researcher's token; return its id."""
    made = cleanroom("tokens", "create", f"e2e-review-{uuid.uuid4().hex[:8]}", "--user", "researcher", env=site.env)
    assert made.returncode == 0, made.stderr
    body = {"definition": DEFINITION, "purpose": "Studies without fractures as negatives for a fracture detector.",
            "irb_protocol": "IRB-E2E-26", "profile": "research", "outputs": ["dicom", "labels"]}
    call = urllib.request.Request(f"{site.url}/api/v1/cohort-requests", data=json.dumps(body).encode(), method="POST",
                                  headers={"Authorization": f"Bearer {made.stdout.strip()}",
                                           "Content-Type": "application/json"})
    with urllib.request.urlopen(call, timeout=30) as response:
        return json.loads(response.read())["id"]


def test_a_reviewer_reads_a_request_in_plain_language_and_approves_it(browse, site):
    number = _submit_as_researcher(site)
    page = browse("reviewer")
    page.goto("/review")
    card = page.get_by_role("article", name=f"Request #{number}")
    assert re.search(r"CT or MR studies whose report does not state fracture \(RID4650\) \(or any of its \d+ kinds\) "
                     r"is present\.", card.inner_text())
    assert "IRB-E2E-26" in card.inner_text() and "user:researcher" in card.inner_text()
    shoot(page, "review-queue")
    card.get_by_role("link", name=f"Review request #{number}").click()
    page.wait_for_url(f"**/review/{number}")
    expect(page.get_by_role("heading", name="Exact counts in the index now")).to_be_visible()
    studies = int(page.locator("dl.counts div", has_text="Studies").locator("dd").inner_text())
    assert studies > 0  # the demo archive has CT and MR studies with no fracture reported
    shoot(page, "review-request")
    page.set_viewport_size({"width": 420, "height": 900})
    shoot(page, "review-request-narrow")
    page.set_viewport_size({"width": 1280, "height": 900})

    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_label("Approve").check()
    page.get_by_label("Comment for the researcher").fill("Within protocol IRB-E2E-26.")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_url(f"**/review/{number}")
    assert dialogs and f"request #{number}" in dialogs[0]
    flash = page.get_by_role("status").filter(has_text="approved")
    assert re.search(rf"Request #{number} approved; export job #\d+ started\.", flash.inner_text())
    job = page.locator(".job").inner_text()
    assert re.search(r"Export job #\d+: (queued|running|succeeded)", job), job
    assert page.get_by_role("button", name="Record decision").count() == 0
    shoot(page, "review-approved")


def test_a_reviewer_compares_profile_versions_and_reads_the_safe_harbor_checklist(browse, site):
    older = record_older_version(Services.load(site.env), "research", without_option="retain_device_identity")
    page = browse("reviewer")
    page.goto("/profiles")
    shoot(page, "profiles")
    page.get_by_role("link", name="limited-data-set").click()
    dates = page.locator("#identifier-C")
    assert dates.locator(".badge").inner_text() == "kept"
    assert "StudyDate: K keep (kept)" in dates.inner_text()
    shoot(page, "profile-limited-data-set")

    page.goto("/profiles/research")
    expect(page.get_by_role("heading", name="HIPAA Safe Harbor checklist")).to_be_visible()
    assert page.locator("#identifier-C .badge").inner_text() == "replaced"
    shoot(page, "profile-research")
    page.get_by_role("link", name="Compare versions").click()
    page.get_by_label("From version").select_option(str(older))
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(rf"from={older}"))
    settings = page.get_by_role("row", name=re.compile("dicom.options"))
    assert "retain_device_identity" in settings.inner_text()
    station = page.get_by_role("row", name=re.compile(r"^\(0008,1010\) StationName "))
    assert "changed" in station.inner_text() and "retain_device_identity" in station.inner_text()
    shoot(page, "profile-diff")

    page.goto("/profiles/research/sample", timeout=120_000)  # OCR of the demo ultrasound, then cached
    assert "region(s) of burned-in text masked" in page.get_by_role("status").inner_text()
    for image in page.locator(".side-by-side img").all():
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert re.fullmatch(r"X+x*(\^X+x*)*", page.get_by_role("row", name=re.compile("PatientName")).locator(
        "td").nth(1).inner_text())
    shoot(page, "profile-sample")
