"""Held-out synthetic screens and films with burned-in PHI, and their truth in the pixel scorer's format.

Written without reading the pixel engine or the house's pixel corpus generator: the screens follow how devices
print text. `generate(seed, count, folder, edition)` writes `count` DICOM files under `folder` and returns a
`PixelCorpusManifest` (also saved beside them) whose texts are `ScreenText`s: `RenderedText`s that draw their
own glyphs again as they were burned (a bitmap face magnified, no anti-aliasing, turned with a scanned page,
or only in some frames of a cine).

The first edition's kinds (`kinds(1)`, taken in turn): an ultrasound screen with a top banner, settings, a
measurement table and calipers; a CT or MR screenshot with a four-corner overlay; a CT dose report page; a
scanned paper requisition (grey paper, turned 0-2 degrees, blurred, noisy, hand-filled fields); an endoscopy
or fluoroscopy capture with text in an inverted box; an ultrasound cine whose clock changes between frames; a
radiograph's film label (12- or 16-bit, MONOCHROME1 or 2); a tiny image with no text; and a text-free CT or MR
control (`BurnedInAnnotation` NO). The header carries the identity the pixels show (name, ID, birth date,
study date and time, accession, institution, referring physician, address); a requisition's phone number is
only on paper. Ages, sexes and device settings are burned in too, listed as non-PHI text.

The second edition (`generate(..., edition=2)`; the first's files stay as they were) adds: an XA run whose
patient lines are on every frame or only its first, a nuclear-medicine page of views, a PET/CT fusion (often
lossy JPEG), a 3D workstation rendering with outlined or shadowed text and lines turned along the edges, a
mammogram with its laterality and view marker and label, a dental panoramic, a fundus photograph saved as
JPEG, and a grey-on-grey reading-room console; faces italic and condensed among them.

The third edition (`edition=3`) adds: another vendor's Doppler ultrasound (thin faces of 9-14 px on a gradient
banner, the name on one line with probe and safety indices, a measurement table beside it, the accession over the
colour box), a dark-theme viewer capture (the patient in the title bar and a tab, corners in mixed sizes, one line
italic), an ECG or echo-monitor strip (the banner over the waveform grid), an OCT report page (a header table
whose cell borders touch the glyphs), a wound photograph stored as VL with a hand-written paper label turned 3-10
degrees beside a ruler, a radiograph whose film label is turned 180 or 90 degrees, a cine whose patient lines
move a pixel or two between frames or take alternate frames with the clock, text 8-20 grey levels off a mid-grey
screen or white in black boxes on a bright film, a scanned page with a barcode sticker (the MRN printed under the
bars) and a QR-like block (the accession under it), and text-free controls of those kinds.

The fourth edition (`edition=4`) draws its patients' names with accents, letters such as ø, ł and ß, particles
and hyphens (a name ISO 8859-1 cannot write makes the file UTF-8), printed as DICOM PN with carets or folded to
ASCII, and adds: a DXA bone-density report page (patient block in two columns, spine image, BMD chart, results
table) stored with its colour planes apart; an OB ultrasound worksheet in columns (LMP and EDD, the sonographer)
saved as JPEG at low quality and stored as lossy JPEG again; a RIS or PACS worklist of a dozen patients or more
in a 9-11 px face, zebra striped, one row selected, its institution column cut by the window's edge; an EHR
window with a coloured title bar, small anti-aliased fields and a note pane, stored uncompressed as YBR_FULL; a
film whose paper label a dot-matrix printer wrote (the name letter-spaced on some), in a narrow band of 16-bit
values, MONOCHROME1 or 2; a semi-transparent diagonal watermark of the name and ID across an image under a
measuring grid and ruler; a film 3000 pixels or more long with small corner text; capsule endoscopy and dental
intraoral series as multi-frame secondary capture, each frame's time stamped on it alone under a static name
line; and text-free controls of those kinds and encodings, single images and series.

Every file carries the attributes its IOD requires (the `header` data), so an IOD validator finds no error.
"""
from __future__ import annotations

import io
import json
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import pydicom
import yaml
from PIL import Image, ImageDraw, ImageFont
from pydicom.datadict import tag_for_keyword
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.pixels import convert_color_space
from pydicom.sequence import Sequence
from pydicom.uid import (PYDICOM_IMPLEMENTATION_UID, ExplicitVRLittleEndian, JPEG2000Lossless, JPEGBaseline8Bit,
                         generate_uid)

from tests.heldout import synthetic_names as names
from tests.synth.pixel_corpus import MANIFEST_FILE, PixelCorpusFile, PixelCorpusManifest, RenderedText, pixel_hash

DATA = yaml.safe_load(Path(__file__).with_name("pixel_screens.yaml").read_text(encoding="utf-8"))
BITMAP = "pillow-bitmap"  # the face name recorded for Pillow's built-in bitmap font
_BITMAP_HEIGHT = 11  # that font's line height in pixels, before magnifying
LAYOUT = "screens"
SOP_CLASSES = {
    "SC": "1.2.840.10008.5.1.4.1.1.7", "US": "1.2.840.10008.5.1.4.1.1.6.1",
    "US_MULTI": "1.2.840.10008.5.1.4.1.1.3.1", "ES": "1.2.840.10008.5.1.4.1.1.77.1.1",
    "RF": "1.2.840.10008.5.1.4.1.1.12.2", "CR": "1.2.840.10008.5.1.4.1.1.1", "DX": "1.2.840.10008.5.1.4.1.1.1.1",
    "CT": "1.2.840.10008.5.1.4.1.1.2", "MR": "1.2.840.10008.5.1.4.1.1.4",
    "XA": "1.2.840.10008.5.1.4.1.1.12.1", "MG": "1.2.840.10008.5.1.4.1.1.1.2",
    "OP": "1.2.840.10008.5.1.4.1.1.77.1.5.1", "VL": "1.2.840.10008.5.1.4.1.1.77.1.4",
    "SC_MULTI_GREY": "1.2.840.10008.5.1.4.1.1.7.2", "SC_MULTI_COLOUR": "1.2.840.10008.5.1.4.1.1.7.4",
}
Segment = tuple[str, bool, bool]  # text, is PHI, is in the header


@dataclass
class ScreenText(RenderedText):
    """A burned-in string that draws its glyphs again as they were burned (magnified, crisp, turned, per frame)."""

    magnify: int = 1  # the bitmap face's pixel doubling
    crisp: bool = False  # drawn without anti-aliasing, as a device's character generator does
    turns: tuple[tuple[float, float, float], ...] = ()  # (degrees anticlockwise, centre x, centre y), in order
    frames: tuple[int, ...] = ()  # the frames it is drawn in; empty: every frame

    @property
    def frames_drawn(self) -> tuple[int, ...]:
        """`frames` under the name the pixel scorer reads, so a string is looked for only where it was drawn."""
        return self.frames

    def glyphs(self, rows: int, cols: int) -> np.ndarray:
        """The string's own pixels (at least half covered by its glyphs) in a rows x cols frame."""
        return coverage(self, rows, cols) >= 0.5


@dataclass(frozen=True)
class Style:
    """How a block of text is drawn."""

    face: str  # a font file Pillow finds, or BITMAP
    size: int
    colour: tuple[float, float, float]  # display RGB, 0-1
    magnify: int = 1
    crisp: bool = False
    effect: str = ""  # "", "outline" or "shadow"
    shade: tuple[float, float, float] = (0.0, 0.0, 0.0)  # the outline's or shadow's colour
    low_contrast: bool = False

    @property
    def height(self) -> int:
        """The face's pixel height (the bitmap face has one size)."""
        return _BITMAP_HEIGHT * self.magnify if self.face == BITMAP else self.size


@dataclass
class Identity:
    """One invented patient and study."""

    family: str
    given: str
    patient_id: str
    birth: date
    study: datetime
    accession: str
    institution: str
    referrer: tuple[str, str]
    sex: str
    street: str
    town: str
    phone: str

    @property
    def age(self) -> int:
        """Age in whole years on the study date."""
        before = (self.study.month, self.study.day) < (self.birth.month, self.birth.day)
        return self.study.year - self.birth.year - before


@dataclass
class Screen:
    """One image before it becomes DICOM: display values 0-1 as (frames, rows, cols, samples), and its texts."""

    modality: str
    sop: str  # a SOP_CLASSES key
    stack: np.ndarray
    texts: list[ScreenText]
    bits: int = 8
    mono1: bool = False
    signed: bool = False
    syntax: str = ExplicitVRLittleEndian
    burned_in: str | None = "YES"
    frame_time: float | None = None
    header: dict[str, object] = field(default_factory=dict)  # this screen's own attributes, over its SOP class's
    quality: int = 90  # of its frames' JPEG codestreams, when the transfer syntax is JPEG baseline
    planar: int = 0  # PlanarConfiguration of uncompressed colour: 0 pixel by pixel, 1 plane by plane
    ybr: bool = False  # uncompressed colour stored as YBR_FULL rather than RGB
    window: tuple[int, int] | None = None  # the band of stored values used (a narrow window), else the full range


# --------------------------------------------------------------------------- glyphs and drawing


@lru_cache(maxsize=256)
def _face(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A TrueType face at a pixel size (cached: every string is drawn twice, once more per scoring)."""
    return ImageFont.truetype(name, size)


@lru_cache(maxsize=1)
def _bitmap() -> ImageFont.ImageFont:
    """Pillow's built-in bitmap font."""
    return ImageFont.load_default_imagefont()


def coverage(text: ScreenText, rows: int, cols: int) -> np.ndarray:
    """How much of each pixel of a rows x cols frame the string's glyphs cover, 0 to 1."""
    page = Image.new("L", (cols, rows), 0)
    if text.font == BITMAP:
        _, _, width, height = _bitmap().getbbox(text.text)
        small = Image.new("L", (max(1, width), max(1, height)), 0)
        ImageDraw.Draw(small).text((0, 0), text.text, font=_bitmap(), fill=255)
        big = small.resize((small.width * text.magnify, small.height * text.magnify), Image.Resampling.NEAREST)
        page.paste(big, (round(text.origin[0]), round(text.origin[1])))
    else:
        draw = ImageDraw.Draw(page)
        draw.fontmode = "1" if text.crisp else "L"
        draw.text(text.origin, text.text, font=_face(text.font, text.size), fill=255)
    cover = np.asarray(page, dtype=np.float32) / 255
    for angle, x, y in text.turns:
        cover = turned(cover, angle, (x, y))
    return cover


def turned(plane: np.ndarray, angle: float, centre: tuple[float, float]) -> np.ndarray:
    """`plane` (rows x cols, or with channels) turned `angle` degrees anticlockwise about `centre`, edges repeated."""
    matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
    out = cv2.warpAffine(plane, matrix, (plane.shape[1], plane.shape[0]), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_REPLICATE)
    return out.reshape(plane.shape)


def _extent(text: str, style: Style) -> int:
    """The width of `text` drawn in `style`."""
    if style.face == BITMAP:
        return _bitmap().getbbox(text)[2] * style.magnify
    return int(_face(style.face, style.size).getbbox(text)[2])


def _bbox(mask: np.ndarray, grow: int = 0) -> tuple[int, int, int, int]:
    """The box (x0, y0, x1, y1, exclusive) of a mask's set pixels, grown by `grow` within the frame."""
    ys, xs = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    rows, cols = mask.shape
    return (max(0, int(xs[0]) - grow), max(0, int(ys[0]) - grow),
            min(cols, int(xs[-1]) + 1 + grow), min(rows, int(ys[-1]) + 1 + grow))


def _luma(colour: tuple[float, ...]) -> float:
    """A display colour's grey level."""
    return 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]


def _paint(stack: np.ndarray, frames: range | tuple[int, ...], alpha: np.ndarray, colour: tuple[float, ...],
           box: tuple[int, int, int, int]) -> None:
    """Blend `colour` into the frames of `stack` by `alpha`, within `box` (grey stacks take its grey level)."""
    value = np.asarray(colour if stack.shape[3] == 3 else (_luma(colour),), dtype=np.float32)
    x0, y0, x1, y1 = box
    weight = alpha[y0:y1, x0:x1, None]
    for f in frames:
        stack[f, y0:y1, x0:x1] = stack[f, y0:y1, x0:x1] * (1 - weight) + value * weight


def put(stack: np.ndarray, segment: Segment, style: Style, origin: tuple[float, float],
        turns: tuple[tuple[float, float, float], ...] = (), frames: tuple[int, ...] = ()) -> ScreenText:
    """Burn one string into `stack` (its outline or shadow first) and return its truth."""
    value, phi, in_header = segment
    text = ScreenText(value, phi, in_header, (0, 0, 0, 0), style.height, "", style.low_contrast, style.face,
                      (float(origin[0]), float(origin[1])), style.magnify, style.crisp, turns, frames)
    rows, cols = stack.shape[1:3]
    alpha = coverage(text, rows, cols)
    halo = np.zeros_like(alpha)
    if style.effect == "outline":
        halo = cv2.dilate(alpha, np.ones((3, 3), np.uint8))
    elif style.effect == "shadow":
        halo[2:, 2:] = alpha[:-2, :-2]
    text.box = _bbox((alpha > 0) | (halo > 0))
    x0, y0, x1, y1 = text.box
    first = frames[0] if frames else 0
    ground = float(stack[first, y0:y1, x0:x1].mean())
    text.polarity = "light_on_dark" if _luma(style.colour) > ground else "dark_on_light"
    drawn = frames or range(stack.shape[0])
    if style.effect:
        _paint(stack, drawn, halo, style.shade, text.box)
    _paint(stack, drawn, alpha, style.colour, text.box)
    return text


def block(stack: np.ndarray, lines: list[list[Segment]], style: Style, corner: str | tuple[int, int],
          margin: tuple[int, int] = (8, 8), tabs: tuple[int, ...] = (), panel: tuple[float, ...] | None = None,
          spacing: float = 1.3, room: int | None = None, frames: tuple[int, ...] = ()) -> list[ScreenText]:
    """Burn lines of segments as a block in a corner ("tl", "tr", "bl", "br"; right corners right-aligned) or
    from a top-left point; segments sit a space apart or at `tabs` offsets; `panel` fills a box behind them.
    The face shrinks (to 7 px) until the block fits in `room` pixels across (by default, the frame); the
    text goes in `frames` only (empty: every frame)."""
    rows, cols = stack.shape[1:3]
    base = style.height
    room = room or cols - 2 * margin[0] - (corner[0] if isinstance(corner, tuple) else 0)

    def tab(index: int, s: Style) -> int:
        """The offset of a line's `index`th segment in style `s` (tabs scale with the face)."""
        return tabs[index] * s.height // base

    def widths(s: Style) -> list[int]:
        """Each line's width in style `s`."""
        if tabs:
            return [max(tab(i, s) + _extent(t, s) for i, (t, _, _) in enumerate(line)) for line in lines]
        return [sum(_extent(t, s) for t, _, _ in line) + _extent("n", s) * (len(line) - 1) for line in lines]

    while style.face != BITMAP and style.size > 7 and max(widths(style)) > room:
        style = replace(style, size=style.size - 1)
    step = round(style.height * spacing)
    line_widths = widths(style)
    height = step * len(lines)
    if isinstance(corner, tuple):
        left, top = corner
    else:
        left = margin[0]
        top = margin[1] if corner[0] == "t" else rows - margin[1] - height
    right_aligned = isinstance(corner, str) and corner[1] == "r"
    starts = [cols - margin[0] - w if right_aligned else left for w in line_widths]
    if panel is not None:
        x0, x1 = min(starts) - 5, max(s + w for s, w in zip(starts, line_widths, strict=True)) + 5
        stack[:, max(0, top - 4):min(rows, top + height + 2), max(0, x0):min(cols, x1)] = (
            panel if stack.shape[3] == 3 else (_luma(panel),))
    texts = []
    gap = _extent("n", style)
    for number, (line, start) in enumerate(zip(lines, starts, strict=True)):
        x, y = start, top + number * step
        for index, segment in enumerate(line):
            if tabs:
                x = start + tab(index, style)
            texts.append(put(stack, segment, style, (x, y), frames=frames))
            x += _extent(segment[0], style) + gap
    return texts


def columns(lines: list[list[Segment]], style: Style, gap: int) -> tuple[int, ...]:
    """Tab offsets that set the segments of `lines` in columns `gap` pixels apart."""
    count = max(len(line) for line in lines)
    widths = [max(_extent(line[i][0], style) for line in lines if i < len(line)) for i in range(count)]
    return tuple(int(x) for x in np.cumsum([0] + [w + gap for w in widths[:-1]]))


def named(colour: str) -> tuple[float, float, float]:
    """A named screen colour as display RGB, 0-1."""
    red, green, blue = DATA["colours"][colour]
    return red / 255, green / 255, blue / 255


def pick_style(rng: random.Random, families: tuple[str, ...], sizes: tuple[int, int],
               colours: tuple[str, ...], bitmap: float = 0.0, effects: float = 0.0) -> Style:
    """A random style from the given face families, pixel sizes and colour names; `bitmap` and `effects` are
    the chances of the bitmap face and of an outline or shadow."""
    colour = named(rng.choice(colours))
    effect = rng.choice(("outline", "shadow")) if rng.random() < effects else ""
    if rng.random() < bitmap:
        return Style(BITMAP, _BITMAP_HEIGHT, colour, magnify=rng.choice((1, 2)), effect=effect)
    face = rng.choice(DATA["faces"][rng.choice(families)])
    return Style(face, rng.randint(*sizes), colour, crisp="Mono" in face and rng.random() < 0.5, effect=effect)


# --------------------------------------------------------------------------- identity and its printed forms


