"""Run real DICOM files through the batch engine under a profile and judge every output independently.

For each output: pydicom must read it back completely (every element converted, the encoding it finds
matching the declared transfer syntax, pixel data encapsulated exactly when the syntax says so, and
decoded wherever the input's pixels decode); dciodvfy must find no more errors in it than in its input;
and no identifying value of the input may survive anywhere in its bytes. Quarantined and skipped inputs
are listed with their reason codes.
"""
from __future__ import annotations

import json
import tempfile
import warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from pydicom import dcmread
from pydicom.dataset import Dataset

from ..deid.batch import FileResult, iter_input_files, plan_batch, run_batch
from ..dicom.policy import Policy
from ..dicom.readback import parse_problem
from ..dicom.values import character_sets
from ..identity import IdentityKeys
from ..profiles import Profile
from . import dciodvfy
from .identifiers import identifiers_of, surviving

PIXEL_DATA = 0x7FE00010


@dataclass
class FileCheck:
    """What happened to one input under one profile, and what is wrong with its output (if any)."""

    name: str  # path relative to the source folder
    status: str  # ok | quarantined | skipped
    reason_code: str = ""
    read_back: str = ""  # why the output cannot be read back ("" when it can)
    errors_before: int = 0
    errors_after: int = 0
    new_errors: list[str] = field(default_factory=list)
    survivors: list[str] = field(default_factory=list)  # "kind from Attribute", never values

    @property
    def outcome(self) -> str:
        """The status as the expectations file states it: ok, quarantined:<code> or skipped:<code>."""
        return self.status if self.status == "ok" else f"{self.status}:{self.reason_code}"

    @property
    def worse(self) -> bool:
        """Whether dciodvfy finds more errors in the output than in the input."""
        return self.errors_after > self.errors_before


@dataclass
class ProfileCheck:
    """Every file's check under one profile."""

    profile: str
    files: list[FileCheck]

    def summary(self) -> dict:
        """Return the counts of one table row."""
        reasons = Counter(f.outcome for f in self.files if f.status != "ok")
        return {"profile": self.profile, "files": len(self.files), "ok": sum(f.status == "ok" for f in self.files),
                "not written": dict(sorted(reasons.items())),
                "read-back failures": sum(bool(f.read_back) for f in self.files),
                "worse under dciodvfy": sum(f.worse for f in self.files),
                "surviving identifiers": sum(len(f.survivors) for f in self.files)}


def check_profile(source: Path, profile: Profile, keys: IdentityKeys, validate: bool = True,
                  names: set[str] | None = None) -> ProfileCheck:
    """De-identify every file under `source` (or those `names` lists) with `profile` and check each output."""
    policy = Policy(profile)
    checks = []
    paths = [p for p in iter_input_files(source) if names is None or str(p.relative_to(source)) in names]
    with tempfile.TemporaryDirectory(prefix="cleanroom-real-") as work:
        # One batch per file: variants of one image (same SOP Instance UID, other encodings) would
        # otherwise meet in one output path, and all but the first be quarantined as duplicates.
        for number, path in enumerate(paths):
            results: list[FileResult] = []
            plan = plan_batch(path, Path(work) / str(number), Path(work) / f"{number}.quarantine")
            run_batch(plan, policy, keys, on_result=lambda result, _total: results.append(result))
            checks += [_check_file(source, result, policy, validate) for result in results]
    return ProfileCheck(profile.name, sorted(checks, key=lambda c: c.name))


def load_expectations(path: Path) -> dict[str, dict]:
    """Return {file: entry}: outcomes by profile ("*": every profile not named), "ocr", "known_survivors"."""
    return json.loads(path.read_text())["files"]


def expected_outcome(expectations: dict[str, dict], name: str, profile: str) -> str:
    """Return the outcome the expectations file states for a file under a profile ("ok" by default)."""
    entry = expectations.get(name, {})
    return entry.get(profile, entry.get("*", "ok"))


def known_survivors(expectations: dict[str, dict], name: str, profile: str) -> list[str]:
    """Return the surviving identifiers a file is known to leave under a profile (reported, not yet fixed)."""
    survivors = expectations.get(name, {}).get("known_survivors", {})
    return survivors.get(profile, survivors.get("*", []))


def problems(check: ProfileCheck, expectations: dict[str, dict]) -> list[str]:
    """Return every way a profile's run differs from what must hold: one line per problem, no values."""
    found = []
    for f in check.files:
        where = f"{check.profile} {f.name}"
        if f.read_back:
            found.append(f"{where}: read-back: {f.read_back}")
        if f.worse:
            found.append(f"{where}: dciodvfy errors {f.errors_before} -> {f.errors_after}: " + "; ".join(f.new_errors))
        if f.survivors != known_survivors(expectations, f.name, check.profile):
            found.append(f"{where}: surviving identifiers: " + (", ".join(f.survivors) or "none") + " (expected: "
                         + (", ".join(known_survivors(expectations, f.name, check.profile)) or "none") + ")")
        if f.outcome != expected_outcome(expectations, f.name, check.profile):
            found.append(f"{where}: expected {expected_outcome(expectations, f.name, check.profile)}, got {f.outcome}")
    return found


def _check_file(source: Path, result: FileResult, policy: Policy, validate: bool) -> FileCheck:
    path = Path(result.source_path)
    check = FileCheck(str(path.relative_to(source)), result.status, result.reason_code)
    if result.status != "ok":
        return check
    output = Path(result.output_path)
    data = output.read_bytes()
    original, original_pixels = _input(path)
    check.read_back = read_back_problem(data, original_pixels)
    if validate:
        before, after = _errors(path), dciodvfy.error_lines(output)
        check.errors_before, check.errors_after = len(before), len(after)
        check.new_errors = sorted(set(after) - set(before))
    if original is not None:
        check.survivors = [str(i) for i in surviving(data, identifiers_of(original, policy), character_sets(original))]
    return check


def read_back_problem(data: bytes, input_pixels: tuple | None) -> str:
    """Return why pydicom cannot read an output completely and consistently, or "" when it can.

    `input_pixels` is the shape of the input's decoded pixels (None when they do not decode here):
    then the output's must decode to the same shape.
    """
    problem = parse_problem(data)
    if problem or input_pixels is None:
        return problem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            shape = dcmread(BytesIO(data)).pixel_array.shape
        except Exception as exc:
            return f"pixel data do not decode ({type(exc).__name__})"
    return "" if shape == input_pixels else "decoded pixel data have another shape than the input's"


@lru_cache(maxsize=512)
def _input(path: Path) -> tuple[Dataset | None, tuple | None]:
    """Return an input's parsed data set and its decoded pixel shape (None where either fails)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = dcmread(path, force=True)
            for element in ds.iterall():
                element.value
        except Exception:
            return None, None
        try:
            return ds, ds.pixel_array.shape if PIXEL_DATA in ds else None
        except Exception:
            return ds, None


@lru_cache(maxsize=512)
def _errors(path: Path) -> list[str]:
    return dciodvfy.error_lines(path)
