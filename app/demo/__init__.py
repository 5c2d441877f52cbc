"""The small synthetic demo archive that `cleanroom demo` (and so `scripts/run`) writes and indexes.

Owns fictional people drawn from data files, the wording of the demo's reports, cleaned copies of
pydicom's bundled images and the archive writer. Plain values in and out: it imports nothing else of
the app, and nothing in the app imports the test corpora (tests/synth builds on this package).
"""
from .archive import CORPUS_DIRNAME, REPORTS_NAME, DemoArchive, generate_demo_archive

__all__ = ["CORPUS_DIRNAME", "REPORTS_NAME", "DemoArchive", "generate_demo_archive"]
