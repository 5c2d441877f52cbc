"""The raw scanner reads what pydicom reads: same elements, VRs, values and sequence structure, or declines."""
from io import BytesIO
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.charset import convert_encodings, default_encoding
from pydicom.data import get_testdata_files
from pydicom.dataset import Dataset

from app.dicom.scan import ScanDeclined, ScannedDataset, ScannedSequence, scan_file
from app.dicom.values import string_values
from tests.synth.dicom_corpus import generate_corpus
from tests.dicom_factory import instance, to_bytes

PYDICOM_FILES = sorted(f for f in get_testdata_files() if Path(f).is_file())


def _assert_same(scanned: ScannedDataset, parsed: Dataset, where: str = "") -> None:
    assert sorted(scanned.keys()) == sorted(int(t) for t in parsed.keys()), where
    for tag in scanned.keys():
        mine, theirs = scanned[tag], parsed[tag]
        place = f"{where}/{tag:08X}"
        if isinstance(mine, ScannedSequence):
            assert theirs.VR == "SQ", place
            assert mine.is_undefined_length == theirs.is_undefined_length, place
            assert len(mine.value) == len(theirs.value), place
            for i, (item, other) in enumerate(zip(mine.value, theirs.value)):
                assert item.is_undefined_length_sequence_item == other.is_undefined_length_sequence_item, place
                assert convert_encodings(item._character_set) == convert_encodings(other._character_set), place
                _assert_same(item, other, f"{place}[{i}]")
            continue
        assert mine.VR == theirs.VR, place
        assert mine.value == theirs.value, place
        # The scanner's own string decoding gives what pydicom's conversion gives.
        assert string_values(scanned, tag) == string_values(parsed, tag), place


def _check(data: bytes) -> bool:
    scanned = scan_file(data)
    if scanned is None:
        return False
    parsed = dcmread(BytesIO(data))
    assert scanned.transfer_syntax == parsed.file_meta.TransferSyntaxUID
    try:
        _assert_same(scanned.dataset, parsed)
    except ScanDeclined:
        return False  # a defined-length sequence is scanned when first read, and may decline then
    order = "little" if scanned.dataset.original_encoding[1] else "big"
    for tag, (start, end) in scanned.spans.items():
        assert int.from_bytes(data[start:start + 2], order) == tag >> 16
        assert end <= len(data)
    return True


@pytest.mark.parametrize("path", PYDICOM_FILES, ids=lambda p: Path(p).name)
def test_matches_pydicom_on_its_test_files(path):
    _check(Path(path).read_bytes())


def test_reads_most_of_pydicoms_test_files():
    # Explicit VR little endian is the common case; the rest is left to pydicom's reader.
    assert sum(scan_file(Path(p).read_bytes()) is not None for p in PYDICOM_FILES) >= len(PYDICOM_FILES) // 2


def test_matches_pydicom_on_the_synthetic_corpus(tmp_path):
    corpus = generate_corpus(tmp_path, patients=4, seed=11)
    checked = sum(_check((corpus.corpus_dir / record["path"]).read_bytes()) for record in corpus.dicom_files)
    assert checked >= len(corpus.dicom_files) // 2


def test_defined_length_sequences_are_scanned_when_first_read():
    data = to_bytes(instance())
    scanned = scan_file(data)
    sequences = [e for e in scanned.dataset.items() if isinstance(e[1], ScannedSequence)]
    assert sequences and all(seq._items is None for _, seq in sequences)
    assert all(isinstance(item, ScannedDataset) for item in sequences[0][1].value)


def test_spans_cover_the_data_set_exactly():
    data = to_bytes(instance())
    scanned = scan_file(data)
    spans = sorted(scanned.spans.values())
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert spans[-1][1] == len(data)


@pytest.mark.parametrize("damage", [
    lambda d: d[:-3],  # truncated inside the last element
    lambda d: d[:128] + b"XXXX" + d[132:],  # no DICM marker
    lambda d: d + b"\x00\x00\x00",  # trailing bytes pydicom would silently drop
])
def test_declines_what_pydicom_must_judge(damage):
    assert scan_file(damage(to_bytes(instance()))) is None


@pytest.mark.parametrize("name", ["rtplan.dcm", "priv_SQ.dcm", "empty_charset_LEI.dcm"])
def test_reads_implicit_vr_as_pydicom_does(name):
    # Sequences of both lengths, nested, and a private sequence pydicom recognises by the item after it.
    assert _check(Path([p for p in PYDICOM_FILES if Path(p).name == name][0]).read_bytes())


def test_an_ambiguous_vr_in_implicit_vr_is_left_to_pydicom():
    # MR_small_implicit: Smallest Image Pixel Value is "US or SS", which pydicom resolves from other elements.
    scanned = scan_file(Path([p for p in PYDICOM_FILES if p.endswith("MR_small_implicit.dcm")][0]).read_bytes())
    assert string_values(scanned.dataset, 0x00100010)  # read as the reader reads it
    with pytest.raises(ScanDeclined):
        scanned.dataset[0x00280106]


@pytest.mark.parametrize("name", ["MR_small_bigendian.dcm", "liver_expb_1frame.dcm", "rtdose_expb_1frame.dcm",
                                  "SC_rgb_small_odd_big_endian.dcm"])
def test_reads_explicit_vr_big_endian_as_pydicom_does(name):
    # Values stay in the file's byte order (pydicom converts them), sequences and items included.
    data = Path([p for p in PYDICOM_FILES if Path(p).name == name][0]).read_bytes()
    assert _check(data)
    assert scan_file(data).dataset.original_encoding == (False, False)



def test_removing_elements_together_skips_the_gone_and_rereads_the_character_set():
    data = to_bytes(instance(SpecificCharacterSet="ISO_IR 192", StudyDescription="Kopf"))
    scanned = scan_file(data).dataset
    assert scanned._character_set == ["UTF8"]
    scanned.remove([0x00081030, 0x00081030, 0x00080005])  # StudyDescription twice: the second time it is gone
    assert 0x00081030 not in scanned and 0x00080005 not in scanned
    assert scanned._character_set == default_encoding  # pydicom's default once the set is gone
