"""Tesseract: run it on an 8-bit image and return words (text, confidence, box) grouped in lines."""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pytesseract
from PIL import Image

from ..budget import check_budget, seconds_left
from ..errors import ConfigError

# Tesseract's OpenMP threads fight each other (and other processes) on small images: one thread is faster.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

class OcrUnavailable(ConfigError):
    """Tesseract is missing or failed; the message carries no image content."""


@dataclass(frozen=True)
class Word:
    """One recognised word: its text (never logged), confidence and box in frame pixels."""

    text: str
    conf: float
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 (x1, y1 exclusive)

    def __repr__(self) -> str:  # the text may be PHI
        return f"Word(box={self.box}, conf={self.conf:.0f})"


Line = tuple[Word, ...]
LineKey = tuple[int, ...]


def ocr_words(image: np.ndarray, config: str) -> list[tuple[LineKey, Word]]:
    """Every word tesseract returns (any confidence) with its line key; boxes in `image` pixels."""
    pil = Image.fromarray(image)
    timeout = seconds_left()  # raises once the file's time budget has run out
    try:
        data = pytesseract.image_to_data(pil, lang="eng", config=config, output_type=pytesseract.Output.DICT,
                                         timeout=timeout or 0)
    except pytesseract.TesseractNotFoundError:
        raise OcrUnavailable("tesseract is not installed") from None
    except (pytesseract.TesseractError, OSError, RuntimeError) as exc:
        check_budget()  # tesseract stopped by the budget: the file was too slow, tesseract did not fail
        raise OcrUnavailable(f"tesseract failed ({type(exc).__name__})") from None
    words = []
    for i, text in enumerate(data["text"]):
        text = text.strip()
        if not text:
            continue
        x, y, w, h = (data[k][i] for k in ("left", "top", "width", "height"))
        box = (int(x), int(y), int(x + w), int(y + h))
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.append((key, Word(text, float(data["conf"][i]), box)))
    return words


def group_lines(words: list[tuple[LineKey, Word]], origin: tuple[int, int], min_conf: float) -> list[Line]:
    """Words of at least `min_conf` grouped by line key, boxes shifted by `origin`."""
    lines: dict[LineKey, list[Word]] = {}
    ox, oy = origin
    for key, word in words:
        if word.conf >= min_conf:
            x0, y0, x1, y1 = word.box
            lines.setdefault(key, []).append(Word(word.text, word.conf, (x0 + ox, y0 + oy, x1 + ox, y1 + oy)))
    return [tuple(line) for line in lines.values()]
