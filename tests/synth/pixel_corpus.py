"""A synthetic corpus of DICOM images with burned-in PHI (and text-free controls), with ground truth.

`generate_pixel_corpus(dst, count, seed)` writes `count` files under `dst` and returns a manifest
recording, per file, the PHI strings rendered into its pixels, the pixel boxes of every rendered
string, whether it has text, and the hash of its decoded pixels. Identity comes from Faker
(seeded) and is also written into the header, so known-PHI matching is exercised; some burned-in
strings (a second person, an extra date, a phone-like number) are deliberately absent from the
header so only generic patterns can catch them. Fonts, sizes (10-28 px), colours, polarity,
contrast and positions vary per string; backgrounds are noisy anatomy-like fields.

Two layouts: `scattered` (each string on its own, anywhere) and `stacked` (console-style blocks
of lines in the corners, tightly spaced, in other font faces and sizes of 9-36 px), so a cleaner
tuned on one can be checked on the other. A third, `scanned`, is drawn only when asked (the other
layouts' files stay identical): every file is a scanned paper requisition (`_build_scan`). A fourth,
`scanned_rough`, also drawn only when asked, fills the same requisitions the hard ways (`_fill_roughly`). So is a
fifth, `edges` (`tests.synth.edge_screens`): 3D renderings with outlined, shadowed and edge-turned text, XA runs with
patient lines on their first frames only, mammogram label boxes and grey-on-grey consoles. And a sixth, `turned`
(`tests.synth.turned_screens`): film labels turned upside down or a quarter turn, and cines whose banner moves 1-2 px
a frame or alternates with a clock. A seventh, `moving_cines` (`tests.synth.moving_cines`): ultrasound and XA cines of
6-24 frames whose banner jitters, drifts, alternates frames with a clock in its place, or appears part-way through.
"""
from __future__ import annotations

import hashlib
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2
import numpy as np
from faker import Faker
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset
from pydicom.pixels import get_decoder

from .edge_screens import EDGE_KINDS, build_edge
from .moving_cines import MOVING_KINDS, build_moving
from .turned_screens import TURNED_KINDS, build_turned
from .pixel_parts import (FONT_NAMES, SCAN_KINDS, PixelCorpusFile, RenderedText, StampedText, TurnedText, _drawn,
                          _fmt_date, _header, _Identity, _identity, _phi_lines, _pixels)

# Kinds cycled through, so any count of at least ten covers every encoding path.
KINDS = ("us_rgb", "us_jpeg", "us_multiframe", "sc_gray8", "cr_mono1", "cr_mono2_rle", "dx_mono2_j2k",
         "dx_signed16", "ct_notext", "mr_notext")
NEUTRAL_TEXT = ("L12-5", "Gain 54%", "2D", "Depth 12cm", "FR 28Hz", "C5-1", "R", "Dyn R 60", "PW", "TIS 0.4",
                "Abdomen", "Thyroid", "Transverse", "Sag", "MI 1.1")
# The stacked layout's faces: none of them is used by the scattered layout.
STACKED_FONT_NAMES = ("DejaVuSans-Bold.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSerifCondensed.ttf",
                      "DejaVuSansCondensed-Bold.ttf", "LiberationMono-Bold.ttf", "LiberationSans-Bold.ttf",
                      "LiberationSerif-Bold.ttf", "LiberationSansNarrow-Bold.ttf", "DejaVuSerif-Bold.ttf")
LAYOUTS = ("scattered", "stacked", "scanned", "scanned_rough", "edges", "turned", "moving_cines")
# A requisition's printed labels, and the italic and oblique faces its fields are filled in (a hand
# printing, a typewriter's italic): the scattered and stacked layouts use none of the latter.
FORM_FONT_NAMES = ("LiberationSans-Regular.ttf", "DejaVuSans.ttf", "LiberationSerif-Regular.ttf",
                   "LiberationSans-Bold.ttf", "DejaVuSansCondensed.ttf")
