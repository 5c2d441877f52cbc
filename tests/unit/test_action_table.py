"""The PS3.15 Annex E action table and the Table E.3.10-1 safe private list, as the engine sees them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.dicom.action_table import (
    ACTION_CODES,
    ANNEX_E_PATH,
    OPTIONS,
    SAFE_PRIVATE_PATH,
    OptionError,
    load_action_table,
    load_safe_private,
    validate_options,
)

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "scripts" / "generate_action_table.py"
E1_1_SOURCE = REPO / "scripts" / "data" / "ps315" / "confidentiality_profile_attributes.json"

ROWS = json.loads(ANNEX_E_PATH.read_text(encoding="utf-8"))["attributes"]
NONE = frozenset()


@pytest.fixture(scope="module")
def table():
    return load_action_table()


@pytest.fixture(scope="module")
def safe():
    return load_safe_private()


@pytest.mark.parametrize("row", ROWS, ids=[row["tag"] for row in ROWS])
def test_every_row_has_valid_action_codes(row):
    assert row["basic"] in ACTION_CODES
    assert set(row["options"]) <= set(OPTIONS)
    assert set(row["options"].values()) <= ACTION_CODES


def test_table_is_the_2024b_table_e1_1(table):
    assert len(table) == 621
    assert len(list(table.entries())) == 621
    assert table.edition == "2024b"
    assert table.standard == "DICOM PS3.15 Table E.1-1"
    assert set(table.option_titles) == set(OPTIONS)


@pytest.mark.parametrize(
    ("tag", "options", "action", "source"),
    [
        (0x00080050, NONE, "Z", "standard"),  # Accession Number
        (0x00100010, NONE, "Z", "standard"),  # Patient's Name
        (0x00100020, NONE, "Z/D", "standard"),  # Patient ID
        (0x00100030, NONE, "Z", "standard"),  # Patient's Birth Date
        (0x00080018, NONE, "U", "standard"),  # SOP Instance UID
        (0x00080018, frozenset({"retain_uids"}), "K", "retain_uids"),
        (0x00080020, NONE, "Z", "standard"),  # Study Date
        (0x00080020, frozenset({"retain_long_modified_dates"}), "C", "retain_long_modified_dates"),
        (0x00080020, frozenset({"retain_long_full_dates"}), "K", "retain_long_full_dates"),
        (0x00181000, NONE, "X/Z/D", "standard"),  # Device Serial Number
        (0x00181000, frozenset({"retain_device_identity"}), "K", "retain_device_identity"),
        (0x00100040, NONE, "Z", "standard"),  # Patient's Sex
        (0x00100040, frozenset({"retain_patient_characteristics"}), "K", "retain_patient_characteristics"),
        (0x00080080, frozenset({"retain_institution_identity"}), "K", "retain_institution_identity"),
        (0x00081140, NONE, "X/Z/U*", "standard"),  # Referenced Image Sequence
        (0x00400555, frozenset({"clean_structured_content"}), "C", "clean_structured_content"),
        (0x0008103E, frozenset({"clean_descriptors"}), "C", "clean_descriptors"),
        # An option that does not list the attribute leaves the Basic Profile action.
        (0x00080050, frozenset(OPTIONS) - {"retain_long_full_dates"}, "Z", "standard"),
    ],
)
def test_known_rows(table, tag, options, action, source):
    assert table.action_for(tag, options) == action
    assert table.explain(tag, options) == (action, source)


@pytest.mark.parametrize(
    ("tag", "options", "action"),
    [
        (0x60003000, NONE, "X"),  # Overlay Data (60xx,3000)
        (0x60023000, NONE, "X"),
        (0x601E3000, NONE, "X"),
        (0x60FE3000, NONE, "X"),
        (0x60003000, frozenset({"clean_graphics"}), "C"),
        (0x60023000, frozenset({"clean_graphics"}), "C"),
        (0x60024000, NONE, "X"),  # Overlay Comments (60xx,4000)
        (0x60024000, frozenset({"clean_graphics"}), "C"),
        (0x50000000, NONE, "X"),  # Curve Data (50xx,xxxx): every element
        (0x50003000, NONE, "X"),
        (0x501E0110, frozenset({"clean_graphics"}), "C"),
        (0x60000010, NONE, None),  # Overlay Rows is not in Table E.1-1
        (0x61003000, NONE, None),  # outside 6000-60FF
    ],
)
def test_repeating_group_patterns(table, tag, options, action):
    assert table.action_for(tag, options) == action


@pytest.mark.parametrize("tag", [0x60013000, 0x60FF4000, 0x50010010])
def test_odd_groups_are_private_not_overlays_or_curves(table, tag):
    # PS3.5 7.6: repeating groups are even; an odd group is private whatever its number.
    assert table.rule_for(tag).name == "Private Attributes"
    assert table.action_for(tag, frozenset({"clean_graphics"})) == "X"


@pytest.mark.parametrize("tag", [0x00091010, 0x00190010, 0x00291008, 0x7FD10011])
def test_private_attributes_row(table, tag):
    assert table.explain(tag) == ("X", "standard")
    assert table.explain(tag, frozenset({"retain_safe_private"})) == ("C", "retain_safe_private")


@pytest.mark.parametrize("tag", [0x00280010, 0x00080060, 0x7FE00010, 0x00200013])
@pytest.mark.parametrize("options", [NONE, frozenset(OPTIONS) - {"retain_long_full_dates"}])
def test_tags_not_in_the_table_are_not_listed(table, tag, options):
    assert table.action_for(tag, options) is None
    assert table.explain(tag, options) is None
    assert table.rule_for(tag) is None


def test_clean_beats_keep_when_two_enabled_options_disagree(table):
    # Date of Last Calibration: Retain Device Identity K, Retain Long. Modified Dates C. Kept, a real device's
    # calibration date (often the study day) would undo the shift of the study's dates.
    options = frozenset({"retain_device_identity", "retain_long_modified_dates"})
    assert table.explain(0x00181200, options) == ("C", "retain_long_modified_dates")
    assert table.explain(0x00181201, options) == ("C", "retain_long_modified_dates")
    assert table.explain(0x00181200, frozenset({"retain_device_identity"})) == ("K", "retain_device_identity")
    assert table.explain(0x00080020, options) == ("C", "retain_long_modified_dates")


def test_resolved_matches_action_for(table):
    options = frozenset({"retain_long_modified_dates", "clean_descriptors", "retain_uids"})
    resolved = table.resolved(options)
    assert len(resolved) == 617  # every row but the three repeating groups and the private row
    assert all(table.action_for(tag, options) == action for tag, action in resolved.items())
    assert table.resolver(options)(0x00080020) == "C"


def test_entries_describe_each_row(table):
    by_tag = {rule.tag: rule for rule in table.entries()}
    assert by_tag["00080050"].keyword == "AccessionNumber"
    assert by_tag["60xx3000"].display_tag == "(60XX,3000)"
    assert by_tag["ggggeeee"].display_tag == "(gggg,eeee) where gggg is odd"
    assert by_tag["50xxxxxx"].is_pattern and not by_tag["00080050"].is_pattern
    assert table.rule_for_keyword("PatientBirthDate").basic == "Z"


@pytest.mark.parametrize(
    "options",
    [
        NONE,
        frozenset({"retain_long_full_dates"}),
        frozenset({"retain_long_modified_dates", "retain_uids", "clean_graphics"}),
    ],
)
def test_validate_options_accepts_known_options(options):
    assert validate_options(options) == options


@pytest.mark.parametrize(
    "options",
    [
        frozenset({"retain_everything"}),
        frozenset({"retain_uids", "RETAIN_UIDS"}),
        frozenset({"retain_long_full_dates", "retain_long_modified_dates"}),
    ],
)
def test_validate_options_refuses_unknown_or_conflicting(table, options):
    with pytest.raises(OptionError):
        validate_options(options)
    with pytest.raises(OptionError):
        table.action_for(0x00080020, options)


def test_generator_reproduces_the_committed_table(tmp_path):
    output = tmp_path / "annex_e_actions.json"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--source", str(E1_1_SOURCE), "--output", str(output)],
        check=True, capture_output=True,
    )
    assert output.read_bytes() == ANNEX_E_PATH.read_bytes()


@pytest.mark.parametrize(
    ("creator", "group", "element"),
    [
        ("GEMS_ACQU_01", 0x0019, 0x23),  # Table Speed
        ("GEMS_PARM_01", 0x0043, 0x27),  # Scan Pitch Ratio
        ("SIEMENS MR HEADER", 0x0019, 0x0C),  # B Value
        ("Philips PET Private Group", 0x7053, 0x00),  # SUV Factor
        ("Philips MR Imaging DD 001", 0x2005, 0x0E),  # Scale Slope
        ("ELSCINT1", 0x00E1, 0x50),  # Acquisition Duration
        ("HOLOGIC, Inc.", 0x7E01, 0x12),  # Codec Content
        ("GEMS_ACQU_01 ", 0x0019, 0x23),  # LO padding is not significant
    ],
)
def test_safe_private_rows_are_safe(safe, creator, group, element):
    assert safe.is_safe(creator, group, element)
    assert safe.lookup(creator, group, element).creator == creator.strip()


@pytest.mark.parametrize(
    ("creator", "group", "element"),
    [
        ("ACME IMAGING 01", 0x0019, 0x23),  # unknown creator
        ("gems_acqu_01", 0x0019, 0x23),  # creators compare case-sensitively
        ("GEMS_ACQU_01", 0x0021, 0x23),  # right creator and offset, other group
        ("GEMS_ACQU_01", 0x0019, 0x22),  # offset not listed
        ("GEMS_ACQU_01", 0x0019, 0x1023),  # a full element number is not an offset
        ("SIEMENS CSA HEADER", 0x0029, 0x08),  # CSA headers are not in the table
    ],
)
def test_other_private_elements_are_not_safe(safe, creator, group, element):
    assert not safe.is_safe(creator, group, element)
    assert safe.lookup(creator, group, element) is None


def test_safe_private_list_is_the_whole_table(safe):
    rows = list(safe.entries())
    assert len(safe) == len(rows) == 479
    assert all(row.group & 1 and 0 <= row.element <= 0xFF for row in rows)
    assert len({(row.creator, row.group, row.element) for row in rows}) == 479
    assert safe.standard == "DICOM PS3.15 Table E.3.10-1"
    assert safe.edition and safe.source
    assert safe.lookup("GEMS_ACQU_01", 0x0019, 0x23).display_tag == "(0019,xx23)"


def test_loaders_read_each_file_once():
    assert load_action_table() is load_action_table()
    assert load_safe_private() is load_safe_private()
    assert SAFE_PRIVATE_PATH.name == "safe_private.json"
