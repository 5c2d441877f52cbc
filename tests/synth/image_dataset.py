"""The smallest valid DICOM instance around a synthetic pixel array: file meta, SOP identity, image pixel module."""
from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, PYDICOM_IMPLEMENTATION_UID, generate_uid

SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"


def image_dataset(pixels: np.ndarray, modality: str, *, photometric: str = "MONOCHROME2", bits: int = 8,
                  signed: bool = False, sop_class: str = SECONDARY_CAPTURE) -> Dataset:
    """An Explicit VR Little Endian instance of `sop_class` holding `pixels` (frames, rows, cols[, 3]), no patient."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID = generate_uid()
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.Modality = modality
    frames, ds.Rows, ds.Columns = pixels.shape[:3]
    ds.SamplesPerPixel = 3 if pixels.ndim == 4 else 1
    if pixels.ndim == 4:
        ds.PlanarConfiguration = 0  # PS3.3 C.7.6.3.1.3: colour-by-pixel, as numpy holds it
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = bits, bits, bits - 1, int(signed)
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.PixelData = pixels.tobytes()
    return ds