FILL_FONT_NAMES = ("DejaVuSans-Oblique.ttf", "DejaVuSansCondensed-Oblique.ttf", "LiberationSans-Italic.ttf",
                   "LiberationSerif-Italic.ttf", "DejaVuSerif-Italic.ttf", "LiberationSansNarrow-Italic.ttf",
                   "DejaVuSansMono-Oblique.ttf")
EXAMS = ("CT Chest w/o contrast", "MRI Brain w/wo", "XR Knee 3 views", "US Abdomen complete", "CT Head",
         "XR Chest PA/Lat", "MRI L-Spine")
HISTORIES = ("r/o pneumonia", "knee pain after fall", "follow-up nodule", "headache, dizziness", "RUQ pain",
             "low back pain", "cough x3 weeks")
MANIFEST_FILE = "pixel_manifest.json"


@dataclass
class PixelCorpusManifest:
    """All files of one generated corpus."""

    root: Path
    seed: int
    files: list[PixelCorpusFile]
    layout: str = "scattered"

    def save(self) -> Path:
        """Write the manifest as `root/pixel_manifest.json` (not DICOM: scanners skip it)."""
        path = self.root / MANIFEST_FILE
        path.write_text(json.dumps({"seed": self.seed, "layout": self.layout,
                                    "files": [asdict(f) for f in self.files]}, indent=1))
        return path

    @classmethod
    def load(cls, root: Path) -> "PixelCorpusManifest":
        """Read a manifest written by `save`."""
        raw = json.loads((Path(root) / MANIFEST_FILE).read_text())
        files = [PixelCorpusFile(**{**f, "texts": [_text(t) for t in f["texts"]]}) for f in raw["files"]]
        return cls(Path(root), raw["seed"], files, raw.get("layout", "scattered"))


def _text(raw: dict) -> RenderedText:
    """A RenderedText (a TurnedText or StampedText when it was turned) from its JSON form (lists back to tuples)."""
    text = {**raw, "box": tuple(raw["box"]), "origin": tuple(raw.get("origin", (0.0, 0.0)))}
    if "turns" in raw:
        return TurnedText(**{**text, "turns": tuple(tuple(turn) for turn in raw["turns"])})
    if "at" in raw:
        return StampedText(**{**text, "at": tuple(raw["at"]), "frames_drawn": tuple(raw["frames_drawn"])})
    return RenderedText(**text)


