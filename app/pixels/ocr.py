"""Tesseract, in process: read an 8-bit image and return words (text, confidence, box) grouped in lines.

The cleaner calls tesseract's own library (libtesseract, which the `tesseract` command runs on)
through its C API rather than starting the command for every reading: loading the language model
was most of what a run of the command cost on the small montages the cleaner reads. The reading is
the command's: the same engine, model, settings and TSV output. Each process and thread keeps its
own engine: the API is not thread-safe, and a forked worker must not use its parent's.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..budget import check_budget, seconds_left
from ..errors import ConfigError

# Tesseract's OpenMP threads fight each other (and other processes) on small images: one thread is
# faster. Set before the library, and with it the OpenMP runtime, is loaded.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LIBRARY = "tesseract"  # the name the linker knows it by (libtesseract.so.5)
LANGUAGE = "eng"
OEM_LSTM_ONLY = 1
SPARSE_TEXT, SINGLE_BLOCK = 11, 6  # page segmentation modes (`tesseract --help-psm`)
# Our renderings already make text dark on light; tesseract's own inversion of doubtful words is
# off (as `-c tessedit_do_invert=0`). Its diagnostics would go to the caller's stderr. Four fifths of a reading's
# time is the LSTM over the lines found: another SIMD dot product (`dotproduct`) or table and vertical-text
# finding off read the same words on 50 montages and were no faster.
VARIABLES = {"tessedit_do_invert": "0", "debug_file": os.devnull}
TSV_WORD_LEVEL = "5"


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


def ocr_words(image: np.ndarray, mode: int) -> list[tuple[LineKey, Word]]:
    """Every word tesseract returns (any confidence) reading a 2-D 8-bit `image` in page segmentation
    `mode`, with its line key (block, paragraph, line); boxes in `image` pixels."""
    timeout = seconds_left()  # raises once the file's time budget has run out
    return Tesseract.here().words(np.ascontiguousarray(image, dtype=np.uint8), mode, timeout)


def group_lines(words: list[tuple[LineKey, Word]], origin: tuple[int, int], min_conf: float) -> list[Line]:
    """Words of at least `min_conf` grouped by line key, boxes shifted by `origin`."""
    lines: dict[LineKey, list[Word]] = {}
    ox, oy = origin
    for key, word in words:
        if word.conf >= min_conf:
            x0, y0, x1, y1 = word.box
            lines.setdefault(key, []).append(Word(word.text, word.conf, (x0 + ox, y0 + oy, x1 + ox, y1 + oy)))
    return [tuple(line) for line in lines.values()]


class Tesseract:
    """One initialised tesseract engine (model loaded once), for one thread of one process."""

    _local = threading.local()

    def __init__(self) -> None:
        self._lib = _library()
        self._api = self._lib.TessBaseAPICreate()
        if self._lib.TessBaseAPIInit2(self._api, None, LANGUAGE.encode(), OEM_LSTM_ONLY) != 0:
            self._lib.TessBaseAPIDelete(self._api)
            raise OcrUnavailable(f"tesseract has no '{LANGUAGE}' model")
        for name, value in VARIABLES.items():
            self._lib.TessBaseAPISetVariable(self._api, name.encode(), value.encode())
        self._pid = os.getpid()

    @classmethod
    def here(cls) -> "Tesseract":
        """This thread's engine, made on first use (and again in a forked child)."""
        engine = getattr(cls._local, "engine", None)
        if engine is None or engine._pid != os.getpid():
            engine = cls._local.engine = cls()
        return engine

    def words(self, image: np.ndarray, mode: int, timeout: float | None) -> list[tuple[LineKey, Word]]:
        """Read `image` (C-contiguous 2-D uint8) in page segmentation `mode`, within `timeout` seconds."""
        lib, api = self._lib, self._api
        rows, cols = image.shape
        lib.TessBaseAPISetPageSegMode(api, mode)
        lib.TessBaseAPISetImage(api, image.ctypes.data, cols, rows, 1, cols)
        monitor = lib.TessMonitorCreate()
        try:
            if timeout is not None:  # rounded up: a stop must find the file's budget run out
                lib.TessMonitorSetDeadlineMSecs(monitor, int(timeout * 1000) + 1)
            failed = lib.TessBaseAPIRecognize(api, monitor) != 0
            text = lib.TessBaseAPIGetTsvText(api, 0) if not failed else None
        finally:
            lib.TessMonitorDelete(monitor)
        if text is None:
            lib.TessBaseAPIClear(api)
            check_budget()  # stopped by the deadline: the file was too slow, tesseract did not fail
            raise OcrUnavailable("tesseract failed to read an image")
        try:
            tsv = ctypes.string_at(text).decode("utf-8", "replace")
        finally:
            lib.TessDeleteText(text)
            lib.TessBaseAPIClear(api)
        return _tsv_words(tsv)

    def __del__(self) -> None:
        if getattr(self, "_pid", None) == os.getpid():  # never free a parent's engine from a forked child
            self._lib.TessBaseAPIDelete(self._api)


def _tsv_words(tsv: str) -> list[tuple[LineKey, Word]]:
    """The words of tesseract's TSV (level, page, block, paragraph, line, word, left, top, width, height,
    confidence, text), empty ones left out."""
    words = []
    for row in tsv.splitlines():
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != TSV_WORD_LEVEL:
            continue
        text = "\t".join(fields[11:]).strip()
        if not text:
            continue
        x, y, w, h = (int(v) for v in fields[6:10])
        key = (int(fields[2]), int(fields[3]), int(fields[4]))
        words.append((key, Word(text, float(fields[10]), (x, y, x + w, y + h))))
    return words


@lru_cache(maxsize=1)
def _library() -> ctypes.CDLL:
    """libtesseract with the C API's signatures declared; OcrUnavailable when it is not installed."""
    path = ctypes.util.find_library(LIBRARY)
    try:
        lib = ctypes.CDLL(path or f"lib{LIBRARY}.so")
    except OSError:
        raise OcrUnavailable("tesseract is not installed") from None
    handle, text = ctypes.c_void_p, ctypes.c_char_p
    signatures = {
        "TessBaseAPICreate": (handle, []),
        "TessBaseAPIInit2": (ctypes.c_int, [handle, text, text, ctypes.c_int]),
        "TessBaseAPISetVariable": (ctypes.c_int, [handle, text, text]),
        "TessBaseAPISetPageSegMode": (None, [handle, ctypes.c_int]),
        "TessBaseAPISetImage": (None, [handle, ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                       ctypes.c_int]),
        "TessBaseAPIRecognize": (ctypes.c_int, [handle, handle]),
        # A raw pointer, not c_char_p: it must be handed back to TessDeleteText.
        "TessBaseAPIGetTsvText": (ctypes.c_void_p, [handle, ctypes.c_int]),
        "TessDeleteText": (None, [ctypes.c_void_p]),
        "TessBaseAPIClear": (None, [handle]),
        "TessBaseAPIDelete": (None, [handle]),
        "TessMonitorCreate": (handle, []),
        "TessMonitorSetDeadlineMSecs": (None, [handle, ctypes.c_int]),
        "TessMonitorDelete": (None, [handle]),
    }
    try:
        for name, (restype, argtypes) in signatures.items():
            function = getattr(lib, name)
            function.restype, function.argtypes = restype, argtypes
    except AttributeError:
        raise OcrUnavailable("the installed tesseract has no C API") from None
    return lib
