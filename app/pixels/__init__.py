"""Burned-in pixel PHI: find text in images (known regions + OCR), mask it, verify, or quarantine."""
from __future__ import annotations

from .engine import Box, PixelCleaner, PixelEdit, PixelOutcome, PixelScan
from .known import KnownTerms, known_phi_terms
from .ocr import OcrUnavailable
from .policy import PixelPolicy, RegionRule

__all__ = ["Box", "KnownTerms", "OcrUnavailable", "PixelCleaner", "PixelEdit", "PixelOutcome", "PixelPolicy",
           "PixelScan", "RegionRule", "known_phi_terms"]
