"""A reviewer's journey in a real browser: the audit log filtered with its chain verified; the quarantine list."""
import pytest

from tests.dicom_factory import burned_in, instance, to_bytes
from tests.e2e.conftest import shoot
from tests.support.cli import cleanroom


def test_reviewer_filters_the_audit_log_and_sees_the_chain_verified(browse):
    page = browse("reviewer")
    page.goto("/audit")
    status = page.locator(".chain")
    assert status.get_by_text("intact").is_visible()
    page.get_by_label("Action").fill("user.login")
    page.get_by_role("button", name="Show events").click()
    actions = page.locator("table.events tbody td code").all_inner_texts()
    assert actions and set(actions) == {"user.login"}
    assert "action=user.login" in page.url
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
    page.get_by_role("button", name="Show").click()
    entry = page.locator("ul.quarantined > li").first
    assert entry.get_by_text("pixels not cleaned", exact=True).is_visible()
    assert entry.get_by_text("burned-in annotation").is_visible() or entry.get_by_text("pixels not cleaned:").is_visible()
    before = entry.get_by_role("img").first
    before.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=before.element_handle(), timeout=120_000)
    after = entry.get_by_role("img").nth(1)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=after.element_handle(), timeout=120_000)
    shoot(page, "quarantine")
    page.goto("/quarantine?reason=unreadable")
    # The page's script writes the note once the preview request has failed: wait for it (a timeout fails).
    note = page.locator("ul.quarantined > li").first.get_by_text("No preview")
    note.wait_for(state="visible", timeout=120_000)
    assert note.is_visible()
