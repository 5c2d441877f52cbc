"""Score pixel-cleaning outputs against a pixel corpus manifest: readable PHI, collateral change, untouched controls."""
from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np
import pydicom
import pytesseract
from PIL import Image
from pydicom.dataset import Dataset
from pydicom.pixels import apply_color_lut, get_decoder

from app.pixels.match import normalise
from app.pixels.textlines import read_boxes
from .pixel_corpus import PixelCorpusFile, PixelCorpusManifest, RenderedText, StampedText, pixel_hash

# Deliberately broader than the cleaner's reading: both polarities always, the strongest colour
# channel, global (Otsu) thresholding and two page segmentation modes.
_CONFIGS = ("--oem 1 --psm 11", "--oem 1 --psm 6")
# A reader who knows where each string was also reads its own region as one line, at the text
# height tesseract reads best: no page layout to lose it in.
_LINE_CONFIG = "--oem 1 --psm 7"
_LINE_HEIGHT = 40
KEPT = 0.5  # share of a string's glyph pixels, and of the pixels around them, left unchanged: still readable
VISIBLE = 0.08  # of a frame's range (1st to 99th percentile): glyphs closer to their background show nothing
_PAGE_SEPARATOR = "\f"  # tesseract's text output puts it before every page but the first


class Placed(Protocol):
    """A string and the box it was burned in (a corpus's RenderedText, or a real file's hand-written truth)."""

    text: str
    box: tuple[int, int, int, int]


@dataclass
class PixelScore:
    """What survived cleaning, over the files that have an output (quarantined files have none)."""

    files: int = 0
    outputs: int = 0
    phi_strings: int = 0
    phi_recovered: int = 0  # injected PHI strings the aggressive OCR still reads (target 0)
    phi_recovered_in_place: int = 0  # ... that a line reading of each string's own region reads (target 0)
    phi_pixels_kept: int = 0  # injected PHI strings whose glyph pixels are still in place (target 0)
    recovered_files: list[str] = field(default_factory=list)  # relative paths, never values
    changed_outside: dict[str, float] = field(default_factory=dict)  # path -> fraction of area changed
    text_free: int = 0
    text_free_unchanged: int = 0

    @property
    def mean_changed_outside(self) -> float:
        """Mean fraction of image area changed outside the (margin-dilated) truth boxes."""
        return float(np.mean(list(self.changed_outside.values()))) if self.changed_outside else 0.0

    @property
    def max_changed_outside(self) -> float:
        """Worst file's fraction of image area changed outside the truth boxes."""
        return max(self.changed_outside.values(), default=0.0)


def score_pixel_outputs(manifest: PixelCorpusManifest, outputs: Mapping[str, Dataset | None],
                        margin: int = 3, learned: bool = False, page: bool = True) -> PixelScore:
    """Score `outputs` (corpus-relative path -> cleaned dataset, or None when quarantined); `learned` as in
    `recoverable_in_place`; without `page`, only each string's own region is read (no whole-page reading)."""
    score = PixelScore(files=len(manifest.files))
    for truth in manifest.files:
        out = outputs.get(truth.path)
        if not truth.has_text:
            score.text_free += 1
            score.text_free_unchanged += int(out is not None and pixel_hash(out) == truth.pixel_hash)
        if out is None:
            continue
        score.outputs += 1
        score.phi_strings += len(truth.phi_strings)
        phi = [t for t in truth.texts if t.phi]
        recovered = recoverable_strings(out, truth.phi_strings, _frames_shown(phi)) if page else []
        in_place = recoverable_in_place(out, phi, learned)
        original = _original(manifest, truth)
        kept = kept_in_place(original, out, phi)
        score.phi_recovered += len(recovered)
        score.phi_recovered_in_place += len(in_place)
        score.phi_pixels_kept += len(kept)
        if recovered or in_place or kept:
            score.recovered_files.append(truth.path)
        score.changed_outside[truth.path] = _changed_outside(_decoded(original), _decoded(out), truth, margin)
    return score


