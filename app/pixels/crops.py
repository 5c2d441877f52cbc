"""Tesseract reads given lines one by one: each as its own crop (its ink, and its plain grey; a one-colour glyph row
in its colour alone), all in one montage."""
from __future__ import annotations

from collections.abc import Callable, Iterable

import cv2
import numpy as np
from PIL import Image

from .ink import CONTEXT, InkMap, Rect, grown, overlaps, union
from .ocr import SINGLE_BLOCK, SPARSE_TEXT, Line, LineKey, Word, group_lines, ocr_words
from .strokes import GlyphRow, keyed

# Every crop is separated by white space and scaled to one text height, so the montage reads both as
# sparse text and as one uniform block; the two layouts misread different crops. Each of the four readings
# (two layouts of two renderings) is needed: reading 70 screens and textured images before masking, the
# sparse layout alone missed 12 of the 391 PHI masks all four found, the block layout alone 31, and any
# three readings 25 or more.
CROP_MODES = (SPARSE_TEXT, SINGLE_BLOCK)
TARGET_HEIGHT = 40  # tesseract's LSTM reads text best at about this height in pixels
MAX_SCALE = 4.0
# Lines taller than this (film labels: 50-100 px) are shrunk to it. At full size tesseract spent over a
# second on one radiograph's label; screens' lines (at most 36 px text) are read as they were.
MAX_LINE_HEIGHT = 64
GAP = 24  # white pixels between crops and around the montage
# A crop holds one line of ink, so even a doubtful reading is of text: speckle beside a string
# lowers tesseract's confidence in a word it reads right, and a PHI match is worth a mask.
CROP_MIN_CONFIDENCE = 0.0
# A glyph row's rendering is binary with one-pixel strokes: softened a little before it is enlarged, tesseract misreads
# fewer of its glyphs (4 for A, 0 for Q, S for $).
SOFTEN = 0.7  # Gaussian sigma, in pixels
# Tesseract refuses images taller than 32767 px; a text-dense page can need more, so crops go in batches.
MAX_MONTAGE_HEIGHT = 16000
Tile = tuple[np.ndarray, Rect, float]  # rendering (scaled), its rect in frame pixels, the scale


def read_crops(view: np.ndarray, rects: list[Rect], colour_rows: list[GlyphRow] | None = None) -> list[Line]:
    """Tesseract's reading of each rect of an 8-bit RGB `view` as its own crop, all in as few calls as fit.

    Each crop is rendered twice: its ink (contrast against a local median background, any polarity
    or colour) and its own plain grey thresholded on its own; each of `colour_rows` once, its colour
    black on white. Boxes come back in `view` pixels.
    """
    rows, cols = view.shape[:2]
    tiles: list[Tile] = []
    for row in colour_rows or ():
        height, pad = row.box[3] - row.box[1], stroke_room(row.box, [row.box])
        rendering = cv2.GaussianBlur(keyed(view, row, pad), (3, 3), SOFTEN)
        tiles.append(_tile(rendering, grown(row.box, pad, rows, cols), height, height))
    for block in merge_rects(rects):
        height = block[3] - block[1]
        line, pad = tallest_line(block, rects), stroke_room(block, rects)
        padded = grown(block, pad, rows, cols)
        # The local map sees some context, so its median background is the frame's, not the glyphs'.
        ax0, ay0, ax1, ay1 = grown(padded, CONTEXT, rows, cols)
        ink = InkMap(view[ay0:ay1, ax0:ax1], "RGB")
        local = (padded[0] - ax0, padded[1] - ay0, padded[2] - ax0, padded[3] - ay0)
        plain, _, scale = _tile(ink.plain_crop(local), padded, height, line)
        tiles += [_tile(ink.crop(local), padded, height, line), (binarised(plain), padded, scale)]
    return _read_tiles(tiles)


