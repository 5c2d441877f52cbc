"""One DICOM file through the pipeline: header → pixels → descriptors → final proof, in memory.

Files in a native encoding (most: explicit or implicit VR little endian, explicit VR big endian) are
read by the header engine's raw scanner; the rest, and anything the scanner or the fast encoder
declines, by pydicom. When the profile cleans pixels and
the header says the file may carry burned-in text, the pixel engine reads the original pixels
first. The header engine then transforms the header (kept descriptors cleaned by the report-text
engine under a cleaning option, the transformer's cleaner) and writes the file back, proven clean:
a file that cannot be is quarantined rather than released.
"""
from __future__ import annotations

from dataclasses import dataclass

from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian

from ..budget import TimeBudgetExceeded
from ..dicom.byte_order import words_to_little_endian
from ..dicom.encapsulated import clean_encapsulated_pixels
from ..dicom.errors import NotDicom, Quarantined, UnreadableDicom
from ..dicom.rewrite import (PIXEL_DATA, encoding_of, mark_method, parse_file, source_instance, transform_header,
                             write_output)
from ..dicom.scan import ScanDeclined, ScannedDataset, scan_file
from ..dicom.transform import HeaderTransformer
from ..pixels import PixelCleaner, PixelEdit
from ..pixels.risk import burned_in_risk, can_carry_text, says_burned_in, scans_pixels, unlabelled_projection
from ..profiles.schema import PixelPolicy


@dataclass(frozen=True)
class Deidentified:
    """A clean output file and the identifiers the batch needs to place and link it."""

    data: bytes
    pseudonym: str
    study_uid: str
    series_uid: str
    sop_instance_uid: str
    source_sop_instance_uid: str
    # What the pixel engine masked, as (frame, x0, y0, x1, y1, kind): a reviewer's sample outlines them.
    masked: tuple[tuple, ...] = ()


def deidentify_bytes(data: bytes, transformer: HeaderTransformer) -> Deidentified:
    """Return the de-identified file for DICOM bytes, or raise NotDicom / Quarantined (and nothing else)."""
    try:
        scanned = scan_file(data)
        if scanned is not None:
            try:
                return _deidentify(data, transformer, scanned.dataset, scanned.transfer_syntax,
                                   scanned.media_storage_class, scanned.spans)
            except (ScanDeclined, UnreadableDicom):
                pass  # left to pydicom's reader and writer, whose verdict on a damaged file is the reference
        return deidentify_parsed(data, transformer)
    except (NotDicom, Quarantined, TimeBudgetExceeded):
        raise
    except Exception as exc:  # pydicom failing on a damaged value (found by fuzzing): the file cannot be shown clean
        raise UnreadableDicom(f"an element could not be processed ({type(exc).__name__})") from None


def deidentify_parsed(data: bytes, transformer: HeaderTransformer) -> Deidentified:
    """Like deidentify_bytes, always through pydicom's full parse: the reference the scanner path must match."""
    return _deidentify(data, transformer, *parse_file(data))


def _deidentify(data: bytes, transformer: HeaderTransformer, ds: Dataset | ScannedDataset, transfer_syntax: str,
                media_storage_class: str, spans: dict[int, tuple[int, int]]) -> Deidentified:
    """De-identify a parsed or scanned data set whose unchanged top-level elements lie at `spans` in `data`."""
    policy = transformer.policy
    pixels = policy.profile.document.pixels
    source_sop = source_instance(ds, media_storage_class)
    # Without pixels or a document nothing can be burned in (a header-only CR is not at risk).
    renders = can_carry_text(ds)
    risk = burned_in_risk(ds) if renders else None
    raw_elements = dict(ds.items())
    # Every element of a scanned data set has its span; a parsed one's converted elements have none.
    originals = raw_elements if isinstance(ds, ScannedDataset) else {tag: raw_elements[tag] for tag in spans}
    pixel_edit, masked = None, ()
    reading = risk or (unlabelled_projection(ds) if pixels.clean and renders else None)
    reads_pixels = scans_pixels(pixels, reading)
    if reads_pixels:
        if isinstance(ds, ScannedDataset):
            raise ScanDeclined  # the pixel engine reads a pydicom data set
        pixel_edit, masked = _clean_pixels(pixels, ds)
        if pixel_edit is None:
            # Reading the pixels converted raw elements (Pixel Data above all); unchanged, they are copied
            # from the input: pydicom's writer would pad an odd-length fragment and break its item.
            for tag, raw in originals.items():
                ds[tag] = raw
    elif risk and not policy.accept_burned_in:
        raise Quarantined("pixels_not_cleaned", f"pixels not cleaned: {risk}")
    state = transform_header(transformer, ds)
    # The pixel engine proves pixels clean when it read them and verified its reading (or its masks).
    own_tags = mark_method(transformer, state, ds, says_burned_in(ds), reads_pixels and pixels.verify)
    if pixel_edit is not None:
        if not encoding_of(transfer_syntax)[0]:
            # Written anew little endian: word values (a palette's LUT data, overlays) keep the input's order.
            words_to_little_endian(ds, skip=frozenset({PIXEL_DATA}))
        pixel_edit.apply(ds)
        # What the edit wrote must be encoded anew, never copied from the input: PixelData is the
        # point, and the engine may have updated an element in place.
        for keyword in ("PixelData", *pixel_edit.attributes):
            originals.pop(int(ds.data_element(keyword).tag), None)
        if encoding_of(transfer_syntax) != encoding_of(ExplicitVRLittleEndian):
            originals = {}  # input bytes in another encoding cannot be spliced into the new one
        transfer_syntax = ExplicitVRLittleEndian
    else:
        clean_encapsulated_pixels(ds, transfer_syntax)  # compressed frames copied as they are keep no comments
    out, placing = write_output(ds, data, originals, spans, transfer_syntax, state, own_tags)
    return Deidentified(out, state.pseudonym, *placing, source_sop, masked)


def _clean_pixels(policy: PixelPolicy, ds: Dataset) -> tuple[PixelEdit | None, tuple[tuple, ...]]:
    """Run the pixel engine on the original data set; return its edit (None: pixels unchanged) and its boxes."""
    outcome = PixelCleaner(policy).clean(ds)
    if outcome.status == "quarantined":
        raise Quarantined("burned_in_text", f"pixels not proven clean: {outcome.reason}")
    return outcome.edit, tuple(outcome.boxes)
