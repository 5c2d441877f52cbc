"""Text lines found by a learned detector and read by a learned recogniser (PP-OCR, ONNX models shipped in
the rapidocr-onnxruntime wheel: nothing is downloaded at run time).

The detector segments text whatever its font, size, colour and background, including text touching the
image's edge, which hand-made ink heuristics miss. It runs once per image at a resolution chosen for text
size, not at the image's: a full-size radiograph is detected downscaled and read at full resolution.
"""
from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, NamedTuple

import cv2
import numpy as np
from PIL import Image

from .frames import frame_digest
from .fused import fused_model
from .ink import Rect, grown, mostly_same, overlaps, union
from .ocr import Line, Word
from .per_frame import PerFrame

# The detector finds lines best from about 16 px tall. Screens (ultrasound, secondary captures) print
# 10-14 px text at 512-800 px: they are enlarged to DETECT_SMALL_SIDE (detected at their own 640 px instead,
# they took half the detector's time, but 14 of 20 synthetic screens' masks moved or changed, and 3 lost a
# mask). Text on a full-size radiograph is printed to be read on a downsized display (about 1/60 of the
# film's height and more): at DETECT_LARGE_SIDE it still stands 16 px or more tall.
DETECT_SMALL_SIDE = 800
DETECT_LARGE_SIDE = 1024
MAX_ENLARGE = 2.0
# Text touching the image's edge is missed unless the detector sees some room beyond it: the edge
# pixels are repeated this far out (also giving tiny images the room the network needs).
EDGE = 8
PAD = 2  # pixels added around a detected box before reading, for strokes at its edge
# A line found less than this many pixels tall at the detection scale is near the smallest text the detector
# sees: smaller text may stand beside it unseen (a film's label lines, 14 px tall on 2,500 rows, where the
# date and time between the name and the matrix size went unfound). The area around such a line is
# detected again at a scale of its own.
FINE_BELOW = 20
# A small label's stacked lines merge at the first scale into one box taller than FINE_BELOW (three to five 11-15 px
# lines on 2,500-3,072 rows stood 22-66 px tall there), read as one garbled line: the name, ID and dates stayed
# readable. A box up to FINE_BLOCK such lines tall is detected again too, its surroundings as a line's of FINE_BELOW.
FINE_BLOCK = 4
FINE_REACH = 3  # line heights of that area on every side of the line
FINE_SIDE = 1024  # areas are merged while their union stays this small, and detected at full resolution
THREADS = 1  # one thread per process: deid runs parallelise across processes
# OpenCV's own pool too (every cv2 call of the pixel engine): on a loaded machine its second thread's waking and
# waiting cost CPU time and saved none; its results are the same per pixel whatever the threads.
cv2.setNumThreads(THREADS)
STEP = 8  # input columns per step of the recogniser's output: its network narrows the width eight times
# A box at least this many times as tall as wide holds a line turned a quarter turn (a 3D rendering's label set along
# its side edge; one upright glyph's detected box is under 2): it is read upright and turned both ways, the most
# confident reading kept, and masked whole (`is_turned`).
TURNED = 2.5
# A film's label box may be printed upside down (a cassette loaded turned): the detector boxes its lines as any, and
# the recogniser reads them upright as garbage (mean confidence 0.30-0.77 over the synthetic labels; upright text
# mostly reads 0.9 and more). A detected line read upright below FLIPPED_BELOW is read turned 180 degrees too, and that
# reading is kept when it is legible and more confident: at least FLIPPED_LEGIBLE (those labels read 0.94-1.00 so),
# with at least FLIPPED_CHARACTERS letters or digits (speckle turned over reads as one or two confident glyphs).
FLIPPED_BELOW = 0.85
FLIPPED_LEGIBLE = 0.8
FLIPPED_CHARACTERS = 3


@lru_cache(maxsize=1)
def _models() -> tuple[Any, Any]:
    """The detector and recogniser, loaded once per process from the wheel's own configuration and models."""
    from rapidocr_onnxruntime.ch_ppocr_det import TextDetector
    from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
    from rapidocr_onnxruntime.utils import read_yaml
    from rapidocr_onnxruntime.utils.parse_parameters import update_model_path

    config = update_model_path(read_yaml(DEFAULT_CFG_PATH))
    threads = {"intra_op_num_threads": THREADS, "inter_op_num_threads": THREADS}
    # "max" with the image's own (padded) side: the detector never rescales what we hand it.
    detector = TextDetector({**config["Det"], **threads, "limit_type": "max", "limit_side_len": 1 << 16})
    recogniser = TextRecognizer({**config["Rec"], **threads})
    detector.infer.session = _session(config["Det"]["model_path"])
    recogniser.session.session = _session(config["Rec"]["model_path"])
    return detector, recogniser


