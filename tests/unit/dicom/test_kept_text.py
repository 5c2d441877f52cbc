"""Kept free text that holds a file's own identifiers: redacted without a cleaning option, cleaned with one."""
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.dataset import Dataset

from app.deid.batch import FileDeidentifier
from app.dicom.policy import Policy
from app.dicom.lengths import fit_to_vr
from app.dicom.transform import redact_known
from app.profiles import ProfileLibrary
from tests.dicom_factory import FAMILY, GIVEN, MRN, instance, to_bytes
from tests.unit.dicom.conftest import KEYS, PROFILES

REPO = Path(__file__).resolve().parents[3]


def _with_code_meaning(meaning: str) -> bytes:
    ds = instance()
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = "CTCHEST", "99LOCAL", meaning
    ds.ProcedureCodeSequence = [code]  # not in Table E.1-1: kept by every profile
    return to_bytes(ds)


def _code_meaning(profile: str, meaning: str, tmp_path: Path) -> str:
    policy = Policy(ProfileLibrary(PROFILES).get(profile))
    result, outcome = FileDeidentifier(policy, KEYS, None, tmp_path).process_bytes(_with_code_meaning(meaning), "x",
                                                                                  write=False)
    assert outcome.status == "ok", outcome.reason
    return dcmread(BytesIO(result.data)).ProcedureCodeSequence[0].CodeMeaning


def test_without_a_cleaning_option_only_the_own_identifiers_are_redacted(tmp_path):
    meaning = _code_meaning("basic", f"CT CHEST per Dr. {FAMILY}, call {GIVEN.lower()} re {MRN}", tmp_path)
    assert meaning == "CT CHEST per Dr. [REDACTED], call [REDACTED] re [REDACTED]"


def test_with_clean_descriptors_the_report_text_engine_cleans_it(tmp_path):
    meaning = _code_meaning("research", f"CT CHEST per Dr. {FAMILY}", tmp_path)
    assert meaning.startswith("CT CHEST per Dr. [") and FAMILY not in meaning and "REDACTED" not in meaning


def test_text_without_own_identifiers_is_kept_as_it_is(tmp_path):
    assert _code_meaning("basic", "CT CHEST WITHOUT CONTRAST", tmp_path) == "CT CHEST WITHOUT CONTRAST"


@pytest.mark.parametrize("text, known, expected", [
    ("seen by Quill", {"QUILL"}, "seen by [REDACTED]"),
    ("Quillfeather", {"QUILL"}, "Quillfeather"),  # whole words only
    ("QUILL", {"Quill"}, "[REDACTED]"),
    ("   ", {"QUILL"}, None),  # nothing left: the caller removes the value or gives it a dummy
    ("id 12345", {"12345"}, "id 12345"),  # short all-digit values collide with ordinary numbers
])
def test_redact_known(text, known, expected):
    assert redact_known(text, frozenset(known)) == expected


