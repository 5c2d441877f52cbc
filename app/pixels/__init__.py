"""Burned-in pixel PHI: find text lines (known regions + a learned detector), mask PHI, verify with tesseract, or quarantine."""
from __future__ import annotations

from .engine import KINDS, Box, PixelCleaner, PixelEdit, PixelOutcome, PixelScan
from .known import KnownTerms, known_phi_terms
from .ocr import OcrUnavailable

__all__ = ["KINDS", "Box", "KnownTerms", "OcrUnavailable", "PixelCleaner", "PixelEdit", "PixelOutcome", "PixelScan",
           "known_phi_terms"]
