"""What the article and concept pages show, read from the graph as plain dicts.

The same dicts feed the HTML templates and the ``.json`` twins of the pages.
"""

from __future__ import annotations

import networkx as nx

from webapp.state import node_page_url

__all__ = ["article_context", "concept_context", "hub_context"]


def _ref(G: nx.DiGraph, node: str) -> dict:
    """A short reference to a node: id, label, kind, page URL, and where it lives."""
    attrs = G.nodes[node]
    kind = attrs.get("kind", "")
    where = {"hub": "hub", "article": attrs.get("folder", "")}.get(kind, "")
    return {
        "id": node,
        "label": str(attrs.get("label") or node),
        "kind": kind,
        "url": node_page_url(G, node),
        "where": where,
    }


def _mention_rank(edge: dict) -> tuple:
    """Sort key of ``mentions`` edges: primary first, then salience, then count."""
    return (
        not edge.get("primary", False),
        -float(edge.get("salience", 0.0) or 0.0),
        -int(edge.get("weight", 0) or 0),
    )


def _links(G: nx.DiGraph, node: str) -> tuple[list[dict], list[dict]]:
    """Articles ``node`` links to, and documents linking to it (``links_to`` edges)."""
    out = [
        {**_ref(G, v), "text": a.get("text", ""), "method": a.get("method", "")}
        for _, v, a in G.out_edges(node, data=True)
        if a.get("kind") == "links_to"
    ]
    inbound = [
        {**_ref(G, u), "text": a.get("text", ""), "method": a.get("method", "")}
        for u, _, a in G.in_edges(node, data=True)
        if a.get("kind") == "links_to"
    ]
    key = lambda item: item["label"]  # noqa: E731
    return sorted(out, key=key), sorted(inbound, key=key)


def article_context(G: nx.DiGraph, node: str | None) -> dict:
    """Concepts an article mentions (best first) and its links both ways.

    ``node`` may be None (a file the graph does not know): empty lists then.
    """
    if node is None or node not in G:
        return {"id": None, "concepts": [], "links_out": [], "links_in": [], "sections": []}
    edges = [(v, a) for _, v, a in G.out_edges(node, data=True) if a.get("kind") == "mentions"]
    edges.sort(key=lambda item: _mention_rank(item[1]))
    concepts = [
        {
            **_ref(G, v),
            "type": G.nodes[v].get("type", ""),
            "weight": int(a.get("weight", 0) or 0),
            "salience": round(float(a.get("salience", 0.0) or 0.0), 4),
            "primary": bool(a.get("primary", False)),
        }
        for v, a in edges
    ]
    sections = [_ref(G, v) for _, v, a in G.out_edges(node, data=True) if a.get("kind") == "in_section"]
    links_out, links_in = _links(G, node)
    attrs = G.nodes[node]
    return {
        "id": node,
        "label": str(attrs.get("label") or node),
        "path": attrs.get("path", ""),
        "corpus": attrs.get("corpus", ""),
        "corpus_path": attrs.get("corpus_path", ""),
        "concepts": concepts,
        "links_out": links_out,
        "links_in": links_in,
        "sections": sections,
    }


def concept_context(G: nx.DiGraph, node: str) -> dict:
    """A concept's record, its typed relations both ways, and the articles mentioning it."""
    attrs = G.nodes[node]
    related = [
        {**_ref(G, v), "relation": a.get("type", ""), "direction": "out", "type": G.nodes[v].get("type", "")}
        for _, v, a in G.out_edges(node, data=True)
        if a.get("kind") == "relation"
    ] + [
        {**_ref(G, u), "relation": a.get("type", ""), "direction": "in", "type": G.nodes[u].get("type", "")}
        for u, _, a in G.in_edges(node, data=True)
        if a.get("kind") == "relation"
    ]
    edges = [(u, a) for u, _, a in G.in_edges(node, data=True) if a.get("kind") == "mentions"]
    edges.sort(key=lambda item: _mention_rank(item[1]))
    articles = [
        {
            **_ref(G, u),
            "weight": int(a.get("weight", 0) or 0),
            "salience": round(float(a.get("salience", 0.0) or 0.0), 4),
            "primary": bool(a.get("primary", False)),
        }
        for u, a in edges
    ]
    return {
        "id": node.removeprefix("concept:"),
        "label": str(attrs.get("label") or node),
        "type": attrs.get("type", "concept"),
        "aliases": [str(a) for a in attrs.get("aliases") or []],
        "description": attrs.get("description", ""),
        "weak": bool(attrs.get("weak", False)),
        "pagerank": float(attrs.get("pagerank", 0.0) or 0.0),
        "related": related,
        "articles": articles,
    }


def hub_context(G: nx.DiGraph) -> dict:
    """How many articles the hub links to, and how many articles there are."""
    linked = {v for _, v, a in G.out_edges("hub", data=True) if a.get("kind") == "links_to"} if "hub" in G else set()
    articles = sum(1 for _, a in G.nodes(data=True) if a.get("kind") == "article")
    return {"linked": len(linked), "articles": articles, "unresolved": G.graph.get("unresolved", 0)}
