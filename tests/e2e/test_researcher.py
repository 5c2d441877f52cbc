"""A researcher's journey in a real browser: build a cohort with the live count, file it, follow it to the download."""
import json
import re
import urllib.request
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import shoot
from tests.support.cli import cleanroom

PURPOSE = "Train a pleural effusion detector on chest CT."


def test_a_researcher_builds_a_cohort_files_it_and_follows_its_export(browse, site):
    page = browse("researcher")
    page.goto("/cohorts/new")
    studies = page.locator("#count-studies")
    expect(studies).to_have_text(re.compile(r"^\d+$"))  # the whole demo archive is more than a small cell
    before = studies.inner_text()

    search = page.get_by_role("combobox", name="Find a finding, procedure or device")
    search.press_sequentially("pleural eff", delay=40)
    expect(page.get_by_role("option").first).to_contain_text("pleural effusion")
    search.press("ArrowDown")
    search.press("ArrowUp")
    search.press("Enter")
    expect(page.locator('li.criterion[data-concept="RID34539"]')).to_be_visible()
    expect(studies).not_to_have_text(before)
    expect(studies).to_have_text("<11")  # the demo holds only a few effusions

    page.get_by_role("checkbox", name="CT", exact=True).check()
    expect(page.locator("#cohort-description")).to_have_text(
        "CT studies whose report states pleural effusion (RID34539) is present.")
    prevalence = page.get_by_role("img", name=re.compile(r"^Label prevalence \(studies\): pleural effusion: present <11"))
    expect(prevalence).to_be_visible()
    definition = json.loads(page.locator('input[name="definition"]').input_value())
    assert definition == {"modalities": ["CT"], "include": [{"concept": "RID34539", "status": "present",
                                                             "descendants": False}], "labels": ["RID34539"]}
    page.get_by_label("Purpose: what the data is for").fill(PURPOSE)
    page.get_by_label("IRB protocol").fill("IRB-E2E-7")
    shoot(page, "cohort-builder")

    page.get_by_role("button", name="Submit for IRB review").click()
    page.wait_for_url(re.compile(r"/requests/\d+$"))
    number = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_role("status")).to_have_text(f"Request {number} is submitted for IRB review.")
    expect(page.locator("#request-state")).to_have_text("submitted")
    shoot(page, "request-submitted")

    # A reviewer approves it through the API (their pages are tested on their own); the open page follows.
    _approve(site, number)
    page.reload()
    expect(page.locator("#request-state")).to_have_text("ready", timeout=60_000)
    download = page.get_by_role("link", name="Download the package (.zip)")
    expect(download).to_be_visible()
    bar = page.locator("#export-progress")
    assert bar.get_attribute("max") and bar.get_attribute("value") == bar.get_attribute("max")
    shoot(page, "request-ready")
    with page.expect_download() as started:
        download.click()
    assert started.value.suggested_filename == f"cohort-request-{number}.zip"

    page.goto("/requests")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=f"Request {number}", exact=True))
    expect(row).to_contain_text(PURPOSE)
    expect(row.locator(".badge")).to_have_text("ready")
    shoot(page, "my-requests")

    page.set_viewport_size({"width": 420, "height": 900})
    page.goto("/cohorts/new")
    expect(studies).to_have_text(before)
    shoot(page, "cohort-builder-narrow")


def _approve(site, number: int) -> None:
    name = f"e2e-reviewer-{uuid.uuid4().hex[:6]}"
    made = cleanroom("tokens", "create", name, "--user", "reviewer", env=site.env)
    assert made.returncode == 0, made.stderr
    decision = json.dumps({"decision": "approve", "comment": "Approved in the e2e test."}).encode()
    call = urllib.request.Request(f"{site.url}/api/v1/cohort-requests/{number}/decision", method="POST",
                                  data=decision, headers={"Authorization": f"Bearer {made.stdout.strip()}",
                                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(call) as answer:
        assert json.load(answer)["state"] == "approved"
