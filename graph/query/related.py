"""Related topics: rank concepts and articles around a concept or an article.

Scores combine what the articles say (co-mention of concepts, weighted by the
salience of each ``mentions`` edge) with what the ontology says (``relation``
edges between concepts) and what the authors linked (``links_to`` edges).
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from graph.errors import QueryNotFound
from graph.query.lookup import QueryIndex, find_node, suggest

__all__ = ["related"]

MAX_QUERY = 200
RELATION_BONUS = 0.35
LINK_BONUS = 0.15


def related(G: nx.DiGraph, query: str, top: int = 10, index: QueryIndex | None = None) -> dict:
    """Concepts and articles related to ``query``, ranked.

    Parameters
    ----------
    G : networkx.DiGraph
        An nlpmap graph (see docs/ARCHITECTURE.md).
    query : str
        An English or Chinese concept name or alias, or an article title.
    top : int
        How many concepts and how many articles to return.
    index : QueryIndex, optional
        A prebuilt index of ``G``.

    Returns
    -------
    dict
        ``{"query", "match": {"id", "label", "kind"}, "concepts": [...],
        "articles": [...]}``; each item has ``id``, ``label``, ``score`` in
        [0, 1] and ``reasons``; articles also have ``path``.

    Raises
    ------
    QueryNotFound
        When nothing matches; ``suggestions`` holds the closest names.
    ValueError
        When the query is empty or longer than 200 characters.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("concept:crf", kind="concept", label="CRF", aliases=["条件随机场"])
    >>> G.add_node("article:a.md", kind="article", label="A", path="a.md")
    >>> G.add_edge("article:a.md", "concept:crf", kind="mentions", weight=3, salience=0.9)
    >>> related(G, "条件随机场")["articles"][0]["id"]
    'article:a.md'
    """
    query = (query or "").strip()
    if not query:
        raise ValueError("the query is empty")
    if len(query) > MAX_QUERY:
        raise ValueError(f"the query is longer than {MAX_QUERY} characters")
    top = max(1, int(top))
    index = index or QueryIndex.from_graph(G)
    node = find_node(G, query, index)
    if node is None:
        raise QueryNotFound(query, suggest(G, query, index))
    data = G.nodes[node]
    match = {"id": node, "label": data.get("label", node), "kind": data.get("kind")}
    if data.get("kind") == "concept":
        concepts, articles = _around_concept(G, node)
    else:
        concepts, articles = _around_article(G, node)
    return {
        "query": query,
        "match": match,
        "concepts": _items(G, concepts, top),
        "articles": _items(G, articles, top),
    }


def _salience(edge: dict) -> float:
    """A mention edge's salience, falling back on a damped count."""
    if "salience" in edge:
        return float(edge["salience"])
    return min(1.0, math.log1p(float(edge.get("weight", 1))) / 3.0)


def _mentions_of(G: nx.DiGraph, concept: str) -> dict[str, float]:
    """Articles mentioning ``concept`` with the mention's salience."""
    return {
        a: _salience(e)
        for a, _, e in G.in_edges(concept, data=True)
        if e.get("kind") == "mentions" and G.nodes[a].get("kind") == "article"
    }


def _concepts_of(G: nx.DiGraph, article: str) -> dict[str, float]:
    """Concepts an article mentions with the mention's salience."""
    return {
        c: _salience(e)
        for _, c, e in G.out_edges(article, data=True)
        if e.get("kind") == "mentions"
    }


def _relations(G: nx.DiGraph, concept: str) -> dict[str, str]:
    """Concepts joined to ``concept`` by an ontology relation (either way)."""
    out = {}
    for _, other, e in G.out_edges(concept, data=True):
        if e.get("kind") == "relation":
            out[other] = e.get("type", "related")
    for other, _, e in G.in_edges(concept, data=True):
        if e.get("kind") == "relation":
            out.setdefault(other, e.get("type", "related"))
    return out


def _linked(G: nx.DiGraph, article: str) -> set[str]:
    """Articles linked from or to ``article``."""
    out = {v for _, v, e in G.out_edges(article, data=True) if e.get("kind") == "links_to"}
    out |= {u for u, _, e in G.in_edges(article, data=True) if e.get("kind") == "links_to"}
    return {a for a in out if G.nodes[a].get("kind") == "article"} - {article}


