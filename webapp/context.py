"""What the article and concept pages show, read from the graph as plain dicts.

The same dicts feed the HTML templates and the ``.json`` twins of the pages.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import networkx as nx

from graph.query.edges import RELATION_PHRASES
from webapp.mentions import NameMatcher, snippet
from webapp.state import node_page_url

__all__ = [
    "article_context",
    "clean_aliases",
    "concept_context",
    "hub_context",
    "local_graph",
    "mention_splitter",
    "relation_sentences",
]

DATA = Path(__file__).resolve().parent / "data"
#: Articles of a concept page given a snippet (the best ranked).
SNIPPETS = 30
#: Similar articles in an article's sidebar.
SIMILAR = 6
#: Concepts around the centre of a concept page's local graph.
LOCAL_NODES = 14


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
        return {"id": None, "concepts": [], "links_out": [], "links_in": [], "sections": [], "similar": []}
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
        "similar": similar_articles(G, node),
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


def concept_context(
    G: nx.DiGraph,
    node: str,
    *,
    text_of: Callable[[str], str | None] | None = None,
    related: dict | None = None,
) -> dict:
    """A concept's record, its relations as sentences, the articles mentioning it, its neighbourhood.

    Args:
        G (nx.DiGraph): The graph.
        node (str): A concept node id.
        text_of (callable | None): ``text_of(article node)`` -> the article's plain text, for
            a snippet around a mention in each of the first :data:`SNIPPETS` articles.
        related (dict | None): The answer of :func:`graph.query.related` for the concept.

    RETURNS (dict): What the concept page and its JSON twin show.
    """
    attrs = G.nodes[node]
    label = str(attrs.get("label") or node)
    edges = [(u, a) for u, _, a in G.in_edges(node, data=True) if a.get("kind") == "mentions"]
    edges.sort(key=lambda item: _mention_rank(item[1]))
    matcher = NameMatcher.from_names(_names(G, node)) if text_of is not None else None
    articles = []
    for rank, (u, a) in enumerate(edges):
        item = {
            **_ref(G, u),
            "weight": int(a.get("weight", 0) or 0),
            "salience": round(float(a.get("salience", 0.0) or 0.0), 4),
            "primary": bool(a.get("primary", False)),
            "snippet": None,
        }
        if matcher is not None and rank < SNIPPETS and (text := text_of(u)):
            found = snippet(text, matcher, node)
            item["snippet"] = None if found is None else {"before": found.before, "match": found.match, "after": found.after}
        articles.append(item)
    related_items = _related_items(G, related)
    return {
        "id": node.removeprefix("concept:"),
        "label": label,
        "type": attrs.get("type", "concept"),
        "aliases": clean_aliases(label, attrs.get("aliases") or []),
        "description": attrs.get("description", ""),
        "weak": bool(attrs.get("weak", False)),
        "pagerank": float(attrs.get("pagerank", 0.0) or 0.0),
        "related": _relation_refs(G, node),
        "relations": relation_sentences(G, node),
        "related_concepts": related_items,
        "articles": articles,
        "local_graph": local_graph(G, node, [item["id"] for item in related_items]),
    }


def _fold(text: str) -> str:
    """A name as compared: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def clean_aliases(label: str, aliases) -> list[str]:
    """A concept's aliases without its own name and without repeats (compared after NFKC and case-folding)."""
    seen = {_fold(label)}
    out = []
    for alias in aliases:
        key = _fold(alias)
        if key and key not in seen:
            seen.add(key)
            out.append(" ".join(str(alias).split()))
    return out


def _names(G: nx.DiGraph, node: str) -> list[tuple[str, str]]:
    """``(node, name)`` for a concept's label and aliases."""
    attrs = G.nodes[node]
    return [(node, str(name)) for name in [attrs.get("label") or "", *(attrs.get("aliases") or [])] if name]


