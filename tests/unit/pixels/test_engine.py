"""The pixel cleaner on real pydicom datasets and real tesseract: find, mask, verify, quarantine."""
from __future__ import annotations

import numpy as np
import pydicom
import pytest
from pydicom.uid import JPEG2000Lossless, RLELossless

from app.pixels import PixelCleaner, engine, textlines
from app.pixels.frames import DecodedPixels, decode
from app.pixels.match import KNOWN
from app.pixels.reader import read_frame
from app.profiles.schema import PixelPolicy, RegionRule
from tests.synth.pixel_corpus import generate_pixel_corpus
from tests.synth.pixel_eval import recoverable_in_place, recoverable_strings

from .conftest import FAMILY, GIVEN, MRN, NAME_IMAGE_TEXTS, dataset, ink_box, render, roundtrip

CLEAN = PixelPolicy(clean=True)


def cleaned(ds, policy=CLEAN):
    outcome = PixelCleaner(policy).clean(ds)
    assert outcome.status == "cleaned", outcome.reason
    out = roundtrip(ds)
    outcome.edit.apply(out)
    return outcome, roundtrip(out)


def test_the_learned_detector_reads_a_rendered_name(name_image):
    view = DecodedPixels(name_image, "MONOCHROME2").view(0)
    words = [w.text for line in read_frame(view) for w in line]
    assert any(FAMILY in w.upper() for w in words)


