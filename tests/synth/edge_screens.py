"""The `edges` layout of the pixel corpus: screens whose text is drawn the ways other layouts never draw it.

Four kinds, cycled (`build_edge`):

- `vr_render`: a 3D rendering (a shaded surface on black, RGB) whose strings are outlined or drop-shadowed, some
  turned a quarter turn either way and set along the left or right edge;
- `xa_run`: an XA run (8-bit grey, 3-20 frames, noise in every pixel, the anatomy moving) whose patient lines are
  burned into its first 1-3 frames only, while the angles and the frame rate stay on every frame;
- `mg_label`: a mammogram-like projection (12-bit, a breast on black) with a small printed label box of patient
  lines, light or dark, and a large laterality marker;
- `grey_console`: a console screenshot in greys, its lines 12-40 levels off the panel they stand on.

Every value is synthetic (Faker, seeded). Truth is kept as for the other layouts: a turned or effect-laden string's
box covers all its pixels (outline and shadow too), its glyphs are the string's own strokes (`StampedText`), and a
string drawn in some frames only names them (`StampedText.frames_drawn`).
"""
from __future__ import annotations

import random
from collections.abc import Sequence

import cv2
import numpy as np
from faker import Faker
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset

from .pixel_parts import (FONT_NAMES, PixelCorpusFile, RenderedText, StampedText, _fmt_date, _header, _identity,
                          _phi_lines, _pixels, stamped)

EDGE_KINDS = ("vr_render", "xa_run", "mg_label", "grey_console")
VR_LABELS = ("VR", "3D", "Ant", "Post", "WL 400 WW 1500", "Bone", "Vol 1/1", "Zoom 1.4")
XA_LABELS = ("LAO 32", "CRA 18", "RAO 24", "CAU 12", "15 f/s", "7.5 f/s", "FD 22cm", "kV 78")
MG_MARKERS = ("R CC", "L CC", "R MLO", "L MLO")
CONSOLE_LABELS = ("Series 3", "Window 400/40", "Zoom 100%", "Reports", "Worklist", "Viewer", "Layout 2x2", "Tools")


def build_edge(kind: str, rng: random.Random, fake: Faker) -> tuple[Dataset, PixelCorpusFile]:
    """One file of the `edges` layout of `kind` (EDGE_KINDS) and its truth."""
    who = _identity(rng, fake)
    phi = [(text, True, in_header) for text, in_header in _phi_lines(who, rng, fake)]
    stack, texts = {"vr_render": _vr_render, "xa_run": _xa_run, "mg_label": _mg_label,
                    "grey_console": _grey_console}[kind](phi, rng)
    ds = _header(kind, who, rng)
    ds.Rows, ds.Columns = stack.shape[1:3]
    _pixels(ds, kind, stack)
    bia = rng.choice((None, "YES")) if kind != "mg_label" else None  # a radiograph without the attribute is read
    if bia:
        ds.BurnedInAnnotation = bia
    truth = PixelCorpusFile("", kind, ds.Modality, True, bia, stack.shape[0], stack.shape[1], stack.shape[2], "",
                            texts)
    return ds, truth


