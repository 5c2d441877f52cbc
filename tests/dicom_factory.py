"""Build small synthetic DICOM instances with PHI in the usual hiding places (no real data)."""
from __future__ import annotations

from io import BytesIO

from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.uid import generate_uid

FAMILY, GIVEN = "Quillfeather", "Marisol"
MRN = "QX7730941"
ACCESSION = "ACC55821907"
REFERRING = "Thistlewood^Bartholomew"
BIRTH = "19400312"


def instance(study_uid: str | None = None, *, patient_id: str = MRN, study_date: str = "20200115",
             modality: str = "CT", template: str = "CT_small.dcm", **changes) -> Dataset:
    """Return a CT-like instance (from pydicom's bundled CT_small) carrying synthetic PHI everywhere."""
    ds = dcmread(get_testdata_file(template))
    ds.PatientName = f"{FAMILY}^{GIVEN}"
    ds.PatientID = patient_id
    ds.PatientBirthDate = BIRTH
    ds.PatientAge = "079Y"
    ds.PatientSex = "F"
    ds.AccessionNumber = ACCESSION
    ds.ReferringPhysicianName = REFERRING
    ds.StudyDate = ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = study_date
    ds.StudyInstanceUID = study_uid or generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.FrameOfReferenceUID = generate_uid()
    ds.Modality = modality
    ds.StudyDescription = f"CT CHEST for {FAMILY}"
    ds.InstitutionName = "Ravenmoor General Hospital"
    other = Dataset()
    other.PatientID = "ALT99182736"
    other.IssuerOfPatientID = "RAVENMOOR"
    ds.OtherPatientIDsSequence = [other]
    ref = Dataset()
    ref.ReferencedSOPClassUID = ds.SOPClassUID
    ref.ReferencedSOPInstanceUID = generate_uid()
    ds.ReferencedImageSequence = [ref]
    private_item = Dataset()
    private_item.PatientName = f"{FAMILY}^{GIVEN}"
    block = ds.private_block(0x0011, "ACME CORP 1.0", create=True)
    block.add_new(0x10, "LO", f"{GIVEN} {FAMILY}")
    block.add_new(0x11, "SQ", [private_item])
    for keyword, value in changes.items():
        setattr(ds, keyword, value)
    return ds


def to_bytes(ds: Dataset) -> bytes:
    """Serialise a dataset as a DICOM file."""
    buffer = BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


PHI_STRINGS = (FAMILY, GIVEN, MRN, ACCESSION, "Thistlewood", "Bartholomew", "ALT99182736", BIRTH)


def sr_with_broken_item_delimiter() -> bytes:
    """Return an SR with synthetic PHI whose last item delimiter before a sibling item is damaged (E00D -> E10D).

    Every sequence and item has undefined length, as many archives write SRs. pydicom reads the file (the
    next item's tag becomes an element of VR 'NONE' in the item), but its writer raises ValueError on it.
    """
    ds = dcmread(get_testdata_file("test-SR.dcm"))
    ds.PatientName, ds.PatientID = f"{FAMILY}^{GIVEN}", MRN

    def undefined_lengths(dataset: Dataset) -> None:
        for element in dataset:
            if element.VR == "SQ":
                element.is_undefined_length = True
                for item in element.value:
                    item.is_undefined_length_sequence_item = True
                    undefined_lengths(item)

    undefined_lengths(ds)
    data = to_bytes(ds)
    delimiter, item = b"\xfe\xff\x0d\xe0\x00\x00\x00\x00", b"\xfe\xff\x00\xe0"
    position = data.rindex(delimiter + item)
    return data[:position] + b"\xfe\xff\x0d\xe1\x00\x00\x00\x00" + data[position + 8:]


def burned_in(study_uid: str | None = None, size: int = 256) -> Dataset:
    """Return an instance whose pixels carry the patient's name and ID burned in, flagged BurnedInAnnotation YES."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    canvas = Image.new("L", (size, size), 30)
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((size // 5, size // 4, size - size // 5, size - size // 8), fill=110)
    font = ImageFont.load_default(size=18)
    draw.text((8, 8), f"{FAMILY.upper()}^{GIVEN.upper()}", fill=250, font=font)
    draw.text((8, 32), f"ID {MRN}", fill=250, font=font)
    ds = instance(BurnedInAnnotation="YES", **({"StudyInstanceUID": study_uid} if study_uid else {}))
    pixels = (np.asarray(canvas, dtype=np.int16) * 8).astype("<i2")
    ds.Rows = ds.Columns = size
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.PixelData = pixels.tobytes()
    return ds


def rle_ultrasound_cine(frames: int = 6, rows: int = 64, cols: int = 96) -> Dataset:
    """Return an RGB ultrasound cine loop in RLE Lossless, each frame carrying a burned-in line of its own."""
    from pydicom.uid import RLELossless

    from app.demo.images import burned_in_frame, put_ultrasound_frame

    ds = instance(modality="US", SOPClassUID="1.2.840.10008.5.1.4.1.1.3.1")  # Ultrasound Multi-frame Image Storage
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    put_ultrasound_frame(ds, b"".join(burned_in_frame([f"FRAME {n}"], rows, cols) for n in range(frames)), rows, cols)
    ds.NumberOfFrames = frames
    ds.compress(RLELossless, encoding_plugin="pydicom")
    return ds
