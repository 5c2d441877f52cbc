"""Batches: full batches are written as they fill, the rest at the end, also when the run stops on an error."""
import pytest

from app.ingest.batching import Batches


def test_full_batches_then_the_rest():
    written = []
    with Batches(written.append, 3) as batches:
        for item in range(7):
            batches.add(item)
        assert written == [[0, 1, 2], [3, 4, 5]]
    assert written == [[0, 1, 2], [3, 4, 5], [6]]


def test_what_was_collected_is_written_when_the_run_stops():
    written = []
    with pytest.raises(RuntimeError), Batches(written.append, 10) as batches:
        batches.add("fetched before the server went away")
        raise RuntimeError("the server went away")
    assert written == [["fetched before the server went away"]]


def test_a_batch_that_fails_to_write_is_not_written_again():
    attempts = []

    def failing(batch):
        attempts.append(batch)
        raise OSError("the index is gone")

    with pytest.raises(OSError), Batches(failing, 2) as batches:
        batches.add(1)
        batches.add(2)
    assert attempts == [[1, 2]]