# --------------------------------------------------------------------------- drawing
def _font(rng: random.Random, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(rng.choice(FONT_NAMES), size)


def _place(text: str, font: ImageFont.FreeTypeFont, at: tuple[int, int], turns: int, rows: int,
           cols: int) -> StampedText | None:
    """`text` stamped at `at` turned `turns` quarter turns, when all its glyphs fall inside a rows x cols frame."""
    placed = StampedText(text, False, False, (0, 0, 0, 0), round(font.size), "light_on_dark", False,
                         font=str(font.path).rsplit("/", 1)[-1], at=at, quarter_turns=turns)
    height, width = stamped(placed).shape
    if at[0] < 1 or at[1] < 1 or at[0] + width >= cols - 1 or at[1] + height >= rows - 1:
        return None
    return placed


def _effects(glyphs: np.ndarray, style: str, reach: int) -> np.ndarray:
    """The pixels an effect adds around `glyphs`: an outline `reach` px thick, or a shadow `reach` px down-right."""
    if style == "outline":
        size = 2 * reach + 1
        return cv2.dilate(glyphs.astype(np.uint8), np.ones((size, size), np.uint8)).astype(bool) & ~glyphs
    if style == "shadow":
        shadow = np.zeros_like(glyphs)
        shadow[reach:, reach:] = glyphs[:-reach, :-reach]
        return shadow & ~glyphs
    return np.zeros_like(glyphs)


def _paint(canvas: np.ndarray, text: StampedText, value: float | np.ndarray, style: str = "plain",
           reach: int = 1, effect: float = 0.0) -> None:
    """Draw `text` (coverage-blended) in `value` with its effect in `effect` into `canvas`, and set its truth box to
    every pixel drawn."""
    rows, cols = canvas.shape[:2]
    alpha = _alpha(text, rows, cols)
    glyphs = alpha >= 0.5
    extra = _effects(alpha > 0, style, reach)
    if extra.any():
        canvas[extra] = effect
    a = alpha[..., None] if canvas.ndim == 3 else alpha
    canvas[:] = canvas * (1 - a) + a * value
    ys, xs = np.nonzero(glyphs | extra | (alpha > 0))
    text.box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


def _alpha(text: StampedText, rows: int, cols: int) -> np.ndarray:
    """`text`'s coverage in 0..1 in a rows x cols frame."""
    small = stamped(text)
    alpha = np.zeros((rows, cols), np.float32)
    x, y = text.at
    alpha[y:y + small.shape[0], x:x + small.shape[1]] = small / 255.0
    return alpha


def _free(box: tuple[int, int, int, int], taken: list[tuple[int, int, int, int]], gap: int) -> bool:
    return not any(box[0] < t[2] + gap and t[0] < box[2] + gap and box[1] < t[3] + gap and t[1] < box[3] + gap
                   for t in taken)


def _footprint(text: StampedText, reach: int) -> tuple[int, int, int, int]:
    """Where `text` will draw, its effect's reach included."""
    height, width = stamped(text).shape
    return text.at[0] - reach, text.at[1] - reach, text.at[0] + width + reach, text.at[1] + height + reach


def _truth(text: StampedText, value: str, phi: bool, in_header: bool, light: bool, low: bool = False) -> StampedText:
    """`text` with what it says and how it looks filled in."""
    text.text, text.phi, text.in_header = value, phi, in_header
    text.polarity, text.low_contrast = ("light_on_dark" if light else "dark_on_light"), low
    return text


# --------------------------------------------------------------------------- 3D renderings

def _vessels(rows: int, cols: int, top: float, rng: random.Random) -> np.ndarray:
    """A blurred map (0..1) of 6-12 branching vessels, starting at least `top` of the height down."""
    vessels = Image.new("F", (cols, rows), 0.0)
    draw = ImageDraw.Draw(vessels)
    for _ in range(rng.randint(6, 12)):
        points = [(rng.uniform(0.2, 0.8) * cols, rng.uniform(top, 0.9) * rows)]
        for _ in range(rng.randint(3, 7)):
            points.append((points[-1][0] + rng.uniform(-60, 60), points[-1][1] + rng.uniform(-60, 60)))
        draw.line(points, fill=1.0, width=rng.randint(2, 7))
    return cv2.GaussianBlur(np.asarray(vessels), (0, 0), 1.5)


def _clock(stack: Sequence[np.ndarray], frames: list[int], start: int, font: ImageFont.FreeTypeFont,
           at: tuple[int, int], ink: float | np.ndarray) -> list[StampedText]:
    """A clock ticking a second a frame from `start`, painted at `at` on each of `frames`: one non-PHI truth a frame."""
    rows, cols = stack[0].shape[:2]
    texts = []
    for frame in frames:
        seconds = start + frame
        value = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        text = _place(value, font, at, 0, rows, cols)
        if text is not None:
            text.frames_drawn = (frame,)
            _paint(stack[frame], text, ink)
            texts.append(_truth(text, value, False, False, True))
    return texts

def _vr_render(phi: list[tuple[str, bool, bool]], rng: random.Random) -> tuple[np.ndarray, list[RenderedText]]:
    """A shaded surface on black; strings outlined or shadowed in the corners and turned along the side edges."""
    rows, cols = rng.choice(((512, 512), (600, 600), (480, 640), (768, 768)))
    nrng = np.random.default_rng(rng.randrange(2**32))
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    height = np.zeros((rows, cols), np.float32)
    for _ in range(rng.randint(4, 9)):
        cy, cx = rng.uniform(0.25, 0.75) * rows, rng.uniform(0.3, 0.7) * cols
        r = rng.uniform(0.06, 0.2) * min(rows, cols)
        height += np.exp(-(((y - cy) ** 2 + (x - cx) ** 2) / (2 * r * r)))
    height += 0.05 * cv2.GaussianBlur(nrng.normal(0, 1, (rows, cols)).astype(np.float32), (0, 0), 3)
    gy, gx = np.gradient(height * min(rows, cols) / 8)
    shade = np.clip((1 - 0.6 * gx - 0.8 * gy) / np.sqrt(1 + gx ** 2 + gy ** 2), 0, 1)
    solid = height > rng.uniform(0.35, 0.6)
    tint = np.array(rng.choice(((1.0, 0.92, 0.78), (1.0, 0.75, 0.65), (0.9, 0.9, 0.95))), np.float32)
    canvas = np.where(solid[..., None], (0.15 + 0.85 * shade)[..., None] * tint, 0.02).astype(np.float32)
    labels = [(t, False, False) for t in rng.sample(VR_LABELS, rng.randint(1, 3))]
    edges = rng.sample(((1, "left"), (3, "right"), (1, "right"), (3, "left")), rng.randint(1, 2))
    # The turned strings first (mostly PHI: a rendering sets the patient's name or ID along an edge), then the rest.
    wanted = phi[:len(edges)] + labels[:1] + phi[len(edges):] + labels[1:]
    texts: list[RenderedText] = []
    taken: list[tuple[int, int, int, int]] = []
    for index, (value, is_phi, in_header) in enumerate(wanted):
        style = rng.choice(("outline", "shadow", "outline", "plain"))
        reach = rng.randint(1, 2)
        turned = edges[index] if index < len(edges) else None
        for _ in range(40):
            font = _font(rng, rng.randint(11, 22))
            if turned:
                turns, side = turned
                probe = _place(value, font, (1, 1), turns, 10**5, 10**5)
                width = stamped(probe).shape[1] if probe else 0
                x0 = rng.randint(2, 12) + reach if side == "left" else cols - width - rng.randint(2, 12) - reach
                text = _place(value, font, (x0, rng.randrange(2, max(3, rows // 2))), turns, rows, cols)
            else:
                corner_x = rng.choice((rng.randint(6, 30), cols - rng.randint(40, cols // 2)))
                text = _place(value, font, (corner_x, rng.randrange(4, rows - 30)), 0, rows, cols)
            if text is None or not _free(_footprint(text, reach), taken, 4):
                continue
            light = rng.random() < 0.85
            colour = np.array(rng.choice(((1, 1, 1), (1, 1, 0.3), (0.5, 1, 1), (1, 0.85, 0.4))), np.float32)
            _paint(canvas, text, colour if light else np.full(3, 0.05, np.float32), style, reach,
                   0.0 if light else 1.0)
            taken.append(text.box)
            texts.append(_truth(text, value, is_phi, in_header, light))
            break
    return np.clip(canvas, 0, 1)[None], texts


# --------------------------------------------------------------------------- XA runs
def _xa_run(phi: list[tuple[str, bool, bool]], rng: random.Random) -> tuple[np.ndarray, list[RenderedText]]:
    """A noisy grey run of moving vessels in a round field; the patient block on the first frames only."""
    rows = cols = rng.choice((512, 512, 600, 768))
    frames = rng.choice((rng.randint(3, 6), rng.randint(10, 20)))
    early = rng.randint(1, min(3, frames - 1))
    nrng = np.random.default_rng(rng.randrange(2**32))
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    vessels = _vessels(rows, cols, 0.1, rng)
    field_ = rng.uniform(0.45, 0.65) - 0.1 * (y / rows)
    inside = (x - cols / 2) ** 2 + (y - rows / 2) ** 2 < (rng.uniform(0.42, 0.5) * rows) ** 2
    stack = []
    for frame in range(frames):
        moved = (rng.randint(-4, 4), rng.randint(-4, 4)) if frame else (0, 0)  # the heart beats under a still field
        shift = np.roll(vessels, moved, axis=(0, 1))
        image = field_ - rng.uniform(0.15, 0.35) * shift + nrng.normal(0, 0.025, (rows, cols))
        stack.append(np.where(inside, image, 0.03 + nrng.normal(0, 0.01, (rows, cols))).astype(np.float32))
    texts: list[RenderedText] = []
    size = rng.randint(11, 18)
    font = _font(rng, size)
    spacing = round(size * rng.uniform(1.2, 1.5))
    left = rng.random() < 0.5
    block_y = rng.randint(4, 12)
    for index, (value, is_phi, in_header) in enumerate(phi):
        width = int(font.getbbox(value)[2])
        text = _place(value, font, (rng.randint(4, 10) if left else cols - width - rng.randint(6, 12),
                                    block_y + index * spacing), 0, rows, cols)
        if text is None:
            continue
        text.frames_drawn = tuple(range(early))
        for frame in text.frames_drawn:
            _paint(stack[frame], text, 0.95)
        texts.append(_truth(text, value, is_phi, in_header, True))
    labels = rng.sample(XA_LABELS, 3)
    for index, value in enumerate(labels):
        text = _place(value, font, (cols - int(font.getbbox(value)[2]) - 8 if left else 8,
                                    rows - 12 - (index + 1) * spacing), 0, rows, cols)
        if text is not None:
            for frame in range(frames):
                _paint(stack[frame], text, 0.9)
            texts.append(_truth(text, value, False, False, True))
    return np.clip(np.stack(stack), 0, 1), texts


# --------------------------------------------------------------------------- mammogram labels
def _mg_label(phi: list[tuple[str, bool, bool]], rng: random.Random) -> tuple[np.ndarray, list[RenderedText]]:
    """A breast on black from one side edge, a small printed label box of patient lines, a laterality marker."""
    rows, cols = rng.choice(((1024, 832), (1280, 1024), (1600, 1280)))
    nrng = np.random.default_rng(rng.randrange(2**32))
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    from_left = rng.random() < 0.5
    depth = (x if from_left else cols - 1 - x) / (rng.uniform(0.55, 0.75) * cols)
    across = (y - rows * rng.uniform(0.45, 0.55)) / (rng.uniform(0.38, 0.46) * rows)
    breast = depth ** 2 + across ** 2 < 1
    mottle = cv2.GaussianBlur(nrng.normal(0, 1, (rows, cols)).astype(np.float32), (0, 0), rng.uniform(4, 12))
    tissue = 0.55 + 0.25 * mottle / max(float(np.abs(mottle).max()), 1e-6) - 0.2 * np.clip(depth, 0, 1) ** 3
    canvas = np.where(breast, tissue, 0.02 + nrng.normal(0, 0.004, (rows, cols))).astype(np.float32)
    size = rng.randint(10, 16) * rows // 1024
    font = _font(rng, size)
    spacing = round(size * rng.uniform(1.25, 1.5))
    lines = phi[: rng.randint(2, 4)]
    width = max(int(font.getbbox(value)[2]) for value, _, _ in lines) + 2 * size
    height = spacing * len(lines) + size
    bx = cols - width - rng.randint(10, 40) if from_left else rng.randint(10, 40)
    by = rng.choice((rng.randint(10, 40), rows - height - rng.randint(10, 40)))
    dark_box = rng.random() < 0.3
    paper, ink = (0.08, 0.9) if dark_box else (rng.uniform(0.8, 0.95), 0.05)
    canvas[by:by + height, bx:bx + width] = paper
    canvas[by:by + height, [bx, bx + width - 1]] = ink
    canvas[[by, by + height - 1], bx:bx + width] = ink
    texts: list[RenderedText] = []
    for index, (value, is_phi, in_header) in enumerate(lines):
        text = _place(value, font, (bx + size, by + size // 2 + index * spacing), 0, rows, cols)
        if text is not None:
            _paint(canvas, text, ink)
            texts.append(_truth(text, value, is_phi, in_header, dark_box))
    marker = rng.choice(MG_MARKERS)
    big = _font(rng, 3 * size)
    mx = cols - int(big.getbbox(marker)[2]) - 30 if from_left else 30
    text = _place(marker, big, (mx, rows - 5 * size), 0, rows, cols)
    if text is not None and _free(_footprint(text, 2), [(bx, by, bx + width, by + height)], 4):
        _paint(canvas, text, 0.95)
        texts.append(_truth(text, marker, False, False, True))
    return np.clip(canvas, 0, 1)[None], texts


# --------------------------------------------------------------------------- grey consoles
def _grey_console(phi: list[tuple[str, bool, bool]], rng: random.Random) -> tuple[np.ndarray, list[RenderedText]]:
    """A console screenshot in greys: panels a few levels apart, an image viewport, low-contrast lines on panels."""
    rows, cols = rng.choice(((600, 800), (768, 1024), (480, 640)))
    nrng = np.random.default_rng(rng.randrange(2**32))
    base = rng.uniform(0.35, 0.6)
    canvas = np.full((rows, cols), base, np.float32)
    bar = rng.randint(30, 50)
    side = rng.randint(cols // 5, cols // 4)
    canvas[:bar] = base + rng.choice((-1, 1)) * rng.uniform(0.03, 0.08)
    canvas[bar:, :side] = base + rng.choice((-1, 1)) * rng.uniform(0.02, 0.06)
    view = cv2.GaussianBlur(nrng.normal(0, 1, (rows - bar - 20, cols - side - 20)).astype(np.float32), (0, 0), 6)
    canvas[bar + 10:rows - 10, side + 10:cols - 10] = np.clip(0.3 + 0.3 * view / max(float(np.abs(view).max()), 1e-6),
                                                            0, 1)
    canvas += nrng.normal(0, 0.004, canvas.shape).astype(np.float32)
    wanted = phi + [(t, False, False) for t in rng.sample(CONSOLE_LABELS, rng.randint(2, 4))]
    texts: list[RenderedText] = []
    taken: list[tuple[int, int, int, int]] = [(side + 10, bar + 10, cols - 10, rows - 10)]
    cursor = {"bar": rng.randint(6, 20), "side": bar + rng.randint(8, 20)}
    for value, is_phi, in_header in wanted:
        for _ in range(20):
            where = rng.choice(("bar", "side"))
            size = rng.randint(10, min(16, bar - 8)) if where == "bar" else rng.randint(10, 16)
            font = _font(rng, size)
            at = (cursor["bar"], (bar - size) // 2) if where == "bar" else (rng.randint(6, 14), cursor["side"])
            text = _place(value, font, at, 0, rows, cols)
            if text is None or not _free(_footprint(text, 0), taken, 3) or (where == "side" and
                                                                           _footprint(text, 0)[2] >= side):
                continue
            box = _footprint(text, 0)
            level = float(np.median(canvas[box[1]:box[3], box[0]:box[2]]))
            light = rng.random() < 0.6
            delta = rng.uniform(12, 40) / 255
            _paint(canvas, text, level + delta if light else level - delta)
            taken.append(text.box)
            if where == "bar":
                cursor["bar"] = text.box[2] + rng.randint(16, 40)
            else:
                cursor["side"] = text.box[3] + rng.randint(6, 14)
            texts.append(_truth(text, value, is_phi, in_header, light, low=True))
            break
    return np.clip(canvas, 0, 1)[None], texts
