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
