"""NIfTI from de-identified series: compressed multi-frame files give every frame, the same bytes each time."""
import gzip
import hashlib
from pathlib import Path

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.uid import RLELossless

from app.exports.images import write_nifti
from tests.dicom_factory import rle_ultrasound_cine, to_bytes

REAL = Path(__file__).resolve().parents[2] / "data" / "dicom-real" / "files"


def mr_frames_in_rle():
    """A 10-frame MR (pydicom-data's emri_small) re-encoded in RLE Lossless."""
    ds = dcmread(REAL / "pydicom-data" / "emri_small.dcm")
    ds.compress(RLELossless, encoding_plugin="pydicom")
    return ds


def voxels(volume: Path) -> np.ndarray:
    """Return the voxel bytes of a .nii.gz (NIfTI-1: the data starts at vox_offset)."""
    nifti = gzip.decompress(volume.read_bytes())
    return np.frombuffer(nifti[int(np.frombuffer(nifti[108:112], "<f4")[0]):], np.uint8)


def same_frames(stored: np.ndarray, frames: np.ndarray) -> bool:
    """Whether a volume holds exactly a file's frames: dcm2niix orients it, so in some slice order, rows either way."""
    wanted = sorted(frame.tobytes() for frame in frames)
    return any(sorted(frame.tobytes() for frame in oriented) == wanted for oriented in (stored, stored[:, ::-1]))


@pytest.mark.parametrize("make", [rle_ultrasound_cine, mr_frames_in_rle], ids=["rgb-cine", "mr-frames"])
def test_every_frame_of_a_compressed_multi_frame_file_is_in_its_volume(tmp_path, make):
    series = tmp_path / "series"
    series.mkdir()
    ds = make()
    (series / "1.dcm").write_bytes(to_bytes(ds))
    digests = set()
    for run in range(3):
        volume = tmp_path / f"{run}.nii.gz"
        assert write_nifti(series, volume, tmp_path / "scratch")
        digests.add(hashlib.sha256(volume.read_bytes()).hexdigest())
    assert len(digests) == 1
    frames = dcmread(series / "1.dcm").pixel_array  # frames, rows, columns[, samples]
    stored = voxels(volume).view(frames.dtype.newbyteorder("<")).reshape(frames.shape)
    assert same_frames(stored, frames)
    assert not any((tmp_path / "scratch").iterdir())  # the decoded copies are gone
