"""Search by prefix over node names (labels and aliases, English and Chinese), for autocomplete.

:class:`SearchIndex` is built once per graph (:meth:`SearchIndex.from_graph`);
:func:`search` then answers every keystroke from sorted key lists (bisect) and
one joined string of all keys (``str.find``), never a scan in Python over all
names. Hits are ranked by how the query matches a name, then by the kind of
node, then by PageRank:

1. the whole name (``bert`` → BERT);
2. a whole word at the start of the name (``bert`` → BERT-base);
3. a whole word inside the name (``bert`` → Tiny BERT, ``TinyBERT`` by its camel-case word);
4. the start of the name (``trans`` → Transformer);
5. the start of a word inside the name;
6. anywhere (``蒸馏`` → 知识蒸馏, ``bert`` → RoBERTa), or each word of the
   query anywhere (``bert 蒸馏`` → Bert蒸馏到简单网络lstm).

Within a rank, ontology concepts come before articles, then sections (hub
headings, folders), the hub and candidate concepts; a label before an alias.
When nothing matches a name as a whole, word or prefix, ``suggestions`` holds
the closest names (rapidfuzz), for "did you mean".
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field

import networkx as nx

from graph.ontology.check import normalize_label
from graph.query.nodes import MAX_QUERY, node_summary

__all__ = ["MATCH_NAMES", "SearchIndex", "search"]

# the rank of each way of matching, best first (index = rank)
MATCH_NAMES = ("exact", "prefix-word", "word", "prefix", "word-prefix", "substring")
_KIND_RANK = {"concept": 0, "article": 1, "section": 2, "hub": 3, "candidate": 4}
_SUBSTRING_SCAN = 4000  # occurrences read at most for "anywhere" matches
_SUGGEST_CUTOFF = 70


def search_key(text: str) -> str:
    """NFKC, case folded, whitespace collapsed: the form names are searched in."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _is_cjk(char: str) -> bool:
    """True for CJK ideographs and kana (no word boundaries there)."""
    return (
        "\u3040" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\u3400" <= char <= "\u4dbf"
    )


def word_starts(name: str) -> list[int]:
    """Offsets (in ``search_key(name)``) where a word begins, the first excepted.

    A word begins after a non-alphanumeric character, at a lower-to-upper
    case change (``TinyBERT``), between a letter and a digit, and at a Latin
    letter after a CJK character. Only for names whose key keeps the
    original's length (almost all) are case changes seen; others use the key.
    """
    key = search_key(name)
    source = name if len(name) == len(key) else key
    starts = []
    for i in range(1, len(source)):
        prev, char = source[i - 1], source[i]
        if not char.isalnum() or _is_cjk(char):
            continue
        boundary = not prev.isalnum() or _is_cjk(prev) or prev.isalpha() != char.isalpha()
        if boundary or (prev.islower() and char.isupper()):
            starts.append(i)
    return starts


@dataclass(frozen=True)
class _Entry:
    """One searchable name of one node."""

    node: str
    name: str
    key: str
    is_label: bool


