"""Inline SVG charts for the run report, drawn by hand so the page needs no script, no
library and no network: stacked horizontal bars (the funnel) and kept-vs-rejected
histograms with threshold lines.

Pure functions from numbers to an ``<svg>`` string. Every chart has a ``<title>`` (its
accessible name) and each bar a ``<title>`` with its exact numbers, which browsers show
on hover. Text widths are estimated (no layout engine here), generously.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vicorpus.release.report.markup import esc, fmt_number, fmt_share

KEPT = "#3569b0"
REJECTED = "#e07b22"
DUPLICATE = "#8a63b8"
QUARANTINED = "#8c8c8c"
REWRITTEN = "#cfcfcf"
THRESHOLD = "#c0392b"
INK = "#333"
GRID = "#e3e3e3"
# Average advance of a character at font-size 1 in the system sans-serif fonts.
CHAR_WIDTH = 0.58


@dataclass(frozen=True)
class Series:
    name: str
    color: str


@dataclass(frozen=True)
class BarRow:
    label: str
    parts: tuple[float, ...]  # one value per series, drawn left to right
    note: str = ""  # written right of the bars


def _svg(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg role="img" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" class="chart">'
        f"<title>{esc(title)}</title><desc>{esc(desc)}</desc>{''.join(body)}</svg>"
    )


def _text(
    x: float, y: float, text: str, size: float = 11, anchor: str = "start", fill: str = INK, halo: bool = False
) -> str:
    # A white outline under the glyphs keeps a label readable where it crosses a line.
    outline = ' stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"' if halo else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" fill="{fill}"{outline}>'
        f"{esc(text)}</text>"
    )


def _rect(x: float, y: float, width: float, height: float, fill: str, title: str = "", extra: str = "") -> str:
    tip = f"<title>{esc(title)}</title>" if title else ""
    return (
        f'<rect x="{x:.2f}" y="{y:.2f}" width="{max(width, 0):.2f}" height="{max(height, 0):.2f}" '
        f'fill="{fill}"{extra}>{tip}</rect>'
    )


def _clip(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: chars - 1] + "…"


def _legend(x: float, y: float, series: Sequence[tuple[str, str]]) -> list[str]:
    parts = []
    for name, color in series:
        parts.append(_rect(x, y - 9, 10, 10, color))
        parts.append(_text(x + 14, y, name, size=11))
        x += 14 + len(name) * 11 * CHAR_WIDTH + 18
    return parts


def stacked_bars(title: str, series: Sequence[Series], rows: Sequence[BarRow], width: float = 820) -> str:
    """One horizontal bar per row, its parts stacked in series order, all on one scale."""
    label_w, note_w, row_h, top = 190.0, 210.0, 24.0, 30.0
    bar_w = width - label_w - note_w - 16
    scale = max((sum(row.parts) for row in rows), default=0) or 1
    body = _legend(label_w, 16, [(s.name, s.color) for s in series])
    for index, row in enumerate(rows):
        y = top + index * row_h
        label = _text(label_w - 8, y + 13, _clip(row.label, 30), anchor="end")
        body.append(f"<g><title>{esc(row.label)}</title>{label}</g>")
        x = label_w
        for part, kind in zip(row.parts, series, strict=True):
            if part <= 0:
                continue
            length = bar_w * part / scale
            tip = f"{row.label}: {kind.name} {fmt_number(part)} ({fmt_share(part, sum(row.parts))})"
            body.append(_rect(x, y + 3, max(length, 1.0), 15, kind.color, tip))
            x += length
        body.append(_text(label_w + bar_w + 10, y + 13, row.note, size=11))
    height = top + len(rows) * row_h + 6
    desc = "; ".join(f"{row.label}: " + ", ".join(fmt_number(p) for p in row.parts) for row in rows)
    return _svg(width, height, title, desc, body)


# --- histograms -------------------------------------------------------------------------


def bin_position(value: float, edges: Sequence[float], log: bool) -> float:
    """Where ``value`` sits on an axis of bin indices (bin i spans [i, i + 1)):
    interpolated linearly on linear scales and on log scales' zero bin, by log10 else."""
    if value <= edges[0]:
        return 0.0
    for index in range(len(edges) - 1):
        low, high = edges[index], edges[index + 1]
        if value < high:
            if log and low > 0:
                fraction = (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))
            else:
                fraction = (value - low) / (high - low)
            return index + fraction
    return float(len(edges) - 1)


def edge_label(edge: float) -> str:
    for factor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if edge >= factor:
            return f"{edge / factor:.3g}{suffix}"
    return f"{edge:.3g}"


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-12:
            return step * power
    return 10 * power


def _shown_bins(hist: Mapping[str, Any], positions: Sequence[float]) -> tuple[int, int]:
    """The bins drawn: all of a linear axis; on a log axis (33 quarter decades, most of
    them empty) the bins holding data or a threshold, with one bin of margin."""
    bins = len(hist["edges"]) - 1
    if hist.get("scale") != "log":
        return 0, bins
    used = [i for i in range(bins) if hist["kept"][i] or hist["rejected"][i]]
    used += [min(int(p), bins - 1) for p in positions]
    if not used:
        return 0, bins
    return max(0, min(used) - 1), min(bins, max(used) + 2)