def _session(model_path: str) -> Any:
    """An ONNX Runtime session of the model with its element-wise steps folded (`fused`), on THREADS threads
    with its memory arena on.

    rapidocr turns the arena off: every detection then allocates its feature maps anew, which costs
    the detector about a fifth more CPU time on screen-sized images. Other settings were slower or no
    faster: extended instead of all optimisations (no blocked-layout convolutions) 1.6 times the time,
    the memory pattern off 3-7% more, denormals flushed to zero no change. So were int8 models: dynamic
    quantisation makes the convolutions integer ones, the recogniser 8-9 times slower and the detector 1.7
    (the recogniser's matrix products alone: no faster); calibrated (static) quantisation made the
    recogniser 29% faster but changed 149 of 366 crops' readings, and the detector only 10% faster.
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = THREADS
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # errors only
    return onnxruntime.InferenceSession(fused_model(str(model_path)), options, providers=["CPUExecutionProvider"])


def screen_sized(view: np.ndarray) -> bool:
    """Whether an image is screen-sized (its longer side at most DETECT_LARGE_SIDE), not a film."""
    return max(view.shape[:2]) <= DETECT_LARGE_SIDE


class TextMap(NamedTuple):
    """The detector's text probability per pixel of an image it looked at, and how that image was laid out for it."""

    scale: float  # the image's resize factor for detection
    padded: tuple[int, int]  # rows and columns of the resized image with its EDGE
    probabilities: np.ndarray | None  # the network's output (1 x 1 x rows x columns of its input); None: too small

    def likelihood(self, rect: Rect) -> float:
        """The highest text probability inside `rect` (in the image's pixels)."""
        if self.probabilities is None:
            return 0.0
        probabilities = self.probabilities[0, 0]
        down, across = probabilities.shape[0] / self.padded[0], probabilities.shape[1] / self.padded[1]
        x0, y0, x1, y1 = rect
        inside = probabilities[int((y0 * self.scale + EDGE) * down):math.ceil((y1 * self.scale + EDGE) * down),
                               int((x0 * self.scale + EDGE) * across):math.ceil((x1 * self.scale + EDGE) * across)]
        return float(inside.max()) if inside.size else 0.0


def detect_boxes(view: np.ndarray, scale: float | None = None) -> list[Rect]:
    """Axis-aligned boxes (in `view` pixels) of the text lines the detector finds in an 8-bit RGB image, resized
    by `scale` (default: the one its size calls for; a screen's map is then remembered, `remembered_map`)."""
    rows, cols = view.shape[:2]
    if scale is None and screen_sized(view):
        found = _screen_maps(view)[0]
    else:
        found = _text_map(view, detection_scale(rows, cols) if scale is None else scale)
    if found.probabilities is None:
        return []
    detector = _models()[0]
    quads, _ = detector.postprocess_op(found.probabilities, found.padded)
    quads = detector.filter_tag_det_res(quads, found.padded)
    boxes = []
    for quad in quads if quads is not None and len(quads) else ():
        x0, y0 = np.floor((quad.min(axis=0) - EDGE) / found.scale).astype(int)
        x1, y1 = np.ceil((quad.max(axis=0) - EDGE) / found.scale).astype(int)
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(cols, x1), min(rows, y1)
        if x1 > x0 and y1 > y0:
            boxes.append((int(x0), int(y0), int(x1), int(y1)))
    return boxes


def remembered_map(view: np.ndarray) -> TextMap | None:
    """The detector's map of a screen-sized image it has looked at at its own scale among the last few (None when it
    has not: nothing is detected for the asking)."""
    remembered = _screen_maps.remembered(view)
    return None if remembered is None else remembered[0]


def _text_map(view: np.ndarray, scale: float) -> TextMap:
    """The detector's map of an 8-bit RGB image resized by `scale`."""
    rows, cols = view.shape[:2]
    image = view
    if scale != 1.0:
        size = (max(1, round(cols * scale)), max(1, round(rows * scale)))
        image = np.asarray(Image.fromarray(view).resize(size, Image.Resampling.BOX if scale < 1
                                                        else Image.Resampling.BICUBIC))
    # OpenCV repeats the edge pixels as numpy's "edge" padding does, some thirty times faster.
    padded = cv2.copyMakeBorder(image, EDGE, EDGE, EDGE, EDGE, cv2.BORDER_REPLICATE)
    return TextMap(scale, padded.shape[:2], _probabilities(padded))


