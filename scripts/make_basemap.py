"""Make the web app's offline basemap ``src/unspin/web/static/world.svg``.

Input: ``countries-110m.json`` of the npm package ``world-atlas`` 2.0.2 (ISC licence), a
TopoJSON of Natural Earth's 1:110m Admin 0 country boundaries (public domain). Get it with
``npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz`` and run
``python scripts/make_basemap.py package/countries-110m.json``.

Output: one SVG in equirectangular projection, ``viewBox="0 0 360 180"`` (x = lon + 180,
y = 90 - lat), the same frame as the maps the app draws its places on; coordinates at 0.1°,
which is below the 1:110m data's precision.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "unspin" / "web" / "static" / "world.svg"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for r in rings:
        # A ring that crosses the antimeridian (Russia, Fiji, Antarctica) is cut there into
        # pieces, so that no stroke runs across the whole map.
        pieces: list[list[str]] = [[]]
        last = None
        previous_lon = None
        for lon, lat in r:
            if previous_lon is not None and abs(lon - previous_lon) > 180:
                pieces.append([])
            previous_lon = lon
            xy = f"{lon + 180:.1f} {90 - lat:.1f}"
            if xy != last:
                pieces[-1].append(xy)
            last = xy
        closed = len(pieces) == 1
        for coords in pieces:
            if len(coords) >= 2:
                parts.append("M" + "L".join(coords) + ("Z" if closed else ""))
    return "".join(parts)


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    paths = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = ([geometry["arcs"]] if geometry["type"] == "Polygon"
                    else geometry.get("arcs", []) if geometry["type"] == "MultiPolygon" else [])
        rings = [ring(r, arcs) for polygon in polygons for r in polygon]
        d = path(rings)
        if d:
            paths.append(f'<path d="{d}"/>')
    OUT.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180">'
        "<!-- Natural Earth 1:110m countries (public domain), via world-atlas 2.0.2 (ISC) -->"
        '<rect width="360" height="180" fill="#eef3f7"/>'
        '<g fill="#dfe3d6" stroke="#9aa39a" stroke-width="0.15">' + "".join(paths) + "</g></svg>\n",
        encoding="utf-8")
    print(f"{OUT}: {len(paths)} countries, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
