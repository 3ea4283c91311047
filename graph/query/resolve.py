"""What a related-topics query names: one name, a misspelt name, or several names in a row."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import networkx as nx

from graph.errors import QueryNotFound
from graph.ontology.check import normalize_label as label_key
from graph.query.evidence import Evidence
from graph.query.lookup import QueryIndex, find_node, suggest
from graph.workspace.text import normalize

__all__ = ["find_nodes"]


FUZZY_CUTOFF = 88  # rapidfuzz ratio from which a misspelt name is taken for the name
MAX_PARTS = 4  # concepts one query may name
TITLE_START = 8  # letters (a Chinese character counts two) from which a title's beginning names it
# where Latin letters meet Chinese characters (``BERT蒸馏`` is two words)
_SCRIPT_BOUNDARY = re.compile(r"(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff])")
# words between names that name nothing themselves (``bert and distillation``)
CONNECTORS = frozenset({"and", "or", "for", "of", "the", "in", "with", "vs", "to", "a", "和", "与"})
MAX_SENSES = 3  # names a lone word may sit in (``calibration``) before it is too vague to pick one
MEMO_SIZE = 4096  # words whose senses an index remembers
MAX_RELATIVES = 5  # suggestions for a concept the ontology knows and the map does not
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def find_nodes(G: nx.DiGraph, query: str, index: QueryIndex | None = None) -> list[dict]:
    """The nodes a query names: one name, a misspelt name, or several names in a row.

    Each match is ``{"id", "label", "kind", "method"}`` with ``method`` one of
    ``name`` (a label, alias, title, path or node id, or its English plural),
    ``words`` (the query is several names: ``bert distillation``, ``BERT
    蒸馏``; words naming too much, like ``models``, are skipped), ``spelling``
    (the one name within :data:`FUZZY_CUTOFF` of the query), ``inside`` (the
    query is a word of at most :data:`MAX_SENSES` names, the end of a name
    first: ``calibration`` is Model calibration) or ``title`` (the beginning
    of one article's title or file name, :data:`TITLE_START` letters or more,
    a Chinese character counting two).

    Raises
    ------
    QueryNotFound
        When nothing matches; ``suggestions`` holds the closest names. When
        the query names a concept of nlpmap's ontology that no article of
        this map mentions, ``known`` is its name and the suggestions are its
        relatives that the map has.
    """
    index = index or QueryIndex.from_graph(G)
    node = find_node(G, query, index) or _plural_name(query, index)
    if node is not None:
        return [_match(G, node, "name")]
    known = _known_elsewhere(G, query)
    if known is not None:
        raise _not_in_map(G, query, known, index)
    parts = _split_names(G, query, index)
    if parts:
        return [_match(G, node, "words") for node in parts]
    close = _close_name(query, index)
    if close is not None:
        return [_match(G, close, "spelling")]
    inside = _inside_name(G, query, index)
    if inside is not None:
        return [_match(G, inside, "inside")]
    start = _title_start(G, query, index)
    if start is not None:
        return [_match(G, start, "title")]
    # a word of too many names: those most articles mention
    df = Evidence.of(G, index).df
    senses = sorted((node for _, node in _senses(G, query, index)), key=lambda n: -df.get(n, 0))
    names = [G.nodes[node].get("label", node) for node in senses[:MAX_RELATIVES]]
    known = None if names else _known_inside(query)
    if known is not None:
        raise _not_in_map(G, query, known, index)
    raise QueryNotFound(query, names or suggest(G, query, index))


def _not_in_map(G: nx.DiGraph, query: str, known: _Known, index: QueryIndex) -> QueryNotFound:
    """The error for a concept the ontology knows and no article mentions: its relatives here."""
    suggestions = _relatives_here(G, known, index) or suggest(G, query, index)
    return QueryNotFound(query, suggestions, known=known.name)


def _match(G: nx.DiGraph, node: str, method: str) -> dict:
    data = G.nodes[node]
    return {"id": node, "label": data.get("label", node), "kind": data.get("kind"),
            "method": method}


def _split_names(G: nx.DiGraph, query: str, index: QueryIndex) -> list[str]:
    """Concepts named by consecutive words of ``query``, longest names first.

    [] for a single word, or when a word names nothing and is neither a
    connecting word nor a word of too many names to pick one.
    """
    words = [w for part in query.split() for w in _SCRIPT_BOUNDARY.split(part) if w]
    if len(words) < 2:
        return []
    found: list[str] = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            span = " ".join(words[i:j])
            node = index.by_key.get(label_key(span)) or _plural_name(span, index)
            if node is None and j == i + 1 and words[i].casefold() not in CONNECTORS:
                # beside other names, a word names a concept only as its head (``distillation``)
                node = _inside_name(G, words[i], index, heads_only=True)
            if node is not None and G.nodes[node].get("kind") == "concept":
                if node not in found:
                    found.append(node)
                i = j
                break
        else:
            # a connecting word, or one inside too many names to pick one (``models``)
            if words[i].casefold() not in CONNECTORS and not _senses(G, words[i], index):
                return []
            i += 1
        if len(found) > MAX_PARTS:
            return []
    return found


def _singular(word: str) -> str:
    """The singular of an English plural (``CRFs``, ``queries``, ``losses``); other words unchanged."""
    lower = word.lower()
    if len(word) < 4 or not word.isascii() or not lower.endswith("s"):
        return word
    if lower.endswith("ies"):
        return word[:-3] + ("Y" if word[-1] == "S" else "y")
    if lower.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if lower.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


def _singular_end(text: str) -> str:
    """``text`` with its last word made singular (``language models`` -> ``language model``)."""
    head, space, last = text.strip().rpartition(" ")
    return head + space + _singular(last)


def _plural_name(query: str, index: QueryIndex) -> str | None:
    """The node named by ``query`` with its last word made singular (``transformers``, ``CRFs``)."""
    singular = _singular_end(query)
    key = label_key(singular) if singular != query.strip() else ""
    return index.by_key.get(key) if key else None


@dataclass(frozen=True)
class _Names:
    """Concept names for whole-word lookup: ``rows`` of ``(node, is_label, singular Latin words,
    key)``, the rows of each Latin word, and the rows with Chinese characters."""

    rows: list[tuple[str, bool, tuple[str, ...], str]]
    by_word: dict[str, list[int]]
    cjk: list[int]


def _name_rows(named) -> _Names:
    """:class:`_Names` of ``(node, label, aliases)`` triples."""
    rows, by_word, cjk = [], {}, []
    for node, label, aliases in named:
        for name, is_label in ((label, True), *((alias, False) for alias in aliases)):
            if not name:
                continue
            words = tuple(_singular(w) for w in _LATIN_WORD.findall(normalize(name)))
            key = label_key(name)
            for word in set(words):
                by_word.setdefault(word, []).append(len(rows))
            if _CJK.search(key):
                cjk.append(len(rows))
            rows.append((node, is_label, words, key))
    return _Names(rows, by_word, cjk)


def _name_table(G: nx.DiGraph, index: QueryIndex) -> _Names:
    """The names of the map's concepts, built once per index."""
    table = index.cache.get("names_inside")
    if table is None:
        table = _name_rows(
            (node, data.get("label") or "", data.get("aliases") or [])
            for node, data in G.nodes(data=True)
            if data.get("kind") == "concept"
        )
        index.cache["names_inside"] = table
    return table


