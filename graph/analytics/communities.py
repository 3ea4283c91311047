"""Communities of the map: Louvain (igraph's multilevel method) with a fixed seed, each named by its top concepts.

The graph clustered is undirected and weighted: mentions by salience,
co-occurrence by NPMI, similarity by cosine, links, ontology relations and
sections (the structure the authors gave). The hub is left out (it links
everything). A community's name joins its three most specific concepts.
"""

from __future__ import annotations

import random

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
    nodes = sorted(n for n, d in G.nodes(data=True) if d.get("kind") != "hub")
    index = {n: i for i, n in enumerate(nodes)}
    pulls: dict[tuple[int, int], float] = {}
    edges = ((u, v, e.get("kind"), _weight(e)) for u, v, e in G.edges(data=True))
    for u, v, kind, weight in (*edges, *extra_edges):
        i, j = index.get(u), index.get(v)
        w = CLUSTER_WEIGHTS.get(kind, 0.0) * weight
        if i is None or j is None or i == j or w <= 0:
            continue
        key = (i, j) if i < j else (j, i)
        pulls[key] = pulls.get(key, 0.0) + w
    if not pulls:
        return {}
    groups = sorted(
        ({nodes[i] for i in group} for group in _louvain(len(nodes), pulls)),
        key=lambda g: (-len(g), min(g)),
    )
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


def _louvain(n: int, pulls: dict[tuple[int, int], float]) -> list[list[int]]:
    """Louvain communities of the weighted graph ``pulls`` on ``n`` nodes (igraph, seeded).

    networkx's own Louvain gives the same kind of answer but took 0.2-0.4 s on
    NLP_ability, most of the analytics; igraph's multilevel method (C) takes
    a few milliseconds.
    """
    import igraph

    g = igraph.Graph(n=n, edges=list(pulls))
    previous = random.getstate()
    try:
        igraph.set_random_number_generator(random.Random(SEED))
        membership = g.community_multilevel(weights=list(pulls.values())).membership
    finally:
        igraph.set_random_number_generator(random)
        random.setstate(previous)
    groups: dict[int, list[int]] = {}
    for node, group in enumerate(membership):
        groups.setdefault(group, []).append(node)
    return list(groups.values())
