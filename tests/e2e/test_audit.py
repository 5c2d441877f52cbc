"""A reviewer's journey in a real browser: the audit log filtered with its chain verified; the quarantine list."""
import re

import pytest
from playwright.sync_api import expect

from tests.dicom_factory import burned_in, instance, to_bytes
from tests.e2e.conftest import shoot
from tests.support.cli import cleanroom


def test_reviewer_filters_the_audit_log_and_sees_the_chain_verified(browse):
    page = browse("reviewer")
    page.goto("/audit")
    status = page.locator(".chain")
    expect(status.get_by_text("intact")).to_be_visible()
    page.get_by_label("Action").fill("user.login")
    page.get_by_role("button", name="Show events").click()
    expect(page).to_have_url(re.compile(r"action=user\.login"))  # the filtered page, not the one before the post
    actions = page.locator("table.events tbody td code").all_inner_texts()
    assert actions and set(actions) == {"user.login"}
    shoot(page, "audit")


@pytest.mark.ocr
def test_reviewer_sees_a_quarantined_file_with_its_reason_and_previews(browse, site, tmp_path):
    source = tmp_path / "incoming"
    source.mkdir()
    (source / "burned.dcm").write_bytes(to_bytes(burned_in()))
    (source / "broken.dcm").write_bytes(to_bytes(instance())[:900])
    run = cleanroom("deid", "dicom", source, tmp_path / "out", "--profile", "basic", env=site.env)
    assert run.returncode == 0, run.stderr
    page = browse("reviewer")
    page.goto("/quarantine")
    page.get_by_label("Show files quarantined for").select_option(label="pixels not cleaned (1)")
    # The listing just shown asked for its previews (cleaned on request, seconds of OCR each): on a loaded machine
    # they can hold the server's threads past the default wait before the filtered page is answered.
    page.get_by_role("button", name="Show").click(timeout=120_000)
    entry = page.locator("ul.quarantined > li").first
    expect(entry.get_by_text("pixels not cleaned", exact=True)).to_be_visible()
    reason = entry.get_by_text("burned-in annotation").or_(entry.get_by_text("pixels not cleaned:"))
    expect(reason.first).to_be_visible()  # either wording passes; `first`, since both may show
    before = entry.get_by_role("img").first
    before.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=before.element_handle(), timeout=120_000)
    after = entry.get_by_role("img").nth(1)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=after.element_handle(), timeout=120_000)
    shoot(page, "quarantine")
    page.goto("/quarantine?reason=unreadable")
    # The page's script writes the note once the preview request has failed: wait for it (a timeout fails).
    expect(page.locator("ul.quarantined > li").first.get_by_text("No preview")).to_be_visible(timeout=120_000)
