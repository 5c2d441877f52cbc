"""Frames as arrays: the per-pixel sample mean that faint-line finding reads."""
from __future__ import annotations

import numpy as np

from app.pixels.frames import channel_mean


def test_channel_mean_is_numpys_mean_bit_for_bit() -> None:
    rng = np.random.default_rng(5)
    image = rng.integers(0, 256, (97, 131, 3), dtype=np.uint8)
    image[0, :3] = [[0, 0, 0], [255, 255, 255], [255, 0, 1]]  # the extremes of the sum, and an uneven split
    expected = image.astype(np.float32).mean(axis=2)
    found = channel_mean(image)
    assert found.dtype == np.float32
    assert np.array_equal(found.view(np.uint32), expected.view(np.uint32))


def test_channel_mean_of_a_crop_that_is_not_contiguous() -> None:
    image = np.arange(40 * 50 * 3, dtype=np.uint32).reshape(40, 50, 3).astype(np.uint8)
    crop = image[5:30:2, 7:41]
    assert np.array_equal(channel_mean(crop), crop.astype(np.float32).mean(axis=2))