@functools.lru_cache(maxsize=1)
def _ontology():
    """nlpmap's built-in ontology, loaded on the first query that needs it."""
    from graph.ontology import load_ontology

    return load_ontology()


@functools.lru_cache(maxsize=1)
def _ontology_table() -> _Names:
    """The names of the built-in ontology's concepts."""
    concepts = _ontology().concepts.values()
    return _name_rows((c.id, c.name, (*c.zh, *c.aliases)) for c in concepts)


@functools.lru_cache(maxsize=1024)
def _known_tiers(phrase: str) -> dict[str, int]:
    """:func:`_tiers` of the ontology's names (read-only)."""
    return _tiers(_ontology_table(), phrase)


def _tiers(table: _Names, phrase: str) -> dict[str, int]:
    """``{node: tier}`` of the names in ``table`` with ``phrase`` as whole words (see :func:`_senses`)."""
    cjk = bool(_CJK.search(phrase))
    key = label_key(phrase)
    words = tuple(_singular(w) for w in _LATIN_WORD.findall(normalize(phrase)))
    if not key or (not cjk and not words):
        return {}
    n = len(words)
    tiers: dict[str, int] = {}
    for row in table.cjk if cjk else table.by_word.get(words[0], ()):
        node, is_label, name_words, name_key = table.rows[row]
        if cjk:
            if key not in name_key or key == name_key:
                continue
            tier = 0 if name_key.endswith(key) else 2
        else:
            spots = [i for i in range(len(name_words) - n + 1) if name_words[i : i + n] == words]
            if not spots or len(name_words) == n:
                continue
            tier = 0 if spots[-1] == len(name_words) - n else 2
        tier += 0 if is_label else 1
        tiers[node] = min(tier, tiers.get(node, tier))
    return tiers


