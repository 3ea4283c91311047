"""The data the explorer page draws: plain node and edge lists for vis-network.

No pyvis ``Network`` here: its ``from_nx`` is quadratic and mutates the graph.
Nodes carry precomputed positions (physics stays off in the browser), a
``value`` from the node's PageRank rank among the nodes of its kind (the
first ``LABEL_BUDGET[kind]`` nodes of each kind get a value of at least
:data:`LABELLED_VALUE`; the explorer sizes labels so that those are named
when the whole map is in view, less any whose label would overlap a more
central one, and every label appears on zooming in),
a ``group`` (node kind, or concept type) that picks colour and shape, and a
plain-text tooltip; edges are ``[from, to, style]`` triples whose style
indexes ``edge_styles``: links stand out (the many links of the hub and of
index pages less so), mentions are light, ontology relations faint and dashed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx

__all__ = [
    "EDGE_STYLES",
    "GROUPS",
    "drawing_data",
    "edge_style",
    "index_pages",
    "label_values",
    "node_group",
    "specificity",
]

FONT = "Noto Sans CJK SC, Noto Sans, system-ui, sans-serif"

# group -> (legend label, colour, shape); the legend follows this order.
GROUPS: dict[str, tuple[str, str, str]] = {
    "hub": ("Hub (README)", "#1f2937", "star"),
    "section": ("Hub section, folder/", "#9ca3af", "square"),
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

# edge kind -> vis-network edge options, ordered from the faintest (drawn first) to the strongest.
# ``batch`` styles are the many faint kinds: the explorer strokes them itself, one canvas path per
# style under the nodes, instead of making a vis-network edge object for each (a 10,000-node map
# has 30,000 of them); the links stay vis-network edges, with arrows.
EDGE_STYLES: dict[str, dict] = {
    "relation": {"color": {"color": "#f97316", "opacity": 0.35}, "width": 0.6, "dashes": [3, 5], "batch": True},
    "co_occurs": {"color": {"color": "#a855f7", "opacity": 0.25}, "width": 0.5, "dashes": [1, 4], "batch": True},
    "similar": {"color": {"color": "#0ea5e9", "opacity": 0.3}, "width": 0.6, "dashes": [6, 4], "batch": True},
    "other": {"color": {"color": "#cbd5e1", "opacity": 0.3}, "width": 0.5, "batch": True},
    "mentions": {"color": {"color": "#94a3b8", "opacity": 0.4}, "width": 0.7, "batch": True},
    "in_section": {"color": {"color": "#6b7280", "opacity": 0.6}, "width": 1.2, "batch": True},
    "index_links": {"color": {"color": "#2563eb", "opacity": 0.28}, "width": 0.8, "arrows": "to"},
    "links_to": {"color": {"color": "#2563eb", "opacity": 0.8}, "width": 1.6, "arrows": "to"},
}
# the edge legend: (style, label), in EDGE_STYLES order
EDGE_LEGEND: tuple[tuple[str, str], ...] = (
    ("relation", "Ontology relation"),
    ("co_occurs", "Co-occurring concepts"),
    ("similar", "Similar articles"),
    ("mentions", "Mentions (article → concept)"),
    ("in_section", "In section / folder"),
    ("index_links", "Link from the hub or an index page"),
    ("links_to", "Link between articles"),
)

LABEL_CHARS = 16
INDEX_LINKS = 12
# nodes of each kind named when the whole map is in view (the rest on zooming in)
LABEL_BUDGET: dict[str, int] = {"hub": 1, "section": 14, "article": 12, "concept": 22}
DEFAULT_LABEL_BUDGET = 5
LABELLED_VALUE = 0.5
MIN_SPREAD = 200.0
FLOOR = 1e-4  # the least value and label priority of a node
BIG = 2000  # a map of more nodes has no tooltips (the explorer draws its most central nodes first)


def node_group(attrs: Mapping) -> str:
    """The drawing group of a node: its kind, or its type for concepts."""
    kind = attrs.get("kind", "")
    if kind == "concept":
        ctype = attrs.get("type", "concept")
        return ctype if ctype in GROUPS else "concept"
    return kind if kind in GROUPS else "section"


def index_pages(G: nx.DiGraph) -> set[str]:
    """The hub, every article the build marked ``index_page`` and every node with more than
    ``INDEX_LINKS`` ``links_to`` edges (a corpus README listing articles)."""
    marked = {node for node, flag in G.nodes(data="index_page") if flag}
    links: dict[str, int] = {}
    for source, _, kind in G.edges(data="kind"):
        if kind == "links_to":
            links[source] = links.get(source, 0) + 1
    pages = {node for node, count in links.items() if count > INDEX_LINKS}
    return pages | marked | {node for node, kind in G.nodes(data="kind") if kind == "hub"}


def edge_style(attrs: Mapping, from_index: bool = False) -> str:
    """The drawing style of an edge: its kind, ``index_links`` for a link of an index page, else ``other``."""
    kind = attrs.get("kind", "other")
    if kind == "links_to" and from_index:
        return "index_links"
    return kind if kind in EDGE_STYLES else "other"


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """Cut a label to ``limit`` characters, marking the cut with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def drawn_label(node: str, attrs: Mapping) -> str:
    """The name drawn on a node: a folder's ends with ``/``, so that a hub section, a folder and a
    concept of the same name (Transformer) can be told apart on the map."""
    label = str(attrs.get("label") or node)
    if attrs.get("kind") == "section" and attrs.get("source") == "folder" and not label.endswith("/"):
        return f"{label}/"
    return label