def generate_pixel_corpus(dst: Path, count: int, seed: int, layout: str = "scattered") -> PixelCorpusManifest:
    """Write `count` synthetic DICOM files under `dst` (kinds cycle) and return their ground truth."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
    dst = Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    files = []
    for index in range(count):
        if layout.startswith("scanned"):
            kind = SCAN_KINDS[index % len(SCAN_KINDS)]
            ds, truth = _build_scan(kind, rng, fake, layout == "scanned_rough")
        elif layout == "edges":
            kind = EDGE_KINDS[index % len(EDGE_KINDS)]
            ds, truth = build_edge(kind, rng, fake)
        elif layout == "turned":
            kind = TURNED_KINDS[index % len(TURNED_KINDS)]
            ds, truth = build_turned(kind, rng, fake)
        elif layout == "moving_cines":
            kind = MOVING_KINDS[index % len(MOVING_KINDS)]
            ds, truth = build_moving(kind, rng, fake)
        else:
            kind = KINDS[index % len(KINDS)]
            ds, truth = _build(kind, index, rng, fake, layout)
        path = f"{kind}/{index:04d}.dcm"
        (dst / path).parent.mkdir(parents=True, exist_ok=True)
        ds.save_as(dst / path, enforce_file_format=True)
        truth.path = path
        truth.pixel_hash = pixel_hash(ds)
        files.append(truth)
    manifest = PixelCorpusManifest(dst, seed, files, layout)
    manifest.save()
    return manifest


def synthetic_radiograph(seed: int, modality: str = "DX", rows: int = 3000,
                         cols: int = 2500) -> tuple[Dataset, list[RenderedText]]:
    """A full-size 16-bit radiograph with a film label (name, ID, date) burned in at film size; CT: no text."""
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    who = _identity(rng, fake)
    kind = "ct_notext" if modality == "CT" else "dx_signed16"
    canvas = _background(rows, cols, rng, dark=False)
    texts: list[RenderedText] = []
    if kind != "ct_notext":
        size = rows // 60  # film labels are printed to be read on a downsized display
        lines = (f"{who.family}, {who.given}", f"ID {who.mrn}", _fmt_date(who.study, rng))
        for index, text in enumerate(lines):
            looks = _burn(canvas, text, ImageFont.truetype(FONT_NAMES[0], size),
                          (cols // 25, rows // 30 + index * size * 3 // 2), rng, False)
            if looks:
                texts.append(RenderedText(text, True, True, size=size, **looks))
    ds = _header(kind, who, rng)
    ds.Rows, ds.Columns = rows, cols
    _pixels(ds, kind, canvas[None])
    return ds, texts


def pixel_hash(ds: Dataset) -> str:
    """SHA-256 of the decoded pixel values (as RGB for colour), independent of the transfer syntax."""
    array, _ = get_decoder(ds.file_meta.TransferSyntaxUID).as_array(ds)
    return hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()


# --------------------------------------------------------------------------- pixels
def _background(rows: int, cols: int, rng: random.Random, dark: bool) -> np.ndarray:
    """An anatomy-like field in 0..1: gradient, soft blobs and speckle."""
    nrng = np.random.default_rng(rng.randrange(2**32))
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    field_ = 0.15 + 0.25 * (x / cols if rng.random() < 0.5 else y / rows)
    for _ in range(rng.randint(3, 7)):
        cy, cx = rng.uniform(0.2, 0.8) * rows, rng.uniform(0.2, 0.8) * cols
        r = rng.uniform(0.08, 0.3) * min(rows, cols)
        field_ += rng.uniform(0.1, 0.4) * np.exp(-(((y - cy) ** 2 + (x - cx) ** 2) / (2 * r * r)))
    field_ *= nrng.gamma(4.0, 0.25, size=(rows, cols)).astype(np.float32) * 0.5 + 0.5  # speckle
    if dark:
        # Ultrasound-style: a fan of tissue on black; text lives mostly on the black margins.
        cone = np.abs(x - cols / 2) < (y - rows * 0.1) * 0.8
        field_ = np.where(cone & (y < rows * 0.92), field_ * 0.8, 0.02 * nrng.random((rows, cols)))
    return np.clip(field_, 0, 1)


def _font(rng: random.Random, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(rng.choice(FONT_NAMES), size)


def _render(canvas: np.ndarray, texts: list[tuple[str, bool, bool]], rng: random.Random,
            colour: bool) -> list[RenderedText]:
    """Burn `texts` (value, phi, in_header) into `canvas` (H, W[, 3] floats in 0..1) without overlaps."""
    rows, cols = canvas.shape[:2]
    placed: list[RenderedText] = []
    for text, phi, in_header in texts:
        for _ in range(40):
            size = rng.randint(10, 28) if rng.random() < 0.7 else rng.randint(12, 16)
            font = _font(rng, size)
            left, top, right, bottom = font.getbbox(text)
            w, h = right - left, bottom - top
            if w >= cols - 4 or h >= rows - 4:
                continue
            x, y = rng.randrange(2, cols - w - 2), rng.randrange(2, rows - h - 2)
            if any(_near((x, y, x + w, y + h), p.box, 4) for p in placed):
                continue
            burned = _burn(canvas, text, font, (x - left, y - top), rng, colour)
            if burned:
                placed.append(RenderedText(text, phi, in_header, size=size, **burned))
                break
    return placed


def _render_stacked(canvas: np.ndarray, texts: list[tuple[str, bool, bool]], rng: random.Random,
                    colour: bool) -> list[RenderedText]:
    """Burn `texts` as console-style blocks: lines stacked tightly in the corners, one face per block."""
    rows, cols = canvas.shape[:2]
    placed: list[RenderedText] = []
    corners = rng.sample(((0, 0), (1, 0), (0, 1), (1, 1)), 4)
    per_block = -(-len(texts) // rng.randint(1, 3))
    for start in range(0, len(texts), per_block):
        if not corners:
            break
        right, bottom = corners.pop()
        size = rng.randint(9, 36) if rng.random() < 0.5 else rng.randint(11, 18)
        font = ImageFont.truetype(rng.choice(STACKED_FONT_NAMES), size)
        spacing = size * rng.uniform(1.0, 1.4)  # baseline to baseline: descenders nearly touch the next line
        block = texts[start:start + per_block]
        margin = rng.randint(3, 20)
        y = rows - margin - spacing * len(block) if bottom else margin
        for text, phi, in_header in block:
            left, top, right_px, bottom_px = font.getbbox(text)
            w, h = right_px - left, bottom_px - top
            x = cols - margin - w if right else margin
            box = (x, int(y), x + w, int(y) + h)
            y += spacing
            if x < 2 or box[1] < 2 or box[3] > rows - 2 or any(_near(box, p.box, 2) for p in placed):
                continue
            burned = _burn(canvas, text, font, (x - left, box[1] - top), rng, colour)
            if burned:
                placed.append(RenderedText(text, phi, in_header, size=size, **burned))
    return placed


def _burn(canvas: np.ndarray, text: str, font: ImageFont.FreeTypeFont, origin: tuple[float, float],
          rng: random.Random, colour: bool) -> dict | None:
    """Draw `text` into `canvas` in a contrast, polarity and tint drawn from `rng`; return its box and looks."""
    rows, cols = canvas.shape[:2]
    mask = Image.new("L", (cols, rows), 0)
    ImageDraw.Draw(mask).text(origin, text, font=font, fill=255)
    alpha = np.asarray(mask, dtype=np.float32) / 255.0
    ys, xs = np.nonzero(alpha)
    if ys.size == 0:
        return None
    box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    level = float(np.median(canvas[box[1]:box[3], box[0]:box[2]]))
    low = rng.random() < 0.2
    delta = rng.uniform(0.25, 0.35) if low else rng.uniform(0.6, 1.0)
    light = level < 0.5 if rng.random() < 0.85 else level >= 0.5
    value = min(1.0, level + delta) if light else max(0.0, level - delta)
    if colour and not low:
        tint = np.array(rng.choice(((1, 1, 1), (1, 1, 0.2), (0.3, 1, 1), (0.4, 1, 0.4), (1, 0.6, 0.2))))
        value = value * tint if light else np.full(3, value)
    a = alpha[..., None] if canvas.ndim == 3 else alpha
    canvas[:] = canvas * (1 - a) + a * value
    return {"box": box, "polarity": "light_on_dark" if light else "dark_on_light", "low_contrast": low,
            "font": Path(str(font.path)).name, "origin": (float(origin[0]), float(origin[1]))}


def _near(a: tuple[int, int, int, int], b: tuple[int, int, int, int], gap: int) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


# --------------------------------------------------------------------------- datasets
def _build(kind: str, index: int, rng: random.Random, fake: Faker,
           layout: str) -> tuple[Dataset, PixelCorpusFile]:
    who = _identity(rng, fake)
    notext = kind.endswith("notext")
    rows, cols = rng.choice(((480, 640), (384, 512), (512, 512), (600, 800), (320, 448)))
    frames = rng.randint(2, 8) if kind == "us_multiframe" else 1
    colour = kind.startswith("us")
    canvas = _background(rows, cols, rng, dark=kind.startswith("us") or rng.random() < 0.3)
    if colour:
        canvas = np.repeat(canvas[..., None], 3, axis=2)
    texts: list[RenderedText] = []
    if not notext:
        wanted = [(t, True, h) for t, h in _phi_lines(who, rng, fake)]
        wanted += [(t, False, False) for t in rng.sample(NEUTRAL_TEXT, rng.randint(0, 3))]
        rng.shuffle(wanted)
        texts = (_render_stacked if layout == "stacked" else _render)(canvas, wanted, rng, colour)
    ds = _header(kind, who, rng)
    ds.Rows, ds.Columns = rows, cols
    stack = _frames(canvas, frames, texts, rng)
    _pixels(ds, kind, stack)
    bia = None if (kind.startswith(("us", "sc")) and rng.random() < 0.5) or notext else "YES"
    if bia:
        ds.BurnedInAnnotation = bia
    elif kind.startswith(("us", "sc")) and rng.random() < 0.3:
        ds.BurnedInAnnotation = "NO"  # wrong, as ultrasound devices often are
        bia = "NO"
    truth = PixelCorpusFile("", kind, ds.Modality, bool(texts), bia, frames, rows, cols, "", texts)
    return ds, truth


def _frames(canvas: np.ndarray, frames: int, texts: list[RenderedText], rng: random.Random) -> np.ndarray:
    """Repeat the canvas as a cine loop: tissue moves in the middle, text stays; some frames repeat exactly."""
    stack = [canvas]
    text_mask = np.zeros(canvas.shape[:2], dtype=bool)
    for t in texts:
        text_mask[t.box[1]:t.box[3], t.box[0]:t.box[2]] = True
    for _ in range(frames - 1):
        if rng.random() < 0.3:
            stack.append(stack[-1])
            continue
        moved = np.roll(canvas, rng.randint(-6, 6), axis=0)
        stack.append(np.where((text_mask[..., None] if canvas.ndim == 3 else text_mask), canvas, moved))
    return np.stack(stack)


# --------------------------------------------------------------------------- scanned requisitions
def _build_scan(kind: str, rng: random.Random, fake: Faker, rough: bool = False) -> tuple[Dataset, PixelCorpusFile]:
    """A scanned paper requisition: printed labels on grey paper, fields filled in italic faces each tilted up to
    1.5 degrees (`rough`: `_fill_roughly`), the page turned up to 2 degrees, blurred and noisy as a flatbed scanner
    leaves it."""
    who = _identity(rng, fake)
    rows, cols = rng.choice(((1100, 850), (990, 765), (880, 680)))
    paper = rng.uniform(0.72, 0.92)
    nrng = np.random.default_rng(rng.randrange(2**32))
    mottle = cv2.GaussianBlur(nrng.normal(0, 1, (rows, cols)).astype(np.float32), (0, 0), rng.uniform(8, 30))
    canvas = paper + 0.03 * mottle / max(float(np.abs(mottle).max()), 1e-6)
    texts = _fill_form(canvas, who, rng, fake, rough)
    page_turn = (rng.uniform(-2.0, 2.0), cols / 2, rows / 2)
    turned = Image.fromarray(canvas.astype(np.float32), "F").rotate(
        page_turn[0], resample=Image.Resampling.BILINEAR, center=page_turn[1:], fillcolor=paper * 0.6)
    canvas = cv2.GaussianBlur(np.asarray(turned), (0, 0), rng.uniform(0.5, 1.1))
    canvas = np.clip(canvas + nrng.normal(0, rng.uniform(0.01, 0.03), canvas.shape), 0, 1)
    for text in texts:
        text.turns += (page_turn,)
        ys, xs = np.nonzero(text.glyphs(rows, cols))
        text.box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    ds = _header(kind, who, rng)
    ds.Rows, ds.Columns = rows, cols
    ds.ConversionType = "SD"  # scanned document
    _pixels(ds, kind, canvas[None])
    bia = rng.choice((None, "YES"))
    if bia:
        ds.BurnedInAnnotation = bia
    truth = PixelCorpusFile("", kind, ds.Modality, True, bia, 1, rows, cols, "", texts)
    return ds, truth


def _fill_form(canvas: np.ndarray, who: _Identity, rng: random.Random, fake: Faker,
               rough: bool = False) -> list[TurnedText]:
    """Print a requisition's title, facility and labelled, ruled fields into `canvas`, and fill the fields
    (value, PHI, in the header) by hand, neatly or `rough`ly (`_fill_roughly`); return every string drawn."""
    rows, cols = canvas.shape
    size = rows // rng.randint(48, 60)
    label_font = ImageFont.truetype(rng.choice(FORM_FONT_NAMES), size)
    fill_font = ImageFont.truetype(rng.choice(FILL_FONT_NAMES), round(size * rng.uniform(1.0, 1.3)))
    printed, filled = rng.uniform(0.05, 0.2), rng.uniform(0.1, 0.35)
    left = cols // rng.randint(10, 16)
    texts = [_ink(canvas, who.institution, True, True, label_font, (left, rows // 20), printed),
             _ink(canvas, "RADIOLOGY REQUISITION", False, False, label_font, (left, rows // 20 + 2 * size), printed)]
    phone = f"({rng.randrange(200, 999)}) {rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}"
    fields = [("Patient Name:", f"{who.given} {who.family}", True, True),
              ("DOB:", _fmt_date(who.birth, rng), True, True), ("MRN:", who.mrn, True, True),
              ("Phone:", phone, True, False), ("Ordering Physician:", f"Dr {fake.last_name()}", True, False),
              ("Date of Exam:", _fmt_date(who.study, rng), True, True), ("Accession #:", who.accession, True, True),
              ("Exam Requested:", rng.choice(EXAMS), False, False),
              ("Clinical History:", rng.choice(HISTORIES), False, False)]
    y = rows // 20 + 5 * size
    if rough:
        pens = _Pens(label_font, fill_font, printed, filled, float(np.median(canvas)))
        return texts + _fill_roughly(canvas, fields, pens, left, y, rng)
    for label, value, phi, in_header in fields:
        texts.append(_ink(canvas, label, False, False, label_font, (left, y), printed))
        start = left + label_font.getbbox(label)[2] + size // 2
        line_y = y + size + 3
        canvas[line_y:line_y + 1, start:cols - left] = printed  # the field's ruled line
        tilt = (rng.uniform(-1.5, 1.5), start, line_y)
        texts.append(_ink(canvas, value, phi, in_header, fill_font, (start + rng.randint(2, size), y - size // 5),
                          filled, (tilt,)))
        y += round(size * rng.uniform(2.2, 3.0))
    return texts


# How `_fill_roughly` fills a field: its value paler than the paper's labels, its last word paler still, wrapped
# to a second line, written far right of its label, with wide spaces between its words, stamped in a frame,
# written uphill, or followed on its row by the next field's label and value.
ROUGH_STYLES = ("faint", "faint_tail", "wrapped", "far", "wide", "stamp", "uphill", "paired")
STAMP_FONT_NAMES = ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf", "LiberationMono-Bold.ttf")


@dataclass
class _Pens:
    """A form's faces and inks: its printed labels', its filled values', and the paper's grey."""

    label_font: ImageFont.FreeTypeFont
    fill_font: ImageFont.FreeTypeFont
    printed: float
    filled: float
    paper: float


def _fill_roughly(canvas: np.ndarray, fields: list[tuple[str, str, bool, bool]], pens: _Pens, left: int, y: int,
                  rng: random.Random) -> list[TurnedText]:
    """Print each field's label and ruled line and fill its value in one of ROUGH_STYLES; return every string."""
    rows, cols = canvas.shape
    size = round(pens.label_font.size)
    texts: list[TurnedText] = []
    queue = list(fields)
    while queue and y < rows - 3 * size:
        style = rng.choice(ROUGH_STYLES)
        drawn, right, wrapped = _fill_field(canvas, queue.pop(0), pens, (left, y, cols - left), style, rng)
        texts += drawn
        if style == "paired" and queue:
            second = left + right + round(size * rng.uniform(1.5, 4.0))
            needed = pens.label_font.getlength(queue[0][0]) + pens.fill_font.getlength(queue[0][1]) + 2 * size
            if second + needed < cols - left:
                texts += _fill_field(canvas, queue.pop(0), pens, (second, y, cols - left), "plain", rng)[0]
        y += round(size * rng.uniform(2.2, 3.0)) + wrapped
    return texts