_screen_maps = PerFrame(lambda view: [_text_map(view, detection_scale(*view.shape[:2]))])


def detect_lines(view: np.ndarray) -> list[Rect]:
    """`detect_boxes`, then again at full resolution around the lines it found near the smallest it can see (or
    merged into a small block), or over the whole image when it found none."""
    boxes = detect_boxes(view)
    rows, cols = view.shape[:2]
    scale = detection_scale(rows, cols)
    if scale >= 1.0:
        return boxes
    if not boxes:
        # A label printed small on a large film (16 px on 3,000 rows) stands 5 px tall at the first scale,
        # which the detector does not see at all; at twice that scale 12 px lines stood 8 px tall, unseen too.
        # A text-free radiograph pays for this second look, at full resolution: no dearer than at twice the
        # scale (0.8 s of CPU either way on 2,600 x 3,072 rows and columns).
        return detect_boxes(view, 1.0)
    areas: list[Rect] = []
    for x0, y0, x1, y1 in sorted(boxes, key=lambda box: (box[1], box[0])):
        if (y1 - y0) * scale >= FINE_BLOCK * FINE_BELOW:
            continue
        area = grown((x0, y0, x1, y1), round(FINE_REACH * min(y1 - y0, FINE_BELOW / scale)), rows, cols)
        joined = next((i for i, other in enumerate(areas) if overlaps(other, area)
                       and max(_sides(union(other, area))) <= FINE_SIDE), None)
        if joined is None:
            areas.append(area)
        else:
            areas[joined] = union(areas[joined], area)
    fine: list[Rect] = []
    # Areas overlap, and one cut through a line finds part of it: each line once, the largest finding of it.
    for box in sorted(((x0 + a, y0 + b, x0 + c, y0 + d) for x0, y0, x1, y1 in areas
                       for a, b, c, d in detect_boxes(view[y0:y1, x0:x1], 1.0)), key=_area, reverse=True):
        if not any(mostly_same(box, line) for line in fine):
            fine.append(box)
    return fine + [box for box in boxes if not any(mostly_same(box, line) for line in fine)]


def _area(rect: Rect) -> int:
    """A rectangle's area."""
    return (rect[2] - rect[0]) * (rect[3] - rect[1])


def _sides(rect: Rect) -> tuple[int, int]:
    """A rectangle's width and height."""
    return rect[2] - rect[0], rect[3] - rect[1]


def _probabilities(rgb: np.ndarray) -> np.ndarray | None:
    """The detector's text probability map of an 8-bit RGB image, as rapidocr's detector computes it for the image
    in BGR, the order the models were trained on (None when the image is too small to resize for it).

    rapidocr's own steps (resize to a multiple of 32, the network), except that each pixel is normalised through a
    lookup table, plane by plane straight into the network's input in BGR order: the same float32 values without
    float64 arithmetic over every pixel (a tenth of a screen's detection), a channel-reversed copy of the image or
    a transposing copy of its floats. Its box extraction then runs on the map (`detect_boxes`).
    """
    detector = _models()[0]
    preprocess = detector.get_preprocess(max(rgb.shape[:2]))
    resized = preprocess.resize(rgb)
    if resized is None:
        return None
    tables = _normalised(tuple(preprocess.mean), tuple(preprocess.std), preprocess.scale)
    net_input = np.empty((1, len(tables), *resized.shape[:2]), np.float32)
    for channel, (plane, table) in enumerate(zip(cv2.split(resized)[::-1], tables)):
        cv2.LUT(plane, table, dst=net_input[0, channel])
    return detector.infer(net_input)[0]


@lru_cache(maxsize=4)
def _normalised(mean: tuple[float, ...], std: tuple[float, ...], scale: float) -> tuple[np.ndarray, ...]:
    """Each 8-bit value as the detector's input, computed as rapidocr computes it: one 1 x 256 table per
    channel, in the model's (BGR) order."""
    values = np.arange(256, dtype=np.float32)[:, None]
    table = ((values * scale - np.array(mean)) / np.array(std)).astype(np.float32)
    return tuple(np.ascontiguousarray(table[:, channel]).reshape(1, 256) for channel in range(len(mean)))


