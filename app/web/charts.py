"""Charts as server-side SVG markup drawn from counts, each with a title for screen readers and a table alternative.

Suppressed cells stay honest: a small cell ("<11") is drawn hatched at the most it could be, a hidden one as a
dashed outline at the least it could be; no number is ever guessed.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from ..cohorts.counts import HIDDEN

Cell = int | str
ROW = 22
LABEL_WIDTH = 112
BAR_WIDTH = 200
WIDTH = LABEL_WIDTH + BAR_WIDTH + 88  # room after the longest bar for its number
BAR_COLOUR = "#0b5cad"
STATUS_COLOURS = {"present": "#1d6b32", "uncertain": "#8a5300", "absent": "#4a5868"}
SEGMENT_TEXT_MIN = 26  # px: narrower segments leave their number to the table


def bar_chart(chart_id: str, title: str, cells: dict[str, Cell], threshold: int) -> Markup:
    """Return a figure with one horizontal bar per cell, its value at the bar's end."""
    scale = _scale([_extent(v, threshold) for v in cells.values()])
    parts = [_patterns(chart_id, {"bar": BAR_COLOUR})]
    for row, (name, value) in enumerate(cells.items()):
        y = row * ROW
        length = _extent(value, threshold) * scale
        parts.append(_row_label(name, y))
        parts.append(_rect(chart_id, "bar", BAR_COLOUR, LABEL_WIDTH, y + 3, length, value))
        parts.append(f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 15}">{escape(str(value))}</text>')
    table = _table(title, ("Count",), [(name, (value,)) for name, value in cells.items()])
    return _figure(chart_id, title, _spoken(cells), len(cells), "".join(parts), table)


def stacked_chart(chart_id: str, title: str, rows: dict[str, dict[str, Cell]], threshold: int) -> Markup:
    """Return a figure with one bar per row, split into its status segments (present, uncertain, absent)."""
    statuses = [s for s in STATUS_COLOURS if any(s in parts for parts in rows.values())]
    scale = _scale([sum(_extent(parts.get(s, 0), threshold) for s in statuses) for parts in rows.values()])
    drawn = [_patterns(chart_id, {s: STATUS_COLOURS[s] for s in statuses})]
    for row, (name, parts) in enumerate(rows.items()):
        y, x = row * ROW, float(LABEL_WIDTH)
        drawn.append(_row_label(name, y))
        for status in statuses:
            value = parts.get(status, 0)
            length = _extent(value, threshold) * scale
            drawn.append(_rect(chart_id, status, STATUS_COLOURS[status], x, y + 3, length, value))
            if isinstance(value, int) and value and length >= SEGMENT_TEXT_MIN:
                drawn.append(f'<text class="inside" x="{x + length / 2:.1f}" y="{y + 15}" '
                             f'text-anchor="middle">{value}</text>')
            x += length
        if statuses:
            first = statuses[0]
            drawn.append(f'<text x="{x + 4:.1f}" y="{y + 15}">{escape(str(parts.get(first, 0)))} {first}</text>')
    spoken = "; ".join(f"{name}: " + ", ".join(f"{s} {str(parts.get(s, 0))}" for s in statuses)
                       for name, parts in rows.items())
    table = _table(title, tuple(s.capitalize() for s in statuses),
                   [(name, tuple(parts.get(s, 0) for s in statuses)) for name, parts in rows.items()])
    legend = " ".join(f'<span class="item"><span class="key {s}"></span> {s}</span>' for s in statuses)
    return _figure(chart_id, title, spoken, len(rows), "".join(drawn), table, legend)


def _extent(value: Cell, threshold: int) -> int:
    """Return the length a cell is drawn at: its value, the most a small cell can be, the least a hidden one is."""
    if isinstance(value, int):
        return value
    return threshold if value == HIDDEN else threshold - 1


def _scale(lengths: list[int]) -> float:
    return BAR_WIDTH / max([1, *lengths])


def _patterns(chart_id: str, colours: dict[str, str]) -> str:
    """Return one hatch pattern per colour: small cells are drawn hatched, so they never pass for exact."""
    return "<defs>" + "".join(
        f'<pattern id="{chart_id}-{key}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{colour}" stroke-width="3"/></pattern>'
        for key, colour in colours.items()) + "</defs>"


def _rect(chart_id: str, key: str, colour: str, x: float, y: int, length: float, value: Cell) -> str:
    if isinstance(value, int):
        return f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{ROW - 6}" fill="{colour}"/>' if value else ""
    if value == HIDDEN:
        return (f'<rect x="{x + 0.5:.1f}" y="{y + 0.5}" width="{max(length - 1, 0):.1f}" height="{ROW - 7}" '
                f'fill="none" stroke="{colour}" stroke-dasharray="3 2"/>')
    return (f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{ROW - 6}" fill="url(#{chart_id}-{key})" '
            f'stroke="{colour}"/>')


def _row_label(name: str, y: int) -> str:
    shown = name if len(name) <= 16 else name[:15] + "…"
    return f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(shown)}</text>'


def _spoken(cells: dict[str, Cell]) -> str:
    return ", ".join(f"{name} {str(value)}" for name, value in cells.items()) or "no studies"


def _table(title: str, columns: tuple[str, ...], rows: list[tuple[str, tuple[Cell, ...]]]) -> str:
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
    body = "".join(f'<tr><th scope="row">{escape(name)}</th>'
                   + "".join(f"<td>{escape(str(v))}</td>" for v in values) + "</tr>" for name, values in rows)
    return (f'<details><summary>{escape(title)} as a table</summary><div class="table-wrap"><table>'
            f'<thead><tr><td></td>{head}</tr></thead><tbody>{body}</tbody></table></div></details>')


def _figure(chart_id: str, title: str, spoken: str, rows: int, drawing: str, table: str,
            legend: str = "") -> Markup:
    height = max(rows, 1) * ROW
    legend = f' <span class="legend">{legend}</span>' if legend else ""
    return Markup(
        f'<figure class="chart"><figcaption>{escape(title)}{legend}</figcaption>'
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}: {escape(spoken)}</title>{drawing}</svg>{table}</figure>')