def recoverable_strings(ds: Dataset, strings: list[str], shown: Mapping[str, set[int]] | None = None) -> list[str]:
    """Which of `strings` an aggressive OCR of every frame still reads (fuzzy: one edit per 8 characters).

    A string drawn on some frames of a run only (`shown`: its frames; a string not in it stands in every frame) is
    looked for in those frames' readings, as `kept_in_place` looks at its pixels there: a five-letter name matched one
    edit off in a frame it never stood in (an XA run's vessels read as letters) is the reader's noise, not the name.
    """
    if not strings:
        return []
    array = _decoded(ds)
    photometric = str(ds.get("PhotometricInterpretation", ""))
    frames: dict[bytes, set[int]] = {}  # each distinct frame's pixels, and the frames that show them
    for index, frame in enumerate(array):
        frames.setdefault(np.ascontiguousarray(frame).tobytes(), set()).add(index)
    images: list[Image.Image] = []
    owners: list[set[int]] = []  # the frames each image shows
    for indices in frames.values():
        rendered = _aggressive_images(array[min(indices)], photometric)
        images += rendered
        owners += [indices] * len(rendered)
    texts = [(text, indices) for config in _CONFIGS for text, indices in zip(read_pages(images, config), owners)]
    shown = shown or {}
    return [s for s in strings if any(_fuzzy_in(normalise(s), text) for text, indices in texts
                                      if s not in shown or indices & shown[s])]


def _frames_shown(texts: Sequence[RenderedText]) -> dict[str, set[int]]:
    """The strings drawn on some frames of a run only (`frames_drawn`), and those frames."""
    every = {text.text for text in texts if not frames_drawn(text)}
    shown: dict[str, set[int]] = {}
    for text in texts:
        if text.text not in every:
            shown.setdefault(text.text, set()).update(frames_drawn(text))
    return shown


def frames_drawn(text: RenderedText) -> tuple[int, ...]:
    """The frames of a run `text` is drawn in, empty when every frame: any truth that is drawn in some frames only
    names them `frames_drawn` (a `StampedText`, or another generator's own text class), whatever its base class."""
    return tuple(getattr(text, "frames_drawn", ()))


