"""Communities of the map: Louvain with a fixed seed, each named by its top concepts.

The graph clustered is undirected and weighted: mentions by salience,
co-occurrence by NPMI, similarity by cosine, links, ontology relations and
sections (the structure the authors gave). The hub is left out (it links
everything). A community's name joins its three most specific concepts.
"""

from __future__ import annotations

import networkx as nx

__all__ = ["communities", "CLUSTER_WEIGHTS"]

# the pull of each edge kind when clustering (mentions use their salience)
CLUSTER_WEIGHTS = {
    "mentions": 1.0,
    "co_occurs": 0.5,
    "similar": 0.5,
    "links_to": 0.5,
    "relation": 0.3,
    "in_section": 0.3,
}
SEED = 42
NAME_CONCEPTS = 3


def communities(
    G: nx.DiGraph,
    specificity: dict[str, float],
    extra_edges: list[tuple[str, str, str, float]] = (),
) -> dict[str, tuple[int, str]]:
    """``{node: (community number, community name)}`` for the nodes of ``G`` but the hub.

    Communities are numbered by size, largest first; ``extra_edges`` are
    ``(u, v, kind, weight)`` edges not yet in ``G`` (the analytics' own).
    """
    H = nx.Graph()
    H.add_nodes_from(n for n, d in G.nodes(data=True) if d.get("kind") != "hub")
    edges = ((u, v, e.get("kind"), _weight(e)) for u, v, e in G.edges(data=True))
    for u, v, kind, weight in (*edges, *extra_edges):
        if u not in H or v not in H or u == v:
            continue
        w = CLUSTER_WEIGHTS.get(kind, 0.0) * weight
        if w > 0:
            H.add_edge(u, v, weight=H.get_edge_data(u, v, {"weight": 0.0})["weight"] + w)
    if H.number_of_edges() == 0:
        return {}
    groups = nx.community.louvain_communities(H, weight="weight", seed=SEED)
    groups = sorted(groups, key=lambda g: (-len(g), min(g)))
    out = {}
    for number, group in enumerate(groups):
        concepts = [n for n in group if G.nodes[n].get("kind") == "concept"]
        concepts.sort(key=lambda n: (-specificity.get(n, 0.0), n))
        name = " · ".join(G.nodes[n].get("label", n) for n in concepts[:NAME_CONCEPTS])
        for node in group:
            out[node] = (number, name or G.nodes[min(group)].get("label", ""))
    return out


def _weight(attrs: dict) -> float:
    """An edge's own strength: salience for mentions, weight for analytics edges, else 1."""
    if attrs.get("kind") == "mentions":
        return float(attrs.get("salience", 0.5))
    return float(attrs.get("weight", 1.0)) if attrs.get("kind") in ("co_occurs", "similar") else 1.0
