"""What a related-topics query names: one name, a misspelt name, or several names in a row."""

from __future__ import annotations

import re

import networkx as nx

from graph.errors import QueryNotFound
from graph.ontology.check import normalize_label as label_key
from graph.query.lookup import QueryIndex, find_node, suggest
from graph.query.search import search
from graph.workspace.text import normalize

__all__ = ["find_nodes"]


FUZZY_CUTOFF = 88  # rapidfuzz ratio from which a misspelt name is taken for the name
MAX_PARTS = 4  # concepts one query may name
TITLE_START = 8  # letters (a Chinese character counts two) from which a title's beginning names it
# where Latin letters meet Chinese characters (``BERT蒸馏`` is two words)
_SCRIPT_BOUNDARY = re.compile(r"(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff])")
# words between names that name nothing themselves (``bert and distillation``)
CONNECTORS = frozenset({"and", "or", "for", "of", "the", "in", "with", "vs", "to", "a", "和", "与"})


def find_nodes(G: nx.DiGraph, query: str, index: QueryIndex | None = None) -> list[dict]:
    """The nodes a query names: one name, a misspelt name, or several names in a row.

    Each match is ``{"id", "label", "kind", "method"}`` with ``method`` one of
    ``name`` (a label, alias, title, path or node id), ``spelling`` (the one
    name within :data:`FUZZY_CUTOFF` of the query), ``words`` (the query is
    several names: ``bert distillation``, ``BERT 蒸馏``) or ``title`` (the
    beginning of one article's title or file name, :data:`TITLE_START` letters
    or more, a Chinese character counting two).

    Raises
    ------
    QueryNotFound
        When nothing matches; ``suggestions`` holds the closest names.
    """
    index = index or QueryIndex.from_graph(G)
    node = find_node(G, query, index)
    if node is not None:
        return [_match(G, node, "name")]
    parts = _split_names(G, query, index)
    if parts:
        return [_match(G, node, "words") for node in parts]
    close = _close_name(query, index)
    if close is not None:
        return [_match(G, close, "spelling")]
    start = _title_start(G, query, index)
    if start is not None:
        return [_match(G, start, "title")]
    raise QueryNotFound(query, suggest(G, query, index))


def _match(G: nx.DiGraph, node: str, method: str) -> dict:
    data = G.nodes[node]
    return {"id": node, "label": data.get("label", node), "kind": data.get("kind"),
            "method": method}


def _split_names(G: nx.DiGraph, query: str, index: QueryIndex) -> list[str]:
    """Concepts named by consecutive words of ``query``, longest names first; [] unless 2+."""
    words = [w for part in query.split() for w in _SCRIPT_BOUNDARY.split(part) if w]
    if len(words) < 2:
        return []
    found: list[str] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            node = index.by_key.get(label_key(" ".join(words[i:j])))
            if node is None and j == i + 1 and words[i].casefold() not in CONNECTORS:
                node = _word_concept(G, words[i], index)
            if node is not None and G.nodes[node].get("kind") == "concept":
                if node not in found:
                    found.append(node)
                i = j
                break
        else:
            if words[i].casefold() not in CONNECTORS:
                return []
            i += 1
        if len(found) > MAX_PARTS:
            return []
    return found if len(found) >= 2 else []


def _word_concept(G: nx.DiGraph, word: str, index: QueryIndex) -> str | None:
    """The concept a single word names inside one of its names (``distillation``), most central."""
    result = search(G, word, limit=10, index=index.cache.get("search"))
    for hit in result["hits"]:
        if hit.get("kind") == "concept" and hit.get("match") in ("exact", "prefix-word", "word"):
            return hit["id"]
    return None


def _title_start(G: nx.DiGraph, query: str, index: QueryIndex) -> str | None:
    """The one article whose title or file name begins with ``query`` (long enough: :data:`TITLE_START`)."""
    key = label_key(query)
    if sum(2 if "\u3400" <= ch <= "\u9fff" else 1 for ch in key) < TITLE_START:
        return None
    found = set()
    for node in index.names.values():
        data = G.nodes[node]
        if data.get("kind") != "article":
            continue
        stem = str(data.get("path") or "").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if any(label_key(name).startswith(key) for name in (str(data.get("label") or ""), stem)):
            found.add(node)
            if len(found) > 1:
                return None
    return found.pop() if found else None


def _close_name(query: str, index: QueryIndex) -> str | None:
    """The node whose name is within :data:`FUZZY_CUTOFF` of ``query``, if exactly one is best."""
    from rapidfuzz import fuzz, process

    if len(normalize(query)) < 4:
        return None
    hits = process.extract(
        normalize(query), list(index.names), scorer=fuzz.ratio, processor=normalize, limit=2,
        score_cutoff=FUZZY_CUTOFF,
    )
    if not hits or (len(hits) > 1 and hits[1][1] == hits[0][1]):
        return None
    return index.names[hits[0][0]]