def test_a_basic_run_never_loads_the_report_text_engine(tmp_path):
    source = tmp_path / "in.dcm"
    source.write_bytes(_with_code_meaning(f"CT CHEST per Dr. {FAMILY}"))
    script = (
        "import sys; from pathlib import Path\n"
        "from app.deid.batch import FileDeidentifier\n"
        "from app.dicom.policy import Policy\n"
        "from app.profiles import ProfileLibrary\n"
        "from tests.unit.dicom.conftest import KEYS, PROFILES\n"
        "worker = FileDeidentifier(Policy(ProfileLibrary(PROFILES).get('basic')), KEYS, Path(sys.argv[2]),"
        " Path(sys.argv[3]))\n"
        "print(worker.process(Path(sys.argv[1])).status, 'presidio_analyzer' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(source), str(tmp_path / "out"), str(tmp_path / "q")],
                          cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["ok", "False"]


def test_a_kept_text_repeated_across_patients_is_judged_by_each_files_own_identifiers(tmp_path):
    # One de-identifier remembers its decisions on kept text between files: never across patients.
    worker = FileDeidentifier(Policy(ProfileLibrary(PROFILES).get("basic")), KEYS, None, tmp_path)
    text = "CT CHEST for Quillfeather, copy to Ashgrove"

    def meaning(patient_name: str, patient_id: str) -> str:
        ds = dcmread(BytesIO(_with_code_meaning(text)))
        ds.PatientName, ds.PatientID = patient_name, patient_id
        result, outcome = worker.process_bytes(to_bytes(ds), "x", write=False)
        assert outcome.status == "ok", outcome.reason
        return dcmread(BytesIO(result.data)).ProcedureCodeSequence[0].CodeMeaning

    for _ in range(2):  # twice each: the second time from what was remembered
        assert meaning("Quillfeather^Marisol", "QX7730941") == "CT CHEST for [REDACTED], copy to Ashgrove"
        assert meaning("Ashgrove^Tobias", "QX7730942") == "CT CHEST for Quillfeather, copy to [REDACTED]"
    assert meaning("Fernsby^Ada", "QX7730943") == text


def test_a_name_remembered_from_one_file_is_learned_by_each_files_own_devices(tmp_path):
    # One de-identifier remembers the words of a removed name between files: a name that is one file's own
    # model (a device signing as "Achieva") is the device there, and a person in a file from another model.
    worker = FileDeidentifier(Policy(ProfileLibrary(PROFILES).get("basic")), KEYS, None, tmp_path)
    text = "CT CHEST Achieva protocol"

    def meaning(model: str) -> str:
        ds = dcmread(BytesIO(_with_code_meaning(text)))
        ds.OperatorsName, ds.ManufacturerModelName = "Achieva", model
        result, outcome = worker.process_bytes(to_bytes(ds), "x", write=False)
        assert outcome.status == "ok", outcome.reason
        return dcmread(BytesIO(result.data)).ProcedureCodeSequence[0].CodeMeaning

    for _ in range(2):  # twice each: the second time from what was remembered
        assert meaning("Achieva") == text
        assert meaning("Ingenia") == "CT CHEST [REDACTED] protocol"


@pytest.mark.parametrize("manufacturer, kept", [("Quenwick Inc.", True), ("Quenwick", True), ("Ostara GmbH", False)])
def test_a_company_signing_without_its_legal_form_is_the_device(tmp_path, manufacturer, kept):
    # A presentation state whose creator is "Quenwick" and whose manufacturer is "Quenwick Inc.".
    worker = FileDeidentifier(Policy(ProfileLibrary(PROFILES).get("basic")), KEYS, None, tmp_path)
    text = "CT CHEST Quenwick protocol"
    ds = dcmread(BytesIO(_with_code_meaning(text)))
    ds.OperatorsName, ds.Manufacturer = "Quenwick", manufacturer
    result, outcome = worker.process_bytes(to_bytes(ds), "x", write=False)
    assert outcome.status == "ok", outcome.reason
    meaning = dcmread(BytesIO(result.data)).ProcedureCodeSequence[0].CodeMeaning
    assert meaning == (text if kept else "CT CHEST [REDACTED] protocol")


@pytest.mark.parametrize("profile", ["basic", "research"])
def test_a_cleaned_short_string_stays_within_its_vr_length(tmp_path, profile):
    # A phantom registered under short words ("Ozo^Kel") that recur in a 16-character code value: each
    # three-letter part becomes a longer placeholder, and the value must still fit SH (PS3.5 Table 6.2-1).
    policy = Policy(ProfileLibrary(PROFILES).get(profile))
    ds = dcmread(BytesIO(_with_code_meaning("CT CHEST")))
    ds.PatientName = "Ozo^Kel"
    ds.ProcedureCodeSequence[0].CodeValue = "OZO KEL WEEKLY"
    result, outcome = FileDeidentifier(policy, KEYS, None, tmp_path).process_bytes(to_bytes(ds), "x", write=False)
    assert outcome.status == "ok", outcome.reason
    value = dcmread(BytesIO(result.data)).ProcedureCodeSequence[0].CodeValue
    assert "OZO" not in value.upper() and "KEL" not in value.upper() and value.startswith("[")
    assert len(value) <= 16


def test_fit_to_vr_cuts_each_value_of_a_short_string_and_keeps_unlimited_vrs_whole():
    assert fit_to_vr("SH", "[REDACTED] [REDACTED] QC\\SHORT") == "[REDACTED] [REDA\\SHORT"
    assert fit_to_vr("LO", "x" * 70) == "x" * 64
    assert fit_to_vr("ST", "a\\" * 600) == ("a\\" * 512)[:1024]
    assert fit_to_vr("UT", "y" * 20000) == "y" * 20000