def identity(rng: random.Random) -> Identity:
    """An invented patient, study, site and referrer."""
    study = datetime(2001, 1, 1, 7) + timedelta(days=rng.randrange(365 * 24), seconds=rng.randrange(12 * 3600))
    birth = study.date() - timedelta(days=rng.randrange(400, 365 * 88))  # ages under 89 are not PHI
    patient_id = rng.choice((f"{rng.randrange(10 ** 7):07d}", f"{rng.randrange(10 ** 9, 10 ** 10)}",
                             f"{rng.choice('KMTZ')}{rng.randrange(10 ** 7):07d}"))
    accession = rng.choice((f"A{rng.randrange(10 ** 8):08d}", f"RX{study:%y}-{rng.randrange(10 ** 5):05d}",
                            f"{rng.randrange(10 ** 9, 10 ** 10)}"))
    phone = f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randrange(10 ** 4):04d}"
    return Identity(rng.choice(DATA["family"]), rng.choice(DATA["given"]), patient_id, birth, study, accession,
                    rng.choice(DATA["institutions"]), tuple(rng.choice(DATA["staff"])), rng.choice("FM"),
                    f"{rng.randint(2, 240)} {rng.choice(DATA['streets'])}", rng.choice(DATA["towns"]), phone)


def printed_name(who: Identity, rng: random.Random) -> str:
    """The patient's name as some device prints it."""
    family, given = who.family, who.given
    return rng.choice((f"{family.upper()}^{given.upper()}", f"{family.upper()}, {given.upper()}",
                       f"{family}, {given}", f"{given.upper()} {family.upper()}", f"{family} {given}"))


def printed_date(day: date | datetime, pattern: str) -> str:
    """A date in a device's pattern (a "!upper" suffix: printed in capitals)."""
    form, _, case = pattern.partition("!")
    text = day.strftime(form)
    return text.upper() if case == "upper" else text


def _age_sex(who: Identity, rng: random.Random) -> str:
    """Age and sex as a console prints them (not PHI under 90)."""
    return rng.choice((f"{who.age}Y {who.sex}", f"{who.sex} / {who.age}y", f"{who.age:03d}Y  {who.sex}"))


def _phi(value: str, in_header: bool = True) -> Segment:
    """A PHI segment."""
    return (value, True, in_header)


def _plain(value: str) -> Segment:
    """A non-PHI segment."""
    return (value, False, False)


# --------------------------------------------------------------------------- textures


