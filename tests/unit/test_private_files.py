"""Owner-only files: a file that is missing, or gone by the time it is looked at, is no error."""
import os
import stat

from app.permissions import restrict_if_present


def test_a_missing_file_is_left_alone(tmp_path):
    """SQLite's journal comes and goes with other connections' commits: restricting one that is gone does nothing."""
    restrict_if_present(tmp_path / "cleanroom.db-journal")
    assert not (tmp_path / "cleanroom.db-journal").exists()


def test_a_present_file_loses_group_and_other_access(tmp_path):
    """A journal written readable by others is made owner-only."""
    journal = tmp_path / "cleanroom.db-journal"
    journal.write_bytes(b"")
    os.chmod(journal, 0o644)
    restrict_if_present(journal)
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
