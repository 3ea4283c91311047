"""What the graph holds: one node's details (:func:`node_info`) and the whole map (:func:`graph_info`)."""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from graph.query.edges import edge_reason
from graph.query.nodes import node_summary

__all__ = ["graph_info", "node_info"]

_COMMUNITY_ATTRS = ("community", "community_id")


def _by_salience(G: nx.DiGraph, edges, other_end: int, top: int) -> list[dict]:
    """``mentions`` edges as items of the node at ``other_end`` (0 source, 1 target), by salience."""
    rows = sorted(
        (e for e in edges if e[2].get("kind") == "mentions"),
        key=lambda e: (
            -float(e[2].get("salience") or 0.0),
            -int(e[2].get("weight") or 0),
            e[other_end],
        ),
    )
    out = []
    for e in rows[:top]:
        item = node_summary(G, e[other_end])
        item.update(
            salience=float(e[2].get("salience") or 0.0),
            count=int(e[2].get("weight") or 0),
            primary=bool(e[2].get("primary")),
        )
        out.append(item)
    return out


def _related_by_kind(
    G: nx.DiGraph, node: str, kind: str, top: int
) -> tuple[list[dict], list[dict]]:
    """Edges of ``kind`` out of and into ``node``, each other end with the edge's reason."""
    out_items, in_items = [], []
    for _, v, data in G.out_edges(node, data=True):
        if data.get("kind") == kind:
            out_items.append({**node_summary(G, v), "why": edge_reason(G, node, v, data)})
    for u, _, data in G.in_edges(node, data=True):
        if data.get("kind") == kind:
            in_items.append({**node_summary(G, u), "why": edge_reason(G, u, node, data)})
    out_items.sort(key=_by_reason)
    in_items.sort(key=_by_reason)
    return out_items[:top], in_items[:top]


def _by_reason(item: dict) -> tuple[str, str]:
    """Sort key: the reason's kind, then the label."""
    return item["why"]["kind"], str(item["label"]).casefold()


def node_info(G: nx.DiGraph, node: str, top: int = 20) -> dict:
    """The details of one node: attributes, relations, mentions, links and sections.

    Parameters
    ----------
    G : networkx.DiGraph
        An nlpmap graph.
    node : str
        A node id of ``G``.
    top : int
        At most this many items in each list.

    Returns
    -------
    dict
        A :func:`~graph.query.nodes.node_summary` with ``aliases``,
        ``description``, ``pagerank``, ``degree`` (and ``community`` when the
        build computed one), then lists: ``relations`` (``{direction, ...,
        why}``, each pair once), ``mentions`` (articles by salience for a
        concept, concepts by salience for a document), ``links`` and
        ``backlinks``, ``sections`` and, for a section, its ``members``;
        ``counts`` holds each list's full length.

    Raises
    ------
    KeyError
        When ``node`` is not in ``G``.
    """
    data = G.nodes[node]
    item = node_summary(G, node)
    for attr in (
        "aliases",
        "description",
        "weak",
        "pagerank",
        "degree",
        "community",
        "community_label",
        "specificity",
        "index_page",
    ):
        if attr in data:
            item[attr] = data[attr]
    if "aliases" in item:
        label = str(item["label"]).casefold()
        item["aliases"] = [a for a in dict.fromkeys(item["aliases"]) if str(a).casefold() != label]
    rel_out, rel_in = _related_by_kind(G, node, "relation", top)
    seen = {x["id"] for x in rel_out}
    item["relations"] = [{"direction": "out", **x} for x in rel_out] + [
        {"direction": "in", **x} for x in rel_in if x["id"] not in seen
    ]
    if item["kind"] == "concept":
        edges = list(G.in_edges(node, data=True))
        item["mentions"] = _by_salience(G, edges, 0, top)
    else:
        edges = list(G.out_edges(node, data=True))
        item["mentions"] = _by_salience(G, edges, 1, top)
    item["links"], item["backlinks"] = _related_by_kind(G, node, "links_to", top)
    sections, members = _related_by_kind(G, node, "in_section", top)
    item["sections"] = sections
    if item["kind"] == "section":
        item["members"] = members
    kinds = Counter(d.get("kind") for _, _, d in G.in_edges(node, data=True))
    outs = Counter(d.get("kind") for _, _, d in G.out_edges(node, data=True))
    item["counts"] = {
        "mentions": kinds["mentions"] if item["kind"] == "concept" else outs["mentions"],
        "links": outs["links_to"],
        "backlinks": kinds["links_to"],
        "relations": kinds["relation"] + outs["relation"],
    }
    return item