def tooltip(node: str, attrs: Mapping) -> str:
    """A plain-text tooltip (vis-network shows strings with ``innerText``)."""
    kind = attrs.get("kind", "")
    lines = [drawn_label(node, attrs)]
    if kind == "concept":
        lines.append(f"concept · {attrs.get('type', 'concept')}")
        aliases = [a for a in attrs.get("aliases") or [] if a]
        if aliases:
            lines.append("aka " + ", ".join(map(str, aliases[:6])))
        if attrs.get("description"):
            lines.append(short_label(attrs["description"], 160))
    elif kind == "article":
        lines.append(f"article · {attrs.get('corpus', '')}/{attrs.get('corpus_path', '')}")
    elif kind == "section":
        lines.append("folder" if attrs.get("source") == "folder" else "section of the hub")
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
    """Each node's value in (0, 1] from its rank among the nodes of its kind.

    Nodes rank by PageRank, then degree (articles nobody links to share one
    PageRank), then graph order. The value halves every ``LABEL_BUDGET[kind]``
    ranks: the top node of a kind gets 1 and the first ``budget`` nodes at
    least :data:`LABELLED_VALUE`.
    """
    by_kind: dict[str, list[tuple[float, int, int, str]]] = {}
    for order, (node, attrs) in enumerate(G.nodes(data=True)):
        key = (-float(attrs.get("pagerank", 0.0) or 0.0), -int(G.degree(node)), order, node)
        by_kind.setdefault(attrs.get("kind", ""), []).append(key)
    values = {}
    for kind, keys in by_kind.items():
        budget = LABEL_BUDGET.get(kind, DEFAULT_LABEL_BUDGET)
        for rank, key in enumerate(sorted(keys)):
            values[key[3]] = round(max(LABELLED_VALUE ** (rank / budget), FLOOR), 4)
    return values


def specificity(G: nx.DiGraph) -> dict[str, float]:
    """Each concept's specificity to the corpus in [0, 1]: its ``specificity`` attribute when the
    build stored one, else the salience of its mentions times their IDF, scaled by the largest.

    Generic hubs (Machine learning, Neural network) are mentioned by many articles, so their
    IDF, and their specificity, is low; the topics of a few notes score high.
    """
    concepts = [n for n, kind in G.nodes(data="kind") if kind == "concept"]
    if concepts and all(isinstance(G.nodes[n].get("specificity"), (int, float)) for n in concepts):
        return {n: float(G.nodes[n]["specificity"]) for n in concepts}
    articles = sum(1 for _, kind in G.nodes(data="kind") if kind in ("article", "hub"))
    salience: dict[str, float] = dict.fromkeys(concepts, 0.0)
    df: dict[str, int] = dict.fromkeys(concepts, 0)
    for _, v, attrs in G.edges(data=True):
        if attrs.get("kind") == "mentions" and v in salience:
            salience[v] += float(attrs.get("salience") or 0.0)
            df[v] += 1
    raw = {n: salience[n] * math.log((articles + 1) / (df[n] + 1)) for n in concepts}
    top = max(raw.values(), default=0.0)
    return {n: (value / top if top > 0 else 0.0) for n, value in raw.items()}


