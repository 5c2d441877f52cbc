"""Burned-in pixel PHI: find text in images (known regions + OCR), mask it, verify, or quarantine."""
from __future__ import annotations

from .engine import Box, PixelCleaner, PixelEdit, PixelOutcome, PixelScan
from .known import KnownTerms, known_phi_terms
from .ocr import OcrUnavailable

__all__ = ["Box", "KnownTerms", "OcrUnavailable", "PixelCleaner", "PixelEdit", "PixelOutcome", "PixelScan",
           "known_phi_terms"]