def recoverable_in_place(ds: Dataset, texts: Sequence[Placed], learned: bool = False) -> list[str]:
    """Which of `texts` a line reading of its own box (with some surroundings) still reads, in any frame.

    Each box is read hard: its contrast stretched between percentiles of the box itself (a faint line on
    speckle spans a few grey levels of the frame), both polarities plain and smoothed, and two
    binarisations of it enlarged three times. Tesseract reads every rendering; with `learned`, the PP-OCR
    recogniser reads them too (it makes out small screen fonts and faint text on speckle that tesseract
    cannot, even in place).
    """
    array = _decoded(ds)
    photometric = str(ds.get("PhotometricInterpretation", ""))
    lines: list[tuple[str, Image.Image]] = []  # (the string looked for, one line image that may show it)
    scales: list[float] = []  # each image's factor to the height tesseract reads best
    for text in texts:
        x0, y0, x1, y1 = text.box
        turns = text.quarter_turns if isinstance(text, StampedText) else 0  # one set along an edge is read upright
        height = x1 - x0 if turns % 2 else y1 - y0
        pad = max(6, height // 2)
        top, left = max(0, y0 - pad), max(0, x0 - pad)
        inside = (x0 - left, y0 - top, x1 - left, y1 - top)
        crops = _distinct(array[:, top:y1 + pad, left:x1 + pad])
        for _ in range(turns % 4):  # a quarter turn clockwise undoes one counter-clockwise
            inside = (crops[0].shape[0] - inside[3], inside[0], crops[0].shape[0] - inside[1], inside[2])
            crops = [np.rot90(crop, -1) for crop in crops]
        lines += [(text.text, image) for crop in crops for image in _line_images(crop, inside, photometric)]
        scales += [_LINE_HEIGHT * crops[0].shape[0] / (max(1, height) * image.height)
                   for _, image in lines[len(scales):]]
    # Tesseract reads every line image scaled to its best text height, all in one run; the learned
    # recogniser reads them as they are (it scales each to its own input height).
    readings = read_pages([_scaled(image, scale) for (_, image), scale in zip(lines, scales, strict=True)],
                          _LINE_CONFIG)
    found = {wanted for (wanted, _), reading in zip(lines, readings, strict=True)
             if _fuzzy_in(normalise(wanted), reading)}
    if learned:
        found |= {wanted for wanted, image in lines if wanted not in found
                  and _fuzzy_in(normalise(wanted), _recognised(image))}
    return [text.text for text in texts if text.text in found]


def kept_in_place(before: Dataset, after: Dataset, texts: Sequence[RenderedText]) -> list[str]:
    """Which of `texts` that stand out in `before` keep their glyphs' pixels in place (`unchanged`) in some
    frame of `after` (of the frames a string names, `frames_drawn`, when it is drawn in some only)."""
    original, cleaned = _decoded(before), _decoded(after)
    if original.shape != cleaned.shape:
        return []
    same = (original == cleaned).all(axis=3)
    rows, cols = same.shape[1:]
    kept = []
    for text in texts:
        glyphs = text.glyphs(rows, cols)
        shown = frames_drawn(text)
        if shown:
            left = any(_stands_out(original[frame], glyphs) and unchanged(same[frame], glyphs) for frame in shown)
        else:
            left = _stands_out(original[0], glyphs) and any(unchanged(frame, glyphs) for frame in _distinct(same))
        if left:
            kept.append(text.text)
    return kept


def unchanged(same: np.ndarray, glyphs: np.ndarray) -> bool:
    """Whether at least KEPT of the `glyphs` pixels, and of the pixels just around them, are `same` as before:
    a glyph masked in its own colour keeps its pixels, but not its outline."""
    around = cv2.dilate(glyphs.view(np.uint8), np.ones((3, 3), np.uint8)).view(bool) & ~glyphs
    return bool(glyphs.any()) and same[glyphs].mean() >= KEPT and same[around].mean() >= KEPT


def read_pages(images: list[Image.Image], config: str) -> list[str]:
    """OCR each image with `config` and return its normalised text, all in one tesseract run.

    Tesseract reads a text file listing images as the pages of one document, each page on its own as it
    would read a single image; loading its model once instead of per image is most of the time saved.
    """
    if not images:
        return []
    with tempfile.TemporaryDirectory(prefix="pixel-eval-") as folder:
        paths = []
        for number, image in enumerate(images):
            # PNM: the same pixels (and, as PNG without pHYs, no resolution) without a tenth of the
            # scoring time spent compressing images tesseract decompresses at once.
            paths.append(Path(folder) / f"{number:05d}.pnm")
            image.save(paths[-1])
        listing = Path(folder) / "pages.txt"
        listing.write_text("".join(f"{path}\n" for path in paths), encoding="utf-8")
        pages = pytesseract.image_to_string(str(listing), config=config).split(_PAGE_SEPARATOR)
    if len(pages) != len(images):
        raise RuntimeError(f"tesseract read {len(pages)} pages of {len(images)}")
    return [normalise(page) for page in pages]


def _scaled(image: Image.Image, scale: float) -> Image.Image:
    """`image` resized by `scale` (bicubic), for a line reading at the height tesseract reads best."""
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.BICUBIC)


def _recognised(image: Image.Image) -> str:
    """The learned recogniser's reading of `image` as one line, normalised."""
    rgb = np.asarray(image.convert("RGB"))
    return normalise(" ".join(word.text for line in read_boxes(rgb, [(0, 0, rgb.shape[1], rgb.shape[0])])
                              for word in line))


def _distinct(frames: np.ndarray) -> list[np.ndarray]:
    """The frames of a stack with identical ones (a cine loop's static frames) kept once."""
    return list({np.ascontiguousarray(f).tobytes(): f for f in frames}.values())


def _original(manifest: PixelCorpusManifest, truth: PixelCorpusFile) -> Dataset:
    """The original corpus file of `truth`."""
    return pydicom.dcmread(manifest.root / truth.path)


def _decoded(ds: Dataset) -> np.ndarray:
    """All frames as (frames, rows, cols, samples); PALETTE COLOR as the RGB a viewer shows."""
    array, _ = get_decoder(ds.file_meta.TransferSyntaxUID).as_array(ds)
    if ds.get("PhotometricInterpretation") == "PALETTE COLOR":
        array = apply_color_lut(array, ds)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    return array.reshape((frames, int(ds.Rows), int(ds.Columns), -1))