def _senses(G: nx.DiGraph, phrase: str, index: QueryIndex) -> list[tuple[int, str]]:
    """The map's concepts with ``phrase`` as whole words of a name: ``(tier, node)``, best first.

    Tier 0: the phrase ends the concept's label (English and Chinese names
    end in their head: Model *calibration*, 文本*匹配*); 1: it ends an alias;
    2: it sits inside the label; 3: inside an alias. Within a tier the
    concepts most articles mention come first.
    """
    memo = index.cache.setdefault("senses", {})
    if phrase not in memo:
        if len(memo) > MEMO_SIZE:
            memo.clear()
        tiers = _tiers(_name_table(G, index), phrase)
        df = Evidence.of(G, index).df
        memo[phrase] = sorted(((t, node) for node, t in tiers.items()),
                              key=lambda tn: (tn[0], -df.get(tn[1], 0), tn[1]))
    return memo[phrase]




def _inside_name(G: nx.DiGraph, phrase: str, index: QueryIndex, heads_only: bool = False) -> str | None:
    """The concept ``phrase`` names inside its names, unless the phrase is vague.

    Vague: more than :data:`MAX_SENSES` concepts share the best tier, in the
    map or in nlpmap's ontology (so that ``model`` names nothing even in a map
    that has only two models). With ``heads_only``, only a phrase that ends a
    name (tiers 0 and 1) names it: ``faster`` is no name for Faster R-CNN.
    """
    senses = _senses(G, phrase, index)
    if not senses or (heads_only and senses[0][0] > 1):
        return None
    tier = senses[0][0]
    best = [node for t, node in senses if t == tier]
    known = sum(1 for t in _known_tiers(phrase).values() if t == tier)
    return best[0] if max(len(best), known) <= MAX_SENSES else None


@functools.lru_cache(maxsize=1)
def _ontology_names() -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
    """The built-in ontology's name keys to ids, and its relations both ways."""
    onto = _ontology()
    keys: dict[str, str] = {}
    for cid, concept in onto.concepts.items():
        for name in (concept.name, *concept.zh, *concept.aliases, cid):
            keys.setdefault(label_key(name), cid)
    around: dict[str, list[tuple[str, str]]] = {}
    for rel in onto.relations:
        around.setdefault(rel.source, []).append((rel.type, rel.target))
        around.setdefault(rel.target, []).append((rel.type, rel.source))
    return keys, around


@dataclass(frozen=True)
class _Known:
    id: str
    name: str


def _known_elsewhere(G: nx.DiGraph, query: str) -> _Known | None:
    """The ontology concept the whole query names when the map has no node for it."""
    keys, _ = _ontology_names()
    for text in (query, _singular_end(query)):
        cid = keys.get(label_key(text))
        if cid is not None:
            return None if f"concept:{cid}" in G else _Known(cid, _ontology().concepts[cid].name)
    return None


def _known_inside(phrase: str) -> _Known | None:
    """The one ontology concept ``phrase`` is a word of (best tier, at most :data:`MAX_SENSES`)."""
    tiers = _known_tiers(phrase)
    if not tiers:
        return None
    best = min(tiers.values())
    ids = sorted(cid for cid, tier in tiers.items() if tier == best)
    if len(ids) != 1:  # the map has none of them: nothing says which is meant
        return None
    return _Known(ids[0], _ontology().concepts[ids[0]].name)


def _relatives_here(G: nx.DiGraph, known: _Known, index: QueryIndex) -> list[str]:
    """The map's concepts within two ontology relations of ``known``, most mentioned first."""
    _, around = _ontology_names()
    near, frontier = set(), [known.id]
    for _ in range(2):
        step = []
        for cid in frontier:
            for _, other in around.get(cid, ()):
                node = f"concept:{other}"
                if node in G:
                    near.add(node)
                elif other != known.id:
                    step.append(other)
        if near:
            break
        frontier = step
    df = Evidence.of(G, index).df
    ranked = sorted(near, key=lambda node: (-df.get(node, 0), node))
    return [G.nodes[node].get("label", node) for node in ranked[:MAX_RELATIVES]]


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