def test_a_crop_shown_again_while_a_file_is_cleaned_is_read_once_and_forgotten_after(name_image, monkeypatch):
    view = DecodedPixels(name_image, "MONOCHROME2").view(0)
    line = textlines.detect_lines(view)[0]
    other = (line[0], line[1], (line[0] + line[2]) // 2, line[3])
    reads = []
    recognise = textlines._recognise
    monkeypatch.setattr(textlines, "_recognise", lambda crop: reads.append(crop.shape) or recognise(crop))
    with textlines.readings_kept():
        first = textlines.read_boxes(view, [line])
        # The same pixels in another array (another frame's still overlay) are answered by the first reading.
        assert textlines.read_boxes(view.copy(), [line]) == first and len(reads) == 1
        textlines.read_boxes(view, [other])
        assert len(reads) == 2
    assert textlines.read_boxes(view, [line]) == first and len(reads) == 3  # nothing kept past the file


@pytest.mark.ocr
def test_burned_in_name_id_and_date_are_removed_and_verified(name_image):
    ds = dataset(name_image, burned="YES")
    outcome, out = cleaned(ds)
    kinds = {box[5] for box in outcome.boxes}
    assert KNOWN in kinds
    assert out.BurnedInAnnotation == "NO"
    assert out.file_meta.TransferSyntaxUID == pydicom.uid.ExplicitVRLittleEndian
    assert recoverable_strings(out, [FAMILY, GIVEN, MRN, "03/14/2021"]) == []
    # Pixels far from any text are untouched.
    before, after = decode(ds).array, decode(out).array
    assert np.array_equal(before[0, 140:, :150], after[0, 140:, :150])


@pytest.mark.ocr
def test_a_radiograph_without_burned_in_annotation_is_read_but_an_explicit_no_is_trusted(name_image):
    ds = dataset(name_image, modality="CR")
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1"  # CR Image Storage
    _, out = cleaned(ds)
    assert recoverable_strings(out, [FAMILY, MRN]) == []
    ds.BurnedInAnnotation = "NO"
    assert PixelCleaner(CLEAN).clean(ds).status == "unchanged"


def region_policy(box=(10, 20, 60, 50)) -> PixelPolicy:
    """Mask a fixed rectangle by a profile rule, without OCR, so each encoding path is checked exactly."""
    return PixelPolicy(clean=True, scan="none", verify=False,
                       regions=(RegionRule(when={"Modality": "dx", "Rows": 40}, boxes=(box,)),))


def gradient(bits: int, signed: bool, frames: int = 1, samples: int = 1) -> np.ndarray:
    """A smooth test pattern whose extremes are away from the fill value."""
    lo, hi = (-500, 1500) if signed else (200, 2 ** bits - 200)
    ramp = np.linspace(lo, hi, 40 * 70).reshape(40, 70)
    ramp = np.stack([ramp + 3 * f for f in range(frames)])
    if samples == 3:
        ramp = np.stack([ramp, ramp[:, ::-1, :], ramp[:, :, ::-1]], axis=-1)
    dtype = {(8, False): np.uint8, (16, False): np.uint16, (16, True): np.int16}[(bits, signed)]
    return ramp.astype(dtype)


@pytest.mark.parametrize("photometric,bits,signed,frames,samples,syntax", [
    ("MONOCHROME2", 8, False, 1, 1, None),
    ("MONOCHROME1", 16, False, 1, 1, None),
    ("MONOCHROME2", 16, True, 1, 1, None),
    ("MONOCHROME2", 16, False, 3, 1, RLELossless),
    ("MONOCHROME2", 16, False, 1, 1, JPEG2000Lossless),
    ("RGB", 8, False, 2, 3, None),
    ("RGB", 8, False, 1, 3, RLELossless),
])
def test_every_encoding_path_round_trips_and_masks_exactly_the_box(photometric, bits, signed, frames, samples, syntax):
    pixels = gradient(bits, signed, frames, samples)
    ds = dataset(pixels, modality="DX", photometric=photometric, bits=bits, signed=signed)
    if syntax is not None:
        ds.compress(syntax, encoding_plugin="pydicom" if syntax == RLELossless else "")
        ds = roundtrip(ds)
    before = decode(ds).array
    outcome, out = cleaned(ds, region_policy())
    after = decode(out).array
    assert after.shape == before.shape and after.dtype == before.dtype
    assert int(out.get("NumberOfFrames", 1)) == frames
    assert "BurnedInAnnotation" not in out  # verification was off: nothing proves the image clean
    box = np.zeros(before.shape[1:3], dtype=bool)
    box[20:50, 10:60] = True
    assert np.array_equal(after[:, ~box], before[:, ~box])
    for f in range(frames):
        expected = 0 if samples == 3 else (before[f].max() if photometric == "MONOCHROME1" else before[f].min())
        assert (after[f][box] == expected).all()
    assert len(outcome.boxes) == frames


def test_ybr_jpeg_is_decoded_to_rgb_and_written_uncompressed():
    from pydicom.encaps import encapsulate
    from pydicom.uid import JPEGBaseline8Bit
    from PIL import Image
    import io

    rgb = gradient(8, False, 1, 3)
    buffer = io.BytesIO()
    Image.fromarray(rgb[0], "RGB").save(buffer, "JPEG", quality=95, subsampling=1)
    ds = dataset(rgb, modality="DX", photometric="YBR_FULL_422")
    ds.PixelData = encapsulate([buffer.getvalue()])
    ds["PixelData"].VR = "OB"
    ds.file_meta.TransferSyntaxUID = JPEGBaseline8Bit
    ds = roundtrip(ds)
    before = decode(ds).array
    _, out = cleaned(ds, region_policy())
    assert out.PhotometricInterpretation == "RGB" and out.PlanarConfiguration == 0
    after = decode(out).array
    assert (after[0, 20:50, 10:60] == 0).all()
    assert np.array_equal(after[0, :20], before[0, :20])


@pytest.mark.ocr
def test_multi_frame_static_text_is_masked_in_every_frame_and_identical_frames_read_once():
    base = render((150, 360), [(f"{GIVEN} {FAMILY}", (10, 10)), (f"MRN {MRN}", (10, 110))])
    moving = base.copy()
    moving[60:90, 200:260] = 120  # "tissue" moves in one region only
    ds = dataset(np.stack([base, base, moving]), burned="YES")
    scan = PixelCleaner(CLEAN).scan(ds)
    assert scan.frames == 3 and scan.frames_scanned == 2
    outcome, out = cleaned(ds)
    assert {box[0] for box in outcome.boxes if box[5] == KNOWN} == {0, 1, 2}
    assert recoverable_strings(out, [FAMILY, MRN]) == []


@pytest.mark.ocr
@pytest.mark.parametrize("policy", [CLEAN, PixelPolicy(clean=True, redact="all_text")], ids=["phi", "all_text"])
def test_a_runs_masks_go_to_every_frame_but_plain_texts(policy):
    # An XA run prints the patient's lines on its first frames only, and PHI (or presumed PHI: a name-like word in the
    # PHI's block) masked in one frame may stand, fading, in another: masked in every frame. Plain text, masked only
    # when all text is redacted (then the block's word too), is masked where it was read; copied to a frame where it
    # does not stand, it only blanked that frame's image.
    phi, block, label = (f"{FAMILY} {GIVEN}", (10, 10)), ("Cardiology", (10, 36)), ("Gain 54%", (200, 120))
    frames = np.stack([render((160, 360), [phi, block, label]), render((160, 360), [])])
    outcome, out = cleaned(dataset(frames, burned="YES"), policy)
    after = decode(out).array

    def masked_in(frame, text):
        x0, y0, x1, y1 = ink_box(*text)
        return bool((after[frame, y0:y1, x0:x1] == frames[frame].min()).all())

    def kept_in(frame, text):
        x0, y0, x1, y1 = ink_box(*text)
        return np.array_equal(after[frame, y0:y1, x0:x1], frames[frame, y0:y1, x0:x1])

    assert {box[0] for box in outcome.boxes if box[5] == KNOWN} == {0, 1}
    assert masked_in(0, phi) and masked_in(1, phi)
    if policy.redact == "all_text":
        assert all(masked_in(0, text) and kept_in(1, text) for text in (block, label))
    else:
        assert masked_in(0, block) and masked_in(1, block)
        assert kept_in(0, label) and kept_in(1, label)


@pytest.mark.ocr
def test_ct_without_text_is_not_touched():
    ct = gradient(16, True)
    ds = dataset(ct, modality="CT", bits=16, signed=True)
    assert PixelCleaner(CLEAN).clean(ds) == PixelCleaner(CLEAN).clean(ds)
    outcome = PixelCleaner(CLEAN).clean(ds)
    assert outcome.status == "unchanged" and outcome.edit is None
    # Even when the policy reads every image, a text-free CT stays byte-identical.
    assert PixelCleaner(PixelPolicy(clean=True, scan="all")).clean(ds).status == "unchanged"


def test_undecodable_pixels_are_quarantined_with_a_phi_free_reason(name_image):
    ds = dataset(name_image, burned="YES")
    ds.PixelData = ds.PixelData[:100]
    outcome = PixelCleaner(CLEAN).clean(ds)
    assert outcome.status == "quarantined" and outcome.reason == "pixel data cannot be decoded"
    assert outcome.edit is None


def test_an_encapsulated_document_is_quarantined_as_a_document_not_as_broken_pixels(name_image):
    ds = dataset(name_image)
    del ds.PixelData
    ds.SOPClassUID, ds.Modality = "1.2.840.10008.5.1.4.1.1.104.1", "DOC"  # Encapsulated PDF
    ds.EncapsulatedDocument, ds.MIMETypeOfEncapsulatedDocument = b"%PDF-1.4 synthetic\n", "application/pdf"
    outcome = PixelCleaner(CLEAN).clean(ds)
    assert outcome.status == "quarantined" and outcome.reason.startswith("an encapsulated document")


def test_missing_tesseract_quarantines_at_risk_images(name_image, no_tesseract):
    outcome = PixelCleaner(CLEAN).clean(dataset(name_image, burned="YES"))
    assert outcome.status == "quarantined" and outcome.reason == "OCR is unavailable"


# A profile rule that blanks the frame's top band while leaving the name below it: the rule's box cannot
# cover the text and detection is off for this header (scan=none), but verification reads it.
TOP_BAND_ONLY = PixelPolicy(clean=True, scan="none",
                            regions=(RegionRule(when={"Modality": "US"}, boxes=((0, 0, 360, 20),)),))


@pytest.mark.ocr
@pytest.mark.parametrize("frames", [1, 3], ids=["still", "cine"])
def test_phi_that_only_verification_reads_beside_a_fixed_region_is_masked_and_verified_again(frames):
    # Regions-only files take the same verify-and-remask rounds as detected ones: the name is masked, the
    # frames read again, and the file released, in every frame of a loop.
    image = render((160, 360), [(f"{FAMILY}, {GIVEN}", (12, 100))])[None]
    outcome, out = cleaned(dataset(np.repeat(image, frames, axis=0)), TOP_BAND_ONLY)
    assert {box[0] for box in outcome.boxes if box[5] == KNOWN} == set(range(frames))
    assert recoverable_strings(out, [FAMILY, GIVEN]) == []


@pytest.mark.ocr
def test_phi_left_readable_after_the_last_verification_round_is_quarantined(monkeypatch):
    # One round: what it reads is masked, but nothing reads the frame again to show it gone.
    monkeypatch.setattr(engine, "VERIFY_ROUNDS", 1)
    image = render((160, 360), [(f"{FAMILY}, {GIVEN}", (12, 100))])[None]
    outcome = PixelCleaner(TOP_BAND_ONLY).clean(dataset(image))
    assert outcome.status == "quarantined"
    assert outcome.reason == "burned-in PHI still readable after redaction"
    assert FAMILY not in repr(outcome)


@pytest.mark.ocr
def test_detect_only_policy_quarantines_instead_of_altering(name_image):
    outcome = PixelCleaner(PixelPolicy(clean=False)).clean(dataset(name_image, burned="YES"))
    assert outcome.status == "quarantined" and outcome.edit is None


def test_deid_known_region_applies_to_a_matching_header():
    ds = dataset(gradient(16, False)[:, :, :], modality="CT", bits=16)
    ds.Manufacturer, ds.ManufacturerModelName = "GE MEDICAL SYSTEMS", "LightSpeed VCT"
    ds.ImageType = ["DERIVED", "SECONDARY", "SCREEN SAVE"]
    outcome = PixelCleaner(PixelPolicy(clean=True, verify=False)).clean(ds)
    assert outcome.status == "cleaned"
    assert (0, 0, 0, 512, 121, "region") in outcome.boxes
    ds.ManufacturerModelName = "Other Model"
    assert PixelCleaner(PixelPolicy(clean=True, verify=False)).clean(ds).status == "unchanged"


@pytest.mark.ocr
def test_masks_hug_the_text_they_remove(name_image):
    ds = dataset(name_image, burned="YES")
    _, out = cleaned(ds)
    changed = (decode(ds).array[0] != decode(out).array[0])
    allowed = np.zeros_like(changed)
    margin = CLEAN.margin + 1  # the margin, and one row or column the speckle blur may add to the ink
    for text, xy in NAME_IMAGE_TEXTS:
        x0, y0, x1, y1 = ink_box(text, xy)
        allowed[max(0, y0 - margin):y1 + margin, max(0, x0 - margin):x1 + margin] = True
    assert changed.any()
    assert not (changed & ~allowed).any()


@pytest.mark.ocr
def test_phi_on_speckle_that_the_page_layout_misses_is_still_removed():
    # Small dark text on bright ultrasound-like speckle: read line by line, not as a page.
    texts = [(f"{GIVEN} {FAMILY}", (30, 40)), (f"MRN {MRN}", (220, 150))]
    frame = render((240, 420), texts, size=13, background=150, ink=20, speckle=True)
    _, out = cleaned(dataset(frame[None], burned="YES"))
    assert recoverable_strings(out, [FAMILY, MRN]) == []


@pytest.mark.ocr
def test_dark_text_whose_feet_stand_in_a_black_area_is_removed(tmp_path):
    # The scattered corpus (seed 22) has an ultrasound whose "MRN: ..." is dark on mid-grey speckle
    # with a black area starting at its baseline. Tesseract thresholds a whole montage at once, and
    # the plain crop of that line reads only when thresholded on its own.
    manifest = generate_pixel_corpus(tmp_path, 2, 22, "scattered")
    truth = manifest.files[1]
    assert truth.path == "us_jpeg/0001.dcm" and any(t.phi and t.box == (591, 540, 726, 554) for t in truth.texts)
    _, out = cleaned(pydicom.dcmread(tmp_path / truth.path))
    assert recoverable_in_place(out, [t for t in truth.texts if t.phi]) == []


@pytest.mark.parametrize("shape", [(1, 1, 1), (1, 3, 3), (1, 2, 40), (1, 64, 64)])
def test_a_tiny_or_blank_image_is_cleared_without_ocr_not_quarantined(shape, no_tesseract):
    # No glyph fits, or there is nothing but one value: no reader is needed, so none may fail.
    outcome = PixelCleaner(CLEAN).clean(dataset(np.full(shape, 40, np.uint8), burned="YES"))
    assert outcome.status == "unchanged", outcome.reason


@pytest.mark.ocr
def test_scan_reports_each_box_once(name_image):
    boxes = PixelCleaner(PixelPolicy(clean=True)).scan(dataset(name_image, burned="YES")).boxes
    assert boxes and len(boxes) == len(set(boxes))
