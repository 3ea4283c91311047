"""Nodes named by the reader: resolving a query to one node, and the short form of a node.

Shared by ``path``, ``neighbours``, ``search`` and ``node``: a node id
(``concept:bert``, ``section:...``) names itself; any other query goes through
:func:`graph.query.resolve.find_nodes` as a related query does (names, aliases,
titles, paths, plurals, misspellings, a word of one name), and a miss raises
:class:`~graph.errors.QueryNotFound` with the closest names.
"""

from __future__ import annotations

import networkx as nx

from graph.errors import QueryNotFound
from graph.query.lookup import QueryIndex
from graph.query.resolve import find_nodes

__all__ = ["MAX_QUERY", "node_summary", "resolve_node"]

MAX_QUERY = 200


def resolve_node(G: nx.DiGraph, query: str, index: QueryIndex | None = None) -> str:
    """The node ``query`` names: a node id, or a concept or article name.

    Raises
    ------
    ValueError
        When the query is empty or longer than :data:`MAX_QUERY` characters.
    QueryNotFound
        When nothing matches; ``suggestions`` holds the closest names.
    """
    query = (query or "").strip()
    if not query:
        raise ValueError("the query is empty")
    if len(query) > MAX_QUERY:
        raise ValueError(f"the query is longer than {MAX_QUERY} characters")
    if query in G:
        return query
    matches = find_nodes(G, query, index)  # raises QueryNotFound
    if len(matches) != 1:  # several names: the reader picks one
        raise QueryNotFound(query, [m["label"] for m in matches])
    return matches[0]["id"]


def node_summary(G: nx.DiGraph, node: str) -> dict:
    """``id``, ``label``, ``kind``, ``type`` and, by kind, ``path`` of a node.

    ``type`` is the concept type for concepts, ``article`` or ``hub`` for
    documents, and the section's source (``hub`` heading or ``folder``).
    """
    data = G.nodes[node]
    kind = data.get("kind")
    item = {"id": node, "label": data.get("label", node), "kind": kind}
    if kind == "concept":
        item["type"] = data.get("type")
    elif kind in ("article", "hub"):
        item["type"] = kind
        item["path"] = data.get("path")
    elif kind == "section":
        item["type"] = data.get("source") or "section"
    return item