def label_values(G: nx.DiGraph, spec: Mapping[str, float]) -> dict[str, float]:
    """Each node's label priority in (0, 1], as :func:`rank_values` but concepts ranked by
    specificity (the most specific concept of each community first) and index pages after the
    other articles: the names shown with the whole map in view say what the notes are about."""
    reps: dict[int, str] = {}
    for node in sorted(spec, key=lambda n: (-spec[n], n)):
        community = G.nodes[node].get("community")
        if isinstance(community, int) and community >= 0:
            reps.setdefault(community, node)
    first = set(reps.values())
    pages = index_pages(G)
    by_kind: dict[str, list[tuple]] = {}
    for order, (node, attrs) in enumerate(G.nodes(data=True)):
        kind = attrs.get("kind", "")
        pagerank = -float(attrs.get("pagerank", 0.0) or 0.0)
        if kind == "concept":
            candidate = attrs.get("type") == "candidate"
            key = (candidate, node not in first, -spec.get(node, 0.0), pagerank, order, node)
        else:
            key = (node in pages and kind == "article", 0, 0.0, pagerank, -int(G.degree(node)), order, node)
        by_kind.setdefault(kind, []).append(key)
    values = {}
    for kind, keys in by_kind.items():
        budget = LABEL_BUDGET.get(kind, DEFAULT_LABEL_BUDGET)
        for rank, key in enumerate(sorted(keys)):
            values[key[-1]] = round(max(LABELLED_VALUE ** (rank / budget), FLOOR), 4)
    return values


def _communities(G: nx.DiGraph) -> list[dict]:
    """The communities the build found, largest first: ``{"id", "label", "size"}``."""
    sizes: dict[int, int] = {}
    labels: dict[int, str] = {}
    for _, attrs in G.nodes(data=True):
        community = attrs.get("community")
        if isinstance(community, int) and not isinstance(community, bool) and community >= 0:
            sizes[community] = sizes.get(community, 0) + 1
            if attrs.get("community_label"):
                labels.setdefault(community, str(attrs["community_label"]))
    ranked = sorted(sizes, key=lambda c: (-sizes[c], c))
    return [{"id": c, "label": labels.get(c) or f"Community {c}", "size": sizes[c]} for c in ranked]


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
        ``nodes`` (``id`` is the node's index, by PageRank, ``nid`` its graph id, ``value`` in [0, 1] from
        PageRank, ``lv`` the label priority from :func:`label_values`, ``deg`` the degree,
        ``c`` the community when there is one), ``edges`` (``[from, to, style]`` plus the
        edge's ``weight`` when it has a number; sorted by style so that the faint kinds are
        drawn first), ``edge_styles`` (with their ``name``), ``groups`` (vis-network group
        options), ``legend``, ``communities``, ``labelled_value`` (the value from which a
        label shows with the whole map in view).
    """
    # node ids by PageRank: the explorer breaks ties (a big map's overview) by id
    order = sorted(G, key=lambda n: -float(G.nodes[n].get("pagerank", 0.0) or 0.0))
    index = {node: i for i, node in enumerate(order)}
    big = G.number_of_nodes() > BIG
    values = rank_values(G)
    names = label_values(G, specificity(G))
    pos = _positions(G)
    nodes = []
    for node in order:
        attrs = G.nodes[node]
        x, y = pos[node]
        item = {
            "id": index[node],
            "label": short_label(drawn_label(node, attrs)),
            "group": node_group(attrs),
            "x": round(x, 1),
            "y": round(y, 1),
            "value": values[node],
            "lv": names[node],
            "nid": node,
            "deg": int(G.degree(node)),
        }
        if not big:  # tooltips only where the explorer shows them
            item["title"] = tooltip(node, attrs)
        else:  # the least values are the explorer's default
            for key in ("value", "lv"):
                if item[key] <= FLOOR:
                    del item[key]
        if urls.get(node):
            item["url"] = urls[node]
        community = attrs.get("community")
        if isinstance(community, int) and not isinstance(community, bool) and community >= 0:
            item["c"] = community
        nodes.append(item)
    style_names = list(EDGE_STYLES)
    styles = {name: i for i, name in enumerate(style_names)}
    pages = index_pages(G)
    edges = sorted(
        (_edge_item(index, u, v, a, styles[edge_style(a, u in pages)]) for u, v, a in G.edges(data=True)),
        key=lambda edge: edge[2],
    )
    used = {style_names[edge[2]] for edge in edges}
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
        "edge_styles": [{**EDGE_STYLES[name], "name": name} for name in style_names],
        "communities": _communities(G),
        "groups": groups,
        "legend": legend,
        "edge_legend": [
            {
                "label": label,
                "color": EDGE_STYLES[name]["color"]["color"],
                "opacity": EDGE_STYLES[name]["color"]["opacity"],
                "width": EDGE_STYLES[name]["width"],
                "dashed": "dashes" in EDGE_STYLES[name],
            }
            for name, label in EDGE_LEGEND
            if name in used
        ],
        "labelled_value": LABELLED_VALUE,
    }


def _edge_item(index: Mapping[str, int], u: str, v: str, attrs: Mapping, style: int) -> list:
    """``[from, to, style]``, plus the weight when the edge has a numeric one."""
    item = [index[u], index[v], style]
    weight = attrs.get("weight")
    if isinstance(weight, (int, float)) and not isinstance(weight, bool):
        item.append(round(float(weight), 3))
    return item
