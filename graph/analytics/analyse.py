"""All analytics of one graph, computed together and applied by the build."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graph.analytics.communities import communities
from graph.analytics.cooccurrence import co_occurrences
from graph.analytics.indexpages import index_pages
from graph.analytics.matrix import MentionMatrix
from graph.analytics.similarity import similar_articles
from graph.analytics.specificity import specificity

__all__ = ["Analytics", "analyse", "apply_analytics"]


@dataclass(frozen=True)
class Analytics:
    """What :func:`analyse` found: new edges and node attributes."""

    index_pages: frozenset[str] = frozenset()
    co_occurs: list[tuple[str, str, float, int]] = field(default_factory=list)
    similar: list[tuple[str, str, float]] = field(default_factory=list)
    specificity: dict[str, float] = field(default_factory=dict)
    communities: dict[str, tuple[int, str]] = field(default_factory=dict)


def analyse(G: nx.DiGraph) -> Analytics:
    """Index pages, co-occurrence, similarity, specificity and communities of ``G`` (not modified)."""
    pages = index_pages(G)
    matrix = MentionMatrix.from_graph(G, skip=pages)
    co = co_occurrences(matrix)
    sim = similar_articles(matrix)
    spec = specificity(matrix)
    extra = [(u, v, "co_occurs", w) for u, v, w, _ in co] + [(u, v, "similar", w) for u, v, w in sim]
    return Analytics(
        index_pages=pages,
        co_occurs=co,
        similar=sim,
        specificity=spec,
        communities=communities(G, spec, extra),
    )


def apply_analytics(G: nx.DiGraph, found: Analytics) -> None:
    """Write ``found`` into ``G`` (the graph being built): edges and node attributes."""
    for node, data in G.nodes(data=True):
        kind = data.get("kind")
        if kind == "article":
            data["index_page"] = node in found.index_pages
        if kind == "concept":
            data["specificity"] = found.specificity.get(node, 0.0)
        if kind in ("article", "concept", "section"):
            number, name = found.communities.get(node, (-1, ""))
            data["community"] = number
            data["community_label"] = name
    for u, v, npmi, count in found.co_occurs:
        if not G.has_edge(u, v):
            G.add_edge(u, v, kind="co_occurs", weight=npmi, count=count)
    for u, v, cosine in found.similar:
        if not G.has_edge(u, v):
            G.add_edge(u, v, kind="similar", weight=cosine)