def stroke_room(block: Rect, rects: list[Rect]) -> int:
    """Pixels added around a merged block for strokes the ink threshold shaved off: a third of its tallest line.

    Not a third of the block: stacked lines merge into a block several lines tall, and on a film label
    that padding was a speckled area of hundreds of pixels that tesseract spent seconds reading as noise.
    """
    return max(4, tallest_line(block, rects) // 3)


def tallest_line(block: Rect, rects: list[Rect]) -> int:
    """The height of the tallest of `rects` inside a merged block."""
    return max(r[3] - r[1] for r in rects if overlaps(r, block))


def _tile(rendering: np.ndarray, rect: Rect, height: int, line: int) -> Tile:
    """A crop's rendering scaled so a block `height` pixels tall reaches TARGET_HEIGHT (within MAX_SCALE), and
    its `line`-high lines shrunk to MAX_LINE_HEIGHT when they are taller."""
    scale = min(MAX_SCALE, max(1.0, TARGET_HEIGHT / max(1, height)), MAX_LINE_HEIGHT / max(1, line))
    image = Image.fromarray(rendering)
    image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                         Image.Resampling.BICUBIC)
    return np.asarray(image), rect, scale


def binarised(image: np.ndarray) -> np.ndarray:
    """An 8-bit crop thresholded on its own (Otsu), its majority (the background) white.

    Tesseract thresholds a montage once, for every tile and the white gaps between them: a
    plain crop on mid-grey speckle then turns black whole. Its own threshold keeps its strokes
    apart from its background, and the majority rule makes the text dark whatever its polarity.
    """
    share = np.bincount(image.ravel(), minlength=256) / max(1, image.size)
    below = np.cumsum(share)
    mean_below = np.cumsum(share * np.arange(256))
    spread = (mean_below[-1] * below - mean_below) ** 2 / np.maximum(below * (1 - below), 1e-12)
    light = image > int(np.argmax(spread))
    if light.mean() < 0.5:
        light = ~light
    return np.where(light, 255, 0).astype(np.uint8)


def _read_tiles(tiles: list[Tile]) -> list[Line]:
    """OCR `tiles` in montages under MAX_MONTAGE_HEIGHT; return their lines in frame coordinates."""
    words: list[tuple[LineKey, Word]] = []
    first = 0
    while first < len(tiles):
        last, height = first + 1, tiles[first][0].shape[0] + 3 * GAP
        while last < len(tiles) and height + tiles[last][0].shape[0] + GAP <= MAX_MONTAGE_HEIGHT:
            height += tiles[last][0].shape[0] + GAP
            last += 1
        words += _read_montage(tiles[first:last], first, CROP_MODES)
        first = last
    return group_lines(words, (0, 0), CROP_MIN_CONFIDENCE)


def _read_montage(tiles: list[Tile], first: int, modes: tuple[int, ...]) -> list[tuple[LineKey, Word]]:
    """OCR `tiles` stacked in one image; return their words keyed by reading and tile (numbered from `first`)."""
    montage = np.full((sum(t[0].shape[0] + GAP for t in tiles) + GAP, max(t[0].shape[1] for t in tiles) + 2 * GAP),
                      255, np.uint8)
    tops = []
    top = GAP
    for image, _, _ in tiles:
        montage[top:top + image.shape[0], GAP:GAP + image.shape[1]] = image
        tops.append(top)
        top += image.shape[0] + GAP
    words: list[tuple[LineKey, Word]] = []
    for reading, mode in enumerate(modes):
        for key, word in ocr_words(montage, mode):
            x0, y0, x1, y1 = word.box
            middle = (y0 + y1) / 2
            index = next((i for i, t in enumerate(tops) if t <= middle < t + tiles[i][0].shape[0]), None)
            if index is None:
                continue
            _, (px, py, _, _), scale = tiles[index]
            top = tops[index]
            box = (px + int((x0 - GAP) / scale), py + int((y0 - top) / scale),
                   px + int(np.ceil((x1 - GAP) / scale)), py + int(np.ceil((y1 - top) / scale)))
            words.append(((reading, first + index, *key), Word(word.text, word.conf, box)))
    return words


def merge_rects(rects: Iterable[Rect], joins: Callable[[Rect, Rect], bool] = overlaps) -> list[Rect]:
    """Union rectangles that `joins` pairs (default: any that overlap) until it pairs none (one string found from
    several seeds is read once)."""
    merged: list[Rect] = []
    for rect in rects:
        while (index := next((i for i, m in enumerate(merged) if joins(m, rect)), None)) is not None:
            rect = union(rect, merged.pop(index))
        merged.append(rect)
    return merged

