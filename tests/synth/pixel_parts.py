"""What every layout of the synthetic pixel corpus draws with: the truth it records per string and per file (and how to
draw a string's glyphs again), the synthetic identities and PHI strings, and each kind's header and pixel encoding.

The layouts (`tests.synth.pixel_corpus`, `tests.synth.edge_screens`, `tests.synth.turned_screens`) import it; it
imports none of them.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from faker import Faker
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import (ExplicitVRLittleEndian, JPEG2000Lossless, JPEGBaseline8Bit, PYDICOM_IMPLEMENTATION_UID,
                         RLELossless, generate_uid)

# DejaVu and Liberation (Debian fonts-dejavu-core, fonts-liberation), found by name in the system
# font folders. Italic, oblique and decorative faces are left out: real consoles print upright sans/mono text.
FONT_NAMES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSansCondensed.ttf",
              "DejaVuSerif.ttf", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
              "LiberationMono-Regular.ttf", "LiberationSerif-Regular.ttf", "LiberationSansNarrow-Regular.ttf")
SC_CLASS = "1.2.840.10008.5.1.4.1.1.7"
US_CLASS = "1.2.840.10008.5.1.4.1.1.6.1"
US_MULTI_CLASS = "1.2.840.10008.5.1.4.1.1.3.1"
CR_CLASS = "1.2.840.10008.5.1.4.1.1.1"
DX_CLASS = "1.2.840.10008.5.1.4.1.1.1.1"
CT_CLASS = "1.2.840.10008.5.1.4.1.1.2"
XA_CLASS = "1.2.840.10008.5.1.4.1.1.12.1"
MG_CLASS = "1.2.840.10008.5.1.4.1.1.1.2"
MR_CLASS = "1.2.840.10008.5.1.4.1.1.4"
# The scanned layout's kinds, alternating: 8-bit grey stored as scanned, and the same as baseline JPEG.
SCAN_KINDS = ("doc_scan", "doc_scan_jpeg")


@dataclass
class RenderedText:
    """One string burned into the pixels: its value (PHI or not) and its box in every frame it appears."""

    text: str
    phi: bool
    in_header: bool
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive), same in every frame
    size: int
    polarity: str  # light_on_dark | dark_on_light
    low_contrast: bool
    font: str = ""  # the face's file name and where it was drawn from: enough to draw the glyphs again
    origin: tuple[float, float] = (0.0, 0.0)

    def glyphs(self, rows: int, cols: int) -> np.ndarray:
        """The string's own pixels (at least half covered by its glyphs) in a rows x cols frame."""
        return _drawn(self.text, ImageFont.truetype(self.font, self.size), self.origin, (), rows, cols) >= 128


@dataclass
class TurnedText(RenderedText):
    """A string drawn, then turned (a scanned form's field tilted by hand, then the whole page on the glass)."""

    # Rotations applied after drawing, in order: (degrees counter-clockwise, centre x, centre y).
    turns: tuple[tuple[float, float, float], ...] = ()

    def glyphs(self, rows: int, cols: int) -> np.ndarray:
        """The string's own pixels (at least half covered by its turned glyphs) in a rows x cols frame."""
        return _drawn(self.text, ImageFont.truetype(self.font, self.size), self.origin, self.turns, rows, cols) >= 128


@dataclass
class StampedText(RenderedText):
    """A string drawn in an image of its own, turned by quarter turns and stamped into the frame with its top left at
    `at` (a rendering's label set along a side edge)."""

    at: tuple[int, int] = (0, 0)
    quarter_turns: int = 0  # counter-clockwise: 1 reads bottom to top, 3 top to bottom
    frames_drawn: tuple[int, ...] = ()  # the frames of a run it is drawn in; empty: every frame

    def glyphs(self, rows: int, cols: int) -> np.ndarray:
        """The string's own pixels (at least half covered by its glyphs) in a rows x cols frame."""
        small = stamped(self) >= 128
        frame = np.zeros((rows, cols), bool)
        x, y = self.at
        frame[y:y + small.shape[0], x:x + small.shape[1]] = small[:rows - y, :cols - x]
        return frame


def stamped(text: StampedText) -> np.ndarray:
    """A StampedText's coverage (0-255) in its own image, turned."""
    font = ImageFont.truetype(text.font, text.size)
    _, _, right, bottom = font.getbbox(text.text)
    return np.rot90(_drawn(text.text, font, (0, 0), (), bottom + 1, right + 1), text.quarter_turns)


