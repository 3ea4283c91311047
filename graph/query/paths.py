"""The shortest explained path between two nodes: each hop with the edge that makes it and why.

Edges are followed in both directions. Each kind of edge has a cost, so that
what the ontology and the authors say (relations, mentions, links) makes a
shorter path than filing two notes in the same folder, the hub (which
links every article) is a last resort, and a path through a node of small
degree (an article about two things) beats one through an index page that
names everything.
"""

from __future__ import annotations

import math
from itertools import pairwise

import networkx as nx

from graph.errors import NoPath
from graph.query.edges import edge_reason, edges_between
from graph.query.lookup import QueryIndex
from graph.query.nodes import node_summary, resolve_node

__all__ = ["DEGREE_COST", "EDGE_COSTS", "HUB_COST", "path_index", "shortest_path"]

EDGE_COSTS = {
    "relation": 1.0,
    "mentions": 1.0,
    "links_to": 1.0,
    "co_occurs": 1.2,
    "similar": 1.2,
    "in_section": 2.0,
}
HUB_COST = 5.0
DEGREE_COST = 0.05
_DEFAULT_COST = 1.5


def _edge_cost(G: nx.DiGraph, u: str, v: str, data: dict) -> float:
    """The cost of one edge: by kind, cheaper for a salient mention, dear through the hub."""
    kind = data.get("kind")
    cost = EDGE_COSTS.get(kind, _DEFAULT_COST)
    if kind == "mentions":
        cost += 0.5 * (1.0 - min(1.0, float(data.get("salience") or 0.0)))
    if G.nodes[u].get("kind") == "hub" or G.nodes[v].get("kind") == "hub":
        cost = max(cost, HUB_COST)
    # a node joined to everything explains little: each end adds a little per doubling of its degree
    spread = math.log2(1 + G.degree(u)) + math.log2(1 + G.degree(v))
    return cost + DEGREE_COST * spread


def _best_edge(G: nx.DiGraph, u: str, v: str) -> tuple[str, str, dict]:
    """The cheapest edge joining ``u`` and ``v`` (either direction)."""
    return min(edges_between(G, u, v), key=lambda e: _edge_cost(G, e[0], e[1], e[2]))


def path_index(G: nx.DiGraph) -> nx.Graph:
    """The undirected graph of ``G`` with each pair's cheapest edge cost as ``cost``.

    Build it once per graph when answering many path queries (the explorer does).
    """
    H = nx.Graph()
    H.add_nodes_from(G)
    for u, v, data in G.edges(data=True):
        cost = _edge_cost(G, u, v, data)
        old = H.get_edge_data(u, v)
        if old is None or cost < old["cost"]:
            H.add_edge(u, v, cost=cost)
    return H


def shortest_path(
    G: nx.DiGraph,
    source: str,
    target: str,
    index: QueryIndex | None = None,
    costs: nx.Graph | None = None,
) -> dict:
    """The cheapest path from ``source`` to ``target``, every hop explained.

    Parameters
    ----------
    G : networkx.DiGraph
        An nlpmap graph.
    source, target : str
        Node ids, or concept or article names (see :func:`~graph.query.nodes.resolve_node`).
    index : QueryIndex, optional
        A prebuilt query index of ``G``.
    costs : networkx.Graph, optional
        ``path_index(G)``, prebuilt.

    Returns
    -------
    dict
        ``{"from", "to", "length", "cost", "nodes": [...], "hops": [...]}``;
        each hop has ``from``, ``to``, the edge's ``source``, ``target``,
        ``kind``, ``type`` (relations) and ``why`` (``{kind, text}``).

    Raises
    ------
    QueryNotFound
        When ``source`` or ``target`` names no node.
    NoPath
        When the two nodes are not connected.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> for n in ("TinyBERT", "BERT"):
    ...     G.add_node(f"concept:{n.lower()}", kind="concept", label=n, type="model")
    >>> G.add_edge("concept:tinybert", "concept:bert", kind="relation", type="distilled_from")
    >>> [h["why"]["text"] for h in shortest_path(G, "concept:bert", "concept:tinybert")["hops"]]
    ['TinyBERT is distilled from BERT']
    """
    u, v = resolve_node(G, source, index), resolve_node(G, target, index)
    if u == v:
        cost, nodes = 0.0, [u]
    else:
        costs = path_index(G) if costs is None else costs
        try:
            cost, nodes = nx.bidirectional_dijkstra(costs, u, v, weight="cost")
        except nx.NetworkXNoPath as exc:
            raise NoPath(
                f"No path joins {G.nodes[u].get('label', u)!r} and {G.nodes[v].get('label', v)!r}."
            ) from exc
    hops = []
    for a, b in pairwise(nodes):
        s, t, data = _best_edge(G, a, b)
        hop = {"from": a, "to": b, "source": s, "target": t, "kind": data.get("kind")}
        if data.get("type"):
            hop["type"] = data["type"]
        hop["why"] = edge_reason(G, s, t, data)
        hops.append(hop)
    return {
        "from": node_summary(G, u),
        "to": node_summary(G, v),
        "length": len(hops),
        "cost": round(float(cost), 3),
        "nodes": [node_summary(G, n) for n in nodes],
        "hops": hops,
    }