def _around_concept(G: nx.DiGraph, concept: str):
    """Rank concepts by salience-weighted co-mention plus ontology relations, then articles."""
    base = _mentions_of(G, concept)
    norm_c = math.sqrt(sum(s * s for s in base.values())) or 1.0
    co: dict[str, float] = defaultdict(float)
    shared: dict[str, int] = defaultdict(int)
    for article, s in base.items():
        for other, t in _concepts_of(G, article).items():
            if other != concept:
                co[other] += s * t
                shared[other] += 1
    concept_scores: dict[str, tuple[float, list[str]]] = {}
    mentions_of = {other: _mentions_of(G, other) for other in co}
    for other, dot in co.items():
        norm_o = math.sqrt(sum(t * t for t in mentions_of[other].values())) or 1.0
        concept_scores[other] = (
            dot / (norm_c * norm_o),
            [f"co-mentioned in {shared[other]} articles"],
        )
    for other, rel in _relations(G, concept).items():
        score, reasons = concept_scores.get(other, (0.0, []))
        concept_scores[other] = (score + RELATION_BONUS, [f"ontology: {rel}", *reasons])

    primary_articles = {
        a
        for a, _, e in G.in_edges(concept, data=True)
        if e.get("kind") == "mentions" and e.get("primary")
    }
    article_scores: dict[str, tuple[float, list[str]]] = {}
    for article, s in base.items():
        reasons = [f"mentions {G.nodes[concept].get('label', concept)}"]
        score = s
        if article in primary_articles:
            score += 0.5
            reasons.insert(0, "about it")
        article_scores[article] = (score, reasons)
    # articles about the closest concepts, at a discount
    near = sorted(concept_scores.items(), key=lambda kv: -kv[1][0])[:5]
    for other, (cs, _) in near:
        others = mentions_of[other] if other in mentions_of else _mentions_of(G, other)
        for article, t in others.items():
            if article in base:
                continue
            score, reasons = article_scores.get(article, (0.0, []))
            article_scores[article] = (
                score + 0.3 * cs * t,
                reasons or [f"about {G.nodes[other].get('label', other)}"],
            )
    for article in primary_articles:
        for other in _linked(G, article):
            score, reasons = article_scores.get(other, (0.0, []))
            article_scores[other] = (score + LINK_BONUS, [*reasons, "linked from a main article"])
    return concept_scores, article_scores


def _around_article(G: nx.DiGraph, article: str):
    """Concepts of the article by salience; articles by shared concepts and links."""
    mine = _concepts_of(G, article)
    concept_scores = {c: (s, ["mentioned here"]) for c, s in mine.items()}
    norm_a = math.sqrt(sum(s * s for s in mine.values())) or 1.0
    dots: dict[str, float] = defaultdict(float)
    for concept, s in mine.items():
        for other, t in _mentions_of(G, concept).items():
            if other != article:
                dots[other] += s * t
    article_scores = {}
    for other, dot in dots.items():
        norm_o = math.sqrt(sum(t * t for t in _concepts_of(G, other).values())) or 1.0
        article_scores[other] = (dot / (norm_a * norm_o), ["shares concepts"])
    for other in _linked(G, article):
        score, reasons = article_scores.get(other, (0.0, []))
        article_scores[other] = (score + LINK_BONUS, [*reasons, "linked"])
    return concept_scores, article_scores


def _items(G: nx.DiGraph, scores: dict[str, tuple[float, list[str]]], top: int) -> list[dict]:
    """Turn ``{node: (score, reasons)}`` into the ranked, rescaled output items."""
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], G.nodes[kv[0]].get("label", kv[0])))[
        :top
    ]
    best = ranked[0][1][0] if ranked and ranked[0][1][0] > 0 else 1.0
    items = []
    for node, (score, reasons) in ranked:
        data = G.nodes[node]
        item = {
            "id": node,
            "label": data.get("label", node),
            "score": round(score / best, 4),
            "reasons": reasons,
        }
        if data.get("kind") == "article":
            item["path"] = data.get("path")
        items.append(item)
    return items