def mention_splitter(G: nx.DiGraph, article: str):
    """``split(text)`` -> ``[(piece, concept page URL or None, title)]`` for the concepts an article
    mentions (weak concepts left out: their names are ordinary words), best mentioned first."""
    edges = [
        (v, a)
        for _, v, a in G.out_edges(article, data=True)
        if a.get("kind") == "mentions" and not G.nodes[v].get("weak")
    ]
    edges.sort(key=lambda item: _mention_rank(item[1]))
    matcher = NameMatcher.from_names(name for v, _ in edges for name in _names(G, v))
    titles = {v: f"{G.nodes[v].get('label', v)} · {G.nodes[v].get('type', 'concept')}" for v, _ in edges}

    def split(text: str) -> list[tuple[str, str | None, str]]:
        return [
            (piece, node_page_url(G, found) if found else None, titles.get(found, "") if found else "")
            for piece, found in matcher.split(text)
        ]

    return split


@lru_cache(maxsize=1)
def _sentence_table() -> dict[str, tuple[int, str]]:
    """Relation type -> (rank from ``data/relation_sentences.tsv``, sentence template).

    The template's words are those of ``graph.query.edges.RELATION_PHRASES``.
    """
    table = {}
    for line in (DATA / "relation_sentences.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, rank = line.split("\t")
            phrase = RELATION_PHRASES.get(kind, kind.replace("_", " "))
            table[kind] = (int(rank), "{source} " + phrase + " {target}")
    return table


def _sentence_parts(template: str, source: dict, target: dict) -> list[dict]:
    """A template cut into text parts and node parts (``{"text"}`` or ``{"node"}``)."""
    parts: list[dict] = []
    rest = template
    while rest:
        at = min((i for i in (rest.find("{source}"), rest.find("{target}")) if i >= 0), default=-1)
        if at < 0:
            parts.append({"text": rest})
            break
        if at:
            parts.append({"text": rest[:at]})
        is_source = rest.startswith("{source}", at)
        parts.append({"node": source if is_source else target})
        rest = rest[at + len("{source}" if is_source else "{target}") :]
    return parts


def relation_sentences(G: nx.DiGraph, node: str) -> list[dict]:
    """A concept's ontology relations both ways as sentences, one per related concept.

    When two concepts are joined both ways (``BERT uses WordPiece``, ``WordPiece is part of
    BERT``) the relation of the lower rank in ``data/relation_sentences.tsv`` is said.
    Each sentence is ``{"id", "relation", "direction", "text", "parts"}``; ``parts`` alternate
    text and node references, for the page to link the other concept.
    """
    table = _sentence_table()
    best: dict[str, tuple] = {}
    for source, target, attrs in [*G.out_edges(node, data=True), *G.in_edges(node, data=True)]:
        if attrs.get("kind") != "relation" or source == target:
            continue
        kind = str(attrs.get("type") or "related")
        rank, template = table.get(kind, (len(table) + 1, "{source} " + kind.replace("_", " ") + " {target}"))
        other = target if source == node else source
        key = (rank, source != node)
        if other not in best or key < best[other][0]:
            best[other] = (key, kind, source, target, template)
    sentences = []
    for other, ((rank, _), kind, source, target, template) in best.items():
        refs = {end: {**_ref(G, end), "self": end == node} for end in (source, target)}
        text = template.format(source=refs[source]["label"], target=refs[target]["label"])
        sentences.append(
            {
                "id": other,
                "relation": kind,
                "direction": "out" if source == node else "in",
                "text": text,
                "parts": _sentence_parts(template, refs[source], refs[target]),
                "_key": (rank, source != node, refs[other]["label"].casefold()),
            }
        )
    sentences.sort(key=lambda item: item.pop("_key"))
    return sentences


def _relation_refs(G: nx.DiGraph, node: str) -> list[dict]:
    """Every relation edge of a concept, each way (``{id, label, relation, direction, type}``)."""
    return [
        {**_ref(G, v), "relation": a.get("type", ""), "direction": "out", "type": G.nodes[v].get("type", "")}
        for _, v, a in G.out_edges(node, data=True)
        if a.get("kind") == "relation"
    ] + [
        {**_ref(G, u), "relation": a.get("type", ""), "direction": "in", "type": G.nodes[u].get("type", "")}
        for u, _, a in G.in_edges(node, data=True)
        if a.get("kind") == "relation"
    ]


def _related_items(G: nx.DiGraph, related: dict | None) -> list[dict]:
    """The related concepts of a :func:`graph.query.related` answer, each with its reasons as text."""
    items = []
    for item in (related or {}).get("concepts", []):
        if item.get("id") not in G:
            continue
        why = [w.get("text", "") if isinstance(w, dict) else str(w) for w in item.get("why") or item.get("reasons") or []]
        items.append({**_ref(G, item["id"]), "type": G.nodes[item["id"]].get("type", ""),
                      "score": item.get("score", 0), "why": [w for w in why if w]})
    return items


def local_graph(G: nx.DiGraph, node: str, related: list[str] = (), size: float = 520.0) -> dict:
    """A small drawing of a concept's neighbourhood: the concept in the middle, the concepts it
    is related to (ontology relations first, then the most related) on a circle around it.

    RETURNS (dict): ``{"nodes": [{id, label, url, type, x, y, center}],
        "edges": [{source, target, kind}]}``; ``kind`` is ``relation`` (the ontology's, to the
        centre), ``related`` (related in the notes) or ``between`` (a relation of two neighbours).
    """
    partners = [item["id"] for item in relation_sentences(G, node)]
    chosen = list(dict.fromkeys([*partners[: LOCAL_NODES // 2], *related, *partners]))[:LOCAL_NODES]
    chosen = [other for other in chosen if other != node]
    radius = size * 0.35
    nodes = [{**_ref(G, node), "type": G.nodes[node].get("type", ""), "x": 0.0, "y": 0.0, "center": True}]
    for i, other in enumerate(chosen):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(chosen))
        nodes.append({**_ref(G, other), "type": G.nodes[other].get("type", ""), "center": False,
                      "x": round(radius * math.cos(angle), 1), "y": round(radius * math.sin(angle), 1)})
    edges = [{"source": node, "target": other, "kind": "relation" if other in partners else "related"}
             for other in chosen]
    for u, v, a in G.subgraph([node, *chosen]).edges(data=True):
        if a.get("kind") == "relation" and node not in (u, v):
            edges.append({"source": u, "target": v, "kind": "between"})
    return {"nodes": nodes, "edges": edges}


def similar_articles(G: nx.DiGraph, node: str, top: int = SIMILAR) -> list[dict]:
    """Articles like this one, each with the concepts they share.

    By the ``similar`` edges (either way, by cosine) when the graph has them, else by the
    concepts they share (salience products summed); index pages (hub-like lists of links)
    are left out, and weak concepts do not count as shared.
    """
    mine = {
        v: float(a.get("salience", 0.0) or 0.0)
        for _, v, a in G.out_edges(node, data=True)
        if a.get("kind") == "mentions" and not G.nodes[v].get("weak")
    }
    shared: dict[str, list[tuple[float, str]]] = {}
    for concept, weight in mine.items():
        for other, _, a in G.in_edges(concept, data=True):
            if other != node and a.get("kind") == "mentions" and G.nodes[other].get("kind") == "article":
                shared.setdefault(other, []).append((weight * float(a.get("salience", 0.0) or 0.0), concept))
    cosine: dict[str, float] = {}
    for u, v, a in [*G.out_edges(node, data=True), *G.in_edges(node, data=True)]:
        if a.get("kind") == "similar":
            other = v if u == node else u
            cosine[other] = max(cosine.get(other, 0.0), float(a.get("weight", 0.0) or 0.0))
    scores = cosine or {other: sum(s for s, _ in pairs) for other, pairs in shared.items()}
    ranked = sorted(
        ((other, score) for other, score in scores.items() if not G.nodes[other].get("index_page")),
        key=lambda item: (-item[1], item[0]),
    )[:top]
    out = []
    for other, score in ranked:
        names = [str(G.nodes[c].get("label") or c) for _, c in sorted(shared.get(other, []), reverse=True)[:3]]
        parts = ([f"cosine {score:.2f}"] if cosine else []) + (["shares " + ", ".join(names)] if names else [])
        out.append({**_ref(G, other), "score": round(score, 3), "why": " · ".join(parts)})
    return out


def hub_context(G: nx.DiGraph) -> dict:
    """How many articles the hub links to, and how many articles there are."""
    linked = {v for _, v, a in G.out_edges("hub", data=True) if a.get("kind") == "links_to"} if "hub" in G else set()
    articles = sum(1 for _, a in G.nodes(data=True) if a.get("kind") == "article")
    return {"linked": len(linked), "articles": articles, "unresolved": G.graph.get("unresolved", 0)}