def _drawn(text: str, font: ImageFont.FreeTypeFont, origin: tuple[float, float],
           turns: tuple[tuple[float, float, float], ...], rows: int, cols: int) -> np.ndarray:
    """`text`'s coverage (0-255) drawn at `origin` in a rows x cols frame, then turned by each of `turns`."""
    mask = Image.new("L", (cols, rows), 0)
    ImageDraw.Draw(mask).text(origin, text, font=font, fill=255)
    for angle, cx, cy in turns:
        mask = mask.rotate(angle, resample=Image.Resampling.BILINEAR, center=(cx, cy))
    return np.asarray(mask)


@dataclass
class PixelCorpusFile:
    """Ground truth for one file (the values are synthetic, but still never printed by tools)."""

    path: str  # relative to the corpus root
    kind: str
    modality: str
    has_text: bool
    burned_in_annotation: str | None
    frames: int
    rows: int
    columns: int
    pixel_hash: str
    texts: list[RenderedText] = field(default_factory=list)

    @property
    def phi_strings(self) -> list[str]:
        """The injected PHI strings that must not be readable after cleaning."""
        return [t.text for t in self.texts if t.phi]


# --------------------------------------------------------------------------- identity and text
@dataclass
class _Identity:
    family: str
    given: str
    mrn: str
    accession: str
    birth: date
    study: date
    institution: str


def _identity(rng: random.Random, fake: Faker) -> _Identity:
    study = date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
    return _Identity(fake.last_name(), fake.first_name(), str(rng.randrange(10**6, 10**8)),
                     f"A{rng.randrange(10**6, 10**7)}", study - timedelta(days=rng.randrange(365 * 5, 365 * 90)),
                     study, f"{fake.city()} {rng.choice(('General Hospital', 'Medical Center', 'Clinic'))}")


def _fmt_date(d: date, rng: random.Random) -> str:
    return rng.choice((f"{d:%m/%d/%Y}", f"{d:%Y-%m-%d}", f"{d:%d.%m.%Y}", f"{d:%d-%b-%Y}", f"{d:%b %d %Y}",
                       f"{d:%Y%m%d}", f"{d:%d/%m/%Y}", f"{d:%B} {d.day}, {d.year}"))


def _phi_lines(who: _Identity, rng: random.Random, fake: Faker) -> list[tuple[str, bool]]:
    """PHI strings to burn in, each with whether the header also carries it."""
    name = rng.choice((f"{who.family}, {who.given}", f"{who.given} {who.family}", f"{who.family.upper()}^{who.given.upper()}",
                       f"{who.given[0]}. {who.family}"))
    lines = [(rng.choice(("", "Name: ", "Patient: ")) + name, True),
             (rng.choice(("", "MRN: ", "ID: ", "MRN ")) + who.mrn, True),
             (rng.choice(("DOB: ", "", "Birth ")) + _fmt_date(who.birth, rng), True),
             (_fmt_date(who.study, rng) + rng.choice(("", f" {rng.randrange(24):02d}:{rng.randrange(60):02d}")), True)]
    extras = [(rng.choice(("Acc: ", "Acc# ", "")) + who.accession, True), (who.institution, True),
              (f"Ref: Dr {fake.last_name()}", False),  # a person the header does not name: the label catches it
              (_fmt_date(who.study - timedelta(days=rng.randrange(1, 900)), rng), False),
              (f"{rng.randrange(100, 999)}-{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}", False)]
    return lines[: rng.randint(2, 4)] + rng.sample(extras, rng.randint(1, 3))


