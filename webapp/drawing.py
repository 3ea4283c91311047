"""The data the explorer page draws: plain node and edge lists for vis-network.

No pyvis ``Network`` here: its ``from_nx`` is quadratic and mutates the graph.
Nodes carry precomputed positions (physics stays off in the browser), a
``value`` from the node's PageRank percentile among the nodes of its kind
(vis-network scales the node and its label by it and hides labels too small
to read, so the most central concepts and articles are named when the whole
graph is in view and more names appear on zooming in), a ``group`` (node kind, or concept type) that picks colour and
shape, and a plain-text tooltip; edges are ``[from, to, style]`` triples whose
style indexes ``edge_styles``.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping

import networkx as nx

__all__ = ["EDGE_STYLES", "GROUPS", "drawing_data", "node_group"]

FONT = "Noto Sans CJK SC, Noto Sans, system-ui, sans-serif"

# group -> (legend label, colour, shape); the legend follows this order.
GROUPS: dict[str, tuple[str, str, str]] = {
    "hub": ("Hub (README)", "#1f2937", "star"),
    "section": ("Section / folder", "#9ca3af", "square"),
    "article": ("Article", "#3b82f6", "dot"),
    "model": ("Concept: model", "#f97316", "diamond"),
    "method": ("Concept: method", "#10b981", "diamond"),
    "architecture": ("Concept: architecture", "#8b5cf6", "diamond"),
    "task": ("Concept: task", "#ef4444", "diamond"),
    "loss": ("Concept: loss", "#a16207", "diamond"),
    "metric": ("Concept: metric", "#ec4899", "diamond"),
    "dataset": ("Concept: dataset", "#14b8a6", "diamond"),
    "concept": ("Concept: other", "#ca8a04", "diamond"),
    "candidate": ("Concept: candidate", "#64748b", "diamond"),
}

# edge kind -> vis-network edge options
EDGE_STYLES: dict[str, dict] = {
    "mentions": {"color": {"color": "#94a3b8", "opacity": 0.3}, "width": 0.5},
    "links_to": {"color": {"color": "#2563eb", "opacity": 0.7}, "width": 1.2, "arrows": "to"},
    "in_section": {"color": {"color": "#9ca3af", "opacity": 0.45}, "width": 0.6},
    "relation": {"color": {"color": "#ea580c", "opacity": 0.45}, "width": 0.9, "arrows": "to"},
    "other": {"color": {"color": "#cbd5e1", "opacity": 0.4}, "width": 0.5},
}

LABEL_CHARS = 16
VALUE_POWER = 8  # value = percentile ** 8: about the top tenth of each kind is named at full view
MIN_SPREAD = 200.0


def node_group(attrs: Mapping) -> str:
    """The drawing group of a node: its kind, or its type for concepts."""
    kind = attrs.get("kind", "")
    if kind == "concept":
        ctype = attrs.get("type", "concept")
        return ctype if ctype in GROUPS else "concept"
    return kind if kind in GROUPS else "section"


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """Cut a label to ``limit`` characters, marking the cut with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tooltip(node: str, attrs: Mapping) -> str:
    """A plain-text tooltip (vis-network shows strings with ``innerText``)."""
    kind = attrs.get("kind", "")
    lines = [str(attrs.get("label") or node)]
    if kind == "concept":
        lines.append(f"concept · {attrs.get('type', 'concept')}")
        aliases = [a for a in attrs.get("aliases") or [] if a]
        if aliases:
            lines.append("aka " + ", ".join(map(str, aliases[:6])))
        if attrs.get("description"):
            lines.append(short_label(attrs["description"], 160))
    elif kind == "article":
        lines.append(f"article · {attrs.get('corpus', '')}/{attrs.get('corpus_path', '')}")
    else:
        lines.append(kind)
    lines.append(f"degree {attrs.get('degree', 0)} · pagerank {float(attrs.get('pagerank', 0.0)):.4f}")
    return "\n".join(lines)


def _positions(G: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Node positions, spread out when the build stored unit-scale coordinates."""
    pos = {n: (float(a.get("x", 0.0) or 0.0), float(a.get("y", 0.0) or 0.0)) for n, a in G.nodes(data=True)}
    if not pos:
        return pos
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    spread = max(max(xs) - min(xs), max(ys) - min(ys))
    if 0 < spread < MIN_SPREAD:
        factor = 60.0 * math.sqrt(len(pos)) / spread
        pos = {n: (x * factor, y * factor) for n, (x, y) in pos.items()}
    return pos


def rank_values(G: nx.DiGraph) -> dict[str, float]:
    """Each node's PageRank percentile among the nodes of its kind, to the power ``VALUE_POWER``.

    A kind with a single node (the hub) gets 1.
    """
    by_kind: dict[str, list[float]] = {}
    for _, attrs in G.nodes(data=True):
        by_kind.setdefault(attrs.get("kind", ""), []).append(float(attrs.get("pagerank", 0.0) or 0.0))
    for ranks in by_kind.values():
        ranks.sort()
    values = {}
    for node, attrs in G.nodes(data=True):
        ranks = by_kind[attrs.get("kind", "")]
        if len(ranks) == 1:
            values[node] = 1.0
            continue
        position = bisect.bisect_left(ranks, float(attrs.get("pagerank", 0.0) or 0.0)) / (len(ranks) - 1)
        values[node] = round(position**VALUE_POWER, 4)
    return values


def drawing_data(G: nx.DiGraph, urls: Mapping[str, str | None]) -> dict:
    """Build the explorer's drawing data from ``G`` (not modified).

    Parameters
    ----------
    G : networkx.DiGraph
        An nlpmap graph (nodes with ``kind``, ``label``, ``x``, ``y``, ``pagerank``).
    urls : mapping
        Node id -> page URL (None for nodes without a page).

    Returns
    -------
    dict
        ``nodes`` (``id`` is the node's index, ``value`` in [0, 1]), ``edges`` (``[from, to, style]``),
        ``edge_styles``, ``groups`` (vis-network group options), ``legend``.
    """
    index = {node: i for i, node in enumerate(G)}
    values = rank_values(G)
    pos = _positions(G)
    nodes = []
    for node, attrs in G.nodes(data=True):
        x, y = pos[node]
        item = {
            "id": index[node],
            "label": short_label(attrs.get("label") or node),
            "title": tooltip(node, attrs),
            "group": node_group(attrs),
            "x": round(x, 1),
            "y": round(y, 1),
            "value": values[node],
        }
        if urls.get(node):
            item["url"] = urls[node]
        if attrs.get("kind") == "concept" and attrs.get("aliases"):
            item["terms"] = " | ".join(map(str, attrs["aliases"]))
        nodes.append(item)
    style_names = list(EDGE_STYLES)
    styles = {name: i for i, name in enumerate(style_names)}
    edges = [
        [index[u], index[v], styles.get(a.get("kind", "other"), styles["other"])] for u, v, a in G.edges(data=True)
    ]
    groups = {
        name: {
            "shape": shape,
            "color": {"background": color, "border": color, "highlight": {"background": color, "border": "#111827"}},
            "font": {"face": FONT, "color": "#111827", "strokeWidth": 3, "strokeColor": "#ffffff"},
        }
        for name, (_, color, shape) in GROUPS.items()
    }
    present = {item["group"] for item in nodes}
    legend = [
        {"group": name, "label": label, "color": color, "shape": shape}
        for name, (label, color, shape) in GROUPS.items()
        if name in present
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "edge_styles": [EDGE_STYLES[name] for name in style_names],
        "groups": groups,
        "legend": legend,
    }
