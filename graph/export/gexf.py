"""GEXF 1.2 for Gephi, laid out: positions, sizes and colours in the ``viz`` namespace."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from graph.export.common import xml_copy

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["KIND_COLOURS", "to_gexf", "write_gexf"]

#: RGB of each node kind (others are grey); the explorer's legend uses the same hues.
KIND_COLOURS = {
    "concept": (31, 119, 180),
    "article": (255, 127, 14),
    "section": (44, 160, 44),
    "hub": (214, 39, 40),
}
_SCALE = 1000.0  # layout coordinates are in [-1, 1]: Gephi expects screen-sized ones


def _viz(data: dict) -> dict:
    r, g, b = KIND_COLOURS.get(data.get("kind"), (127, 127, 127))
    degree = data.get("degree") or 0
    size = 4.0 + 2.0 * (float(degree) ** 0.5 if isinstance(degree, (int, float)) else 0.0)
    return {
        "position": {
            "x": float(data.get("x") or 0.0) * _SCALE,
            "y": float(data.get("y") or 0.0) * _SCALE,
            "z": 0.0,
        },
        "size": round(size, 3),
        "color": {"r": r, "g": g, "b": b, "a": 1.0},
    }


def to_gexf(G: nx.DiGraph) -> bytes:
    """The GEXF document of ``G`` as UTF-8 bytes."""
    import networkx as nx

    H = xml_copy(G)
    for (_, data), node in zip(H.nodes(data=True), G):  # same order; ids may be made XML-safe
        data["viz"] = _viz(G.nodes[node])
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8", version="1.2draft")
    return buf.getvalue()


def write_gexf(G: nx.DiGraph, path: Path) -> Path:
    """Write :func:`to_gexf` to ``path``."""
    path = Path(path)
    path.write_bytes(to_gexf(G))
    return path
