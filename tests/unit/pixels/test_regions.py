"""deid's recipe rectangles chosen from the header: each entry's tests on the header's own values."""
from __future__ import annotations

import pytest
from pydicom.dataset import Dataset

from app.pixels.regions import region_boxes
from app.profiles.schema import PixelPolicy

DOSE_SCREEN, LOCALIZER = (0, 0, 512, 121), (0, 0, 80, 85)  # deid's rectangles for this scanner's two screens


def _ct(image_type: list[str], description: str) -> Dataset:
    """A header of the CT scanner model deid's recipe names, with the given image type and series description."""
    ds = Dataset()
    ds.Modality, ds.Manufacturer, ds.ManufacturerModelName = "CT", "GE MEDICAL SYSTEMS", "LightSpeed VCT"
    ds.ImageType, ds.SeriesDescription = image_type, description
    ds.Rows = ds.Columns = 512
    return ds


@pytest.mark.parametrize(("image_type", "description", "present", "absent"), [
    (["DERIVED", "SECONDARY", "SCREEN SAVE"], "", {DOSE_SCREEN}, {LOCALIZER}),
    (["ORIGINAL", "PRIMARY", "LOCALIZER"], "Scout", {LOCALIZER}, {DOSE_SCREEN}),
    (["ORIGINAL", "PRIMARY", "AXIAL"], "Dose Report", {DOSE_SCREEN}, {LOCALIZER}),
    (["ORIGINAL", "PRIMARY", "AXIAL"], "Chest", set(), {DOSE_SCREEN, LOCALIZER}),
])
def test_each_header_gets_the_rectangles_of_the_entries_it_meets(image_type, description, present, absent):
    # Run after one another, the headers share most of the recipe's tests (the model, the modality), and
    # each is still judged on its own image type and description.
    boxes = set(region_boxes(_ct(image_type, description), PixelPolicy(clean=True)))
    assert present <= boxes and not absent & boxes
