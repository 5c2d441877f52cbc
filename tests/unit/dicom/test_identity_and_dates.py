"""Pseudonyms, UIDs and date shifts are keyed, deterministic and well-formed."""
import hashlib
import hmac
import re

import pytest

from app.dicom.dates import cap_age, shift_da, shift_dt
from app.identity import _digest, patient_key, pseudonym_for_patient, remap_uid, shift_for_patient

KEY, OTHER_KEY = b"k" * 32, b"o" * 32


def test_uid_remap_is_stable_keyed_and_valid():
    uid = "1.2.840.113619.2.55.3.2831164356.781.1599133923.467"
    mapped = remap_uid(KEY, uid)
    assert mapped == remap_uid(KEY, uid + "\x00") and mapped != remap_uid(OTHER_KEY, uid)
    assert re.fullmatch(r"2\.25\.[1-9][0-9]*", mapped) and len(mapped) <= 64
    assert uid.split(".")[-1] not in mapped.split(".")


@pytest.mark.parametrize("key", [b"k" * 32, b"", b"x" * 64, b"long key " * 20, bytes(range(256))])
@pytest.mark.parametrize("message", ["", "uid\x1f1.2.3", "pseudonym\x1f\x1fQX7730941", "date-shift\x1fÄrzte " * 40])
def test_digest_is_hmac_sha256(key, message):
    assert _digest(key, message) == hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()
    assert _digest(key, message) == _digest(key, message)  # the cached key states are copied, never consumed


def test_pseudonym_has_no_letters_after_prefix_and_is_stable():
    patient = patient_key("QX7730941", "RAVENMOOR")
    assert pseudonym_for_patient(KEY, patient) == pseudonym_for_patient(KEY, patient)
    assert re.fullmatch(r"CR\d{12}", pseudonym_for_patient(KEY, patient))
    assert pseudonym_for_patient(KEY, patient) != pseudonym_for_patient(KEY, patient_key("QX7730941", "OTHER"))


@pytest.mark.parametrize("low, high", [(-3650, -365), (1, 30), (-10, -10)])
def test_shift_is_in_range_and_stable(low, high):
    shifts = {shift_for_patient(KEY, patient_key(f"P{i}"), low, high) for i in range(200)}
    assert all(low <= s <= high for s in shifts)
    assert shift_for_patient(KEY, "x", low, high) == shift_for_patient(KEY, "x", low, high)
    assert len(shifts) > 1 or low == high


@pytest.mark.parametrize("value, days, expected", [
    ("20200301", -1, "20200229"),
    ("20200115\\20200116", 10, "20200125\\20200126"),
    ("20200101-20200131", -31, "20191201-20191231"),
    ("2020011", -1, None),
    ("20201341", 1, None),
    ("", 5, ""),
])
def test_shift_da(value, days, expected):
    assert shift_da(value, days) == expected


@pytest.mark.parametrize("value, expected", [
    ("20200301101500.123+0100", "20200229101500.123+0100"),
    ("2020", None),
])
def test_shift_dt(value, expected):
    assert shift_dt(value, -1) == expected


@pytest.mark.parametrize("age, expected", [("095Y", "090Y"), ("089Y", "089Y"), ("090Y", "090Y"), ("012M", "012M"),
                                           ("bad", "bad")])
def test_ages_over_89_are_capped(age, expected):
    assert cap_age(age) == expected
