#!/usr/bin/env python3
"""Benchmark the cleaning of compressed pixel data: walk time per file and per MB, beside a whole de-identification.

    .venv/bin/python scripts/bench/codestream.py [--repeat 20] [--frames 1,50]

For each of pydicom's bundled compressed test files (one per codec), the frames are repeated to
the given frame counts and re-encapsulated; each file is then de-identified under `basic` (no
pixel OCR), and its encapsulated pixel data walked alone. Prints a Markdown table of medians.
"""
from __future__ import annotations

import argparse
import statistics
import time
import warnings
from io import BytesIO
from pathlib import Path

from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.encaps import encapsulate, generate_frames
from pydicom.uid import generate_uid

from app.deid.pipeline import deidentify_bytes
from app.dicom.encapsulated import clean_encapsulated_pixels
from app.dicom.policy import Policy
from app.dicom.transform import HeaderTransformer
from app.identity import IdentityKeys
from app.profiles import ProfileLibrary

REPO = Path(__file__).resolve().parents[2]
FILES = {"JPEG baseline": "SC_rgb_jpeg_dcmtk.dcm", "JPEG lossless": "SC_rgb_jpeg_gdcm.dcm",
         "JPEG-LS": "MR_small_jpeg_ls_lossless.dcm", "JPEG 2000": "examples_jpeg2k.dcm",
         "JP2 boxes": "GDCMJ2K_TextGBR.dcm"}


def _file(name: str, frames: int) -> bytes:
    ds = dcmread(get_testdata_file(name))
    frame = next(generate_frames(ds.PixelData, number_of_frames=1))
    ds.PixelData = encapsulate([frame] * frames, has_bot=True)
    ds.NumberOfFrames = frames
    ds.Modality, ds.BurnedInAnnotation = "MR", "NO"
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.4"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    buffer = BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def _median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--frames", default="1,50")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    transformer = HeaderTransformer(Policy(ProfileLibrary(REPO / "profiles").get("basic")),
                                    IdentityKeys(b"u" * 32, b"p" * 32, b"d" * 32))
    print("| codec | frames | pixel data KB | walk ms | walk MB/s | whole file ms | files/s |")
    print("|---|---|---|---|---|---|---|")
    for codec, name in FILES.items():
        for frames in map(int, args.frames.split(",")):
            data = _file(name, frames)
            ds = dcmread(BytesIO(data))
            pixel_bytes = len(ds.PixelData)
            transfer_syntax = str(ds.file_meta.TransferSyntaxUID)
            walk = _median_ms(lambda: clean_encapsulated_pixels(dcmread(BytesIO(data)), transfer_syntax),
                              args.repeat) - _median_ms(lambda: dcmread(BytesIO(data)), args.repeat)
            whole = _median_ms(lambda: deidentify_bytes(data, transformer), args.repeat)
            print(f"| {codec} | {frames} | {pixel_bytes / 1024:.0f} | {walk:.2f} | "
                  f"{pixel_bytes / 1e6 / (walk / 1000) if walk > 0 else float('inf'):.0f} | {whole:.2f} | "
                  f"{1000 / whole:.0f} |")


if __name__ == "__main__":
    main()
