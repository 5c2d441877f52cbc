"""Every run summary shares one shape (app/run_summary.py): the JSON keys each one has always had, its seconds
taken even when the run fails, and its rate over the right counter."""
import time

import pytest

from app.deid.batch import BatchSummary
from app.ingest.dicomweb import DicomwebSummary
from app.ingest.folder import IngestSummary
from app.ingest.reannotate import ReannotateSummary
from app.ingest.reports import ReportsSummary
from app.jsonl import JsonlRun

# The keys the summaries printed with --json, audited and kept as job counts before they shared a base.
KEYS = {
    BatchSummary: "files_in written quarantined skipped seconds files_per_second workers reasons profile",
    IngestSummary: "files_in indexed updated skipped unreadable seconds instances_per_second workers reasons",
    DicomwebSummary: "server query studies instances_found already_indexed fetched failed indexed updated "
                     "unreadable reasons seconds instances_per_second",
    ReportsSummary: "files_in reports_in stored updated invalid linked unlinked findings seconds reports_per_second "
                    "ontology_version",
    ReannotateSummary: "ontology_version stale reannotated findings previous_versions seconds reports_per_second "
                       "annotator_version previous_annotators",
    JsonlRun: "lines_in written invalid seconds reports_per_second workers invalid_lines",
}
COUNTED = {BatchSummary: "files_in", IngestSummary: "files_in", DicomwebSummary: "fetched",
           ReportsSummary: "reports_in", ReannotateSummary: "reannotated", JsonlRun: "written"}


def make(summary_class):
    return summary_class(profile="basic") if summary_class is BatchSummary else summary_class()


@pytest.mark.parametrize("summary_class", list(KEYS))
def test_json_keys_are_the_ones_each_summary_always_had(summary_class):
    assert set(make(summary_class).as_dict()) == set(KEYS[summary_class].split())


@pytest.mark.parametrize("summary_class", list(KEYS))
def test_rate_is_over_the_right_counter_and_seconds_are_taken_even_when_the_run_fails(summary_class):
    summary = make(summary_class)
    with pytest.raises(RuntimeError), summary.timed():
        setattr(summary, COUNTED[summary_class], 10)
        time.sleep(0.002)
        raise RuntimeError("the run stops")
    assert summary.seconds >= 0.002
    summary.seconds = 4.0
    assert summary.as_dict()[summary_class.RATE] == 2.5 == summary.rate


def test_jsonl_details_are_merged_into_the_counts():
    run = JsonlRun(details={"profile": "basic"}, written=3)
    assert run.as_dict()["profile"] == "basic" and "details" not in run.as_dict()
