"""Edges in words: why two nodes of the graph are joined, in either direction.

The reasons of ``path`` hops and ``neighbours`` edges, built from the edge's
own attributes (relation type, salience, link text, co-mention counts).
"""

from __future__ import annotations

import networkx as nx

__all__ = ["RELATION_PHRASES", "edge_reason", "edges_between"]

RELATION_PHRASES = {
    "is_a": "is a kind of",
    "variant_of": "is a variant of",
    "part_of": "is part of",
    "uses": "uses",
    "distilled_from": "is distilled from",
    "improves_on": "improves on",
    "alternative_to": "is an alternative to",
}


def _label(G: nx.DiGraph, node: str) -> str:
    """A node's label, or its id."""
    return str(G.nodes[node].get("label") or node)


def edges_between(G: nx.DiGraph, u: str, v: str) -> list[tuple[str, str, dict]]:
    """The edges joining ``u`` and ``v``, ``u -> v`` first: ``(source, target, attributes)``."""
    out = []
    if G.has_edge(u, v):
        out.append((u, v, G.edges[u, v]))
    if G.has_edge(v, u):
        out.append((v, u, G.edges[v, u]))
    return out


def edge_reason(G: nx.DiGraph, source: str, target: str, data: dict | None = None) -> dict:
    """Why the edge ``source -> target`` exists: ``{"kind", "text"}``.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("concept:tinybert", label="TinyBERT")
    >>> G.add_node("concept:bert", label="BERT")
    >>> G.add_edge("concept:tinybert", "concept:bert", kind="relation", type="distilled_from")
    >>> edge_reason(G, "concept:tinybert", "concept:bert")["text"]
    'TinyBERT is distilled from BERT'
    """
    data = G.edges[source, target] if data is None else data
    kind = str(data.get("kind") or "edge")
    a, b = _label(G, source), _label(G, target)
    if kind == "relation":
        rel = str(data.get("type") or "related")
        text = f"{a} {RELATION_PHRASES.get(rel, rel.replace('_', ' '))} {b}"
        return {"kind": rel, "text": text}
    if kind == "mentions":
        main = ", a main topic" if data.get("primary") else ""
        count = int(data.get("weight") or 0)
        times = f"{count} time{'s' if count != 1 else ''}" if count else "once or more"
        text = f"{a} mentions {b} {times} (salience {float(data.get('salience') or 0):.2f}{main})"
        return {"kind": "mentions", "text": text}
    if kind == "links_to":
        return {"kind": "link", "text": f"{a} links to {b}"}
    if kind == "in_section":
        return {"kind": "section", "text": f"{a} is in the section {b}"}
    if kind == "co_occurs":
        count = data.get("count") or data.get("articles") or data.get("weight")
        npmi = data.get("npmi")
        extra = f" (NPMI {float(npmi):.2f})" if npmi is not None else ""
        n = f" in {int(count)} articles" if count else ""
        return {"kind": "co_occurs", "text": f"{a} and {b} are co-mentioned{n}{extra}"}
    if kind == "similar":
        score = data.get("score", data.get("weight"))
        extra = f" (cosine {float(score):.2f})" if score is not None else ""
        return {"kind": "similar", "text": f"{a} and {b} discuss similar concepts{extra}"}
    return {"kind": kind, "text": f"{a} {kind.replace('_', ' ')} {b}"}
