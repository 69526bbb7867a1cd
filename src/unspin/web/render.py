"""Server-side drawing for the pages: safe links, the map and the plots, as SVG markup.

Everything returned here is markup built from escaped values (``markupsafe.escape``), so
templates can insert it with ``|safe``; nothing from an article reaches an attribute
unescaped, and only ``http``/``https`` URLs ever become links.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

MAP_WIDTH, MAP_HEIGHT = 360, 180
LEGEND_ROW = 14  # px between two rows of a chart's legend
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac")


def safe_href(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host, else None (never a
    ``javascript:``, ``data:`` or relative link from article data)."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if any(ord(c) < 33 for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def path_part(value: str) -> str:
    """``value`` quoted for one URL path segment (an outlet name with a slash stays one)."""
    return quote(value, safe="")


def _xy(lon: float, lat: float) -> tuple[float, float]:
    return lon + 180.0, 90.0 - lat


def world_map(places: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]] = (),
              label: str = "map of places") -> Markup:
    """An SVG map: the shipped country outlines, one circle per place (area ∝ articles)
    and one diamond per event place; names in ``<title>`` tooltips."""
    parts = [(f'<svg class="worldmap" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="img" '
              f'aria-label="{escape(label)}">'),
             (f'<image href="/static/world.svg" x="0" y="0" width="{MAP_WIDTH}" '
              f'height="{MAP_HEIGHT}"/>')]
    top = max((int(p.get("articles") or 1) for p in places), default=1)
    for place in places:
        lat, lon = place.get("lat"), place.get("lon")
        if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
            continue
        x, y = _xy(float(lon), float(lat))
        n = int(place.get("articles") or 1)
        r = 0.8 + 2.2 * math.sqrt(n / top)
        parts.append(f'<circle class="place" cx="{x:.2f}" cy="{y:.2f}" r="{r:.2f}">'
                     f"<title>{escape(place.get('name'))} · {n} article(s)</title></circle>")
    for event in events:
        lat, lon = event.get("lat"), event.get("lon")
        if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
            continue
        x, y = _xy(float(lon), float(lat))
        d = 1.8
        parts.append(f'<path class="event" d="M{x:.2f} {y - d:.2f}L{x + d:.2f} {y:.2f}'
                     f'L{x:.2f} {y + d:.2f}L{x - d:.2f} {y:.2f}Z"><title>'
                     f"{escape(event.get('event_type'))}"
                     f"{' / ' + str(escape(event.get('sub_event_type'))) if event.get('sub_event_type') else ''}"
                     f" · {escape(event.get('place'))} · {int(event.get('count') or 1)}"
                     f"</title></path>")
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float]], label: str,
              height: int = 160, stacked: bool = True) -> Markup:
    """A bar chart as SVG: one bar (stacked by series) per label, a legend, value titles."""
    width = max(320, 28 * len(labels) + 60)
    plot_h = height - 40
    totals = [sum(values[i] for values in series.values()) if stacked
              else max((values[i] for values in series.values()), default=0)
              for i in range(len(labels))]
    top = max(totals, default=0) or 1.0
    step = (width - 50) / max(1, len(labels))
    bar = max(4.0, step * 0.7)
    # side by side when not stacked, so that no bar hides another
    slot = bar if stacked else bar / max(1, len(series))
    # a tick label every ``every`` bars, at least ~70 px apart (a date is ~60 px wide)
    every = max(1, math.ceil(70 / step))
    parts = [(f'<svg class="plot" viewBox="0 0 {width} {height}" role="img" '
              f'aria-label="{escape(label)}">'),
             f'<line class="axis" x1="40" y1="{plot_h + 5}" x2="{width - 5}" y2="{plot_h + 5}"/>',
             f'<text class="tick" x="36" y="12" text-anchor="end">{top:g}</text>',
             f'<text class="tick" x="36" y="{plot_h + 5}" text-anchor="end">0</text>']
    for i, name in enumerate(labels):
        x = 45 + i * step
        base = plot_h + 5.0
        for k, (series_name, values) in enumerate(series.items()):
            value = float(values[i])
            if value <= 0:
                continue
            h = plot_h * value / top
            y = base - h if stacked else plot_h + 5 - h
            x_bar = x if stacked else x + k * slot
            parts.append(f'<rect class="bar" x="{x_bar:.1f}" y="{y:.1f}" width="{slot:.1f}" '
                         f'height="{h:.1f}" fill="{PALETTE[k % len(PALETTE)]}"><title>'
                         f"{escape(name)} · {escape(series_name)}: {value:g}</title></rect>")
            if stacked:
                base -= h
        if i % every == 0:
            parts.append(f'<text class="tick" x="{x + bar / 2:.1f}" y="{height - 22}" '
                         f'text-anchor="middle">{escape(name)}</text>')
    return _closed(parts, _legend(list(series), height, width), width, height)


def _legend(names: Sequence[str], height: int, width: int) -> tuple[list[str], int]:
    """Colour swatches and series names under a chart, wrapped to the chart's width;
    returns the SVG parts and the extra height the rows after the first take."""
    parts = []
    x, row = 45.0, 0
    for k, series_name in enumerate(names):
        item = 14 + 6.2 * len(series_name)
        if x > 45.0 and x + item > width - 5:
            x, row = 45.0, row + 1
        y = height - 4 + row * LEGEND_ROW
        parts.append(f'<rect x="{x:.0f}" y="{y - 8}" width="8" height="8" '
                     f'fill="{PALETTE[k % len(PALETTE)]}"/>'
                     f'<text class="legend" x="{x + 11:.0f}" y="{y}">'
                     f"{escape(series_name)}</text>")
        x += item
    return parts, row * LEGEND_ROW


def _closed(parts: list[str], legend: tuple[list[str], int], width: int, height: int) -> Markup:
    """The chart's SVG with its legend, the view box grown to hold every legend row."""
    items, extra = legend
    parts[0] = parts[0].replace(f'viewBox="0 0 {width} {height}"',
                                f'viewBox="0 0 {width} {height + extra}"', 1)
    return Markup("".join(parts + items + ["</svg>"]))