def histogram(column: str, hist: Mapping[str, Any], width: float = 360) -> str:
    """Kept and rejected documents per bin of ``column``, each as a share of its own
    bucket (so a few hundred rejected documents stay visible next to millions kept),
    with every threshold as a vertical line over the side it drops."""
    edges: list[float] = list(hist["edges"])
    kept: list[int] = list(hist["kept"])
    rejected: list[int] = list(hist["rejected"])
    log = hist.get("scale") == "log"
    thresholds = list(hist.get("thresholds", []))
    positions = [bin_position(float(t["limit"]), edges, log) for t in thresholds]
    low, high = _shown_bins(hist, positions)
    kept_total, rejected_total = sum(kept), sum(rejected)

    left, right, bottom = 40.0, 12.0, 46.0
    top = 12.0 + 14.0 * max(len(thresholds), 1)
    height = top + 130.0 + bottom
    plot_w, plot_h = width - left - right, height - top - bottom
    bin_w = plot_w / max(high - low, 1)
    shares = [k / kept_total for k in kept if kept_total] + [r / rejected_total for r in rejected if rejected_total]
    y_max = _nice_ceiling(max(shares, default=0.0) * 100) / 100

    def y_of(share: float) -> float:
        return top + plot_h * (1 - share / y_max)

    def x_of(position: float) -> float:
        return left + (position - low) * bin_w

    body: list[str] = []
    for fraction in (0.0, 0.5, 1.0):
        y = y_of(y_max * fraction)
        body.append(f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 5, y + 3.5, f"{100 * y_max * fraction:g} %", size=10, anchor="end"))
    for position, threshold in zip(positions, thresholds, strict=True):
        x = x_of(position)
        start, end = (left, x) if threshold["op"] == "<" else (x, left + plot_w)
        body.append(_rect(start, top, end - start, plot_h, THRESHOLD, extra=' fill-opacity="0.07"'))

    bar_w = bin_w * 0.42
    for index in range(low, high):
        if not kept[index] and not rejected[index]:
            continue
        x = x_of(index)
        tip = (
            f"{column} in [{edge_label(edges[index])}, {edge_label(edges[index + 1])}): "
            f"kept {fmt_number(kept[index])} ({fmt_share(kept[index], kept_total)}), "
            f"rejected {fmt_number(rejected[index])} ({fmt_share(rejected[index], rejected_total)})"
        )
        group = [f"<title>{esc(tip)}</title>", _rect(x, top, bin_w, plot_h, "transparent")]
        if kept[index]:
            y = y_of(kept[index] / kept_total)
            group.append(_rect(x + bin_w * 0.08, y, bar_w, max(top + plot_h - y, 1.0), KEPT))
        if rejected[index]:
            y = y_of(rejected[index] / rejected_total)
            group.append(_rect(x + bin_w * 0.5, y, bar_w, max(top + plot_h - y, 1.0), REJECTED))
        body.append(f'<g class="bin">{"".join(group)}</g>')

    axis_y = top + plot_h
    body.append(f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{axis_y:.1f}" y2="{axis_y:.1f}" stroke="{INK}"/>')
    for index in _labelled_edges(low, high, log):
        x = x_of(index)
        body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{axis_y:.1f}" y2="{axis_y + 4:.1f}" stroke="{INK}"/>')
        body.append(_text(x, axis_y + 15, edge_label(edges[index]), size=10, anchor="middle"))

    labels = []
    for rank, (position, threshold) in enumerate(zip(positions, thresholds, strict=True)):
        x = x_of(position)
        label_y = 12.0 + 14.0 * rank
        label = f"{threshold['stage']} · {threshold['reason']} {threshold['op']} {float(threshold['limit']):g}"
        body.append(
            f'<line class="threshold" x1="{x:.1f}" x2="{x:.1f}" y1="{label_y + 3:.1f}" y2="{axis_y:.1f}" '
            f'stroke="{THRESHOLD}" stroke-width="1.5" stroke-dasharray="4 2"><title>{esc(label)}</title></line>'
        )
        text_w = len(label) * 10 * CHAR_WIDTH
        if x + 4 + text_w <= width:
            labels.append(_text(x + 4, label_y + 4, label, size=10, fill=THRESHOLD, halo=True))
        else:
            labels.append(_text(max(x - 4, text_w), label_y + 4, label, 10, "end", THRESHOLD, halo=True))
    body += labels  # after every line: a label may cross another threshold's line

    legend_y = height - 8
    body += _legend(
        left,
        legend_y,
        [(f"kept ({fmt_number(kept_total)})", KEPT), (f"rejected ({fmt_number(rejected_total)})", REJECTED)],
    )
    if not kept_total and not rejected_total:
        body.append(_text(left + plot_w / 2, top + plot_h / 2, "no values", size=12, anchor="middle"))
    scale = "log scale, quarter decades" if log else "linear scale"
    title = f"Histogram of {column} ({scale}): kept vs rejected documents, share of each bucket per bin"
    desc = f"kept {kept_total}, rejected {rejected_total}; thresholds: " + (
        ", ".join(f"{t['reason']} {t['op']} {t['limit']:g}" for t in thresholds) or "none"
    )
    return _svg(width, height, title, desc, body)


def _labelled_edges(low: int, high: int, log: bool) -> list[int]:
    """Edge indices that get a value label: every fifth on linear axes (0, 0.25, …);
    on log axes each decade, or every edge when only a few bins are shown."""
    if not log:
        return [i for i in range(low, high + 1) if i % 5 == 0]
    if high - low <= 8:
        return list(range(low, high + 1))
    return [i for i in range(low, high + 1) if i == 0 or (i - 1) % 4 == 0]