def _field(gen: np.random.Generator, rows: int, cols: int, cells: int) -> np.ndarray:
    """A smooth random field in 0-1, about `cells` blobs across."""
    coarse = gen.random((max(2, cells * rows // max(rows, cols)), max(2, cells * cols // max(rows, cols))))
    return cv2.resize(coarse.astype(np.float32), (cols, rows), interpolation=cv2.INTER_CUBIC).clip(0, 1)


def _ellipse(rows: int, cols: int, centre: tuple[float, float], axes: tuple[float, float]) -> np.ndarray:
    """A boolean ellipse mask (centre and semi-axes as fractions of the frame)."""
    y, x = np.ogrid[:rows, :cols]
    return ((x / cols - centre[0]) / axes[0]) ** 2 + ((y / rows - centre[1]) / axes[1]) ** 2 <= 1


def _body(gen: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """An axial body section: soft tissue, organs, a bony ring, lungs or bowel gas, all a little noisy."""
    image = np.zeros((rows, cols), np.float32)
    body = _ellipse(rows, cols, (0.5, 0.52), (gen.uniform(0.36, 0.44), gen.uniform(0.28, 0.36)))
    image[body] = 0.42
    image += body * (_field(gen, rows, cols, 9) - 0.5) * 0.12
    for _ in range(gen.integers(3, 7)):
        organ = _ellipse(rows, cols, (gen.uniform(0.3, 0.7), gen.uniform(0.35, 0.68)),
                         (gen.uniform(0.04, 0.12), gen.uniform(0.04, 0.1)))
        image[organ & body] = gen.uniform(0.05, 0.62)
    ring = _ellipse(rows, cols, (0.5, 0.7), (0.06, 0.07)) & ~_ellipse(rows, cols, (0.5, 0.7), (0.04, 0.05))
    image[ring] = 0.95
    image = cv2.GaussianBlur(image, (0, 0), 1.2)
    return (image + body * gen.normal(0, 0.02, (rows, cols))).clip(0, 1).astype(np.float32)


def _sector(gen: np.random.Generator, rows: int, cols: int, top: int, shift: int = 0) -> np.ndarray:
    """An ultrasound fan of speckle below `top`, its tissue pattern moved `shift` pixels (a cine's motion)."""
    y, x = np.mgrid[:rows, :cols].astype(np.float32)
    apex_x, apex_y = cols / 2, top - rows * 0.05
    radius = np.hypot(x - apex_x, y - apex_y)
    angle = np.degrees(np.arctan2(x - apex_x, y - apex_y))
    fan = (np.abs(angle) < 36) & (radius > rows * 0.08) & (radius < rows * 0.9)
    speckle = cv2.GaussianBlur(gen.rayleigh(0.35, (rows, cols)).astype(np.float32), (0, 0), 1.1)
    tissue = np.roll(_field(gen, rows, cols, 7), shift, axis=0) * 0.9 + 0.1
    image = fan * speckle * tissue * np.clip(1.2 - radius / rows, 0.2, 1)
    return image.clip(0, 1).astype(np.float32)


def _chest(gen: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """A radiograph of a chest (as shown: lungs dark, mediastinum and ribs bright)."""
    image = 0.25 + 0.5 * _field(gen, rows, cols, 5)
    body = _ellipse(rows, cols, (0.5, 0.55), (0.46, 0.5))
    image[body] = 0.62
    for side in (0.3, 0.7):
        image[_ellipse(rows, cols, (side, 0.48), (0.15, 0.3))] = 0.22
    y = np.arange(rows, dtype=np.float32)[:, None]
    ribs = (np.sin(y / rows * 55 + np.arange(cols)[None, :] / cols * 3) > 0.7) & body
    image[ribs] += 0.12
    image = cv2.GaussianBlur(image.astype(np.float32), (0, 0), 3)
    return (image + gen.normal(0, 0.015, (rows, cols))).clip(0, 1).astype(np.float32)


def _jpeg_artefacts(stack: np.ndarray, quality: int) -> np.ndarray:
    """The stack after one JPEG round trip of each frame (a capture once saved as JPEG)."""
    out = np.empty_like(stack)
    for index, frame in enumerate(stack):
        pixels = np.round(frame.clip(0, 1) * 255).astype(np.uint8)
        image = Image.fromarray(pixels[..., 0] if frame.shape[2] == 1 else pixels)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        out[index] = (np.asarray(Image.open(buffer), dtype=np.float32) / 255).reshape(frame.shape)
    return out


def _calipers(stack: np.ndarray, rng: random.Random, top: int) -> None:
    """Two caliper crosses and the dotted line between them (graphics, not text)."""
    rows, cols = stack.shape[1:3]
    colour = named(rng.choice(("yellow", "green", "cyan")))
    ends = [(rng.randint(cols // 3, 2 * cols // 3), rng.randint(top + rows // 5, rows * 3 // 4)) for _ in range(2)]
    frame = np.ascontiguousarray(stack[0])
    for x, y in ends:
        cv2.line(frame, (x - 6, y), (x + 6, y), colour, 1)
        cv2.line(frame, (x, y - 6), (x, y + 6), colour, 1)
    for t in np.linspace(0.1, 0.9, 9):
        x, y = (round(ends[0][i] + t * (ends[1][i] - ends[0][i])) for i in (0, 1))
        cv2.circle(frame, (x, y), 1, colour, -1)
    stack[0] = frame


# --------------------------------------------------------------------------- kinds


def _ultrasound(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A vendor-style ultrasound screen: a top banner, settings down the left, a measurement table, calipers."""
    rows, cols = rng.choice(((480, 640), (600, 800), (768, 1024)))
    low = rng.random() < 0.25
    style = pick_style(rng, ("mono", "sans"), (10, 17), ("white", "grey", "yellow", "cyan"), bitmap=0.25)
    shade = rng.choice((0.0, 0.1, 0.2))
    if low:  # grey on a grey banner, within 40 levels
        shade = rng.uniform(0.2, 0.4)
        style = replace(style, colour=(shade + rng.uniform(0.09, 0.155),) * 3, low_contrast=True)
    top = round(style.height * 2.6) + 12
    stack = np.zeros((1, rows, cols, 3), np.float32)
    stack[0, :top] = shade
    stack[0, top:] = _sector(gen, rows, cols, top)[top:, :, None]
    pattern = rng.choice(DATA["dates"])
    when = [_phi(printed_date(who.study, pattern)), _phi(who.study.strftime(rng.choice(DATA["times"])))]
    left = [[_phi(who.institution)], [_plain("ID:"), _phi(who.patient_id)]]
    right = [[_phi(printed_name(who, rng))], when]
    half = cols // 2 - 20
    texts = (block(stack, left, style, "tl", margin=(10, 6), room=half)
             + block(stack, right, style, "tr", margin=(10, 6), room=half))
    settings = [[_plain(rng.choice(DATA["ultrasound"]["probes"]))], [_plain(rng.choice(DATA["ultrasound"]["modes"]))]]
    settings += [[_plain(s)] for s in rng.sample(DATA["ultrasound"]["settings"], 5)]
    settings.append([_plain(rng.choice(DATA["ultrasound"]["depths"]))])
    small = pick_style(rng, ("mono", "sans"), (9, 13), ("white", "grey", "green"), bitmap=0.3)
    texts += block(stack, settings, small, (8, top + 12))
    measures = [[_plain(str(n + 1)), _plain(m), _plain(f"{rng.uniform(0.3, 12):.2f} {DATA['ultrasound']['units'][m]}")]
                for n, m in enumerate(rng.sample(DATA["ultrasound"]["measures"], rng.randint(2, 4)))]
    table = replace(small, colour=named("yellow"))
    texts += block(stack, measures, table, "br", margin=(14, 14), tabs=columns(measures, table, table.height),
                   panel=(0.12, 0.12, 0.12))
    _calipers(stack, rng, top)
    jpeg = rng.random() < 0.5
    return Screen("US", "US", stack, texts, syntax=JPEGBaseline8Bit if jpeg else ExplicitVRLittleEndian)


def _tomography(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A CT or MR screenshot saved as secondary capture: anatomy with a four-corner overlay."""
    rows = cols = rng.choice((512, 640))
    colour = rng.random() < 0.4
    stack = np.repeat(_body(gen, rows, cols)[None, ..., None], 3 if colour else 1, axis=3)
    style = pick_style(rng, ("mono", "sans", "serif"), (9, 18), ("white", "grey", "yellow") if colour else
                       ("white", "grey"), bitmap=0.25, effects=0.4)
    pattern = rng.choice(DATA["dates"])
    birth = printed_date(who.birth, pattern)
    tl = [[_phi(printed_name(who, rng))], [_phi(who.patient_id)],
          [_plain("DOB:"), _phi(birth)] if rng.random() < 0.5 else [_phi(birth)], [_plain(_age_sex(who, rng))]]
    tr = [[_phi(who.institution)], [_phi(printed_date(who.study, pattern))],
          [_phi(who.study.strftime(rng.choice(DATA["times"])))], [_plain("Acc:"), _phi(who.accession)]]
    info = DATA["tomography"]
    number, total, series = rng.randint(1, 240), rng.randint(240, 480), rng.randint(1, 12)
    bl = [[_plain(rng.choice(info["window"]))]] + [[_plain(s)] for s in rng.sample(info["acquisition"], 2)]
    br = [[_plain(rng.choice(info["slice"]).format(n=number, of=total, s=series))],
          [_plain(rng.choice(info["acquisition"]))]]
    texts = [t for lines, corner in ((tl, "tl"), (tr, "tr"), (bl, "bl"), (br, "br"))
             for t in block(stack, lines, style, corner, room=cols // 2 - 20)]
    marks = rng.sample(info["orientation"], 2)
    texts += block(stack, [[_plain(marks[0])]], style, (6, rows // 2))
    texts += block(stack, [[_plain(marks[1])]], style, "tr", margin=(6, rows // 2))
    if rng.random() < 0.35:
        stack = _jpeg_artefacts(stack, rng.randint(55, 85))
    modality = rng.choice(("CT", "MR"))
    return Screen(modality, "SC", stack, texts)


def _dose_page(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A CT dose report page: black text on white, patient lines, a table of series, a total."""
    rows, cols = rng.choice(((768, 1024), (1024, 768), (600, 800)))
    stack = np.full((1, rows, cols, 1), rng.uniform(0.94, 1.0), np.float32)
    stack += gen.normal(0, 0.004, stack.shape).astype(np.float32)
    ink = (rng.uniform(0, 0.15),) * 3
    style = replace(pick_style(rng, ("sans", "mono", "serif"), (12, 17), ("white",)), colour=ink)
    title = replace(style, size=style.size + 8)
    dose = DATA["dose"]
    texts = block(stack, [[_plain(rng.choice(dose["title"]))]], title, (30, 24))
    pattern = rng.choice(DATA["dates"])
    patient = [[_plain("Patient Name:"), _phi(printed_name(who, rng))], [_plain("Patient ID:"), _phi(who.patient_id)],
               [_plain("Accession #:"), _phi(who.accession)],
               [_plain("Exam Date:"), _phi(printed_date(who.study, pattern))],
               [_plain("Exam Time:"), _phi(who.study.strftime(rng.choice(DATA["times"])))],
               [_plain("Institution:"), _phi(who.institution)]]
    top = 40 + title.height * 2
    texts += block(stack, patient, style, (30, top), tabs=columns(patient, style, style.height), spacing=1.5)
    table_top = top + round(style.height * 1.5) * len(patient) + 30
    header = [[_plain(c) for c in dose["columns"]]]
    series = [[_plain(str(n + 1)), _plain(kind), _plain(f"{rng.randint(-400, 0)}-{rng.randint(1, 600)}"),
               _plain(f"{rng.uniform(0.5, 25):.2f}"), _plain(f"{rng.uniform(10, 900):.1f}"), _plain(phantom)]
              for n, (kind, phantom) in enumerate(zip(dose["types"], dose["phantoms"], strict=True))]
    table = replace(style, size=max(9, style.size - 3))
    lines = header + series
    texts += block(stack, lines, table, (30, table_top), tabs=columns(lines, table, table.height), spacing=1.8)
    step = round(table.height * 1.8)
    for n in range(len(lines) + 1):
        y = table_top - 6 + n * step
        stack[0, y:y + 1, 24:cols - 24] = 0.55
    footer = rng.choice(dose["footer"]).format(dlp=f"{rng.uniform(100, 1500):.1f}", mas=rng.randint(500, 9000))
    texts += block(stack, [[_plain(footer)]], style, (30, table_top + step * len(lines) + 20))
    if rng.random() < 0.3:
        stack = _jpeg_artefacts(stack, rng.randint(70, 92))
    return Screen("CT", "SC", stack.clip(0, 1), texts)


def _requisition(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A scanned paper requisition: printed labels, hand-filled fields, turned, blurred and noisy."""
    rows, cols = 1100, 850
    paper = rng.uniform(0.74, 0.88)
    stack = np.full((1, rows, cols, 1), paper, np.float32)
    stack[0, ..., 0] += (_field(gen, rows, cols, 30) - 0.5) * 0.05
    form = DATA["requisition"]
    printed = Style(rng.choice(DATA["faces"]["sans"] + DATA["faces"]["serif"]), rng.randint(13, 17),
                    (0.08, 0.08, 0.08))
    texts = block(stack, [[_plain(rng.choice(form["title"]))]], replace(printed, size=printed.size + 10), (60, 50))
    pattern = rng.choice(DATA["dates"])
    fields = [("name", _phi(f"{who.given} {who.family}")), ("id", _phi(who.patient_id)),
              ("birth", _phi(printed_date(who.birth, pattern))), ("address", _phi(f"{who.street}, {who.town}")),
              ("phone", _phi(who.phone, in_header=False)), ("date", _phi(printed_date(who.study, pattern))),
              ("referrer", _phi(f"Dr {who.referrer[1][0]}. {who.referrer[0]}")),
              ("exam", _plain(rng.choice(form["exams"]))), ("history", _plain(rng.choice(form["histories"])))]
    hand = Style(rng.choice(DATA["faces"]["hand"]), rng.randint(18, 26), (rng.uniform(0.1, 0.3),) * 3)
    y = 150
    for key, value in fields:
        label = form["labels"][key]
        texts.append(put(stack, _plain(label), printed, (60, y)))
        x = 60 + _extent(label, printed) + 14
        stack[0, y + printed.size + 3, x - 4:cols - 70] = 0.2  # the line the field is written on
        slant = (rng.uniform(-1.5, 1.5), float(x), float(y))
        texts.append(put(stack, value, hand, (x + rng.randint(0, 30), y + printed.size - hand.size + 1), (slant,)))
        y += rng.randint(62, 80)
    texts += block(stack, [[_plain(line)] for line in form["footer"]], replace(printed, size=printed.size - 2),
                   (60, y + 30))
    angle, centre = rng.uniform(-2, 2), (cols / 2, rows / 2)
    stack[0] = turned(stack[0], angle, centre)
    sigma = rng.uniform(0.5, 1.0)
    stack[0, ..., 0] = cv2.GaussianBlur(stack[0, ..., 0], (0, 0), sigma)
    stack += gen.normal(0, rng.uniform(0.01, 0.025), stack.shape).astype(np.float32)
    if rng.random() < 0.5:  # a scanner that saves JPEG
        stack = _jpeg_artefacts(stack, rng.randint(60, 90))
    for text in texts:  # the page turned and blurred under every string
        text.turns += ((angle, *centre),)
        text.box = _bbox(coverage(text, rows, cols) > 0, grow=2)
    return Screen("OT", "SC", stack.clip(0, 1), texts, header={"ConversionType": "SD"})  # a scanned document


def _scope(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """An endoscopy (colour) or fluoroscopy (grey) capture, the patient's lines in an inverted box."""
    endoscopy = rng.random() < 0.5
    rows, cols = rng.choice(((480, 640), (576, 720))) if endoscopy else rng.choice(((512, 512), (768, 768)))
    view = _ellipse(rows, cols, (0.6 if endoscopy else 0.5, 0.5), (0.36 if endoscopy else 0.48, 0.46))
    tissue = _field(gen, rows, cols, 12)
    if endoscopy:
        mucosa = np.stack([0.55 + 0.4 * tissue, 0.2 + 0.3 * tissue, 0.15 + 0.2 * tissue], axis=-1)
        stack = mucosa[None] * view[..., None]
        box, ink = rng.choice((((0.1, 0.3, 0.7), (1.0, 1.0, 1.0)), ((0.95, 0.85, 0.2), (0.0, 0.0, 0.0)),
                               ((0.0, 0.55, 0.45), (1.0, 1.0, 0.6))))
        modality, settings = "ES", DATA["endoscopy"]["settings"]
    else:
        stack = (0.3 + 0.5 * tissue)[None, ..., None] * view[..., None]
        box, ink = ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0)) if rng.random() < 0.6 else ((0.0,) * 3, (1.0,) * 3)
        modality, settings = "RF", DATA["endoscopy"]["fluoro"]
    stack = stack.astype(np.float32)
    style = replace(pick_style(rng, ("sans", "mono"), (11, 18), ("white",), bitmap=0.2), colour=ink)
    pattern = rng.choice(DATA["dates"])
    boxed = [[_phi(printed_name(who, rng))], [_plain("ID"), _phi(who.patient_id)], [_plain(_age_sex(who, rng))]]
    texts = block(stack, boxed, style, "tl", margin=(14, 14), panel=box, room=cols // 2 - 20)
    dated = [[_phi(printed_date(who.study, pattern))], [_phi(who.study.strftime(rng.choice(DATA["times"])))],
             [_plain("DOB"), _phi(printed_date(who.birth, pattern))]]
    plain = pick_style(rng, ("sans", "mono"), (10, 16), ("white", "green", "cyan") if endoscopy else ("white", "grey"))
    texts += block(stack, dated, plain, "bl" if endoscopy else "br", margin=(14, 14))
    texts += block(stack, [[_plain(s)] for s in rng.sample(settings, 3)], plain, "tr", margin=(10, 10),
                   room=cols // 2 - 20)
    jpeg = endoscopy and rng.random() < 0.5
    return Screen(modality, modality, stack, texts, syntax=JPEGBaseline8Bit if jpeg else ExplicitVRLittleEndian)


def _cine(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """An ultrasound cine: a static banner, a clock that ticks between frames, a frame counter."""
    rows, cols, frames = rng.choice((360, 420, 480)), rng.choice((480, 560, 640)), rng.randint(8, 14)
    style = pick_style(rng, ("mono", "sans"), (10, 15), ("white", "grey", "cyan", "green"), bitmap=0.3)
    top = round(style.height * 2.6) + 10
    stack = np.zeros((frames, rows, cols, 3), np.float32)
    tissue = int(gen.integers(2 ** 32))
    for f in range(frames):  # the same tissue moving a little every frame
        stack[f, top:] = _sector(np.random.default_rng(tissue), rows, cols, top, shift=2 * f)[top:, :, None]
    clock = rng.choice(DATA["cine"]["clocks"])
    per_tick = rng.randint(2, 4)  # frames a second
    ticks: dict[str, list[int]] = {}
    for f in range(frames):
        ticks.setdefault((who.study + timedelta(seconds=f // per_tick)).strftime(clock), []).append(f)
    x = cols - 10 - max(_extent(t, style) for t in ticks)
    pattern = rng.choice(DATA["dates"])
    banner = [[_phi(printed_name(who, rng))], [_phi(who.patient_id), _phi(printed_date(who.study, pattern))]]
    texts = block(stack, banner, style, "tl", margin=(8, 5), room=x - 28)
    for value, shown in ticks.items():
        texts.append(put(stack, _phi(value, in_header=shown[0] == 0), style, (x, 5), frames=tuple(shown)))
    counter = replace(style, size=max(8, style.size - 2))
    for f in range(frames):
        texts.append(put(stack, _plain(f"{f + 1}/{frames}"), counter, (cols - 70, rows - counter.height - 10),
                         frames=(f,)))
    texts += block(stack, [[_plain(s)] for s in rng.sample(DATA["cine"]["settings"], 3)], counter, (8, top + 10))
    jpeg = rng.random() < 0.5
    return Screen("US", "US_MULTI", stack, texts, frame_time=1000 / per_tick,
                  syntax=JPEGBaseline8Bit if jpeg else ExplicitVRLittleEndian)


def _film(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A radiograph with its film label (a light box of dark text in a corner), a side marker and a tech line."""
    rows, cols = rng.choice(((1200, 1000), (1000, 1200), (1100, 900)))
    stack = _chest(gen, rows, cols)[None, ..., None]
    style = replace(pick_style(rng, ("sans", "mono", "serif"), (16, 28), ("white",)), colour=(0.0, 0.0, 0.0))
    pattern = rng.choice(DATA["dates"])
    label = [[_phi(who.institution)], [_phi(printed_name(who, rng))], [_plain("ID"), _phi(who.patient_id)],
             [_plain("DOB"), _phi(printed_date(who.birth, pattern))], [_phi(printed_date(who.study, pattern))]]
    light = rng.uniform(0.85, 1.0)
    texts = block(stack, label, style, rng.choice(("tl", "tr", "bl")), margin=(24, 24), panel=(light,) * 3,
                  room=cols // 2)
    marker = Style(rng.choice(DATA["faces"]["sans"]), rng.randint(24, 28), (1.0, 1.0, 1.0))
    texts += block(stack, [[_plain(rng.choice(DATA["film"]["markers"]))]], marker, "br", margin=(40, 80))
    tech = Style(rng.choice(DATA["faces"]["mono"]), rng.randint(12, 16), (0.9, 0.9, 0.9))
    texts += block(stack, [[_plain(rng.choice(DATA["film"]["tech"]))]], tech, "br", margin=(24, 24))
    modality = rng.choice(("CR", "DX"))
    mono1 = rng.random() < 0.5
    return Screen(modality, modality, stack, texts, bits=rng.choice((12, 16)), mono1=mono1,
                  syntax=JPEG2000Lossless if rng.random() < 0.4 else ExplicitVRLittleEndian)


def _tiny(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A tiny blank or near-blank image some devices write (no text)."""
    rows, cols = rng.choice(((3, 3), (1, 1), (4, 6), (2, 8)))
    samples = rng.choice((1, 3))
    stack = np.full((1, rows, cols, samples), rng.random(), np.float32)
    if rng.random() < 0.5:
        stack = gen.random(stack.shape).astype(np.float32)
    return Screen("OT", "SC", stack, [], burned_in=rng.choice(("YES", None)))


def _control(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A text-free CT (signed) or MR slice, `BurnedInAnnotation` NO."""
    if rng.random() < 0.5:
        return Screen("CT", "CT", _body(gen, 512, 512)[None, ..., None], [], bits=16, signed=True,
                      burned_in="NO")
    return Screen("MR", "MR", _body(gen, 256, 256)[None, ..., None], [], bits=12, burned_in="NO")


# --------------------------------------------------------------------------- the second edition's textures


def _colour_map(values: np.ndarray, name: str) -> np.ndarray:
    """Values 0-1 through one of OpenCV's colour maps, as display RGB 0-1."""
    bgr = cv2.applyColorMap(np.round(values.clip(0, 1) * 255).astype(np.uint8), getattr(cv2, f"COLORMAP_{name}"))
    return bgr[..., ::-1].astype(np.float32) / 255


def _blobs(gen: np.random.Generator, rows: int, cols: int, count: int, width: float) -> np.ndarray:
    """Gaussian spots of uptake at random places, 0-1 (a tracer's hot spots)."""
    y, x = np.mgrid[:rows, :cols].astype(np.float32)
    image = np.zeros((rows, cols), np.float32)
    for _ in range(count):
        cy, cx, spread = gen.uniform(0.2, 0.8) * rows, gen.uniform(0.25, 0.75) * cols, gen.uniform(0.5, 1.5) * width
        image += gen.uniform(0.3, 1.0) * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * spread ** 2))
    return (image / max(1.0, float(image.max()))).astype(np.float32)


def _vessels(gen: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """A tree of vessels (1 on the vessels, 0 elsewhere, soft edged): random walks branching from one root."""
    image = np.zeros((rows, cols), np.float32)
    tips = [(gen.uniform(0.3, 0.7) * cols, 0.05 * rows, np.pi / 2, 6.0)]
    while tips:
        x, y, heading, width = tips.pop()
        for _ in range(int(gen.integers(20, 45))):
            heading += gen.normal(0, 0.25)
            nx, ny = x + 8 * np.cos(heading), y + 8 * np.sin(heading)
            cv2.line(image, (round(x), round(y)), (round(nx), round(ny)), 1.0, max(1, round(width)))
            x, y = nx, ny
            if width > 1.5 and gen.random() < 0.08:
                tips.append((x, y, heading + gen.choice((-0.8, 0.8)), width * 0.7))
    return cv2.GaussianBlur(image, (0, 0), 1.0)


def _volume(gen: np.random.Generator, rows: int, cols: int, tint: tuple[float, float, float]) -> np.ndarray:
    """A volume rendering as a workstation shows it: a lit, shaded lumpy solid on a dark gradient, RGB."""
    y, x = np.mgrid[:rows, :cols].astype(np.float32)
    lumps = _field(gen, rows, cols, 6)
    shape = 1 - ((x / cols - 0.5) / 0.32) ** 2 - ((y / rows - 0.52) / 0.4) ** 2 + 0.35 * (lumps - 0.5)
    height = np.sqrt(shape.clip(0, None))
    dy, dx = np.gradient(cv2.GaussianBlur(height, (0, 0), 2.0) * rows * 0.3)
    light = ((-0.4 * dx - 0.5 * dy + 1) / np.sqrt(dx ** 2 + dy ** 2 + 1)).clip(0, 1)  # a light above and left
    solid = (shape > 0)[..., None] * light[..., None] * np.asarray(tint, np.float32)
    ground = np.stack([0.02 + 0.1 * y / rows, 0.03 + 0.12 * y / rows, 0.08 + 0.25 * y / rows], axis=-1)
    return np.where((shape > 0)[..., None], solid, ground).astype(np.float32)


def _breast(gen: np.random.Generator, rows: int, cols: int, right: bool) -> np.ndarray:
    """A mammogram as shown: a bright half-dome of fibroglandular texture against the chest wall, on black."""
    y, x = np.mgrid[:rows, :cols].astype(np.float32)
    depth = (cols - x) / cols if right else x / cols  # 0 at the chest wall
    dome = (depth / 0.7) ** 2 + ((y / rows - 0.5) / 0.42) ** 2 <= 1
    tissue = 0.45 + 0.35 * _field(gen, rows, cols, 14) * (1 - depth)
    image = np.where(dome, tissue, 0.02) + gen.normal(0, 0.01, (rows, cols))
    return cv2.GaussianBlur(image.astype(np.float32), (0, 0), 1.5).clip(0, 1)


def _panoramic(gen: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """A dental panoramic radiograph as shown: two arches of bright teeth along a smile, the jaws grey."""
    y, x = np.mgrid[:rows, :cols].astype(np.float32)
    image = 0.15 + 0.25 * _field(gen, rows, cols, 8)
    smile = rows * (0.5 + 0.12 * ((x / cols - 0.5) * 2) ** 2)
    image += 0.2 * (np.abs(y - smile) < rows * 0.3)
    for n in range(28):
        centre = cols * (0.18 + 0.64 * (n % 14) / 13)
        upper = n < 14
        top = smile[0, round(centre)] + (-rows * 0.2 if upper else rows * 0.02)
        tooth = (np.abs(x - centre) < cols * 0.018) & (y > top) & (y < top + rows * 0.18)
        image[tooth] = gen.uniform(0.75, 0.9)
    return cv2.GaussianBlur(image.astype(np.float32), (0, 0), 2.0).clip(0, 1)


def _fundus(gen: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """A fundus photograph: an orange retina in a round field on black, a pale optic disc, dark red vessels."""
    y, x = np.mgrid[:rows, :cols].astype(np.float32)
    field_of_view = _ellipse(rows, cols, (0.5, 0.5), (0.42 * rows / cols, 0.46))
    shade = 1 - 0.5 * np.hypot(x / cols - 0.5, y / rows - 0.5)
    mottle = 0.9 + 0.2 * _field(gen, rows, cols, 9)
    retina = np.stack([0.85 * shade, 0.38 * shade, 0.12 * shade], axis=-1) * mottle[..., None]
    disc_x = cols * (0.5 + gen.choice((-0.15, 0.15)))
    disc = np.exp(-((x - disc_x) ** 2 + (y - rows / 2) ** 2) / (2 * (rows * 0.05) ** 2))[..., None]
    retina = retina * (1 - disc) + np.asarray((1.0, 0.9, 0.6), np.float32) * disc
    vessels = _vessels(gen, rows, cols)[..., None]
    retina = retina * (1 - 0.6 * vessels) + np.asarray((0.5, 0.05, 0.05), np.float32) * 0.6 * vessels
    return (retina * field_of_view[..., None]).clip(0, 1).astype(np.float32)


def along_edge(stack: np.ndarray, segment: Segment, style: Style, side: str, start: int,
               margin: int = 6) -> ScreenText:
    """Burn a string turned a quarter along the left edge (read bottom to top) or the right (top to bottom),
    its tops towards the edge, from `start` pixels down; the face shrinks (to 7 px) until it fits."""
    rows, cols = stack.shape[1:3]
    while style.face != BITMAP and style.size > 7 and start + _extent(segment[0], style) > rows - margin:
        style = replace(style, size=style.size - 1)
    width = _extent(segment[0], style)
    drawn = 2  # drawn level near the top-left corner, then turned onto the edge about an integral-mapping centre
    if side == "left":  # anticlockwise: (dx, dy) -> (dy, -dx)
        difference, total, angle = margin - drawn, start + width + drawn, 90.0
    else:  # clockwise: (dx, dy) -> (-dy, dx)
        total, difference, angle = cols - margin + drawn, drawn - start, -90.0
    centre = ((total + difference) / 2, (total - difference) / 2)
    return put(stack, segment, style, (drawn, drawn), turns=((angle, *centre),))


# --------------------------------------------------------------------------- the second edition's kinds


def _angiography(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """An XA run: contrast filling vessels frame by frame, a frame counter, and patient lines that some
    systems print on every frame and others only on the run's first frames."""
    rows = cols = rng.choice((512, 640))
    frames = rng.randint(6, 10)
    ground = 0.55 + 0.25 * _field(gen, rows, cols, 6)
    vessels = _vessels(gen, rows, cols)
    stack = np.stack([ground * (1 - 0.7 * vessels * min(1.0, (f + 1) / (frames * 0.6))) for f in range(frames)])
    stack = (stack + gen.normal(0, 0.015, stack.shape))[..., None].clip(0, 1).astype(np.float32)
    style = pick_style(rng, ("mono", "sans", "condensed"), (11, 17), ("white",), bitmap=0.3, effects=0.3)
    shown = tuple(range(rng.randint(1, 2))) if rng.random() < 0.5 else ()  # on the first frames only, or all
    pattern = rng.choice(DATA["dates"])
    left = [[_phi(printed_name(who, rng))], [_phi(who.patient_id)], [_phi(printed_date(who.birth, pattern))]]
    right = [[_phi(who.institution)], [_phi(printed_date(who.study, pattern))],
             [_phi(who.study.strftime(rng.choice(DATA["times"])))]]
    texts = [text for lines, corner in ((left, "tl"), (right, "tr"))
             for text in block(stack, lines, style, corner, room=cols // 2 - 20, frames=shown)]
    angles = DATA["angiography"]
    texts += block(stack, [[_plain(rng.choice(angles["projections"]))], [_plain(rng.choice(angles["settings"]))]],
                   style, "bl")
    counter = replace(style, effect="")
    for f in range(frames):
        texts.append(put(stack, _plain(f"{f + 1}/{frames}"), counter,
                         (cols - 12 - _extent(f"{frames}/{frames}", counter), rows - counter.height - 12), frames=(f,)))
    fps = rng.choice((7.5, 15.0, 30.0))
    return Screen("XA", "XA", stack, texts, frame_time=1000 / fps)



def _nuclear_page(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A nuclear-medicine page: a grid of labelled views (grey inverted on white, or a hot scale on black)
    under a patient line, with the site and the dose at the foot."""
    rows, cols = rng.choice(((768, 1024), (1024, 768), (800, 800)))
    paper = rng.random() < 0.5
    stack = np.full((1, rows, cols, 3), 1.0 if paper else 0.0, np.float32)
    ink = (0.05,) * 3 if paper else named(rng.choice(("white", "yellow", "cyan")))
    style = replace(pick_style(rng, ("sans", "condensed", "mono"), (12, 17), ("white",)), colour=ink)
    pattern = rng.choice(DATA["dates"])
    head = [[_phi(printed_name(who, rng)), _phi(who.patient_id), _plain("DOB"), _phi(printed_date(who.birth, pattern)),
             _phi(printed_date(who.study, pattern))]]
    texts = block(stack, head, style, "tl", margin=(16, 12))
    grid_rows, grid_cols = rng.choice(((2, 2), (2, 3), (1, 4)))
    top, foot = 20 + round(style.height * 2.5), rows - round(style.height * 3) - 16
    cell_h, cell_w = (foot - top) // grid_rows, (cols - 32) // grid_cols
    views = DATA["nuclear"]["views"]
    label = replace(style, size=max(9, style.size - 2))
    for n in range(grid_rows * grid_cols):
        y, x = top + (n // grid_cols) * cell_h, 16 + (n % grid_cols) * cell_w
        uptake = _blobs(gen, cell_h - 8, cell_w - 8, int(gen.integers(3, 8)), min(cell_h, cell_w) * 0.08)
        body = _ellipse(cell_h - 8, cell_w - 8, (0.5, 0.5), (0.2, 0.45))
        uptake += 0.25 * body * _field(gen, cell_h - 8, cell_w - 8, 5)
        counts = (uptake + gen.poisson(4, uptake.shape) / 60).clip(0, 1)
        stack[0, y + 4:y + cell_h - 4, x + 4:x + cell_w - 4] = (1 - counts)[..., None] if paper else _colour_map(
            counts, "HOT")
        texts += block(stack, [[_plain(views[n % len(views)])]], label, (x + 8, y + 8))
    footer = [[_phi(who.institution), _plain(rng.choice(DATA["nuclear"]["doses"]))]]
    texts += block(stack, footer, label, "bl", margin=(16, 12))
    return Screen("NM", "SC", stack, texts)


def _fused(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A PET/CT fused screenshot: a grey CT under a hot tracer overlay, a colour bar, italic or condensed corner
    text, often saved with lossy JPEG."""
    rows = cols = rng.choice((512, 640))
    ct = _body(gen, rows, cols)
    tracer = _blobs(gen, rows, cols, int(gen.integers(3, 9)), rows * 0.03) * _ellipse(rows, cols, (0.5, 0.52),
                                                                                         (0.4, 0.33))
    hot = _colour_map(tracer, "HOT")
    weight = (0.6 * tracer.clip(0, 1) ** 0.5)[..., None]
    stack = (ct[..., None] * (1 - weight) + hot * weight)[None].astype(np.float32)
    bar = np.linspace(1, 0, rows // 2, dtype=np.float32)[:, None].repeat(14, axis=1)
    stack[0, rows // 4:rows // 4 + rows // 2, cols - 40:cols - 26] = _colour_map(bar, "HOT")
    style = pick_style(rng, ("italic", "condensed", "sans"), (10, 16), ("white", "yellow", "orange"), effects=0.3)
    pattern = rng.choice(DATA["dates"])
    tl = [[_phi(printed_name(who, rng))], [_phi(who.patient_id)], [_plain(_age_sex(who, rng))]]
    tr = [[_phi(who.institution)], [_phi(printed_date(who.study, pattern))], [_plain("Acc"), _phi(who.accession)]]
    bl = [[_plain(s)] for s in rng.sample(DATA["fused"]["settings"], 2)]
    texts = [text for lines, corner in ((tl, "tl"), (tr, "tr"), (bl, "bl"))
             for text in block(stack, lines, style, corner, room=cols // 2 - 50)]
    texts += block(stack, [[_plain("SUV")]], replace(style, effect=""), (cols - 52, rows // 4 - style.height - 8))
    jpeg = rng.random() < 0.6
    return Screen("PT", "SC", stack.clip(0, 1), texts, syntax=JPEGBaseline8Bit if jpeg else ExplicitVRLittleEndian,
                  quality=rng.randint(55, 85))


def _rendering(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A 3D workstation capture: a coloured volume rendering, overlay text outlined or shadowed against it, and
    the patient's name and site turned along the edges."""
    rows, cols = rng.choice(((600, 800), (768, 1024), (720, 720)))
    stack = _volume(gen, rows, cols, rng.choice(DATA["rendering"]["tints"]))[None]
    style = pick_style(rng, ("sans", "condensed", "italic"), (12, 18), ("white", "yellow"), effects=1.0)
    style = replace(style, shade=(0.0, 0.0, 0.0))
    pattern = rng.choice(DATA["dates"])
    tr = [[_phi(printed_date(who.study, pattern))], [_phi(who.study.strftime(rng.choice(DATA["times"])))]]
    texts = block(stack, tr, style, "tr", margin=(12, 10))
    texts += block(stack, [[_plain(s)] for s in rng.sample(DATA["rendering"]["settings"], 3)], style, "br",
                   margin=(12, 10))
    texts += block(stack, [[_plain(rng.choice(DATA["rendering"]["titles"]))]], style, "tl", margin=(40, 10))
    edge = replace(style, size=max(11, style.size - 2))
    texts.append(along_edge(stack, _phi(f"{printed_name(who, rng)}  {who.patient_id}"), edge, "left",
                            rng.randint(rows // 6, rows // 3)))
    texts.append(along_edge(stack, _phi(who.institution), edge, "right", rng.randint(rows // 5, rows // 3)))
    return Screen("CT", "SC", stack.clip(0, 1), texts)


def _mammogram(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A mammogram for presentation: a large laterality and view marker, and the film label in the black
    outside the breast, sometimes turned along the edge."""
    rows, cols = rng.choice(((1200, 960), (1000, 800)))
    right = rng.random() < 0.5
    view = rng.choice(("CC", "MLO"))
    stack = _breast(gen, rows, cols, right)[None, ..., None]
    ink = (rng.uniform(0.8, 1.0),) * 3
    marker = Style(rng.choice(DATA["faces"]["sans"]), rng.randint(36, 54), ink)
    side = "tl" if right else "tr"  # the black, away from the chest wall
    code = ("R" if right else "L") + rng.choice(("", " ")) + view
    texts = block(stack, [[_plain(code)]], marker, side, margin=(30, 30))
    style = replace(pick_style(rng, ("sans", "mono", "condensed"), (14, 22), ("white",)), colour=ink)
    pattern = rng.choice(DATA["dates"])
    label = [[_phi(printed_name(who, rng))], [_phi(who.patient_id)], [_phi(printed_date(who.birth, pattern))],
             [_phi(printed_date(who.study, pattern))], [_phi(who.institution)]]
    if rng.random() < 0.4:  # name and ID turned along the edge, the rest in the corner
        texts.append(along_edge(stack, _phi(f"{printed_name(who, rng)}  {who.patient_id}"), style,
                                "left" if right else "right", rng.randint(rows // 3, rows // 2)))
        label = label[2:]
    texts += block(stack, label, style, "bl" if right else "br", margin=(30, 40), room=cols // 3)
    laterality = "R" if right else "L"
    towards_wall = "P" if right else "A"  # the chest wall is on the right of a right breast's image
    return Screen("MG", "MG", stack.clip(0, 1), texts, bits=12, header={
        "ImageLaterality": laterality, "PatientOrientation": [towards_wall, laterality if view == "CC" else "F"],
        "ViewCodeSequence": [{**DATA["mammography"]["views"][view], "ViewModifierCodeSequence": []}]})


def _dental(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A dental panoramic radiograph with the patient strip along its foot and side markers."""
    rows, cols = rng.choice(((600, 1200), (700, 1400), (512, 1024)))
    stack = _panoramic(gen, rows, cols)[None, ..., None]
    style = pick_style(rng, ("sans", "mono", "condensed"), (13, 19), ("white",), bitmap=0.2)
    pattern = rng.choice(DATA["dates"])
    strip = [[_phi(printed_name(who, rng)), _plain("ID"), _phi(who.patient_id), _phi(printed_date(who.birth, pattern)),
              _phi(printed_date(who.study, pattern)), _phi(who.institution)]]
    texts = block(stack, strip, style, "bl", margin=(14, 10))
    big = replace(style, size=style.size + 10) if style.face != BITMAP else replace(style, magnify=3)
    texts += block(stack, [[_plain("R")]], big, "tl", margin=(20, 20))
    texts += block(stack, [[_plain("L")]], big, "tr", margin=(20, 20))
    texts += block(stack, [[_plain(rng.choice(DATA["dental"]["settings"]))]], style, "tr", margin=(14, 70))
    return Screen("PX", "DX", stack, texts, bits=rng.choice((8, 12)), header=DATA["dental"]["header"])


def _fundus_photo(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """An ophthalmic fundus photograph: the patient's lines and the eye in the black corners, JPEG in the camera."""
    rows, cols = rng.choice(((768, 1024), (960, 1280), (600, 800)))
    stack = _fundus(gen, rows, cols)[None]
    style = pick_style(rng, ("sans", "mono", "italic"), (13, 20), ("white", "yellow", "green"))
    pattern = rng.choice(DATA["dates"])
    eye = rng.choice(("OD", "OS"))
    texts = block(stack, [[_phi(printed_name(who, rng))], [_phi(who.patient_id)],
                          [_phi(printed_date(who.birth, pattern))]], style, "tl", margin=(14, 12), room=cols // 4)
    texts += block(stack, [[_phi(printed_date(who.study, pattern))], [_phi(who.study.strftime(rng.choice(
        DATA["times"])))]], style, "tr", margin=(14, 12), room=cols // 4)
    texts += block(stack, [[_plain(eye)], [_plain(rng.choice(DATA["fundus"]["settings"]))]], style, "bl",
                   margin=(14, 12))
    texts += block(stack, [[_phi(who.institution)]], style, "br", margin=(14, 12), room=cols // 4)
    stack = _jpeg_artefacts(stack, rng.randint(50, 85))  # the camera saved JPEG before it was sent as DICOM
    return Screen("OP", "OP", stack, texts, header={
        "ImageLaterality": "R" if eye == "OD" else "L", "AcquisitionDateTime": who.study.strftime("%Y%m%d%H%M%S"),
        "FrameIncrementPointer": tag_for_keyword("AcquisitionDateTime")})  # PS3.3 A.39: a multi-frame IOD


def _grey_console(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A reading-room screenshot of an MR slice in a grey viewer frame, its text grey on grey (within some 30
    levels), in condensed or italic faces."""
    rows, cols = rng.choice(((600, 800), (768, 1024)))
    frame_grey = rng.uniform(0.3, 0.6)
    stack = np.full((1, rows, cols, 1), frame_grey, np.float32)
    side = rows - 200
    stack[0, 60:60 + side, (cols - side) // 2:(cols + side) // 2, 0] = cv2.resize(_body(gen, 256, 256), (side, side))
    lift = rng.choice((-1, 1)) * rng.uniform(0.09, 0.13)
    style = pick_style(rng, ("condensed", "italic", "sans"), (11, 16), ("white",))
    style = replace(style, colour=(frame_grey + lift,) * 3, low_contrast=True)
    pattern = rng.choice(DATA["dates"])
    room = (cols - side) // 2 - 16
    left = [[_phi(printed_name(who, rng))], [_phi(who.patient_id)], [_phi(printed_date(who.birth, pattern))],
            [_plain(_age_sex(who, rng))]]
    right = [[_phi(who.institution)], [_phi(printed_date(who.study, pattern))], [_plain("Acc")], [_phi(who.accession)]]
    texts = block(stack, left, style, (8, 70), room=room)
    texts += block(stack, right, style, "tr", margin=(8, 70), room=room)
    texts += block(stack, [[_plain(s)] for s in rng.sample(DATA["tomography"]["acquisition"], 3)], style, "bl",
                   margin=(8, 70), room=room)
    return Screen("MR", "SC", stack.clip(0, 1), texts)


# --------------------------------------------------------------------------- the third edition's textures


def _gradient(rows: int, cols: int, start: tuple[float, ...], end: tuple[float, ...]) -> np.ndarray:
    """A left-to-right blend of two display colours, rows x cols x 3."""
    ramp = np.linspace(0, 1, cols, dtype=np.float32)[None, :, None]
    return np.broadcast_to((1 - ramp) * np.asarray(start, np.float32) + ramp * np.asarray(end, np.float32),
                           (rows, cols, 3)).copy()


def _doppler(gen: np.random.Generator, rows: int, cols: int, top: int) -> tuple[np.ndarray, tuple[int, ...]]:
    """An ultrasound fan below `top` with a colour Doppler box (red towards, blue away) and its grey outline,
    RGB; and the box (x0, y0, x1, y1)."""
    image = np.repeat(_sector(gen, rows, cols, top)[..., None], 3, axis=2)
    x0, x1 = round(cols * gen.uniform(0.32, 0.4)), round(cols * gen.uniform(0.6, 0.68))
    y0 = top + round(rows * gen.uniform(0.1, 0.18))
    y1 = y0 + round(rows * gen.uniform(0.22, 0.32))
    flow = _field(gen, y1 - y0, x1 - x0, 10) - 0.5
    speed = (np.abs(flow) * 2.5 + 0.2 * gen.random(flow.shape)).clip(0, 1)[..., None]
    colour = np.where(flow[..., None] > 0, np.asarray((1.0, 0.25, 0.05), np.float32),
                      np.asarray((0.1, 0.4, 1.0), np.float32)) * (0.35 + 0.65 * speed)
    inside = image[y0:y1, x0:x1] > 0  # flow only inside the fan
    image[y0:y1, x0:x1] = np.where((np.abs(flow) > 0.1)[..., None] & inside, colour, image[y0:y1, x0:x1])
    cv2.rectangle(image, (x0, y0), (x1 - 1, y1 - 1), (0.6, 0.6, 0.6), 1)
    return image, (x0, y0, x1, y1)


def _trace(gen: np.random.Generator, width: int, beat: float) -> np.ndarray:
    """An ECG-like trace `width` samples long, in units of the R wave's height (P, QRS and T every `beat` samples)."""
    t = np.arange(width, dtype=np.float32)
    phase = (t + gen.uniform(0, beat)) % beat / beat
    wave = (0.15 * np.exp(-((phase - 0.2) / 0.03) ** 2) + 1.0 * np.exp(-((phase - 0.35) / 0.008) ** 2)
            - 0.25 * np.exp(-((phase - 0.37) / 0.01) ** 2) + 0.3 * np.exp(-((phase - 0.6) / 0.05) ** 2))
    return wave + gen.normal(0, 0.01, width).astype(np.float32)


def _ecg_grid(gen: np.random.Generator, rows: int, cols: int, top: int, paper: bool,
              leads: int) -> np.ndarray:
    """A waveform page: a 1 mm / 5 mm grid (pink on paper, dark green on a monitor) from `top`, and `leads`
    rows of traces across it, RGB."""
    ground, minor, major, ink = (((1.0, 0.96, 0.95), (0.98, 0.8, 0.8), (0.9, 0.5, 0.5), (0.05, 0.05, 0.05))
                                 if paper else ((0.0, 0.0, 0.0), (0.0, 0.16, 0.05), (0.0, 0.32, 0.1),
                                                (0.3, 1.0, 0.4)))
    image = np.empty((rows, cols, 3), np.float32)
    image[:] = ground
    for step, colour in ((5, minor), (25, major)):
        image[top::step, :] = colour
        image[top:, ::step] = colour
    band = (rows - top) // leads
    beat = gen.uniform(110, 170)
    for lead in range(leads):
        base = top + band * lead + band * 0.65
        ys = base - _trace(gen, cols, beat) * band * 0.5
        points = np.stack([np.arange(cols), ys], axis=1).round().astype(np.int32)
        cv2.polylines(image, [points], False, ink, 1, cv2.LINE_AA)
    return image


def _skin(gen: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """A clinical photograph of skin with a wound: mottled skin tone, a red bed with yellow slough, a drape."""
    tone = np.asarray(gen.choice(((0.88, 0.7, 0.6), (0.72, 0.52, 0.4), (0.5, 0.34, 0.25))), np.float32)
    shade = 0.8 + 0.3 * _field(gen, rows, cols, 5)
    image = tone * shade[..., None] * (0.96 + 0.08 * _field(gen, rows, cols, 40))[..., None]
    wound = _ellipse(rows, cols, (gen.uniform(0.4, 0.6), gen.uniform(0.45, 0.6)),
                     (gen.uniform(0.08, 0.15), gen.uniform(0.08, 0.14)))
    bed = _field(gen, rows, cols, 25)
    image[wound] = np.where((bed > 0.65)[..., None], (0.85, 0.78, 0.35), (0.6, 0.12, 0.1))[wound] * (
        0.8 + 0.3 * bed[wound, None])
    image[:, : cols // 8] = (0.35, 0.6, 0.65)  # a blue-green drape at the side
    image = cv2.GaussianBlur(image.astype(np.float32), (0, 0), 1.2)
    return (image + gen.normal(0, 0.015, image.shape)).clip(0, 1).astype(np.float32)


def _retina_scan(gen: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """An OCT B-scan: bright retinal layers curving over a dip (the fovea) in speckle, grey on black."""
    y, x = np.mgrid[:rows, :cols].astype(np.float32)
    bend = 4 * np.sin(x / cols * 3)
    surface = rows * (0.3 + 0.08 * np.exp(-((x / cols - 0.5) / 0.06) ** 2)) + bend
    pigment = rows * 0.52 + bend  # the pigment epithelium, flat under the dip
    layers = (0.9 * np.exp(-((y - surface) / 3) ** 2) + 0.4 * ((y > surface + 4) & (y < pigment - 4))
              + 0.95 * np.exp(-((y - pigment) / 4) ** 2))
    speckle = gen.rayleigh(0.4, (rows, cols)).astype(np.float32)
    return cv2.GaussianBlur((layers * speckle).clip(0, 1).astype(np.float32), (0, 0), 0.8)


def _flat(gen: np.random.Generator, rows: int, cols: int, grey: float) -> np.ndarray:
    """A low-contrast body section (within some 25 grey levels) on a flat `grey` screen."""
    body = _body(gen, rows, cols)
    return np.where(body > 0.05, grey + 0.1 * (body - 0.42), grey).clip(0, 1).astype(np.float32)


def _barcode(gen: np.random.Generator, height: int, width: int) -> np.ndarray:
    """A linear barcode, 1 on the bars: modules of one to four units across `width`, quiet zones at the ends."""
    bars = np.zeros(width, np.float32)
    x, dark = width // 12, True
    while x < width - width // 12:
        step = int(gen.integers(1, 5)) * max(1, width // 120)
        bars[x:x + step] = dark
        x, dark = x + step, not dark
    return np.repeat(bars[None], height, axis=0)


def _matrix_code(gen: np.random.Generator, size: int) -> np.ndarray:
    """A QR-like block, 1 on the dark modules: 25 x 25 random modules with three finder squares."""
    modules = (gen.random((25, 25)) < 0.5).astype(np.float32)
    finder = np.zeros((7, 7), np.float32)
    finder[[0, 6], :] = finder[:, [0, 6]] = 1
    finder[2:5, 2:5] = 1
    for y, x in ((0, 0), (0, 18), (18, 0)):
        modules[max(0, y - 1):y + 8, max(0, x - 1):x + 8] = 0
        modules[y:y + 7, x:x + 7] = finder
    return cv2.resize(modules, (size, size), interpolation=cv2.INTER_NEAREST)


def _extent_of(stack: np.ndarray, lines: list[list[Segment]], style: Style, corner: tuple[int, int],
               **options: object) -> tuple[int, int, int, int]:
    """The box (x0, y0, x1, y1) `block` would burn these lines in, drawn on a blank copy of `stack`'s shape."""
    boxes = [t.box for t in block(np.zeros_like(stack[:1]), lines, style, corner, **options)]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _label(stack: np.ndarray, lines: list[list[Segment]], style: Style, corner: tuple[int, int],
           paper: tuple[float, float, float], angle: float, pad: int = 10) -> list[ScreenText]:
    """Burn a paper label (lines of `style` on `paper`, its top-left at `corner`) turned `angle` degrees
    anticlockwise about its centre into `stack`'s one frame; its texts, boxes turned with it."""
    rows, cols = stack.shape[1:3]
    start = (corner[0] + pad, corner[1] + pad)
    room = cols - start[0] - pad
    _, _, right, bottom = _extent_of(stack, lines, style, start, room=room)
    x0, y0, x1, y1 = corner[0], corner[1], right + pad, bottom + pad
    card = np.zeros((rows, cols), np.float32)
    card[y0:y1, x0:x1] = 1
    sheet = card[None, ..., None] * np.asarray(paper if stack.shape[3] == 3 else (_luma(paper),), np.float32)
    texts = block(sheet, lines, style, start, room=room)
    centre = (float((x0 + x1) // 2), float((y0 + y1) // 2))  # whole pixels: a quarter or half turn stays crisp
    card = turned(card, angle, centre)
    stack[0] = stack[0] * (1 - card[..., None]) + turned(sheet[0], angle, centre) * card[..., None]
    for text in texts:
        text.turns += ((angle, *centre),)
        text.box = _bbox(coverage(text, rows, cols) > 0)
    return texts


# --------------------------------------------------------------------------- the third edition's kinds


def _thin(rng: random.Random, sizes: tuple[int, int], colours: tuple[str, ...]) -> Style:
    """A thin or narrow small face; the extra-light one 3 px larger (below 12 px its strokes fade to nothing)."""
    style = pick_style(rng, ("thin",), sizes, colours)
    return replace(style, size=style.size + 3) if "ExtraLight" in style.face else style


def _us_doppler(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """Another vendor's ultrasound screen: thin anti-aliased 9-12 px faces on a gradient banner, the patient
    line mixed with probe and safety indices, a measurement table beside it, a line over the colour Doppler box."""
    rows, cols = rng.choice(((600, 800), (768, 1024), (720, 960)))
    style = _thin(rng, (10, 12), ("white", "yellow", "cyan"))
    top = round(style.height * 1.3) * 3 + 14
    ground, box = _doppler(gen, rows, cols, top)
    stack = ground[None].copy()
    stack[0, :top] = _gradient(top, cols, *rng.choice(DATA["doppler"]["banners"]))
    pattern = rng.choice(DATA["dates"])
    us = DATA["doppler"]
    patient = [[_phi(printed_name(who, rng)), _plain(rng.choice(DATA["ultrasound"]["probes"])),
                _plain(rng.choice(DATA["ultrasound"]["depths"])), _plain(rng.choice(us["indices"]))],
               [_plain("ID"), _phi(who.patient_id), _plain("DOB"), _phi(printed_date(who.birth, pattern))],
               [_phi(who.institution)]]
    texts = block(stack, patient, style, "tl", margin=(8, 6), room=cols * 2 // 5)
    measures = [[_plain(m), _plain(f"{rng.uniform(0.2, 90):.1f} {u}".strip())]
                for m, u in rng.sample(us["measures"], 3)]
    small = _thin(rng, (9, 11), ("green",))
    table_x = max(t.box[2] for t in texts) + 24
    texts += block(stack, measures, small, (table_x, 6), tabs=columns(measures, small, small.height),
                   room=cols * 3 // 4 - table_x, panel=(0.05, 0.05, 0.05))
    when = [[_phi(printed_date(who.study, pattern))], [_phi(who.study.strftime(rng.choice(DATA["times"])))]]
    texts += block(stack, when, style, "tr", margin=(8, 6), room=cols // 5)
    over = [[_plain(rng.choice(us["flow"])), _phi(who.accession)]]  # the accession over the colour box
    texts += block(stack, over, style, (box[0] + 4, box[1] + 4), room=box[2] - box[0] - 8)
    texts += block(stack, [[_plain(s)] for s in rng.sample(us["settings"], 4)], small, (8, top + 12))
    jpeg = rng.random() < 0.5
    return Screen("US", "US", stack.clip(0, 1), texts, syntax=JPEGBaseline8Bit if jpeg else ExplicitVRLittleEndian)


def _viewer_ground(gen: np.random.Generator, rows: int, cols: int, bar: int, tab: int) -> np.ndarray:
    """A dark-theme viewer window, RGB: a title bar, a row of tabs, a CT slice in the viewport."""
    stack = np.full((rows, cols, 3), 0.08, np.float32)
    stack[:bar] = (0.17, 0.17, 0.19)
    stack[bar:bar + tab] = (0.12, 0.12, 0.13)
    side = rows - bar - tab - 20
    slice_ = cv2.resize(_body(gen, 256, 256), (side, side))[..., None]
    stack[bar + tab + 10:bar + tab + 10 + side, (cols - side) // 2:(cols + side) // 2] = slice_
    return stack


def _dark_viewer(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A dark-theme PACS viewer screenshot saved as secondary capture: the patient in the title bar and a tab,
    four-corner overlays in mixed sizes, one line italic."""
    rows, cols = rng.choice(((768, 1024), (720, 1280), (900, 1200)))
    title = pick_style(rng, ("sans",), (12, 14), ("grey",))
    bar, tab = title.height + 12, title.height + 14
    stack = _viewer_ground(gen, rows, cols, bar, tab)[None]
    viewer = DATA["viewer"]
    pattern = rng.choice(DATA["dates"])
    name = printed_name(who, rng)
    texts = block(stack, [[_phi(name), _plain("-"), _phi(who.patient_id), _plain("-"),
                           _plain(rng.choice(viewer["apps"]))]], title, (10, 6))
    x = 10
    tabs = [[_phi(f"{who.family.upper()}, {who.given}")]] + [[_plain(t)] for t in rng.sample(viewer["tabs"], 3)]
    for n, label in enumerate(tabs):
        width = _extent(label[0][0], title) + 24
        stack[0, bar + 2:bar + tab, x:x + width] = (0.22, 0.24, 0.3) if n == 0 else (0.16, 0.16, 0.17)
        texts += block(stack, [label], title, (x + 12, bar + 6))
        x += width + 4
    big = pick_style(rng, ("sans", "condensed"), (16, 20), ("white", "yellow"))
    small = replace(big, size=rng.randint(11, 13))
    italic = replace(small, face=rng.choice(DATA["faces"]["italic"]))
    top = bar + tab + 14
    room = cols // 2 - 30
    texts += block(stack, [[_phi(name)]], big, (10, top), room=room)
    texts += block(stack, [[_phi(who.patient_id)], [_plain(_age_sex(who, rng))]], small,
                   (10, top + round(big.height * 1.4)), room=room)
    texts += block(stack, [[_plain("DOB"), _phi(printed_date(who.birth, pattern))]], italic,
                   (10, top + round(big.height * 1.4) + round(small.height * 1.3) * 2), room=room)
    right = [[_phi(who.institution)], [_phi(printed_date(who.study, pattern)),
                                       _phi(who.study.strftime(rng.choice(DATA["times"])))],
             [_plain("Acc#"), _phi(who.accession)]]
    texts += block(stack, right, small, "tr", margin=(10, top), room=room)
    info = DATA["tomography"]
    texts += block(stack, [[_plain(rng.choice(info["window"]))], [_plain(rng.choice(info["acquisition"]))]], small,
                   "bl", margin=(10, 10), room=room)
    texts += block(stack, [[_plain(rng.choice(info["slice"]).format(n=rng.randint(1, 200), of=240, s=3))]], big,
                   "br", margin=(10, 10), room=room)
    return Screen(rng.choice(("CT", "MR")), "SC", stack.clip(0, 1), texts)


def _ecg_strip(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """An ECG or echo-monitor capture: a patient banner over the waveform grid, its lines crossing the grid's
    lines, lead labels and the recording settings."""
    rows, cols = rng.choice(((600, 1000), (768, 1024), (700, 1200)))
    paper = rng.random() < 0.5
    leads = rng.randint(3, 6)
    style = pick_style(rng, ("sans", "mono", "condensed"), (12, 16), ("white",))
    style = replace(style, colour=(0.05, 0.05, 0.05) if paper else named(rng.choice(("green", "yellow", "white"))))
    top = rng.choice((0, round(style.height * 1.2)))  # the grid under the banner too, or from its second line
    stack = _ecg_grid(gen, rows, cols, top, paper, leads)[None]
    pattern = rng.choice(DATA["dates"])
    banner = [[_phi(printed_name(who, rng)), _plain("ID:"), _phi(who.patient_id), _plain(_age_sex(who, rng))],
              [_plain("DOB:"), _phi(printed_date(who.birth, pattern)), _phi(printed_date(who.study, pattern)),
               _phi(who.study.strftime(rng.choice(DATA["times"])))],
              [_phi(who.institution), _plain(rng.choice(DATA["ecg"]["rates"]))]]
    texts = block(stack, banner, style, (12, 6), room=cols * 2 // 3)
    band = (rows - top) // leads
    label = replace(style, size=max(11, style.size - 2))
    for lead, name in enumerate(rng.sample(DATA["ecg"]["leads"], leads)):
        texts += block(stack, [[_plain(name)]], label, (cols - 60, top + band * lead + band // 4))
    texts += block(stack, [[_plain(rng.choice(DATA["ecg"]["settings"]))]], label, "br", margin=(80, 6))
    return Screen("OT", "SC", stack.clip(0, 1), texts)


def _oct_report(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """An ophthalmic OCT report page: a header table of label and value cells whose thin borders touch the
    glyphs, a B-scan, a thickness grid and the eye."""
    rows, cols = rng.choice(((1100, 850), (850, 1100), (1024, 1024)))
    stack = np.full((1, rows, cols, 3), 1.0, np.float32)
    ink = (rng.uniform(0.0, 0.2),) * 3
    style = replace(pick_style(rng, ("sans", "condensed", "serif"), (11, 15), ("white",)), colour=ink)
    oct_ = DATA["oct"]
    texts = block(stack, [[_plain(rng.choice(oct_["titles"]))]], replace(style, size=style.size + 6), (30, 20))
    pattern = rng.choice(DATA["dates"])
    cells = [[_plain("Name:"), _phi(printed_name(who, rng)), _plain("ID:"), _phi(who.patient_id)],
             [_plain("DOB:"), _phi(printed_date(who.birth, pattern)), _plain("Exam date:"),
              _phi(printed_date(who.study, pattern))],
             [_plain("Physician:"), _phi(f"Dr {who.referrer[1][0]}. {who.referrer[0]}"), _plain("Site:"),
              _phi(who.institution)]]
    left, top, gap = 30, 40 + style.height * 2, rng.randint(2, 4)
    step = style.height + gap  # the cell just holds its line: borders touch the glyphs' tops and tails
    tabs = columns(cells, style, 14)
    for n, line in enumerate(cells):
        corner = (left + 4, top + n * step)
        _, y0, _, y1 = _extent_of(stack, [line], style, corner, tabs=tabs)
        y0 -= 1
        stack[0, y0, left:cols - 30] = stack[0, y1, left:cols - 30] = 0.35  # drawn first: the ink goes over them
        for x in [left + tab for tab in tabs] + [cols - 31]:
            stack[0, y0:y1 + 1, x] = 0.35
        texts += block(stack, [line], style, corner, tabs=tabs)
    scan_top = top + step * len(cells) + 40
    height = (rows - scan_top) // 2
    stack[0, scan_top:scan_top + height, 30:cols - 30] = _retina_scan(gen, height, cols - 60)[..., None]
    eye = rng.choice(("OD", "OS"))
    texts += block(stack, [[_plain(eye), _plain(rng.choice(oct_["scans"]))]], style, (30, scan_top + height + 20))
    grid_top = scan_top + height + 60
    for n, value in enumerate(rng.sample(range(220, 360), 5)):
        x = 60 + n * (style.height * 5)
        cv2.circle(stack[0], (x + style.height, grid_top + style.height), style.height * 2, (0.3, 0.6, 0.3), 1)
        texts += block(stack, [[_plain(str(value))]], style, (x, grid_top + style.height // 2))
    return Screen("OPT", "SC", stack.clip(0, 1), texts)


def _wound_photo(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A wound-care clinical photograph stored as DICOM VL: a paper label written by hand in the frame, turned
    3-10 degrees, the whole photo JPEG compressed."""
    rows, cols = rng.choice(((768, 1024), (960, 1280), (1024, 768)))
    stack = _skin(gen, rows, cols)[None]
    hand = Style(rng.choice(DATA["faces"]["hand"] + DATA["faces"]["script"]), rng.randint(18, 26),
                 (0.05, 0.1, rng.uniform(0.3, 0.6)) if rng.random() < 0.6 else (0.05, 0.05, 0.05))
    pattern = rng.choice(("%m/%d/%Y", "%d.%m.%Y", "%d/%m/%Y"))  # hand-written forms among `dates`
    lines = [[_phi(f"{who.given} {who.family}")], [_plain("MRN"), _phi(who.patient_id)],
             [_phi(printed_date(who.study, pattern)), _plain(rng.choice(DATA["wound"]["sites"]))]]
    angle = rng.choice((-1, 1)) * rng.uniform(3, 10)
    high = rng.random() < 0.5
    corner = (rng.randint(cols // 8 + 20, cols // 3), rng.randint(30, 80) if high else rows - 260)
    texts = _label(stack, lines, hand, corner, (0.97, 0.96, 0.9), angle)
    texts += _ruler(stack, rows - 90 if high else 40, min(55, (cols - cols // 8 - 80) // 10),
                    Style(rng.choice(DATA["faces"]["sans"]), rng.randint(12, 14), (0.05, 0.05, 0.05)))
    stack = _jpeg_artefacts(stack, rng.randint(70, 90))  # the camera's JPEG, recompressed when stored
    return Screen("XC", "VL", stack.clip(0, 1), texts, syntax=JPEGBaseline8Bit, quality=rng.randint(75, 92))


def _ruler(stack: np.ndarray, top: int, per_cm: int, style: Style) -> list[ScreenText]:
    """A 10 cm paper ruler laid in a photo's one frame at `top`, right-aligned: millimetre ticks, numbered
    centimetres (non-PHI text)."""
    cols = stack.shape[2]
    left = cols - 40 - 10 * per_cm
    stack[0, top:top + 50, left - 8:left + 10 * per_cm + 8] = (0.95, 0.92, 0.6)
    texts = []
    for mm in range(101):
        x = left + round(mm * per_cm / 10)
        stack[0, top:top + (14 if mm % 10 == 0 else 8 if mm % 5 == 0 else 5), x] = (0.05, 0.05, 0.05)
        if mm % 10 == 0 and 0 < mm < 100:
            label = str(mm // 10)
            texts.append(put(stack, _plain(label), style, (x - _extent(label, style) // 2, top + 18)))
    return texts


def _film_turned(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A radiograph whose film label was put in upside down or a quarter turned (read turning the film), with an
    upright side marker."""
    rows, cols = rng.choice(((1200, 1000), (1000, 1200), (1100, 900)))
    stack = _chest(gen, rows, cols)[None, ..., None]
    style = replace(pick_style(rng, ("sans", "mono", "serif"), (16, 24), ("white",)), colour=(0.0, 0.0, 0.0))
    pattern = rng.choice(DATA["dates"])
    lines = [[_phi(who.institution)], [_phi(printed_name(who, rng))], [_plain("ID"), _phi(who.patient_id)],
             [_plain("DOB"), _phi(printed_date(who.birth, pattern))], [_phi(printed_date(who.study, pattern))]]
    angle = rng.choice((180.0, 90.0, -90.0))
    x0, _, x1, y1 = _extent_of(stack, lines, style, (0, 0))
    width, height = x1 - x0 + 20, y1 + 20
    reach = max(width, height) // 2 + 30  # the label's centre far enough in for any turn to stay in the frame
    x = reach - width // 2 if rng.random() < 0.5 else cols - reach - width // 2
    y = reach - height // 2 if rng.random() < 0.5 else rows - reach - height // 2
    texts = _label(stack, lines, style, (x, y), (rng.uniform(0.85, 1.0),) * 3, angle)
    marker = Style(rng.choice(DATA["faces"]["sans"]), rng.randint(24, 30), (1.0, 1.0, 1.0))
    texts += block(stack, [[_plain(rng.choice(DATA["film"]["markers"]))]], marker, (cols // 2, 30))
    modality = rng.choice(("CR", "DX"))
    return Screen(modality, modality, stack.clip(0, 1), texts, bits=rng.choice((12, 16)), mono1=rng.random() < 0.5)


def _cine_shift(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """An ultrasound cine whose patient lines move a pixel or two between frames (a scrolling banner), or whose
    patient lines and ticking clock take alternate frames."""
    rows, cols, frames = rng.choice((400, 480)), rng.choice((560, 640)), rng.randint(8, 12)
    style = pick_style(rng, ("mono", "sans", "condensed"), (11, 15), ("white", "cyan", "yellow"), bitmap=0.2)
    top = round(style.height * 2.6) + 14
    stack = np.zeros((frames, rows, cols, 3), np.float32)
    tissue = int(gen.integers(2 ** 32))
    for f in range(frames):
        stack[f, top:] = _sector(np.random.default_rng(tissue), rows, cols, top, shift=2 * f)[top:, :, None]
    pattern = rng.choice(DATA["dates"])
    banner = [[_phi(printed_name(who, rng)), _plain(rng.choice(DATA["ultrasound"]["probes"]))],
              [_phi(who.patient_id), _phi(printed_date(who.study, pattern))]]
    texts: list[ScreenText] = []
    clock = rng.choice(DATA["cine"]["clocks"])
    if rng.random() < 0.5:  # the banner moves: frames grouped by their offset
        axis, path = rng.choice((0, 1)), rng.choice(((0, 1, 2, 1), (0, 1), (0, 2)))
        for offset in sorted(set(path)):
            shown = tuple(f for f in range(frames) if path[f % len(path)] == offset)
            corner = (8 + offset * axis, 5 + offset * (1 - axis))
            texts += block(stack, banner, style, corner, room=cols * 2 // 3, frames=shown)
        clock_frames = tuple(range(frames))
    else:  # alternate frames: patient lines on the even ones, the clock on the odd
        texts += block(stack, banner, style, "tl", margin=(8, 5), room=cols * 2 // 3,
                       frames=tuple(range(0, frames, 2)))
        clock_frames = tuple(range(1, frames, 2))
    ticks: dict[str, list[int]] = {}
    for f in clock_frames:
        ticks.setdefault((who.study + timedelta(seconds=f // 3)).strftime(clock), []).append(f)
    x = cols - 10 - max(_extent(t, style) for t in ticks)
    for value, shown in ticks.items():
        texts.append(put(stack, _phi(value, in_header=shown[0] // 3 == 0), style, (x, 5), frames=tuple(shown)))
    texts += block(stack, [[_plain(s)] for s in rng.sample(DATA["cine"]["settings"], 2)], style, (8, top + 10))
    return Screen("US", "US_MULTI", stack, texts, frame_time=1000 / 3,
                  syntax=JPEGBaseline8Bit if rng.random() < 0.4 else ExplicitVRLittleEndian)


def _low_contrast(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """Text 8-20 grey levels from a mid-grey screen over a flat, low-contrast image; or white text in black boxes
    on a bright image."""
    rows, cols = rng.choice(((512, 512), (600, 800), (768, 768)))
    grey = rng.uniform(0.4, 0.6)
    pattern = rng.choice(DATA["dates"])
    left = [[_phi(printed_name(who, rng))], [_phi(who.patient_id)], [_plain("DOB"), _phi(printed_date(who.birth,
                                                                                                      pattern))]]
    right = [[_phi(who.institution)], [_phi(printed_date(who.study, pattern))],
             [_phi(who.study.strftime(rng.choice(DATA["times"])))]]
    style = pick_style(rng, ("sans", "condensed", "mono"), (13, 20), ("white",))
    if rng.random() < 0.5:
        stack = _flat(gen, rows, cols, grey)[None, ..., None]
        lift = rng.choice((-1, 1)) * rng.randint(8, 20) / 255
        style = replace(style, colour=(grey + lift,) * 3, low_contrast=True)
        texts = block(stack, left, style, "tl", margin=(10, 10), room=cols // 2 - 20)
        texts += block(stack, right, style, "tr", margin=(10, 10), room=cols // 2 - 20)
        return Screen("RF", "SC", stack.clip(0, 1), texts)
    stack = (0.72 + 0.25 * _chest(gen, rows, cols))[None, ..., None]  # bright: an over-exposed film
    style = replace(style, colour=(1.0, 1.0, 1.0))
    texts = block(stack, left, style, "tl", margin=(12, 12), room=cols // 2 - 20, panel=(0.0, 0.0, 0.0))
    texts += block(stack, right, style, "br", margin=(12, 12), room=cols // 2 - 20, panel=(0.0, 0.0, 0.0))
    return Screen("DX", "SC", stack.clip(0, 1), texts)


def _barcode_label(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A scanned order page with a patient sticker: a barcode with the MRN printed under it, the name and
    birth date beside it, and a QR-like block with the accession under it."""
    rows, cols = 1100, 850
    paper = rng.uniform(0.8, 0.92)
    stack = np.full((1, rows, cols, 1), paper, np.float32)
    stack[0, ..., 0] += (_field(gen, rows, cols, 30) - 0.5) * 0.04
    printed = Style(rng.choice(DATA["faces"]["sans"] + DATA["faces"]["serif"]), rng.randint(13, 16), (0.1,) * 3)
    texts = block(stack, [[_plain(rng.choice(DATA["barcode"]["titles"]))]], replace(printed, size=printed.size + 8),
                  (50, 50))
    x0, y0 = rng.randint(400, 460), rng.randint(110, 140)
    stack[0, y0:y0 + 170, x0:x0 + 360] = 0.98  # the sticker
    code = _barcode(gen, 60, 240)
    stack[0, y0 + 12:y0 + 72, x0 + 12:x0 + 252, 0] -= code * 0.9
    mono = Style(rng.choice(DATA["faces"]["mono"]), rng.randint(12, 16), (0.05,) * 3)
    texts += block(stack, [[_phi(who.patient_id)]], mono, (x0 + 12 + 120 - _extent(who.patient_id, mono) // 2,
                                                          y0 + 76))
    sticker = [[_phi(printed_name(who, rng))], [_plain("DOB"), _phi(printed_date(who.birth, rng.choice(
        DATA["dates"])))], [_plain(who.sex), _phi(who.institution)]]
    texts += block(stack, sticker, replace(printed, size=min(printed.size, 14)), (x0 + 12, y0 + 100), room=336)
    qx, qy, size = rng.randint(60, 120), rng.randint(850, 900), rng.choice((100, 125, 150))
    stack[0, qy:qy + size, qx:qx + size, 0] -= _matrix_code(gen, size) * 0.85
    texts += block(stack, [[_phi(who.accession)]], mono, (qx, qy + size + 6))
    fields = [[_plain(label)] for label in DATA["barcode"]["fields"]]
    texts += block(stack, fields, printed, (50, 340), spacing=2.6)
    stack[0, ..., 0] = cv2.GaussianBlur(stack[0, ..., 0], (0, 0), rng.uniform(0.4, 0.8))
    stack += gen.normal(0, 0.01, stack.shape).astype(np.float32)
    return Screen("OT", "SC", stack.clip(0, 1), texts, header={"ConversionType": "SD"})


def _text_free(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A control of the third edition's kinds with no text (`BurnedInAnnotation` NO): a Doppler fan, an empty
    dark viewer, a waveform grid, a wound photograph, a flat grey frame, or a page of barcodes."""
    rows, cols = rng.choice(((600, 800), (768, 1024)))
    ground = rng.choice(("doppler", "viewer", "ecg", "skin", "grey", "codes"))
    if ground == "doppler":
        return Screen("US", "US", _doppler(gen, rows, cols, 40)[0][None], [], burned_in="NO")
    if ground == "viewer":
        return Screen("CT", "SC", _viewer_ground(gen, rows, cols, 26, 28)[None], [], burned_in="NO")
    if ground == "ecg":
        return Screen("OT", "SC", _ecg_grid(gen, rows, cols, 0, rng.random() < 0.5, rng.randint(3, 6))[None], [],
                      burned_in="NO")
    if ground == "skin":
        return Screen("XC", "VL", _skin(gen, rows, cols)[None], [], syntax=JPEGBaseline8Bit, burned_in="NO")
    if ground == "grey":
        return Screen("RF", "SC", _flat(gen, rows, cols, rng.uniform(0.4, 0.6))[None, ..., None], [], burned_in="NO")
    page = np.full((rows, cols), 0.9, np.float32)
    page[60:120, 60:300] -= _barcode(gen, 60, 240) * 0.85
    page[200:350, 60:210] -= _matrix_code(gen, 150) * 0.85
    return Screen("OT", "SC", page[None, ..., None], [], burned_in="NO")


# --------------------------------------------------------------------------- the fourth edition's identities


_FOLDED = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE", "đ": "d"})


def folded(text: str) -> str:
    """`text` as a device without accented letters prints it (ü as u, ø as o, ß as ss)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def accented_identity(rng: random.Random) -> Identity:
    """An invented patient (as `identity`) whose name may carry accents, Latin letters beyond ASCII, a particle or
    a hyphen."""
    who = identity(rng)
    form = rng.choice(("latin1", "latin_ext", "particle", "hyphen", "plain"))
    if form == "latin1":
        family = rng.choice(names.LATIN1_FAMILY)
    elif form == "latin_ext":
        family = rng.choice(names.LATIN_EXT_FAMILY)
    elif form == "particle":
        particle = rng.choice(DATA["names"]["particles"])
        joined = particle.endswith("'") or particle == "Mac"
        family = f"{particle}{'' if joined else ' '}{rng.choice(names.ASCII_FAMILY)}"
    elif form == "hyphen":
        family = "-".join(rng.sample(names.ASCII_FAMILY, 2))
    else:
        family = who.family
    given = rng.choice(names.LATIN1_GIVEN + names.LATIN_EXT_GIVEN + names.ASCII_GIVEN)
    return replace(who, family=family, given=given)


def caret_name(who: Identity, rng: random.Random) -> str:
    """The patient's name as some device prints it: the forms of `printed_name`, DICOM PN with its carets, or
    folded to ASCII."""
    capitals = f"{who.family.upper()}^{who.given.upper()}"
    return rng.choice((printed_name(who, rng), f"{who.family}^{who.given}", f"{capitals}^^^", folded(capitals),
                       folded(f"{who.family}, {who.given}")))


def _other_patient(rng: random.Random) -> Identity:
    """Another invented patient, for a list of many (names from synthetic_names, never `family`)."""
    who = identity(rng)
    family = rng.choice(names.ASCII_FAMILY + names.LATIN1_FAMILY + names.LATIN_EXT_FAMILY)
    return replace(who, family=family, given=rng.choice(names.ASCII_GIVEN + names.LATIN1_GIVEN))


# --------------------------------------------------------------------------- the fourth edition's drawing


def overlaid(stack: np.ndarray, segment: Segment, style: Style, origin: tuple[float, float],
             weight: float | Callable[[ScreenText], np.ndarray], turns: tuple[tuple[float, float, float], ...] = (),
             frames: tuple[int, ...] = ()) -> ScreenText:
    """Burn one string with its glyphs' coverage scaled by `weight`: an opacity (a semi-transparent watermark) or
    a pattern made for the string (a dot-matrix printer's dots); its truth is the string's full glyphs."""
    text = put(np.zeros_like(stack[:1]), segment, style, origin, turns)
    rows, cols = stack.shape[1:3]
    x0, y0, x1, y1 = text.box
    text.frames = frames
    ground = float(stack[frames[0] if frames else 0, y0:y1, x0:x1].mean())
    text.polarity = "light_on_dark" if _luma(style.colour) > ground else "dark_on_light"
    alpha = coverage(text, rows, cols) * (weight if isinstance(weight, float) else weight(text))
    _paint(stack, frames or range(stack.shape[0]), alpha, style.colour, text.box)
    return text


def _dots(rows: int, cols: int) -> Callable[[ScreenText], np.ndarray]:
    """A dot-matrix printer's pattern for a bitmap string magnified three times: each font pixel a round dot
    (full in its middle, fading to its corners)."""
    cell = np.asarray([[0.15, 0.6, 0.15], [0.6, 1.0, 0.6], [0.15, 0.6, 0.15]], np.float32)

    def pattern(text: ScreenText) -> np.ndarray:
        """The dots under `text`, aligned with its magnified font pixels."""
        y, x = np.ogrid[:rows, :cols]
        return cell[(y - round(text.origin[1])) % 3, (x - round(text.origin[0])) % 3]
    return pattern


def cut_at_edge(stack: np.ndarray, segment: Segment, style: Style, y: int, rng: random.Random) -> ScreenText:
    """Burn a string against the right edge with its last letter cut part-way (a window or table too narrow)."""
    cols = stack.shape[2]
    last = _extent(segment[0][-1], style)
    return put(stack, segment, style, (cols - _extent(segment[0], style) + rng.randint(2, max(3, last // 2)), y))


def _page(rows: int, cols: int, gen: np.random.Generator, paper: float = 1.0) -> np.ndarray:
    """A white (or `paper`) RGB page, faintly noisy, one frame."""
    page = np.full((1, rows, cols, 3), paper, np.float32)
    return (page - np.abs(gen.normal(0, 0.004, (1, rows, cols, 1))).astype(np.float32)).clip(0, 1)


def _spine(gen: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """A DXA lumbar spine image: four vertebral bodies stacked in soft tissue, grey, 0-1."""
    image = 0.15 + 0.1 * _field(gen, rows, cols, 6)
    step = rows // 5
    for n in range(4):
        top = step // 2 + n * step
        image[top:top + step - 8, cols // 3:2 * cols // 3] = gen.uniform(0.6, 0.8)
    return cv2.GaussianBlur(image.astype(np.float32), (0, 0), 2.0).clip(0, 1)


def _large_chest(gen: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    """A chest radiograph of a large detector: the anatomy drawn at a quarter of the size and enlarged (it is
    smooth), the quantum noise at full size."""
    small = _chest(gen, rows // 4, cols // 4)
    image = cv2.resize(small, (cols, rows), interpolation=cv2.INTER_LINEAR)
    return (image + gen.standard_normal((rows, cols), dtype=np.float32) * 0.012).clip(0, 1)


def _capsule_views(gen: np.random.Generator, size: int, frames: int) -> np.ndarray:
    """A capsule camera's frames: pink-orange mucosa in a round view on black, a new view each frame, RGB."""
    view = _ellipse(size, size, (0.5, 0.5), (0.47, 0.47))
    stack = np.zeros((frames, size, size, 3), np.float32)
    for f in range(frames):
        tissue = _field(gen, size, size, 10)
        stack[f] = np.stack([0.75 + 0.2 * tissue, 0.45 + 0.3 * tissue, 0.3 + 0.2 * tissue], axis=-1) * view[..., None]
    return stack


def _intraoral_views(gen: np.random.Generator, rows: int, cols: int, frames: int) -> np.ndarray:
    """Intraoral radiographs, one a frame: two or three teeth (a bright crown over a tapering root) in a grey
    jaw, grey."""
    stack = np.empty((frames, rows, cols, 1), np.float32)
    for f in range(frames):
        image = 0.2 + 0.2 * _field(gen, rows, cols, 6)
        for n in range(int(gen.integers(2, 4))):
            x, half = (n + 1) * cols // 4, cols // 11
            root = np.asarray([(x - half, rows * 2 // 5), (x + half, rows * 2 // 5), (x + half // 4, rows * 4 // 5),
                               (x - half // 4, rows * 4 // 5)], np.int32)
            cv2.fillPoly(image, [root], float(gen.uniform(0.5, 0.6)))
            cv2.ellipse(image, (x, rows * 2 // 5), (half + 3, rows // 7), 0, 0, 360, float(gen.uniform(0.75, 0.9)), -1)
        stack[f, ..., 0] = cv2.GaussianBlur(image.astype(np.float32), (0, 0), 2.0)
    return stack


def _bands(rows: int, cols: int) -> np.ndarray:
    """A BMD-for-age chart's background: green, yellow and red bands from top to bottom, RGB."""
    band = np.empty((rows, cols, 3), np.float32)
    for n, colour in enumerate(((0.75, 0.92, 0.75), (0.98, 0.95, 0.7), (0.97, 0.75, 0.72))):
        band[n * rows // 3:(n + 1) * rows // 3] = colour
    return band


# --------------------------------------------------------------------------- the fourth edition's kinds


def _dexa_report(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A DXA bone-density report page: a patient block in two columns, a spine image, a BMD-for-age chart with
    its axis numbers, a results table and a printed-on line; stored RGB with its colour planes apart."""
    rows, cols = rng.choice(((1100, 850), (1024, 1024), (850, 1100)))
    stack = _page(rows, cols, gen)
    ink = (rng.uniform(0.0, 0.15),) * 3
    style = replace(pick_style(rng, ("serif", "sans", "condensed"), (11, 15), ("white",)), colour=ink)
    dxa = DATA["densitometry"]
    texts = block(stack, [[_plain(rng.choice(dxa["titles"]))]], replace(style, size=style.size + 7), (30, 20))
    pattern = rng.choice(DATA["dates"])
    left = [[_plain("Name:"), _phi(caret_name(who, rng))], [_plain("Patient ID:"), _phi(who.patient_id)],
            [_plain("DOB:"), _phi(printed_date(who.birth, pattern))], [_plain("Sex/Age:"), _plain(_age_sex(who, rng))]]
    right = [[_plain("Scan date:"), _phi(printed_date(who.study, pattern))],
             [_plain("Referring:"), _phi(f"Dr {who.referrer[1][0]}. {who.referrer[0]}")],
             [_plain("Facility:"), _phi(who.institution)], [_plain(rng.choice(dxa["notes"]))]]
    top = 40 + style.height * 3
    half = cols // 2 - 40
    texts += block(stack, left, style, (30, top), tabs=columns(left, style, 10), room=half)
    texts += block(stack, right, style, (cols // 2 + 10, top), tabs=columns(right, style, 10), room=half)
    body = top + round(style.height * 1.3) * 4 + 30
    size = min(cols // 3, rows // 3)
    stack[0, body:body + size, 30:30 + size] = _spine(gen, size, size)[..., None]
    small = replace(style, size=max(9, style.size - 3))
    for n, level in enumerate(("L1", "L2", "L3", "L4")):
        texts += block(stack, [[_plain(level)]], replace(small, colour=(1.0, 1.0, 0.4)),
                       (36 + size * 2 // 3, body + size // 10 + n * (size // 5)))
    chart_x, chart_w = 60 + size + 40, cols - size - 150
    stack[0, body:body + size, chart_x:chart_x + chart_w] = _bands(size, chart_w)
    frame = np.ascontiguousarray(stack[0])
    cv2.rectangle(frame, (chart_x, body), (chart_x + chart_w - 1, body + size - 1), ink, 1)
    point = (chart_x + rng.randint(chart_w // 3, chart_w - 20), body + rng.randint(size // 3, size - 20))
    cv2.drawMarker(frame, point, (0.0, 0.0, 0.0), cv2.MARKER_CROSS, 12, 2)
    stack[0] = frame
    for n, age in enumerate(range(20, 101, 20)):  # the chart's age axis, under it
        x = chart_x + n * (chart_w - 20) // 4
        texts += block(stack, [[_plain(str(age))]], small, (x, body + size + 6))
    for n, bmd in enumerate(("1.4", "1.2", "1.0", "0.8", "0.6")):
        texts += block(stack, [[_plain(bmd)]], small, (chart_x - _extent(bmd, small) - 6, body + n * (size - 14) // 4))
    table_top = body + size + 20 + small.height * 2
    header = [[_plain(c) for c in dxa["columns"]]]
    results = [[_plain(region), _plain(f"{rng.uniform(0.6, 1.3):.3f}"), _plain(f"{rng.uniform(-3.5, 1.5):.1f}"),
                _plain(f"{rng.uniform(-2.5, 1.5):.1f}"), _plain(f"{rng.uniform(10, 60):.2f}")]
               for region in rng.sample(dxa["regions"], 4)]
    lines = header + results
    texts += block(stack, lines, style, (30, table_top), tabs=columns(lines, style, 24), spacing=1.6)
    printed = who.study + timedelta(days=rng.randint(1, 9), hours=rng.randint(1, 8))
    footer = [[_plain("Printed:"), _phi(printed_date(printed, pattern), in_header=False),
               _phi(printed.strftime(rng.choice(DATA["times"])), in_header=False)]]
    texts += block(stack, footer, small, "bl", margin=(30, 20))
    return Screen("BMD", "SC", stack.clip(0, 1), texts, planar=1)


def _ob_worksheet(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """An OB ultrasound worksheet in columns: the patient block with LMP and EDD (dates of the patient, not in
    the header), biometry and anatomy columns, the sonographer; once saved as low-quality JPEG and stored as
    lossy JPEG again."""
    rows, cols = rng.choice(((1100, 850), (850, 1100)))
    stack = _page(rows, cols, gen)
    ob = DATA["obstetric"]
    ink = (0.05, 0.05, 0.05)
    style = replace(pick_style(rng, ("condensed", "serif", "sans", "italic"), (11, 15), ("white",)), colour=ink)
    title = replace(style, size=style.size + 6)
    band = (0.82, 0.9, 0.98) if rng.random() < 0.5 else (0.9, 0.9, 0.9)
    stack[0, 12:24 + title.height * 2] = band
    texts = block(stack, [[_plain(rng.choice(ob["titles"]))]], title, (30, 20))
    pattern = rng.choice(DATA["dates"])
    lmp = who.study.date() - timedelta(days=rng.randint(84, 250))
    edd = lmp + timedelta(days=280)
    weeks = (who.study.date() - lmp).days
    patient = [[_plain("Patient:"), _phi(caret_name(who, rng))], [_plain("ID:"), _phi(who.patient_id)],
               [_plain("DOB:"), _phi(printed_date(who.birth, pattern))]]
    dating = [[_plain("Exam:"), _phi(printed_date(who.study, pattern))],
              [_plain("LMP:"), _phi(printed_date(lmp, pattern), in_header=False)],
              [_plain("EDD:"), _phi(printed_date(edd, pattern), in_header=False)],
              [_plain("GA (LMP):"), _plain(f"{weeks // 7}w{weeks % 7}d")]]
    top, gap = 40 + title.height * 2, cols // 3
    texts += block(stack, patient, style, (30, top), tabs=columns(patient, style, 10), room=gap - 40)
    texts += block(stack, dating, style, (gap + 10, top), tabs=columns(dating, style, 10), room=gap - 20)
    heading = [[_plain(h) for h in ob["headings"]]]
    biometry = [[_plain(m), _plain(f"{rng.uniform(10, 300):.1f} mm"),
                 _plain(f"{rng.randint(12, 38)}w{rng.randint(0, 6)}d"), _plain(f"{rng.randint(3, 97)}")]
                for m in rng.sample(ob["biometry"], 5)]
    lines = heading + biometry
    table_top = top + round(style.height * 1.3) * len(dating) + 30
    texts += block(stack, lines, style, (30, table_top), tabs=columns(lines, style, 18), spacing=1.6,
                   room=2 * gap - 40)
    anatomy = [[_plain(a)] for a in rng.sample(ob["anatomy"], 6)]
    texts += block(stack, anatomy, style, (2 * gap, table_top), spacing=1.6, room=gap - 20)
    sonographer = rng.choice(names.STAFF)
    foot = [[_plain("Sonographer:"), _phi(f"{sonographer[1]} {sonographer[0]}", in_header=False)],
            [_plain("Site:"), _phi(who.institution)]]
    texts += block(stack, foot, style, "bl", margin=(30, 30), room=cols - 60)
    stack = _jpeg_artefacts(stack, rng.randint(20, 35))  # exported as JPEG once, at low quality
    return Screen("US", "SC", stack.clip(0, 1), texts, syntax=JPEGBaseline8Bit, quality=rng.randint(25, 40))


def _worklist(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A RIS or PACS worklist screenshot: a table of many patients (names, IDs, dates, referrers) in a small UI
    face, zebra striped, one row selected (this file's patient), the last column cut by the window's edge."""
    rows, cols = rng.choice(((768, 1366), (800, 1280), (900, 1440)))
    dark = rng.random() < 0.4
    stripes = ((0.13, 0.13, 0.15), (0.18, 0.18, 0.21)) if dark else ((1.0, 1.0, 1.0), (0.92, 0.94, 0.97))
    stack = np.empty((1, rows, cols, 3), np.float32)
    stack[:] = stripes[0]
    ink = (0.85, 0.85, 0.85) if dark else (0.1, 0.1, 0.1)
    style = replace(pick_style(rng, ("sans", "condensed"), (9, 11), ("white",)), colour=ink)
    wl = DATA["worklist"]
    bar = style.height + 14
    stack[0, :bar] = (0.2, 0.3, 0.45)
    texts = block(stack, [[_plain(rng.choice(wl["titles"]))]], replace(style, colour=(1.0, 1.0, 1.0)), (10, 6))
    step = round(style.height * 1.9)
    top = bar + step + 10
    count = rng.randint(12, min(22, (rows - top - 10) // step))
    selected = rng.randrange(count)
    pattern = rng.choice(DATA["dates"])
    own = {printed_date(who.birth, pattern), printed_date(who.study, pattern), who.patient_id, who.accession,
           who.institution}

    def row(person: Identity, mine: bool) -> list[Segment]:
        """One patient's row (another patient's values are not in this file's header, unless they happen to match)."""
        def value(text: str) -> Segment:
            """A PHI cell, in the header when it is this file's patient's."""
            return _phi(text, in_header=mine or text in own)
        return [value(caret_name(person, rng)), value(person.patient_id), value(printed_date(person.birth, pattern)),
                _plain(person.sex), value(person.accession), value(printed_date(person.study, pattern)),
                _plain(rng.choice(wl["modalities"])), _plain(rng.choice(wl["descriptions"])),
                _plain(rng.choice(wl["status"])),
                (f"{person.referrer[0]}^{person.referrer[1]}", True, mine or person.referrer == who.referrer)]
    lines = [row(who if n == selected else _other_patient(rng), n == selected) for n in range(count)]
    sites = [who.institution if n == selected else rng.choice(DATA["institutions"]) for n in range(count)]
    heading = [_plain(c) for c in wl["columns"][:-1]]
    tabs = columns([heading] + lines, style, 16)
    # The institution column starts where the window's edge cuts even its shortest name, the columns before it
    # spread to meet it.
    institution_x = cols - 10 - min(_extent(site, style) for site in sites) + rng.randint(3, 8)
    natural = tabs[-1] + max(_extent(line[-1][0], style) for line in lines) + 16
    tabs = tuple(round(tab * institution_x / natural) for tab in tabs)
    stack[0, bar:bar + step] = (0.3, 0.34, 0.4) if dark else (0.8, 0.84, 0.9)
    texts += block(stack, [heading + [_plain(wl["columns"][-1])]], style, (10, bar + 6), tabs=tabs + (institution_x,),
                   room=cols * 4)
    for n, line in enumerate(lines):
        y = top + n * step
        ground = (0.15, 0.4, 0.75) if n == selected else stripes[n % 2]
        stack[0, y - 5:y - 5 + step] = ground
        shown = replace(style, colour=(1.0, 1.0, 1.0)) if n == selected else style
        texts += block(stack, [line], shown, (10, y), tabs=tabs, room=cols * 4)
        texts.append(put(stack, _phi(sites[n], in_header=sites[n] == who.institution), shown, (10 + institution_x, y)))
    return Screen("OT", "SC", stack.clip(0, 1), texts)


def _ehr_window(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """An EHR window capture: a coloured title bar naming the patient, a banner of small anti-aliased fields, a
    menu, a note pane with the address and phone (on the chart only), the banner's last field cut by the window's
    edge; stored uncompressed as YBR_FULL."""
    rows, cols = rng.choice(((720, 1280), (800, 1200), (768, 1024)))
    ehr = DATA["ehr"]
    stack = _page(rows, cols, gen, 0.95)
    style = replace(pick_style(rng, ("sans", "condensed"), (10, 13), ("white",)), colour=(0.12, 0.12, 0.12))
    bar = style.height + 14
    stack[0, :bar] = rng.choice(ehr["bars"])
    name = caret_name(who, rng)
    texts = block(stack, [[_plain(rng.choice(ehr["apps"])), _plain("-"), _phi(name), _plain("-"),
                           _phi(who.patient_id)]], replace(style, colour=(1.0, 1.0, 1.0)), (10, 7))
    banner_h = round(style.height * 1.4) * 2 + 16
    stack[0, bar:bar + banner_h] = (0.86, 0.91, 0.97)
    labels, pattern = ehr["labels"], rng.choice(DATA["dates"])
    bold = replace(style, face=rng.choice(("LiberationSans-Bold.ttf", "DejaVuSansCondensed-Bold.ttf")),
                   size=style.size + 3)
    texts += block(stack, [[_phi(f"{who.given} {who.family}")]], bold, (12, bar + 8))
    first = [[_plain(labels["birth"]), _phi(printed_date(who.birth, pattern)), _plain(_age_sex(who, rng)),
              _plain(labels["id"]), _phi(who.patient_id)]]
    texts += block(stack, first, style, (12, bar + 12 + bold.height), room=cols // 2)
    second = [[_plain(labels["allergies"]), _plain(rng.choice(ehr["allergies"])), _plain(labels["pcp"]),
               _phi(f"Dr {who.referrer[1][0]}. {who.referrer[0]}")]]
    x = cols // 2 + 20
    texts += block(stack, second, style, (x, bar + 8), room=cols // 2 - 40)
    texts.append(cut_at_edge(stack, _phi(who.institution), style, bar + 12 + bold.height, rng))
    menu_top, menu_w = bar + banner_h + 10, 150
    stack[0, bar + banner_h:, :menu_w] = (0.9, 0.9, 0.92)
    texts += block(stack, [[_plain(item)] for item in rng.sample(ehr["menu"], 6)], style, (14, menu_top), spacing=2.0,
                   room=menu_w - 20)
    note = [[_plain(labels["address"]), _phi(f"{who.street}, {who.town}")],
            [_plain(labels["phone"]), _phi(who.phone, in_header=False)],
            [_plain("Seen"), _phi(printed_date(who.study, pattern)),
             _phi(who.study.strftime(rng.choice(DATA["times"]))), _plain("by"),
             _phi(f"Dr {who.referrer[1][0]}. {who.referrer[0]}")]]
    note += [[_plain(line)] for line in rng.sample(ehr["notes"], 3)]
    texts += block(stack, note, style, (menu_w + 24, menu_top + 10), spacing=1.6, room=cols - menu_w - 60)
    return Screen("OT", "SC", stack.clip(0, 1), texts, ybr=True)


def _dot_matrix_film(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A radiograph with a paper label printed by a dot-matrix printer (dots for pixels, capitals, no accents),
    the name letter-spaced on some; stored in 16 bits using a narrow band of values, MONOCHROME1 or 2."""
    rows, cols = rng.choice(((1200, 1000), (1000, 1200)))
    stack = _chest(gen, rows, cols)[None, ..., None]
    style = Style(BITMAP, _BITMAP_HEIGHT, (0.05, 0.05, 0.05), magnify=3)
    pattern = rng.choice([p for p in DATA["dates"] if "%b" not in p or p.endswith("!upper")])  # capitals only
    family, given = folded(who.family.upper()), folded(who.given.upper())
    spaced = rng.random() < 0.5
    name = " ".join(f"{family},{given}") if spaced else f"{family}, {given}"
    lines = [[_phi(who.institution)], [_phi(name)], [_plain("ID"), _phi(who.patient_id)],
             [_plain("DOB"), _phi(printed_date(who.birth, pattern))], [_phi(printed_date(who.study, pattern))]]
    corner = (24, 24) if rng.random() < 0.5 else (24, rows - 24 - round(style.height * 1.3) * len(lines) - 16)
    width = max(sum(_extent(t, style) for t, _, _ in line) + _extent("n", style) * (len(line) - 1) for line in lines)
    stack[0, corner[1] - 8:corner[1] + round(style.height * 1.3) * len(lines) + 8,
          corner[0] - 8:corner[0] + width + 10] = rng.uniform(0.85, 1.0)
    dots = _dots(rows, cols)
    texts = []
    for n, line in enumerate(lines):
        x = corner[0]
        for segment in line:
            texts.append(overlaid(stack, segment, style, (x, corner[1] + n * round(style.height * 1.3)), dots))
            x += _extent(segment[0], style) + _extent("n", style)
    marker = Style(rng.choice(DATA["faces"]["sans"]), rng.randint(24, 30), (1.0, 1.0, 1.0))
    texts += block(stack, [[_plain(rng.choice(DATA["film"]["markers"]))]], marker, "br", margin=(40, 60))
    low = rng.randint(8000, 30000)
    modality = rng.choice(("CR", "DX"))
    return Screen(modality, modality, stack.clip(0, 1), texts, bits=16, mono1=rng.random() < 0.5,
                  window=(low, low + rng.randint(600, 1500)))


def _watermarked(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A teaching or export copy: a semi-transparent diagonal watermark with the patient's name and ID across the
    image, corner text in serif or italic faces under a measuring grid, and a ruler whose numbers cross a caliper
    line."""
    rows, cols = rng.choice(((700, 700), (800, 1000), (1000, 800)))
    stack = (_chest(gen, rows, cols) if rng.random() < 0.5 else _body(gen, rows, cols))[None, ..., None]
    pattern = rng.choice(DATA["dates"])
    big = Style(rng.choice(DATA["faces"]["sans"] + DATA["faces"]["serif"]), rng.randint(34, 52), (1.0, 1.0, 1.0))
    angle = rng.choice((-1, 1)) * rng.uniform(25, 40)
    centre = (cols / 2, rows / 2)
    mark = f"{caret_name(who, rng)}  {who.patient_id}"
    while _extent(mark, big) > 0.8 * min(rows, cols) / np.cos(np.radians(abs(angle))) and big.size > 20:
        big = replace(big, size=big.size - 2)
    opacity = rng.uniform(0.3, 0.45)
    texts = [overlaid(stack, _phi(mark), big, (cols / 2 - _extent(mark, big) / 2, rows / 2 - big.size / 2), opacity,
                      turns=((angle, *centre),))]
    word = rng.choice(DATA["watermark"]["words"])
    texts.append(overlaid(stack, _plain(word), big, (cols / 2 - _extent(word, big) / 2, rows / 2 + big.size * 1.2),
                          opacity, turns=((angle, *centre),)))
    style = pick_style(rng, ("serif", "italic", "condensed"), (13, 18), ("white",))
    corner = [[_phi(caret_name(who, rng))], [_phi(who.patient_id)], [_phi(printed_date(who.study, pattern))]]
    texts += block(stack, corner, style, "tl", margin=(12, 12), room=cols // 2 - 30)
    texts += block(stack, [[_phi(who.institution)]], style, "tr", margin=(12, 12), room=cols // 2 - 30)
    step = rng.choice((32, 40, 50))
    stack[0, ::step, :] = stack[0, :, ::step] = 0.55  # the grid over everything, text included
    ruler = Style(rng.choice(DATA["faces"]["sans"]), 12, (0.9, 0.9, 0.9))
    y = rows - 40
    stack[0, y, 40:cols - 40] = 0.9
    for n, x in enumerate(range(40, cols - 40, 100)):
        stack[0, y - 8:y, x] = 0.9
        texts.append(put(stack, _plain(f"{n}"), ruler, (x - 3, y + 4)))
    frame = np.ascontiguousarray(stack[0])
    cv2.line(frame, (cols // 3, rows // 3), (2 * cols // 3, rows - 30), 0.95, 1)  # a caliper line over the ruler
    stack[0] = frame
    return Screen(rng.choice(("CT", "CR")), "SC", stack.clip(0, 1), texts)


def _large_film(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A very large radiograph (3000 pixels or more on its long side) with its patient lines small in one
    corner."""
    rows, cols = rng.choice(((3000, 2500), (2800, 3072), (3072, 2560)))
    stack = _large_chest(gen, rows, cols)[None, ..., None]
    style = pick_style(rng, ("sans", "mono", "condensed"), (11, 15), ("white", "grey"))
    pattern = rng.choice(DATA["dates"])
    lines = [[_phi(caret_name(who, rng))], [_plain("ID"), _phi(who.patient_id)],
             [_phi(printed_date(who.study, pattern)), _phi(who.study.strftime(rng.choice(DATA["times"])))],
             [_phi(who.institution)]]
    texts = block(stack, lines, style, rng.choice(("tl", "tr", "bl", "br")), margin=(20, 20), room=cols // 4)
    modality = rng.choice(("CR", "DX"))
    return Screen(modality, modality, stack, texts, bits=rng.choice((8, 12)), mono1=rng.random() < 0.3)


def _capsule(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A capsule endoscopy series exported as multi-frame colour: round views of moving mucosa, a static name
    line, and each frame's time of day stamped on it (only the first in the header)."""
    size, frames = rng.choice((256, 320, 384)), rng.randint(6, 10)
    stack = _capsule_views(gen, size, frames)
    style = pick_style(rng, ("sans", "condensed", "mono"), (9, 11), ("white", "yellow"))
    pattern = rng.choice(DATA["dates"])
    texts = block(stack, [[_phi(caret_name(who, rng))], [_phi(who.patient_id), _phi(printed_date(who.study, pattern))]],
                  style, "tl", margin=(4, 3), room=size - 8)
    clock = rng.choice(DATA["cine"]["clocks"])
    gap = rng.randint(20, 400)  # seconds between the frames picked from hours of video
    for f in range(frames):
        stamp = (who.study + timedelta(seconds=f * gap)).strftime(clock)
        texts.append(put(stack, _phi(stamp, in_header=f == 0), style, (4, size - style.height - 4), frames=(f,)))
    texts += block(stack, [[_plain(rng.choice(DATA["capsule"]["settings"]))]], style, "br", margin=(4, 4))
    jpeg = rng.random() < 0.5
    return Screen("ES", "SC_MULTI_COLOUR", stack, texts, frame_time=500.0,
                  syntax=JPEGBaseline8Bit if jpeg else ExplicitVRLittleEndian)  # PS3.3 C.8.6.3: planes interleaved


def _intraoral_series(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A dental intraoral series as one multi-frame image: a periapical or bitewing per frame with its tooth
    numbers and acquisition time, the name line static on every frame."""
    rows, cols = rng.choice(((400, 300), (300, 400)))
    frames = rng.randint(4, 8)
    stack = _intraoral_views(gen, rows, cols, frames)
    style = pick_style(rng, ("sans", "mono"), (10, 13), ("white",), bitmap=0.2)
    pattern = rng.choice(DATA["dates"])
    name = caret_name(who, rng) if style.face != BITMAP else folded(f"{who.family.upper()}^{who.given.upper()}")
    texts = block(stack, [[_phi(name)], [_phi(printed_date(who.study, pattern))]], style, "bl", margin=(6, 6),
                  room=cols - 12)
    clock = rng.choice(DATA["cine"]["clocks"])
    teeth = rng.sample(DATA["intraoral"]["teeth"], min(frames, len(DATA["intraoral"]["teeth"])))
    for f in range(frames):
        texts.append(put(stack, _plain(teeth[f % len(teeth)]), style, (6, 6), frames=(f,)))
        stamp = (who.study + timedelta(seconds=f * rng.randint(15, 40) + f)).strftime(clock)
        texts.append(put(stack, _phi(stamp, in_header=f == 0), style, (cols - 6 - _extent(stamp, style), 6),
                         frames=(f,)))
    return Screen("IO", "SC_MULTI_GREY", stack, texts, frame_time=1000.0)


def _series_control(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A text-free capsule or intraoral multi-frame series (`BurnedInAnnotation` NO)."""
    if rng.random() < 0.5:
        return Screen("ES", "SC_MULTI_COLOUR", _capsule_views(gen, 320, 6), [], frame_time=500.0, burned_in="NO",
                      syntax=JPEGBaseline8Bit if rng.random() < 0.5 else ExplicitVRLittleEndian)
    return Screen("IO", "SC_MULTI_GREY", _intraoral_views(gen, 400, 300, 5), [], frame_time=1000.0, burned_in="NO")


def _controls(rng: random.Random, gen: np.random.Generator, who: Identity) -> Screen:
    """A text-free single image of the fourth edition's kinds and encodings (`BurnedInAnnotation` NO): a chart
    and spine page in colour planes, an empty striped worklist in YBR_FULL, a very large film, a narrow-band
    16-bit film, or a gridded image saved as low-quality JPEG."""
    ground = rng.choice(("chart", "stripes", "large", "narrow", "grid"))
    if ground == "chart":
        stack = _page(800, 800, gen)
        stack[0, 100:400, 60:360] = _spine(gen, 300, 300)[..., None]
        stack[0, 100:400, 420:740] = _bands(300, 320)
        return Screen("BMD", "SC", stack.clip(0, 1), [], burned_in="NO", planar=1)
    if ground == "stripes":
        stack = np.empty((1, 720, 1280, 3), np.float32)
        stack[:] = (1.0, 1.0, 1.0)
        for y in range(60, 720, 40):
            stack[0, y:y + 20] = (0.92, 0.94, 0.97)
        stack[0, :30] = (0.2, 0.3, 0.45)
        return Screen("OT", "SC", stack, [], burned_in="NO", ybr=True)
    if ground == "large":
        return Screen("DX", "DX", _large_chest(gen, 3000, 2500)[None, ..., None], [], bits=12, burned_in="NO")
    if ground == "narrow":
        low = rng.randint(8000, 30000)
        return Screen("CR", "CR", _chest(gen, 1000, 1200)[None, ..., None], [], bits=16, mono1=rng.random() < 0.5,
                      window=(low, low + 900), burned_in="NO")
    stack = np.repeat(_body(gen, 640, 640)[None, ..., None], 3, axis=3)
    stack[0, ::40, :] = stack[0, :, ::40] = 0.55
    return Screen("CT", "SC", _jpeg_artefacts(stack, 25), [], syntax=JPEGBaseline8Bit, quality=30, burned_in="NO")


Builder = Callable[[random.Random, np.random.Generator, Identity], Screen]
EDITIONS: dict[int, dict[str, Builder]] = {
    1: {"us_banner": _ultrasound, "ct_mr_capture": _tomography, "dose_page": _dose_page, "requisition": _requisition,
        "scope_capture": _scope, "cine": _cine, "film_label": _film, "tiny": _tiny, "control": _control},
    2: {"xa_run": _angiography, "nm_page": _nuclear_page, "pet_ct_fused": _fused, "volume_render": _rendering,
        "mammo_label": _mammogram, "dental_pano": _dental, "fundus": _fundus_photo, "grey_console": _grey_console},
    3: {"us_doppler": _us_doppler, "dark_viewer": _dark_viewer, "ecg_strip": _ecg_strip, "oct_report": _oct_report,
        "wound_photo": _wound_photo, "film_turned": _film_turned, "cine_shift": _cine_shift,
        "low_contrast": _low_contrast, "barcode_label": _barcode_label, "text_free": _text_free},
    4: {"dexa_report": _dexa_report, "ob_worksheet": _ob_worksheet, "worklist": _worklist, "ehr_window": _ehr_window,
        "dot_matrix_film": _dot_matrix_film, "watermark": _watermarked, "large_film": _large_film,
        "capsule_series": _capsule, "intraoral_series": _intraoral_series, "controls": _controls,
        "series_controls": _series_control},
}
IDENTITIES: dict[int, Callable[[random.Random], Identity]] = {4: accented_identity}  # others: `identity`


def kinds(edition: int = 1) -> tuple[str, ...]:
    """The kinds of screen an edition writes, in the order it takes them."""
    return tuple(EDITIONS[edition])


# --------------------------------------------------------------------------- DICOM


def _stored(screen: Screen) -> np.ndarray:
    """The stack's display values as stored pixel values."""
    if screen.signed:  # CT numbers, -1024 to 3071
        return (np.round(screen.stack * 4095) - 1024).astype(np.int16)
    low, high = screen.window or (0, 2 ** screen.bits - 1)
    values = low + np.round(screen.stack.clip(0, 1) * (high - low))
    if screen.mono1:
        values = low + high - values
    return values.astype(np.uint8 if screen.bits == 8 else np.uint16)


def dataset(screen: Screen, who: Identity, key: str) -> Dataset:
    """The DICOM dataset of `screen`, its header carrying `who`; `key` makes its UIDs (the same every run)."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = SOP_CLASSES[screen.sop]
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[key, "instance"])
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.SpecificCharacterSet = "ISO_IR 100" if _latin1(f"{who.family}{who.given}") else "ISO_IR 192"  # UTF-8
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid(entropy_srcs=[key, "study"])
    ds.SeriesInstanceUID = generate_uid(entropy_srcs=[key, "series"])
    ds.Modality = screen.modality
    ds.PatientName = f"{who.family}^{who.given}"
    ds.PatientID = who.patient_id
    ds.PatientBirthDate = who.birth.strftime("%Y%m%d")
    ds.PatientSex = who.sex
    ds.PatientAge = f"{who.age:03d}Y"
    ds.PatientAddress = f"{who.street}^^{who.town}"
    ds.StudyDate = ds.ContentDate = who.study.strftime("%Y%m%d")
    ds.StudyTime = ds.ContentTime = who.study.strftime("%H%M%S")
    ds.AccessionNumber = who.accession
    ds.InstitutionName = who.institution
    ds.ReferringPhysicianName = f"{who.referrer[0]}^{who.referrer[1]}"
    ds.StudyID, ds.SeriesNumber, ds.InstanceNumber = "1", 1, 1
    if screen.burned_in is not None:
        ds.BurnedInAnnotation = screen.burned_in
    _describe(ds, screen, key)
    frames, rows, cols, samples = screen.stack.shape
    ds.Rows, ds.Columns, ds.SamplesPerPixel = rows, cols, samples
    ds.PhotometricInterpretation = ("YBR_FULL" if screen.ybr else "RGB") if samples == 3 else (
        "MONOCHROME1" if screen.mono1 else "MONOCHROME2")
    if samples == 3:
        ds.PlanarConfiguration = screen.planar
    ds.BitsAllocated = 8 if screen.bits == 8 else 16
    ds.BitsStored, ds.HighBit = screen.bits, screen.bits - 1
    ds.PixelRepresentation = int(screen.signed)
    if screen.signed:
        ds.RescaleIntercept, ds.RescaleSlope = 0, 1
    if screen.window:  # PS3.3 C.11.2: the window that shows the band used
        ds.WindowCenter, ds.WindowWidth = sum(screen.window) / 2, screen.window[1] - screen.window[0]
    if frames > 1:
        ds.NumberOfFrames = frames
        ds.FrameTime = f"{screen.frame_time:.1f}"
        ds.FrameIncrementPointer = tag_for_keyword("FrameTime")  # PS3.3 C.7.6.6: frames step in time
    stored = _stored(screen)
    if screen.syntax == JPEGBaseline8Bit:
        ds.PixelData = encapsulate([_jpeg(frame, screen.quality) for frame in stored])
        ds["PixelData"].VR = "OB"
        ds.PhotometricInterpretation = "YBR_FULL_422"
        ds.LossyImageCompression = "01"
        ds.file_meta.TransferSyntaxUID = JPEGBaseline8Bit
    elif screen.syntax == JPEG2000Lossless:
        ds.compress(JPEG2000Lossless, stored.reshape(rows, cols) if frames == 1 and samples == 1 else stored,
                    generate_instance_uid=False)
    else:
        if screen.ybr:
            stored = convert_color_space(stored, "RGB", "YBR_FULL")
        if samples == 3 and screen.planar:  # PS3.5 8.2: each frame's colour planes one after another
            stored = stored.transpose(0, 3, 1, 2)
        ds.PixelData = np.ascontiguousarray(stored).tobytes()
        ds["PixelData"].VR = "OB" if screen.bits == 8 else "OW"
    return ds


def _latin1(text: str) -> bool:
    """Whether `text` is written in ISO 8859-1 (DICOM's ISO_IR 100)."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _describe(ds: Dataset, screen: Screen, key: str) -> None:
    """Set the attributes `screen`'s IOD requires beyond identity and pixels: its SOP class's data, then its own."""
    for keyword, value in {**DATA["header"]["all"], **DATA["header"][screen.sop], **screen.header}.items():
        setattr(ds, keyword, Sequence([_item(raw) for raw in value]) if _is_sequence(value) else value)
    if "ImageOrientationPatient" in ds:  # PS3.3 C.7.6.2: an image plane lies in a frame of reference
        ds.FrameOfReferenceUID = generate_uid(entropy_srcs=[key, "frame"])
    if "PresentationIntentType" in ds:  # PS3.3 C.8.11.3: the stored values' sense follows the photometric
        ds.PixelIntensityRelationshipSign = 1 if screen.mono1 else -1
        ds.PresentationLUTShape = "INVERSE" if screen.mono1 else "IDENTITY"
        ds.WindowCenter, ds.WindowWidth = 2 ** (screen.bits - 1), 2 ** screen.bits


def _is_sequence(value: object) -> bool:
    """Whether a header value from the data is a sequence's items (a list of mappings, or an empty list)."""
    return isinstance(value, list) and all(isinstance(raw, dict) for raw in value)


def _item(raw: dict) -> Dataset:
    """A sequence item from its keywords and values."""
    item = Dataset()
    for keyword, value in raw.items():
        setattr(item, keyword, value)
    return item


def _jpeg(frame: np.ndarray, quality: int) -> bytes:
    """One RGB frame as a baseline JPEG codestream, chroma subsampled 4:2:2."""
    buffer = io.BytesIO()
    Image.fromarray(frame).save(buffer, "JPEG", quality=quality, subsampling=1)
    return buffer.getvalue()


def generate(seed: int, count: int, folder: Path, edition: int = 1) -> PixelCorpusManifest:
    """Write `count` screens and films of an edition (its kinds in turn) to `folder` and return (and save) their
    manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    builders = EDITIONS[edition]
    order = tuple(builders)
    stream = "pixel-screens" if edition == 1 else f"pixel-screens-edition-{edition}"  # the first keeps its files
    for index in range(count):
        kind = order[index % len(order)]
        rng = random.Random(f"{stream}-{seed}-{index}")
        gen = np.random.default_rng(rng.getrandbits(64))
        who = IDENTITIES.get(edition, identity)(rng)
        screen = builders[kind](rng, gen, who)
        name = f"{index:03d}_{kind}.dcm"  # no PHI in file names
        dataset(screen, who, f"{seed}-{index}").save_as(folder / name, enforce_file_format=True)
        frames, rows, cols, _ = screen.stack.shape
        files.append(PixelCorpusFile(name, kind, screen.modality, bool(screen.texts), screen.burned_in, frames, rows,
                                     cols, pixel_hash(pydicom.dcmread(folder / name)), screen.texts))
    manifest = PixelCorpusManifest(folder, seed, files, LAYOUT if edition == 1 else f"{LAYOUT}-{edition}")
    manifest.save()
    return manifest


def load(folder: Path) -> PixelCorpusManifest:
    """Read back a manifest `generate` saved, its texts as ScreenTexts."""
    raw = json.loads((Path(folder) / MANIFEST_FILE).read_text())
    files = [PixelCorpusFile(**{**f, "texts": [_screen_text(t) for t in f["texts"]]}) for f in raw["files"]]
    return PixelCorpusManifest(Path(folder), raw["seed"], files, raw["layout"])


def _screen_text(raw: dict) -> ScreenText:
    """A ScreenText from its JSON form (lists back to tuples)."""
    return ScreenText(**{**raw, "box": tuple(raw["box"]), "origin": tuple(raw["origin"]),
                         "turns": tuple(tuple(turn) for turn in raw["turns"]), "frames": tuple(raw["frames"])})