def _community_of(data: dict):
    """A node's community id, when the build stored one."""
    for attr in _COMMUNITY_ATTRS:
        if data.get(attr) is not None:
            return data[attr]
    return None


def _communities(G: nx.DiGraph, top: int) -> list[dict]:
    """Communities by size, each named by the build's name or else its most central concepts."""
    members: dict = defaultdict(list)
    for node, data in G.nodes(data=True):
        community = _community_of(data)
        if community is not None and community != -1:
            members[community].append(node)
    out = []
    for community, nodes in sorted(members.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
        concepts = sorted(
            (n for n in nodes if G.nodes[n].get("kind") == "concept"),
            key=lambda n: -float(G.nodes[n].get("specificity", G.nodes[n].get("pagerank")) or 0.0),
        )
        named = next(
            (G.nodes[n]["community_label"] for n in nodes if G.nodes[n].get("community_label")),
            None,
        )
        labels = [G.nodes[n].get("label", n) for n in concepts[:3]]
        out.append(
            {
                "id": community,
                "name": named or " / ".join(labels) or str(community),
                "size": len(nodes),
                "articles": sum(G.nodes[n].get("kind") == "article" for n in nodes),
                "top_concepts": labels,
            }
        )
    return out[:top]


def graph_info(G: nx.DiGraph, top: int = 10) -> dict:
    """Counts, the main concepts, communities, orphan articles and unresolved links.

    The main concepts are those the articles are most about (the sum of the
    salience of their mentions), not the most central by PageRank, which
    favours generic hubs. An orphan article is one no document links to and that links to none.

    Returns
    -------
    dict
        ``{"workspace", "built_at", "nodes": {kind: n}, "edges": {kind: n},
        "concept_types": {type: n}, "top_concepts": [...], "communities":
        [...], "orphans": [...], "orphan_count", "unresolved_links"}``.
    """
    nodes = Counter(d.get("kind", "?") for _, d in G.nodes(data=True))
    edges = Counter(d.get("kind", "?") for _, _, d in G.edges(data=True))
    types = Counter(d.get("type") for _, d in G.nodes(data=True) if d.get("kind") == "concept")
    weight: dict[str, float] = defaultdict(float)
    count: Counter = Counter()
    for _, v, d in G.edges(data=True):
        if d.get("kind") == "mentions":
            weight[v] += float(d.get("salience") or 0.0)
            count[v] += 1
    concepts = [n for n, d in G.nodes(data=True) if d.get("kind") == "concept"]
    concepts.sort(key=lambda n: (-round(weight[n], 6), n))
    top_concepts = [
        {
            **node_summary(G, n),
            "articles": count[n],
            "salience": round(weight[n], 4),
            "pagerank": float(G.nodes[n].get("pagerank") or 0.0),
        }
        for n in concepts[:top]
    ]
    linked = {n for u, v, d in G.edges(data=True) if d.get("kind") == "links_to" for n in (u, v)}
    orphans = sorted(
        n for n, d in G.nodes(data=True) if d.get("kind") == "article" and n not in linked
    )
    return {
        "workspace": G.graph.get("workspace"),
        "built_at": G.graph.get("built_at"),
        "nodes": dict(sorted(nodes.items())),
        "edges": dict(sorted(edges.items())),
        "concept_types": dict(sorted(types.items(), key=lambda kv: (-kv[1], str(kv[0])))),
        "top_concepts": top_concepts,
        "communities": _communities(G, top),
        "orphan_count": len(orphans),
        "orphans": [node_summary(G, n) for n in orphans[: max(top, 50)]],
        "unresolved_links": int(G.graph.get("unresolved", 0)),
    }
