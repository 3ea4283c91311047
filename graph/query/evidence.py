"""The tables that related-topic ranking reads, built once per graph.

:class:`Evidence` holds, in plain dicts, what the graph says about each node:
mentions with their salience (both ways), which articles count as evidence
(index pages do not), document frequencies, the ontology's typed relations
both ways, the families they make (parents and their children), sections,
links and ``similar`` edges. :meth:`Evidence.of` caches it on a
:class:`~graph.query.lookup.QueryIndex` so that a server builds it once.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["Evidence", "FAMILY_TYPES"]

# relation types that make a family: the source is a kind, variant, student or part of the target,
# or one of its successors (RoBERTa and ALBERT both improve on BERT)
FAMILY_TYPES = ("is_a", "variant_of", "distilled_from", "part_of", "improves_on")


@dataclass
class Evidence:
    """Per-graph lookup tables for :func:`graph.query.related` (read-only once built)."""

    mentions: dict[str, dict[str, float]] = field(default_factory=dict)  # concept -> article -> salience
    concepts_of: dict[str, dict[str, float]] = field(default_factory=dict)  # article -> concept -> sal
    primary: dict[str, set[str]] = field(default_factory=dict)  # article -> its primary concepts
    df: dict[str, int] = field(default_factory=dict)  # concept -> evidence articles mentioning it
    n_articles: int = 0
    index_pages: set[str] = field(default_factory=set)
    relations: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)
    children: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # parent -> type -> kids
    sections_of: dict[str, set[str]] = field(default_factory=dict)  # article -> sections
    members: dict[str, set[str]] = field(default_factory=dict)  # section -> articles
    linked: dict[str, dict[str, str]] = field(default_factory=dict)  # article -> other -> "to"/"from"
    similar: dict[str, dict[str, float]] = field(default_factory=dict)  # article -> other -> cosine
    substance: dict[str, float] = field(default_factory=dict)  # article -> [0, 1]

    @classmethod
    def of(cls, G: nx.DiGraph, index) -> "Evidence":
        """The evidence of ``G``, kept in ``index.cache`` after the first call."""
        cache = getattr(index, "cache", None)
        if cache is None:
            return cls.from_graph(G)
        if "evidence" not in cache:
            cache["evidence"] = cls.from_graph(G)
        return cache["evidence"]

    @classmethod
    def from_graph(cls, G: nx.DiGraph) -> "Evidence":
        """Read every table from ``G`` in one pass over its edges."""
        ev = cls()
        articles = [n for n, d in G.nodes(data=True) if d.get("kind") == "article"]
        for a in articles:
            data = G.nodes[a]
            if data.get("index_page"):
                ev.index_pages.add(a)
            ev.substance[a] = _substance(data)
        ev.n_articles = max(len(articles) - len(ev.index_pages), 1)
        mentions = defaultdict(dict)
        concepts_of = defaultdict(dict)
        primary = defaultdict(set)
        relations = defaultdict(list)
        children = defaultdict(lambda: defaultdict(set))
        sections_of = defaultdict(set)
        members = defaultdict(set)
        linked = defaultdict(dict)
        similar = defaultdict(dict)
        for u, v, e in G.edges(data=True):
            kind = e.get("kind")
            if kind == "mentions" and u != "hub" and G.nodes[u].get("kind") == "article":
                sal = float(e.get("salience", 0.5))
                mentions[v][u] = sal
                concepts_of[u][v] = sal
                if e.get("primary"):
                    primary[u].add(v)
            elif kind == "relation":
                rel = e.get("type", "related")
                relations[u].append((v, rel, True))
                relations[v].append((u, rel, False))
                if rel in FAMILY_TYPES:
                    children[v][rel].add(u)
            elif kind == "in_section" and G.nodes[u].get("kind") == "article":
                sections_of[u].add(v)
                members[v].add(u)
            elif kind == "links_to" and G.nodes[u].get("kind") == "article":
                if G.nodes[v].get("kind") == "article" and u != v:
                    linked[u][v] = "to"
                    linked[v].setdefault(u, "from")
            elif kind == "similar":
                w = float(e.get("weight", 0.0))
                similar[u][v] = w
                similar[v][u] = w
        ev.mentions, ev.concepts_of, ev.primary = dict(mentions), dict(concepts_of), dict(primary)
        ev.df = {
            c: sum(1 for a in arts if a not in ev.index_pages) for c, arts in mentions.items()
        }
        ev.relations = dict(relations)
        ev.children = {p: dict(kids) for p, kids in children.items()}
        ev.sections_of, ev.members = dict(sections_of), dict(members)
        ev.linked, ev.similar = dict(linked), dict(similar)
        return ev

    def idf(self, concept: str) -> float:
        """``ln(N / df)`` of a concept over the evidence articles, scaled to [0, 1]."""
        n = self.n_articles
        df = max(self.df.get(concept, 0), 1)
        return math.log(n / df) / math.log(n) if n > 1 else 1.0

    def topicality(self, concept: str) -> float:
        """How much the notes discuss a concept: the norm of its saliences, at most 1."""
        sal = self.evidence_mentions(concept).values()
        return min(1.0, math.sqrt(sum(s * s for s in sal)))

    def evidence_mentions(self, concept: str) -> dict[str, float]:
        """The articles (index pages left out) mentioning ``concept``, with the salience."""
        return {
            a: s for a, s in self.mentions.get(concept, {}).items() if a not in self.index_pages
        }


THIN_TEXT = 300  # characters of own prose below which an article says less


def _substance(data: dict) -> float:
    """How much an article can say: 1 from ``THIN_TEXT`` characters of its own prose up."""
    prose = data.get("prose_chars")
    if prose is None:
        return 1.0
    return min(1.0, math.sqrt(max(int(prose), 0) / THIN_TEXT))