@dataclass(frozen=True)
class SearchIndex:
    """The names of a graph's nodes, prepared for prefix and substring search.

    ``entries`` are the names; ``keys`` their sorted ``(key, entry)`` pairs;
    ``words`` the sorted ``(key from a word start, entry, offset)`` triples;
    ``squashed`` the sorted ``(key without spaces or hyphens, entry)`` pairs;
    ``joined`` every key, one a line, with ``offsets`` where each begins;
    ``exact`` maps :func:`~graph.ontology.check.normalize_label` keys to entries;
    ``rank`` holds each node's kind rank and PageRank; ``choices`` maps each
    key to the ``(name, node)`` offered as a suggestion (labels first).
    """

    entries: tuple[_Entry, ...] = ()
    keys: tuple[tuple[str, int], ...] = ()
    words: tuple[tuple[str, int, int], ...] = ()
    squashed: tuple[tuple[str, int], ...] = ()
    joined: str = ""
    offsets: tuple[int, ...] = ()
    exact: dict[str, tuple[int, ...]] = field(default_factory=dict)
    rank: dict[str, tuple[int, float]] = field(default_factory=dict)
    choices: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, G: nx.DiGraph) -> SearchIndex:
        """Index the labels and aliases of concepts, and the titles and file names of articles."""
        entries: list[_Entry] = []
        rank: dict[str, tuple[int, float]] = {}
        for node, data in G.nodes(data=True):
            kind = data.get("kind", "")
            if kind == "concept" and data.get("type") == "candidate":
                kind = "candidate"
            if kind not in _KIND_RANK:
                continue
            rank[node] = (_KIND_RANK[kind], -float(data.get("pagerank") or 0.0))
            seen: set[str] = set()
            for name, is_label in _names(node, data):
                key = search_key(name)
                if key and key not in seen:
                    seen.add(key)
                    entries.append(_Entry(node, name, key, is_label))
        return cls._from_entries(entries, rank)

    @classmethod
    def _from_entries(cls, entries: list[_Entry], rank: dict) -> SearchIndex:
        """The sorted tables over ``entries``, kept in ranking order (kind, label first, PageRank)."""
        entries = sorted(
            entries,
            key=lambda e: (*rank[e.node][:1], not e.is_label, rank[e.node][1], len(e.key), e.node),
        )
        keys = sorted((e.key, i) for i, e in enumerate(entries))
        words = sorted(
            (e.key[start:], i, start)
            for i, e in enumerate(entries)
            for start in word_starts(e.name)
        )
        offsets, position = [], 0
        for e in entries:
            offsets.append(position)
            position += len(e.key) + 1
        squashed = sorted((normalize_label(e.name), i) for i, e in enumerate(entries))
        exact: dict[str, list[int]] = {}
        for i, e in enumerate(entries):
            exact.setdefault(normalize_label(e.name), []).append(i)
        choices: dict[str, tuple[str, str]] = {}
        for e in sorted(entries, key=lambda e: (not e.is_label, rank[e.node])):
            choices.setdefault(e.key, (e.name, e.node))
        return cls(
            entries=tuple(entries),
            keys=tuple(keys),
            words=tuple(words),
            squashed=tuple(squashed),
            joined="\n".join(e.key for e in entries),
            offsets=tuple(offsets),
            exact={k: tuple(v) for k, v in exact.items()},
            rank=rank,
            choices=choices,
        )


def _names(node: str, data: dict) -> list[tuple[str, bool]]:
    """The names a node is found by: ``(name, is_label)``."""
    label = str(data.get("label") or "")
    names = [(label, True)] if label else []
    kind = data.get("kind")
    if kind == "concept":
        names += [(str(a), False) for a in data.get("aliases") or [] if a]
    elif kind == "article":
        stem = str(data.get("path") or "").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if stem:
            names.append((stem, False))
    return names


def _prefixed(table, prefix: str, limit: int):
    """The rows of a sorted table whose first item starts with ``prefix`` (at most ``limit``)."""
    start = bisect.bisect_left(table, (prefix,))
    for row in table[start : start + limit]:
        if not row[0].startswith(prefix):
            return
        yield row


def _whole_word(key: str, end: int) -> bool:
    """True when a match ending at ``end`` of ``key`` ends a word (never between two CJK characters)."""
    if end >= len(key):
        return True
    prev, char = key[end - 1], key[end]
    if not char.isalnum():
        return True
    if _is_cjk(prev) or _is_cjk(char):  # no word boundaries inside Chinese text
        return _is_cjk(prev) != _is_cjk(char)
    return prev.isalpha() != char.isalpha()


def _matches(index: SearchIndex, q: str, scan: int, limit: int) -> dict[int, int]:
    """Entry number → best match rank (see :data:`MATCH_NAMES`) for the key ``q``."""
    best: dict[int, int] = {}

    def note(i: int, rank: int) -> None:
        if rank < best.get(i, 99):
            best[i] = rank

    for i in index.exact.get(normalize_label(q), ()):
        note(i, 0)
    for key, i in _prefixed(index.keys, q, scan):
        note(i, 0 if key == q else 1 if _whole_word(key, len(q)) else 3)
    for suffix, i, _start in _prefixed(index.words, q, scan):
        note(i, 2 if _whole_word(suffix, len(q)) else 4)
    squashed = normalize_label(q)
    if squashed and squashed != q:  # "multi head" is a prefix of "Multi-head attention"
        for _key, i in _prefixed(index.squashed, squashed, scan):
            note(i, 3)
    if len({index.entries[i].node for i in best}) >= limit:
        return best  # substrings rank after what was found
    if len(q) >= 2 or _is_cjk(q[0]):
        for i in _containing(index, q, scan):
            note(i, 5)
    words = q.split()
    if len(words) > 1 and len({index.entries[i].node for i in best}) < limit:
        # every word somewhere in the name: "bert 蒸馏" finds "Bert蒸馏到简单网络lstm"
        for i in set.intersection(*(_containing(index, w, scan) for w in words)):
            note(i, 5)
    return best