def detection_scale(rows: int, cols: int) -> float:
    """The factor an image is resized by for detection, chosen for the text size its size implies."""
    side = max(rows, cols)
    if side < DETECT_SMALL_SIDE:
        return min(MAX_ENLARGE, DETECT_SMALL_SIDE / side)
    return min(1.0, DETECT_LARGE_SIDE / side)


def read_boxes(view: np.ndarray, boxes: list[Rect], origin: tuple[int, int] = (0, 0),
               flipped: bool = False) -> list[Line]:
    """Read each box of `view` as one line; return it as words (boxes shared out by characters) in the
    caller's coordinates. A line read as nothing is one empty word with confidence 0: text was seen there.
    With `flipped` (the detector's own boxes), a line read upright as garbage may be read upside down
    (`_flipped_reading`)."""
    rows, cols = view.shape[:2]
    crops = []
    for x0, y0, x1, y1 in boxes:
        gx0, gy0, gx1, gy1 = grown((x0, y0, x1, y1), PAD, rows, cols)
        crops.append(view[gy0:gy1, gx0:gx1])
    return read_images(crops, boxes, origin, flipped=flipped)


def read_images(images: list[np.ndarray], boxes: list[Rect], origin: tuple[int, int] = (0, 0),
                placed: bool = False, flipped: bool = False) -> list[Line]:
    """Read each 8-bit RGB image as one line of text standing in its box (`read_boxes`); with `placed` (each image
    exactly its box), each word's box spans only the columns its characters were read in (`_placed`); with
    `flipped`, a line read upright as garbage may be read upside down (`_flipped_reading`)."""
    ox, oy = origin
    lines = []
    for image, (x0, y0, x1, y1) in zip(images, boxes):
        box = (x0 + ox, y0 + oy, x1 + ox, y1 + oy)
        if is_turned((0, 0, image.shape[1], image.shape[0])):
            text, score = _turned_reading(image)
            lines.append(_turned_words(text, 100.0 * score, box))
            continue
        text, score, centres = _reading(image)
        if flipped and score < FLIPPED_BELOW:
            turned = _flipped_reading(image)
            if turned is not None and turned[1] > score:
                lines.append(_mirrored(_words(turned[0], 100.0 * turned[1], box), box))
                continue
        lines.append(_placed(text, 100.0 * score, box, centres) if placed else _words(text, 100.0 * score, box))
    return lines


def _flipped_reading(image: np.ndarray) -> tuple[str, float] | None:
    """The reading of a crop turned 180 degrees, when it is legible (FLIPPED_LEGIBLE, FLIPPED_CHARACTERS)."""
    text, score, _ = _reading(np.ascontiguousarray(image[::-1, ::-1]))
    if score >= FLIPPED_LEGIBLE and sum(c.isalnum() for c in text) >= FLIPPED_CHARACTERS:
        return text, score
    return None


def _mirrored(line: Line, box: Rect) -> Line:
    """A line read upside down: each word's columns mirrored within `box` (its first word stands at the right)."""
    x0, _, x1, _ = box
    return tuple(Word(word.text, word.conf, (x0 + x1 - word.box[2], word.box[1], x0 + x1 - word.box[0], word.box[3]))
                 for word in line)


def is_turned(box: Rect) -> bool:
    """Whether a text line's box stands TURNED times as tall as wide: a line turned a quarter turn."""
    return box[3] - box[1] >= TURNED * (box[2] - box[0])


def _turned_reading(image: np.ndarray) -> tuple[str, float]:
    """The most confident reading of a tall crop: upright, or turned a quarter turn either way (a label set along a
    rendering's side edge reads bottom to top or top to bottom; the recogniser reads only rows)."""
    readings = [_reading(np.ascontiguousarray(np.rot90(image, turns))) for turns in (-1, 1, 0)]
    text, score, _ = max(readings, key=lambda reading: (reading[1] if reading[0].strip() else 0.0))
    return text, score


_kept = threading.local()  # this thread's readings of the file being cleaned, by crop (`readings_kept`)


@contextmanager
def readings_kept() -> Iterator[None]:
    """Within: a crop the recogniser is shown again with the same pixels (a cine loop's still overlay, read in each
    frame) is answered by its first reading. On leaving, the readings are forgotten: no read text outlives the file."""
    outer = getattr(_kept, "readings", None)
    _kept.readings = {} if outer is None else outer
    try:
        yield
    finally:
        _kept.readings = outer


def _reading(image: np.ndarray) -> tuple[str, float, np.ndarray]:
    """`_recognise(image)`, worked out once for each distinct crop while readings are kept (`readings_kept`)."""
    readings = getattr(_kept, "readings", None)
    if readings is None:
        return _recognise(image)
    key = frame_digest(image) + repr(image.shape).encode()
    if key not in readings:
        readings[key] = _recognise(image)
    return readings[key]


