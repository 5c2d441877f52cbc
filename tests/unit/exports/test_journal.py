"""An export's work folder: finished studies survive a restart; torn lines, changed identities and lost files do not."""
import pytest

from app.exports.journal import ExportInProgress, ExportWork, StudyRecord, work_folder

IDENTITY = {"definition_hash": "d" * 64, "outputs": ["dicom", "reports"], "index": "i" * 64}


def finish(work: ExportWork, study_id: int) -> StudyRecord:
    """Write a study's files as the export does, then record it."""
    folder = work.payload / "dicom" / f"CR{study_id}" / f"2.25.{study_id}" / "2.25.9"
    folder.mkdir(parents=True)
    (folder / "2.25.1.dcm").write_bytes(b"DICM" * study_id)
    work.reports.mkdir(exist_ok=True)
    work.report_file(study_id).write_text('{"text": "..."}\n')
    study = StudyRecord(study_id, files=1, instances=1, pseudonym=f"CR{study_id}", study_uid=f"2.25.{study_id}",
                        folders=[[f"CR{study_id}", f"2.25.{study_id}"]], reports=1)
    work.record(study)
    return study


@pytest.fixture
def destination(tmp_path):
    return tmp_path / "package"


def test_finished_studies_are_read_back_and_a_torn_last_line_is_cut_off(destination):
    with ExportWork(destination, IDENTITY) as work:
        first, second = finish(work, 1), finish(work, 2)
    with open(work_folder(destination) / "journal.jsonl", "a") as journal:
        journal.write('{"id": 3, "files": 1, "instan')  # killed mid-append
    with ExportWork(destination, IDENTITY) as work:
        assert work.done == {1: first, 2: second}
        third = finish(work, 3)
    with ExportWork(destination, IDENTITY) as work:
        assert work.done == {1: first, 2: second, 3: third}


def test_another_identity_starts_over(destination):
    with ExportWork(destination, IDENTITY) as work:
        finish(work, 1)
    with ExportWork(destination, {**IDENTITY, "index": "changed"}) as work:
        assert work.done == {} and not work.payload.exists() and not work.reports.exists()


def test_a_study_whose_files_changed_since_is_done_again_from_nothing(destination):
    with ExportWork(destination, IDENTITY) as work:
        kept, lost = finish(work, 1), finish(work, 2)
    image = next((work_folder(destination) / "payload" / "dicom" / "CR2").rglob("*.dcm"))
    image.write_bytes(b"")  # cut short, as after a machine crash
    with ExportWork(destination, IDENTITY) as work:
        assert work.done == {1: kept}
        assert not image.exists() and not work.report_file(lost.id).exists()


def test_one_writer_at_a_time(destination):
    with ExportWork(destination, IDENTITY):
        with pytest.raises(ExportInProgress, match="another export is writing .*package now"):
            ExportWork(destination, IDENTITY).__enter__()


def test_a_finished_export_leaves_no_work_folder(destination):
    with ExportWork(destination, IDENTITY) as work:
        finish(work, 1)
        work.close_finished()
    assert not work_folder(destination).exists()
