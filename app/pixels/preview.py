"""Small PNG previews of a frame for people, with boxes outlined (what the cleaner masked)."""
from __future__ import annotations

import io
from collections.abc import Iterable

import numpy as np
from PIL import Image, ImageDraw

from .display import display_gray, stretch
from .frames import DecodedPixels

BOX_COLOUR = (255, 0, 170)  # magenta: stands out on grey anatomy and on coloured ultrasound alike
PREVIEW_WIDTH = 384


def preview_png(pixels: DecodedPixels, boxes: Iterable[tuple[int, int, int, int]] = (), frame: int = 0,
                width: int = PREVIEW_WIDTH) -> bytes:
    """Return frame `frame` as an RGB PNG about `width` pixels wide, each (x0, y0, x1, y1) box outlined."""
    plane = pixels.array[frame]
    if plane.ndim == 3:
        rgb = plane if plane.dtype == np.uint8 else stretch(plane.astype(np.float32))
    else:
        rgb = np.repeat(display_gray(plane, pixels.photometric)[..., None], 3, axis=2)
    image = Image.fromarray(np.ascontiguousarray(rgb[..., :3]), "RGB")
    # Small frames are enlarged without smoothing so each pixel (and each masked one) stays visible.
    scale = width / image.width
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    image = image.resize(size, Image.NEAREST if scale > 1 else Image.LANCZOS)
    draw = ImageDraw.Draw(image)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle((x0 * scale, y0 * scale, x1 * scale - 1, y1 * scale - 1), outline=BOX_COLOUR,
                       width=max(2, round(scale)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
