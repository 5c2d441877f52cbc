#!/usr/bin/env python3
"""Benchmark the cohort builder's live count: milliseconds from a change in the browser to the updated number.

    .venv/bin/python scripts/bench/live_count.py [--repeat 20] [--chromium /usr/bin/chromium]

Seeds the demo archive into a temporary instance (`cleanroom demo`), serves it with `cleanroom serve`, signs in
as the demo researcher in Chromium (Playwright) and times, on /cohorts/new, each change until the count shown
has changed: ticking or unticking a modality, and picking a concept with the keyboard (Enter in the type-ahead).
The time is taken in the page itself, from the change event (or the key press) to the moment the number is
replaced. Prints the median and worst per change; the bar is 300 ms.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.conftest import base_overrides  # noqa: E402
from tests.integration.served import serving  # noqa: E402
from tests.support.cli import cleanroom  # noqa: E402

BAR_MS = 300
# Records, in the page, when the last change happened and when the studies number was last replaced.
WATCH = """() => {
  window.benchTimes = [];
  document.getElementById("cohort-form").addEventListener("change", () => { window.benchStart = performance.now(); },
                                                          true);
  new MutationObserver(() => {
    if (window.benchStart) { window.benchTimes.push(performance.now() - window.benchStart); window.benchStart = 0; }
  }).observe(document.getElementById("counts"), {childList: true});
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="changes of each kind to time")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = base_overrides(Path(folder))
        seeded = cleanroom("demo", env=env)
        if seeded.returncode:
            sys.exit(f"cleanroom demo failed: {seeded.stderr.strip()}")
        with serving(env) as (port, _):
            rows = measure(f"http://127.0.0.1:{port}", args.chromium, args.repeat)
    print(f"{'change':<34} {'n':>3} {'median ms':>10} {'worst ms':>9}")
    for name, times in rows.items():
        print(f"{name:<34} {len(times):>3} {statistics.median(times):>10.0f} {max(times):>9.0f}")
    print(f"(bar: {BAR_MS} ms from the change to the updated count)")


def measure(url: str, chromium: str, repeat: int) -> dict[str, list[float]]:
    """Return the round-trip times of each kind of change, in milliseconds."""
    from playwright.sync_api import expect, sync_playwright

    from app.commands.demo import DEMO_USERS

    username, _, password, _ = DEMO_USERS[0]
    rows: dict[str, list[float]] = {"tick or untick a modality": [], "pick a concept with Enter": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_context(base_url=url, bypass_csp=True).new_page()  # lets the timing hooks in
        page.goto("/login")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda address: "/login" not in address)
        page.goto("/cohorts/new")
        studies = page.locator("#count-studies")
        expect(studies).to_have_text("24")
        page.evaluate(WATCH)
        modality = page.get_by_role("checkbox", name="MR", exact=True)
        search = page.get_by_role("combobox", name="Find a finding, procedure or device")
        for turn in range(repeat):
            modality.set_checked(turn % 2 == 0)
            expect(studies).to_have_text("<11" if turn % 2 == 0 else "24")
            rows["tick or untick a modality"].append(_last(page))
        modality.set_checked(False)
        expect(studies).to_have_text("24")
        for _ in range(repeat):
            search.fill("tear")
            expect(page.get_by_role("option").first).to_contain_text("tear")
            page.evaluate("() => { window.benchStart = performance.now(); }")
            search.press("Enter")
            expect(studies).to_have_text("<11")
            rows["pick a concept with Enter"].append(_last(page))
            page.get_by_role("button", name="Remove tear").click()
            expect(studies).to_have_text("24")
            page.evaluate("() => { window.benchStart = 0; }")
        browser.close()
    return rows


def _last(page) -> float:
    return page.evaluate("() => window.benchTimes[window.benchTimes.length - 1]")


if __name__ == "__main__":
    main()
