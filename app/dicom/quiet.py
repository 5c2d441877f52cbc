"""Keep pydicom from writing anything: its warnings and log records quote element values, which may be PHI."""
from __future__ import annotations

import logging
import warnings

from pydicom import config as pydicom_config


def silence_pydicom() -> None:
    """Stop pydicom's validation, warnings and logger from reaching stderr or any log; safe to call repeatedly."""
    # Invalid values are still caught: unparseable ones make a file unreadable, and outputs are re-checked.
    pydicom_config.settings.reading_validation_mode = pydicom_config.IGNORE
    pydicom_config.settings.writing_validation_mode = pydicom_config.IGNORE
    # Warnings raised inside pydicom (e.g. "Unknown encoding 'ISO_IR <value>'") are dropped, whatever the
    # entry point's warning settings; warnings from our own code and other libraries still show.
    warnings.filterwarnings("ignore", module=r"pydicom(\.|$)")
    logger = logging.getLogger("pydicom")
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
