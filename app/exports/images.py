"""Image outputs derived from an export's de-identified DICOM: windowed 8-bit PNG per instance, NIfTI per series."""
from __future__ import annotations

import gzip
import io
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import numpy as np
from PIL import Image
from pydicom import Dataset, dcmread
from pydicom.pixels import apply_voi_lut

from ..deid.batch import write_atomically
from ..errors import CleanroomError

NIFTI_TIMEOUT_S = 600


class ImageOutputError(CleanroomError):
    """An image output cannot be made (a missing converter, a conversion that fails)."""


def write_png(dicom_path: Path, png_path: Path) -> bool:
    """Write the instance's (middle) frame as 8-bit greyscale or RGB PNG, windowed; False if it has no image."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = dcmread(dicom_path)
        if "PixelData" not in ds:
            return False
        try:
            pixels = ds.pixel_array
        except Exception:  # a pixel format no installed decoder reads: no PNG, the DICOM stays
            return False
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if frames > 1:
        pixels = pixels[frames // 2]
    if ds.get("SamplesPerPixel", 1) == 1:
        pixels = _windowed(pixels, ds).astype(np.float64)
        low, high = float(pixels.min()), float(pixels.max())
        pixels = (pixels - low) / (high - low or 1.0) * 255.0
        if ds.get("PhotometricInterpretation") == "MONOCHROME1":
            pixels = 255.0 - pixels
    encoded = io.BytesIO()
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(encoded, format="PNG", optimize=False)
    write_atomically(png_path, encoded.getvalue())  # a killed export leaves no half image
    return True


def _windowed(pixels: np.ndarray, ds: Dataset) -> np.ndarray:
    """Return the pixels through the window the modality chose (VOI LUT or centre/width), as a viewer shows them."""
    if "WindowCenter" not in ds and "VOILUTSequence" not in ds:
        return pixels
    try:
        return apply_voi_lut(pixels, ds)
    except Exception:  # a window no viewer can apply (a width of 0, a torn LUT): the full range, as without one
        return pixels


def write_nifti(series_dir: Path, nifti_path: Path) -> bool:
    """Convert one de-identified series folder to `nifti_path` (.nii.gz) with dcm2niix; False if it holds no volume."""
    converter = shutil.which("dcm2niix")
    if converter is None:
        raise ImageOutputError("NIfTI output needs dcm2niix (Debian package dcm2niix; scripts/setup installs it)")
    with tempfile.TemporaryDirectory() as work:
        # -b n: no BIDS sidecar (it would copy header fields); -z n: gzipped here, with no timestamp, so
        # the same series always gives the same bytes.
        done = subprocess.run([converter, "-b", "n", "-z", "n", "-f", "series", "-o", work, str(series_dir)],
                              capture_output=True, timeout=NIFTI_TIMEOUT_S)
        volumes = sorted(Path(work).glob("*.nii"))
        if done.returncode != 0 or not volumes:
            return False
        packed = io.BytesIO()
        with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0, filename="") as out:
            out.write(volumes[0].read_bytes())
    write_atomically(nifti_path, packed.getvalue())  # a killed export leaves no half volume
    return True
