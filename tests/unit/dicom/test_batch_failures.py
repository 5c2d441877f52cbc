"""A run that stops part-way never leaves its linkage file looking complete; one bad file does not stop a run."""
import csv
import json

import pytest

from app.deid.batch import plan_batch, run_batch
from tests.dicom_factory import FAMILY, MRN, instance, sr_with_broken_item_delimiter, to_bytes
from tests.unit.dicom.conftest import KEYS


@pytest.fixture
def source(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(4):
        (src / f"{i}.dcm").write_bytes(to_bytes(instance()))
    return src


def test_an_interrupted_run_leaves_its_linkage_file_partial(transformer, source, tmp_path):
    link = tmp_path / "link.csv"
    plan = plan_batch(source, tmp_path / "out", link_file=link)

    def interrupt_after_two(result, total, seen=[]):
        seen.append(result)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(plan, transformer("basic").policy, KEYS, on_result=interrupt_after_two)

    assert not link.exists()
    assert len(list(csv.reader(link.with_name("link.csv.partial").open()))) == 1 + 2


def test_an_unexpected_failure_on_one_file_quarantines_it_and_the_run_finishes(transformer, source, tmp_path):
    (source / "2-broken-report.dcm").write_bytes(sr_with_broken_item_delimiter())
    link = tmp_path / "link.csv"

    summary = run_batch(plan_batch(source, tmp_path / "out", link_file=link), transformer("basic").policy, KEYS)

    assert (summary.written, summary.quarantined, summary.reasons) == (4, 1, {"unwritable": 1})
    rows = list(csv.DictReader(link.open()))
    assert [row["status"] for row in rows].count("ok") == 4
    [broken] = [row for row in rows if row["status"] == "quarantined"]
    assert broken["source_path"].endswith("2-broken-report.dcm") and "ValueError" in broken["reason"]


@pytest.mark.parametrize("reference", [None, "keyed"])
def test_a_quarantine_sidecar_never_holds_the_source_path(transformer, source, tmp_path, reference):
    # Hospitals name folders after patients and MRNs: the path stays in the linkage file and the sealed index.
    folder = source / f"{FAMILY} {MRN}"
    folder.mkdir()
    (folder / "report.dcm").write_bytes(sr_with_broken_item_delimiter())
    references = {None: None, "keyed": lambda path: f"ref-{len(path)}"}

    run_batch(plan_batch(source, tmp_path / "out"), transformer("basic").policy, KEYS,
              source_reference=references[reference])

    [sidecar] = (tmp_path / "out.quarantine").rglob("*.json")
    fields = json.loads(sidecar.read_text())
    assert FAMILY not in sidecar.read_text() and MRN not in sidecar.read_text()
    assert fields["reason_code"] == "unwritable" and "source_path" not in fields
    expected = None if reference is None else f"ref-{len(str(folder / 'report.dcm'))}"
    assert fields.get("source_lookup") == expected
