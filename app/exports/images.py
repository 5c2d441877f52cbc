"""Image outputs derived from an export's de-identified DICOM: windowed 8-bit PNG per instance, NIfTI per series."""
from __future__ import annotations

import gzip
import io
import os
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


def nifti_converter() -> str:
    """Return the path of dcm2niix; ImageOutputError when it is not installed."""
    converter = shutil.which("dcm2niix")
    if converter is None:
        raise ImageOutputError("NIfTI output needs dcm2niix (Debian package dcm2niix; scripts/setup installs it)")
    return converter


def write_nifti(series_dir: Path, nifti_path: Path, scratch: Path) -> bool:
    """Convert one de-identified series folder to `nifti_path` (.nii.gz) with dcm2niix; False if it holds no volume.

    Intermediate files go to a temporary folder under `scratch`, never beside the package's files.
    """
    converter = nifti_converter()
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as work:
        converted = Path(work, "nifti")
        converted.mkdir()
        # -b n: no BIDS sidecar (it would copy header fields); -z n: gzipped here, with no timestamp, so
        # the same series always gives the same bytes.
        try:
            done = subprocess.run([converter, "-b", "n", "-z", "n", "-f", "series", "-o", str(converted),
                                   str(_native_series(series_dir, Path(work, "native")))],
                                  capture_output=True, timeout=NIFTI_TIMEOUT_S)
        except subprocess.TimeoutExpired:  # a series dcm2niix cannot finish gets no volume, as one it refuses
            return False
        volumes = sorted(converted.glob("*.nii"))
        if done.returncode != 0 or not volumes:
            return False
        packed = io.BytesIO()
        with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0, filename="") as out:
            out.write(volumes[0].read_bytes())
    write_atomically(nifti_path, packed.getvalue())  # a killed export leaves no half volume
    return True


def _native_series(series_dir: Path, native: Path) -> Path:
    """Return the folder dcm2niix reads: the series itself, or (if any file is compressed) one with decoded copies."""
    # dcm2niix 1.0.20220720 decodes only the first frame of multi-frame compressed pixel data: it refuses a
    # monochrome one ("stored as N fragments") and fills the later frames of an RGB RLE one (ultrasound cine)
    # with whatever its memory held, so the volume is wrong and differs run to run. pydicom decodes them, as
    # it does for the PNGs; each decoded copy keeps its file's name, the other files are linked as they are.
    files = sorted(path for path in series_dir.iterdir() if path.is_file())
    compressed = [path for path in files if dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID
                  .is_encapsulated]
    if not compressed:
        return series_dir
    native.mkdir()
    for path in files:
        if path not in compressed or not _write_decoded(path, native / path.name):
            os.symlink(path.resolve(), native / path.name)
    return native


def _write_decoded(path: Path, target: Path) -> bool:
    """Write the file with its pixel data decoded (Explicit VR Little Endian); False if no decoder here reads it."""
    ds = dcmread(path)
    try:
        ds.decompress(generate_instance_uid=False)  # the same instance, only its pixel data's encoding changes
    except Exception:  # a syntax no installed decoder reads: dcm2niix gets the file as it is (its own decoders)
        return False
    ds.save_as(target, enforce_file_format=True)
    return True
