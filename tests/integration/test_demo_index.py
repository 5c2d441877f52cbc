"""`cleanroom demo` indexes its synthetic archive, so the cohort pages have studies, reports and findings."""
import json

from tests.support.cli import cleanroom


def test_demo_indexes_its_archive_once(services, overrides):
    first = cleanroom("demo", env=overrides)
    assert first.returncode == 0, first.stderr
    again = cleanroom("demo", env=overrides)
    assert again.returncode == 0, again.stderr
    stats = json.loads(cleanroom("index", "stats", "--json", env=overrides).stdout)
    totals = stats["totals"]
    assert totals["studies"] >= 20 and totals["reports"] == totals["studies"] and totals["findings"] > 0
    assert stats["report_links"] == {"accession": totals["reports"]}
    assert {"CT", "MR", "CR", "US"} <= set(stats["modalities"])
    instances = sum(m["instances"] for m in stats["modalities"].values())
    assert f"Indexed {instances} instances" in again.stdout  # the second run updated, it did not add