# --------------------------------------------------------------------------- datasets
def _header(kind: str, who: _Identity, rng: random.Random) -> Dataset:
    modality, sop = {"us_rgb": ("US", US_CLASS), "us_jpeg": ("US", US_CLASS), "us_multiframe": ("US", US_MULTI_CLASS),
                     "sc_gray8": ("OT", SC_CLASS), "cr_mono1": ("CR", CR_CLASS), "cr_mono2_rle": ("CR", CR_CLASS),
                     "dx_mono2_j2k": ("DX", DX_CLASS), "dx_signed16": ("DX", DX_CLASS), "ct_notext": ("CT", CT_CLASS),
                     "mr_notext": ("MR", MR_CLASS), "doc_scan": ("OT", SC_CLASS),
                     "doc_scan_jpeg": ("OT", SC_CLASS), "vr_render": ("CT", SC_CLASS), "xa_run": ("XA", XA_CLASS),
                     "mg_label": ("MG", MG_CLASS), "grey_console": ("OT", SC_CLASS), "film_label": ("DX", DX_CLASS),
                     "us_banner_moving": ("US", US_MULTI_CLASS), "us_banner_alternating": ("US", US_MULTI_CLASS)}[kind]
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID, ds.Modality = sop, modality
    ds.PatientName = f"{who.family}^{who.given}"
    ds.PatientID, ds.AccessionNumber = who.mrn, who.accession
    ds.PatientBirthDate, ds.StudyDate = f"{who.birth:%Y%m%d}", f"{who.study:%Y%m%d}"
    ds.SeriesDate = ds.ContentDate = ds.StudyDate
    ds.StudyTime = f"{rng.randrange(24):02d}{rng.randrange(60):02d}00"
    ds.InstitutionName = who.institution
    ds.Manufacturer, ds.ManufacturerModelName = "Synthetic Imaging", f"Model {rng.randrange(1, 9)}"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    return ds


def _pixels(ds: Dataset, kind: str, stack: np.ndarray) -> None:
    """Encode the 0..1 stack into the kind's bit depth, photometric and transfer syntax."""
    frames = stack.shape[0]
    if frames > 1:
        ds.NumberOfFrames = frames
    if kind.startswith("us") or kind == "vr_render":
        rgb = (stack * 255).round().astype(np.uint8)
        ds.SamplesPerPixel, ds.PlanarConfiguration = 3, 0
        ds.BitsAllocated = ds.BitsStored = 8
        ds.HighBit, ds.PixelRepresentation = 7, 0
        if kind == "us_jpeg":
            ds.PhotometricInterpretation = "YBR_FULL_422"
            fragments = []
            for frame in rgb:
                buf = io.BytesIO()
                Image.fromarray(frame, "RGB").save(buf, "JPEG", quality=95, subsampling=1)
                fragments.append(buf.getvalue())
            ds.PixelData = encapsulate(fragments)
            ds["PixelData"].VR = "OB"
            ds.file_meta.TransferSyntaxUID = JPEGBaseline8Bit
            ds.LossyImageCompression = "01"
        else:
            ds.PhotometricInterpretation = "RGB"
            ds.PixelData = rgb.tobytes()
        return
    gray = stack if stack.ndim == 3 else stack[..., 0]
    ds.SamplesPerPixel = 1
    if kind in ("sc_gray8", "xa_run", "grey_console", *SCAN_KINDS):
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.BitsAllocated = ds.BitsStored = 8
        ds.HighBit, ds.PixelRepresentation = 7, 0
        ds.PixelData = (gray * 255).round().astype(np.uint8).tobytes()
        if kind == "doc_scan_jpeg":
            # A document scanner's default: baseline JPEG at a middling quality (ringing around every stroke).
            buf = io.BytesIO()
            Image.fromarray((gray[0] * 255).round().astype(np.uint8), "L").save(buf, "JPEG", quality=70)
            ds.PixelData = encapsulate([buf.getvalue()])
            ds["PixelData"].VR = "OB"
            ds.file_meta.TransferSyntaxUID = JPEGBaseline8Bit
            ds.LossyImageCompression = "01"
        return
    signed = kind in ("dx_signed16", "ct_notext")
    bits = 16 if signed or kind == "mr_notext" else 12
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, bits, bits - 1, int(signed)
    if kind == "cr_mono1":
        ds.PhotometricInterpretation = "MONOCHROME1"
        gray = 1 - gray  # stored values are inverted: the viewer shows high values dark
    else:
        ds.PhotometricInterpretation = "MONOCHROME2"
    if signed:
        values = (gray * 4000 - 1024).round().astype(np.int16)
    else:
        values = (gray * (2**bits - 1)).round().astype(np.uint16)
    ds.PixelData = values.tobytes()
    if kind == "cr_mono2_rle":
        ds.compress(RLELossless, encoding_plugin="pydicom")
    elif kind == "dx_mono2_j2k":
        ds.compress(JPEG2000Lossless, generate_instance_uid=False)