def _fill_field(canvas: np.ndarray, field: tuple[str, str, bool, bool], pens: _Pens, where: tuple[int, int, int],
                style: str, rng: random.Random) -> tuple[list[TurnedText], int, int]:
    """Print one field's label at `where` (x, y, the ruled line's end) and fill its value in `style`; return the
    strings drawn, how far right of x the value ends and the rows a wrapped value took below the row."""
    label, value, phi, in_header = field
    x, y, end = where
    size = round(pens.label_font.size)
    texts = [_ink(canvas, label, False, False, pens.label_font, (x, y), pens.printed)]
    start = x + pens.label_font.getbbox(label)[2] + size // 2
    line_y = y + size + 3
    font, ink, words = pens.fill_font, pens.filled, value.split(" ")
    faint = pens.paper - rng.uniform(0.12, 0.22)
    origin_x = start + rng.randint(2, size)
    tilt = rng.uniform(-1.5, 1.5)
    if style == "faint":
        ink = faint
    elif style == "far":
        origin_x = start + round(size * rng.uniform(6, 14))
    elif style == "uphill":
        tilt = rng.choice((-1, 1)) * rng.uniform(2.5, 4.5)
    elif style == "stamp":
        font = ImageFont.truetype(rng.choice(STAMP_FONT_NAMES), round(size * rng.uniform(1.1, 1.4)))
        ink = rng.uniform(0.25, 0.45)
        value, words = value.upper(), value.upper().split(" ")
    origin_x = min(origin_x, round(end - font.getlength(value) - size))
    # Each piece: its text, where it starts (x, y) and its ink.
    pieces = [(value, (origin_x, y - size // 5), ink)]
    wrapped = 0
    if style == "faint_tail":
        head, tail = (" ".join(words[:-1]), words[-1]) if len(words) > 1 else (value[:-3], value[-3:])
        tail_x = origin_x + font.getlength(head + (" " if len(words) > 1 else ""))
        pieces = [(head, (origin_x, y - size // 5), ink), (tail, (tail_x, y - size // 5), faint)]
    elif style == "wide":
        pieces, at = [], origin_x
        for word in words:
            pieces.append((word, (at, y - size // 5), ink))
            at += font.getlength(word) + size * rng.uniform(1.5, 3.5)
    elif style == "wrapped" and len(words) > 1:  # a number or a date is written on one line
        wrapped = round(size * 1.3)
        pieces = [(" ".join(words[:-1]), (origin_x, y - size // 5), ink),
                  (words[-1], (start + rng.randint(0, size), y + wrapped), ink)]
    canvas[line_y:line_y + 1, start:end] = pens.printed  # the field's ruled line
    if wrapped:
        canvas[line_y + wrapped:line_y + wrapped + 1, start:end] = pens.printed
    if style == "stamp":
        pad = size // 3
        top_left = (origin_x - pad, y - size // 5 - pad)
        bottom_right = (round(origin_x + font.getlength(value)) + pad, y + round(font.size * 1.1) + pad)
        cv2.rectangle(canvas, top_left, bottom_right, ink, 2)
    turns = ((tilt, start, line_y),)
    for text, origin, colour in pieces:
        # A piece of fewer than three letters or digits ("Dr") names no one.
        named = phi and sum(c.isalnum() for c in text) >= 3
        texts.append(_ink(canvas, text, named, in_header and named, font, origin, colour, turns))
    right = max(round(origin[0] + font.getlength(text)) for text, origin, _ in pieces) - x
    return texts, right, wrapped


def _ink(canvas: np.ndarray, text: str, phi: bool, in_header: bool, font: ImageFont.FreeTypeFont,
         origin: tuple[float, float], ink: float, turns: tuple[tuple[float, float, float], ...] = ()) -> TurnedText:
    """Draw `text` in `ink` on the paper of `canvas`, turned by `turns`; its box is filled in once the page is
    turned."""
    alpha = _drawn(text, font, origin, turns, *canvas.shape).astype(np.float32) / 255.0
    canvas[:] = canvas * (1 - alpha) + alpha * ink
    return TurnedText(text, phi, in_header, (0, 0, 0, 0), round(font.size), "dark_on_light", False,
                      Path(str(font.path)).name, (float(origin[0]), float(origin[1])), turns)