def _changed_outside(before: np.ndarray, after: np.ndarray, truth: PixelCorpusFile, margin: int) -> float:
    """Fraction of frame area (over all frames) whose pixels changed outside the dilated truth boxes."""
    if before.shape != after.shape:
        return 1.0
    changed = (before.astype(np.int64) != after.astype(np.int64)).any(axis=3)
    allowed = np.zeros(changed.shape[1:], dtype=bool)
    for t in truth.texts:
        x0, y0, x1, y1 = t.box
        allowed[max(0, y0 - margin):y1 + margin, max(0, x0 - margin):x1 + margin] = True
    return float((changed & ~allowed).sum() / changed.size)


def _aggressive_images(frame: np.ndarray, photometric: str) -> list[Image.Image]:
    """Both polarities of the luminance (and, for colour, the strongest channel), upscaled twice."""
    images = []
    for plane in _planes(frame):
        gray = _stretched(plane, plane, photometric)
        for polarity in (gray, 255 - gray):
            base = Image.fromarray(polarity)
            images.append(base.resize((base.width * 2, base.height * 2), Image.Resampling.BICUBIC))
    return images


def _line_images(crop: np.ndarray, box: tuple[int, int, int, int], photometric: str) -> list[Image.Image]:
    """Renderings of one string's crop, contrast stretched on its `box`: each plane (`_planes`) in both
    polarities, plain and median-smoothed, and binarised globally (Otsu) and locally, text dark, at thrice
    the size."""
    x0, y0, x1, y1 = box
    images = []
    for plane in _planes(crop):
        gray = _stretched(plane, plane[y0:y1, x0:x1], photometric)
        smooth = cv2.medianBlur(gray, 3)
        images += [Image.fromarray(image) for image in (gray, 255 - gray, smooth, 255 - smooth)]
        large = cv2.GaussianBlur(cv2.resize(gray, None, fx=3, fy=3, interpolation=cv2.INTER_CUBIC), (5, 5), 1.2)
        _, otsu = cv2.threshold(large, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        local = cv2.adaptiveThreshold(large, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY,
                                      6 * (y1 - y0) | 1, 0)
        images += [Image.fromarray(binary if binary.mean() >= 128 else 255 - binary) for binary in (otsu, local)]
    return images


def _stands_out(frame: np.ndarray, glyphs: np.ndarray) -> bool:
    """Whether glyphs differ from the background a few pixels around them by VISIBLE of the frame's range on
    some channel (a string drawn in its background's colour, black on the black margin, shows nothing)."""
    near = cv2.dilate(glyphs.view(np.uint8), np.ones((3, 3), np.uint8))
    around = cv2.dilate(glyphs.view(np.uint8), np.ones((7, 7), np.uint8)).view(bool) & ~near.view(bool)
    values = frame.astype(np.float64)
    lo, hi = np.percentile(values, (1, 99), axis=(0, 1))
    contrast = np.abs(values[glyphs].mean(axis=0) - np.median(values[around], axis=0)) / np.maximum(hi - lo, 1e-6)
    return bool(glyphs.any() and around.any() and contrast.max() >= VISIBLE)


def _planes(frame: np.ndarray) -> list[np.ndarray]:
    """The luminance and, for colour, the strongest channel, as floats."""
    if frame.shape[-1] == 1:
        return [frame[..., 0].astype(np.float32)]
    return [frame.astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32),
            frame.max(axis=2).astype(np.float32)]


def _stretched(plane: np.ndarray, region: np.ndarray, photometric: str) -> np.ndarray:
    """`plane` as 8-bit grey, `region`'s 0.5th to 99.9th percentile spread over 0-255 (shown as a viewer shows it)."""
    lo, hi = np.percentile(region, (0.5, 99.9))
    gray = np.clip((plane - lo) * 255.0 / max(hi - lo, 1e-6), 0, 255).astype(np.uint8)
    return 255 - gray if photometric == "MONOCHROME1" else gray


def _fuzzy_in(term: str, text: str) -> bool:
    """Whether `term` occurs in `text` within one edit per eight characters."""
    if not term:
        return False
    if term in text:
        return True
    budget = max(1, len(term) // 8)
    if len(term) < 5:
        return False
    n = len(term)
    # Sellers' approximate substring search: row 0 is free, so matches may start anywhere.
    previous = [0] * (len(text) + 1)
    for i in range(1, n + 1):
        current = [i] + [0] * len(text)
        for j in range(1, len(text) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (term[i - 1] != text[j - 1]))
        previous = current
    return min(previous) <= budget
