"""Query resolution: which node of the graph a name, alias, title or path names."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graph.ontology.check import normalize_label as label_key
from graph.workspace.text import normalize

__all__ = ["QueryIndex", "find_node", "suggest"]



@dataclass(frozen=True)
class QueryIndex:
    """Lookup tables over a graph: label keys to node ids.

    Build it once per graph (:meth:`from_graph`) when answering many
    queries; :func:`related` builds one itself when none is given.
    """

    by_key: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    # tables derived from the graph on first use (graph.query.evidence)
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_graph(cls, G: nx.DiGraph) -> "QueryIndex":
        """Index concept labels and aliases, then article titles and paths."""
        by_key: dict[str, str] = {}
        names: dict[str, str] = {}
        # concepts first so that a concept wins over an article title
        for kind in ("concept", "article"):
            for node, data in G.nodes(data=True):
                if data.get("kind") != kind:
                    continue
                labels = [data.get("label", "")]
                if kind == "concept":
                    labels += list(data.get("aliases") or [])
                    labels.append(node.split(":", 1)[1])
                else:
                    path = data.get("path", "")
                    labels += [
                        path,
                        data.get("corpus_path", ""),
                        path.rsplit("/", 1)[-1].rsplit(".", 1)[0],
                    ]
                for label in labels:
                    key = label_key(label) if label else ""
                    if key and key not in by_key:
                        by_key[key] = node
                names.setdefault(data.get("label", node), node)
        return cls(by_key=by_key, names=names)


def find_node(G: nx.DiGraph, query: str, index: QueryIndex | None = None) -> str | None:
    """The node a query names (a concept label or alias, an article title or path)."""
    index = index or QueryIndex.from_graph(G)
    if query in G and G.nodes[query].get("kind") in ("concept", "article"):
        return query
    key = label_key(query)
    return index.by_key.get(key) if key else None


def suggest(
    G: nx.DiGraph, query: str, index: QueryIndex | None = None, limit: int = 5
) -> list[str]:
    """The names closest to ``query``, best first (for "did you mean")."""
    from rapidfuzz import fuzz, process

    index = index or QueryIndex.from_graph(G)
    choices = list(index.names)
    if not choices or not query.strip():
        return []
    hits = process.extract(
        normalize(query),
        choices,
        scorer=fuzz.WRatio,
        processor=normalize,
        limit=limit,
        score_cutoff=60,
    )
    return [name for name, _score, _ in hits]