def _containing(index: SearchIndex, text: str, scan: int) -> set[int]:
    """Entries whose key contains ``text`` (the first ``scan`` occurrences)."""
    found: set[int] = set()
    at, seen = index.joined.find(text), 0
    while at >= 0 and seen < scan:
        found.add(bisect.bisect_right(index.offsets, at) - 1)
        seen += 1
        at = index.joined.find(text, at + 1)
    return found


def search(
    G: nx.DiGraph,
    prefix: str,
    limit: int = 10,
    index: SearchIndex | None = None,
    suggestions: int = 5,
) -> dict:
    """Nodes whose label or alias matches ``prefix``, best first.

    Parameters
    ----------
    G : networkx.DiGraph
        An nlpmap graph.
    prefix : str
        What the reader typed so far (any script; case and width do not matter).
    limit : int
        How many hits at most.
    index : SearchIndex, optional
        A prebuilt index of ``G`` (build one per graph for autocomplete).
    suggestions : int
        How many "did you mean" names when nothing matches as a whole name,
        word or prefix.

    Returns
    -------
    dict
        ``{"query", "hits": [...], "suggestions": [...]}``; each hit has
        ``id``, ``label``, ``kind``, ``type`` (concepts; ``source`` for
        sections, ``path`` for articles), ``matched`` (the name that
        matched) and ``match`` (one of :data:`MATCH_NAMES`); each suggestion
        has ``id``, ``label``, ``kind``, ``type``, ``matched`` and ``score``.

    Raises
    ------
    ValueError
        When ``prefix`` is longer than 200 characters.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("concept:bert", kind="concept", label="BERT", type="model", aliases=["伯特"])
    >>> G.add_node("section:b", kind="section", label="Bert", source="folder")
    >>> [h["id"] for h in search(G, "bert")["hits"]]
    ['concept:bert', 'section:b']
    >>> search(G, "伯")["hits"][0]["matched"]
    '伯特'
    """
    if len(prefix or "") > MAX_QUERY:
        raise ValueError(f"the search prefix is longer than {MAX_QUERY} characters")
    index = index or SearchIndex.from_graph(G)
    q = search_key(prefix or "")
    if not q:
        return {"query": prefix, "hits": [], "suggestions": []}
    best = _matches(index, q, max(_SUBSTRING_SCAN, limit * 20), limit)
    ranked, seen = [], set()
    for i in sorted(best, key=lambda i: (best[i], i)):
        node = index.entries[i].node
        if node not in seen:
            seen.add(node)
            ranked.append((best[i], index.entries[i]))
            if len(ranked) >= limit:
                break
    hits = [_hit(G, e, MATCH_NAMES[match]) for match, e in ranked]
    strong = any(h["match"] != "substring" for h in hits)
    near = [] if strong or suggestions <= 0 else _suggest(G, index, q, suggestions)
    return {"query": prefix, "hits": hits, "suggestions": near}


def _hit(G: nx.DiGraph, e: _Entry, match: str) -> dict:
    """The JSON item of one hit."""
    item = node_summary(G, e.node)
    item.update(matched=e.name, match=match)
    return item


def _suggest(G: nx.DiGraph, index: SearchIndex, q: str, limit: int) -> list[dict]:
    """The names closest to ``q``, one per node, best first.

    rapidfuzz's ratio against each whole name and against each name's first
    ``len(q) + 1`` characters (a misspelt prefix while typing), the latter
    slightly discounted.
    """
    from rapidfuzz import fuzz, process

    if len(q) < 3 and not _is_cjk(q[0]):
        return []
    keys = list(index.choices)
    scores: dict[int, float] = {}
    heads = [k[: len(q) + 1] for k in keys]
    for choices, factor in ((keys, 1.0), (heads, 0.97)):
        for _, score, i in process.extract(
            q, choices, scorer=fuzz.ratio, limit=limit * 4, score_cutoff=_SUGGEST_CUTOFF
        ):
            scores[i] = max(scores.get(i, 0.0), score * factor)
    ranked = sorted(
        scores, key=lambda i: (-round(scores[i]), index.rank[index.choices[keys[i]][1]])
    )
    out, seen = [], set()
    for i in ranked:
        name, node = index.choices[keys[i]]
        if node in seen:
            continue
        seen.add(node)
        item = node_summary(G, node)
        item.update(matched=name, score=round(scores[i], 1))
        out.append(item)
        if len(out) >= limit:
            break
    return out