def _recognise(crop: np.ndarray) -> tuple[str, float, np.ndarray]:
    """The recogniser's text, mean character confidence and each character's centre (in the crop's columns) for one
    8-bit RGB crop, as rapidocr's recogniser reads it in a batch of one.

    One crop per call: a batch pads every crop to its widest, which cost more than the calls it saved, and
    made a crop's reading depend on the crops read beside it; batches of crops of one width were no cheaper
    a crop. A short crop is padded to the trained width though the network's time grows with the width it is
    given: read at its own width (or padded to half the trained width), 67-70 of 366 crops read differently.
    rapidocr's own steps (the model's height, at least its trained width, the network, greedy CTC decoding),
    except that each pixel is normalised through a lookup table, plane by plane straight into the padded input
    in BGR order (as `_probabilities`), and each step's confidence is read at its best character.
    """
    recogniser = _models()[1]
    channels, height, width = recogniser.rec_image_shape
    ratio = crop.shape[1] / crop.shape[0]
    padded = int(height * max(width / height, ratio))
    resized = cv2.resize(crop, (min(padded, math.ceil(height * ratio)), height))
    net_input = np.zeros((1, channels, height, padded), np.float32)
    for channel, plane in enumerate(cv2.split(resized)[::-1]):
        net_input[0, channel, :, :resized.shape[1]] = cv2.LUT(plane, _rec_normalised())
    session = recogniser.session.session
    steps = session.run(None, {session.get_inputs()[0].name: net_input})[0][0]
    best = steps.argmax(axis=1)
    kept = best != 0  # the CTC blank
    kept[1:] &= best[1:] != best[:-1]  # a character held over several steps is read once
    confidences = steps[np.arange(len(best)), best][kept].astype(np.float64)
    text = "".join(recogniser.postprocess_op.character[index] for index in best[kept])
    # Each output step reads STEP input columns: a character stands about where the step that emitted it looks.
    centres = (np.flatnonzero(kept) + 0.5) * STEP * crop.shape[1] / resized.shape[1]
    return text, float(confidences.mean()) if confidences.size else 0.0, centres


@lru_cache(maxsize=1)
def _rec_normalised() -> np.ndarray:
    """Each 8-bit value as the recogniser's input, computed as rapidocr computes it (in float32: / 255, - 0.5,
    / 0.5), as a 1 x 256 table."""
    return ((np.arange(256, dtype=np.float32) / 255 - 0.5) / 0.5).reshape(1, 256)


def _placed(text: str, conf: float, box: Rect, centres: np.ndarray) -> Line:
    """A line's text split at spaces into words, each boxed over the columns of its characters' `centres` (in the
    box's columns) and half the line's character pitch on either side, within the box: a faint band is much wider
    than its text, and only where the characters stand is the line."""
    x0, y0, x1, y1 = box
    if not text.strip():
        return (Word("", 0.0, box),)
    pitch = float(np.median(np.diff(centres))) if len(centres) > 1 else float(x1 - x0)
    words, start = [], 0
    for piece in text.split(" "):
        if piece:
            first, last = centres[start], centres[start + len(piece) - 1]
            left = max(x0, x0 + int(first - pitch / 2))
            right = min(x1, x0 + int(np.ceil(last + pitch / 2)))
            words.append(Word(piece, conf, (left, y0, max(right, left + 1), y1)))
        start += len(piece) + 1
    return tuple(words)


def _words(text: str, conf: float, box: Rect) -> Line:
    """A line's text split at spaces into words, each given the share of the box its characters take along its rows."""
    x0, y0, x1, y1 = box
    text = text.strip()
    if not text:
        return (Word("", 0.0, box),)
    per_char = (x1 - x0) / len(text)
    words, start = [], 0
    for piece in text.split(" "):
        if piece:
            left = x0 + int(start * per_char)
            right = min(x1, x0 + int(np.ceil((start + len(piece)) * per_char)))
            words.append(Word(piece, conf, (left, y0, max(right, left + 1), y1)))
        start += len(piece) + 1
    return tuple(words)


def _turned_words(text: str, conf: float, box: Rect) -> Line:
    """A turned line's text split at spaces into words, each given the whole box (which way it reads is not kept)."""
    words = tuple(Word(piece, conf, box) for piece in text.strip().split(" ") if piece)
    return words or (Word("", 0.0, box),)
