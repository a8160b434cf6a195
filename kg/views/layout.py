"""Fixed layouts: nodes placed in Python so that a page is still the moment it is drawn.

>>> pos, bands = rows_layout([["a"], ["b", "c"]], {"b": ["a"], "c": ["a"]}, row_height=100, column_width=200, labels=["top", "bottom"])
>>> pos["a"], pos["b"], pos["c"]
((0.0, 0.0), (-100.0, 100.0), (100.0, 100.0))
>>> [b["label"] for b in bands]
['top', 'bottom']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any


def _bary(node: str, neighbours: Mapping[str, Sequence[str]], x: Mapping[str, float]) -> float | None:
    xs = [x[m] for m in neighbours.get(node, ()) if m in x]
    return sum(xs) / len(xs) if xs else None


def rows_layout(
    rows: Sequence[Sequence[str]],
    neighbours: Mapping[str, Sequence[str]],
    *,
    row_height: float,
    column_width: float,
    labels: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    sweeps: int = 4,
) -> tuple[dict[str, tuple[float, float]], list[dict[str, Any]]]:
    """One row per level (the first row on top), nodes in a row ordered to follow their
    neighbours in the other rows (barycentre sweeps), centred on x = 0. Empty rows keep
    their place so that a level is always at the same height. Returns positions and one
    band per row (for the page to draw the level names)."""
    order = [list(r) for r in rows]
    x: dict[str, float] = {}

    def place(i: int) -> None:
        r = order[i]
        for j, n in enumerate(r):
            x[n] = (j - (len(r) - 1) / 2) * column_width

    for i in range(len(order)):
        place(i)
    for s in range(sweeps):
        seq = range(len(order)) if s % 2 == 0 else range(len(order) - 1, -1, -1)
        for i in seq:
            current = {n: x[n] for n in order[i]}
            keyed = []
            for j, n in enumerate(order[i]):
                b = _bary(n, neighbours, {k: v for k, v in x.items() if k not in current})
                keyed.append((b if b is not None else current[n], j, n))
            order[i] = [n for _, _, n in sorted(keyed)]
            place(i)
    pos = {}
    bands = []
    for i, r in enumerate(order):
        y = i * row_height
        for n in r:
            pos[n] = (float(x[n]), float(y))
        band: dict[str, Any] = {"y0": y - row_height / 2, "y1": y + row_height / 2, "label": labels[i] if labels else ""}
        if colors:
            band["color"] = colors[i]
        bands.append(band)
    return pos, bands


def grouped_bands(
    bands: Sequence[tuple[str, str | None, Sequence[tuple[str, Sequence[str]]]]],
    *,
    node_width: float,
    node_height: float,
    columns: int,
    band_width: float,
    group_gap: float = 50,
    caption_height: float = 34,
    band_gap: float = 70,
) -> tuple[dict[str, tuple[float, float]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Bands (label, colour, groups) from top to bottom; in each band, groups (caption,
    nodes) flow left to right and wrap at ``band_width``; each group is a grid of at most
    ``columns`` columns with its caption above. Returns positions, bands and captions."""
    pos: dict[str, tuple[float, float]] = {}
    out_bands: list[dict[str, Any]] = []
    captions: list[dict[str, Any]] = []
    y = 0.0
    for label, color, groups in bands:
        top = y
        x = 0.0
        line_h = 0.0
        for caption, nodes in groups:
            if not nodes:
                continue
            cols = max(1, min(columns, len(nodes)))
            rows = math.ceil(len(nodes) / cols)
            w = cols * node_width
            h = caption_height + rows * node_height
            if x > 0 and x + w > band_width:
                x = 0.0
                y += line_h + group_gap / 2
                line_h = 0.0
            captions.append({"x": x, "y": y + caption_height * 0.55, "text": caption})
            for i, n in enumerate(nodes):
                r, c = divmod(i, cols)
                pos[n] = (x + (c + 0.5) * node_width, y + caption_height + (r + 0.5) * node_height)
            x += w + group_gap
            line_h = max(line_h, h)
        y += line_h
        band: dict[str, Any] = {"y0": top - band_gap / 3, "y1": y + band_gap / 3, "label": label}
        if color:
            band["color"] = color
        out_bands.append(band)
        y += band_gap
    return pos, out_bands, captions


GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def sunflower(n: int, spacing: float) -> list[tuple[float, float]]:
    """``n`` points evenly spread over a disc (Vogel's spiral), the first at the centre;
    neighbours are about ``spacing`` apart."""
    c = spacing / math.sqrt(math.pi) * 1.05
    return [(c * math.sqrt(i) * math.cos(i * GOLDEN_ANGLE), c * math.sqrt(i) * math.sin(i * GOLDEN_ANGLE)) for i in range(n)]


def pack_discs(radii: Sequence[float], gap: float = 60.0) -> list[tuple[float, float]]:
    """Centres of discs placed largest-first along a spiral, each at the first point where it
    overlaps none placed before (regions of the department network)."""
    placed: list[tuple[float, float, float]] = []
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(radii)
    for i in sorted(range(len(radii)), key=lambda k: -radii[k]):
        r = radii[i]
        if not placed:
            placed.append((0.0, 0.0, r))
            out[i] = (0.0, 0.0)
            continue
        step = max(8.0, r / 4)
        k = 0
        while True:
            k += 1
            rho = step * math.sqrt(k) * 2
            x, y = rho * math.cos(k * GOLDEN_ANGLE), rho * math.sin(k * GOLDEN_ANGLE)
            if all(math.hypot(x - px, y - py) >= r + pr + gap for px, py, pr in placed):
                break
        placed.append((x, y, r))
        out[i] = (x, y)
    return out
