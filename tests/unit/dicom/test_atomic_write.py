"""Outputs are written whole under their final name or not at all, by descriptor, with or without unnamed files."""
import os
import stat

import pytest

from app.deid import batch
from app.deid.batch import read_file, write_atomically


@pytest.fixture(params=["unnamed", "named"])
def folder(request, tmp_path, monkeypatch):
    if request.param == "named":
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)  # a system without unnamed files
    return tmp_path / "a" / "b"


def test_a_new_file_is_written_whole_and_its_folders_made(folder):
    target = folder / "x.dcm"
    assert write_atomically(target, b"payload" * 1000, replace=False)
    assert target.read_bytes() == b"payload" * 1000
    assert os.listdir(folder) == ["x.dcm"]  # no temporary name left behind


def test_an_existing_file_is_kept_and_compared(folder):
    target = folder / "x.dcm"
    write_atomically(target, b"first", replace=False)
    assert write_atomically(target, b"first", replace=False)
    assert not write_atomically(target, b"other", replace=False)
    assert target.read_bytes() == b"first"
    assert os.listdir(folder) == ["x.dcm"]


def test_replace_overwrites_and_private_files_are_owner_only(folder):
    target = folder / "x.json"
    write_atomically(target, b"old")
    assert write_atomically(target, b"new", private=True)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(folder) == ["x.json"]


def test_a_failed_write_leaves_nothing(folder, monkeypatch):
    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch.os, "write", full_disk)
    with pytest.raises(OSError):
        write_atomically(folder / "x.dcm", b"payload", replace=False)
    with pytest.raises(OSError):
        write_atomically(folder / "y.dcm", b"payload")
    assert os.listdir(folder) == []


def test_read_file_reads_whole_files_of_any_size(tmp_path):
    for size in (0, 1, 4096, batch.READ_CHUNK + 3):
        path = tmp_path / f"{size}.bin"
        path.write_bytes(os.urandom(size))
        assert read_file(path) == path.read_bytes()
    with pytest.raises(OSError):
        read_file(tmp_path / "missing")


def test_a_path_given_as_a_string_or_relative_to_the_working_folder(folder, monkeypatch):
    # The batch passes its output paths as strings; a bare file name lands in the working folder.
    assert write_atomically(str(folder / "x.dcm"), b"as text", replace=False)
    assert (folder / "x.dcm").read_bytes() == b"as text"
    monkeypatch.chdir(folder)
    assert write_atomically("y.dcm", b"here", private=True)
    assert sorted(os.listdir(folder)) == ["x.dcm", "y.dcm"]
    assert stat.S_IMODE((folder / "y.dcm").stat().st_mode) == 0o600