def line_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], label: str,
               height: int = 160, top: float = 1.0) -> Markup:
    """A line chart of shares (0–``top``) as SVG, one polyline and dots per series."""
    width = max(320, 28 * len(labels) + 60)
    plot_h = height - 40
    # the last point stands 40 px from the right edge, so that its label is not cut
    step = (width - 90) / max(1, len(labels) - 1) if len(labels) > 1 else 0
    every = max(1, math.ceil(70 / step)) if step else 1
    parts = [(f'<svg class="plot" viewBox="0 0 {width} {height}" role="img" '
              f'aria-label="{escape(label)}">'),
             f'<line class="axis" x1="40" y1="{plot_h + 5}" x2="{width - 5}" y2="{plot_h + 5}"/>',
             f'<text class="tick" x="36" y="12" text-anchor="end">{top:g}</text>',
             f'<text class="tick" x="36" y="{plot_h + 5}" text-anchor="end">0</text>']
    for k, (series_name, values) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        points = []
        for i, value in enumerate(values):
            if value is None:
                continue
            x, y = 50 + i * step, plot_h + 5 - plot_h * float(value) / top
            points.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                         f"<title>{escape(labels[i])} · {escape(series_name)}: {value}</title>"
                         f"</circle>")
        if len(points) > 1:
            parts.append(f'<polyline class="line" fill="none" stroke="{colour}" '
                         f'points="{" ".join(points)}"/>')
    for i, name in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1 and (i % every) * step >= 70:
            parts.append(f'<text class="tick" x="{50 + i * step:.1f}" y="{height - 22}" '
                         f'text-anchor="middle">{escape(name)}</text>')
    return _closed(parts, _legend(list(series), height, width), width, height)


def snippet_html(snippet: str, start: str, end: str) -> Markup:
    """A search snippet with its match markers turned into ``<mark>`` (the rest escaped)."""
    out: list[str] = []
    inside = False
    for piece in snippet.replace(end, start).split(start):
        out.append(f"<mark>{escape(piece)}</mark>" if inside else str(escape(piece)))
        inside = not inside
    return Markup("".join(out))
