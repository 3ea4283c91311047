"""A Cypher script for Neo4j (``cypher-shell -f map.cypher``).

Uniqueness constraints on ``id`` first, one per label; then nodes and relationships in
batches of ``UNWIND [...] AS row MERGE ...``. A node's label comes from its kind
(``concept`` -> ``Concept``), a relationship's type from the edge kind
(``links_to`` -> ``LINKS_TO``). Every string is a single-quoted literal with ``\\``,
``'``, ``"`` and control characters escaped; identifiers are backtick-quoted.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["BATCH", "cypher_string", "label_for", "rel_type_for", "to_cypher", "write_cypher"]

BATCH = 500
_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\b": "\\b", "\f": "\\f"}  # fmt: skip


def cypher_string(text: str) -> str:
    """``text`` as a Cypher string literal; other control characters as ``\\uXXXX``."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def ident(name: str) -> str:
    """A backtick-quoted identifier (backticks doubled)."""
    return "`" + str(name).replace("`", "``") + "`"


def label_for(kind: Any) -> str:
    """The node label of a kind: ``concept`` -> ``Concept``, ``co_author`` -> ``CoAuthor``."""
    parts = [p for p in str(kind or "node").replace("-", "_").split("_") if p]
    return "".join(p[:1].upper() + p[1:] for p in parts) or "Node"


def rel_type_for(kind: Any) -> str:
    """The relationship type of an edge kind: ``links_to`` -> ``LINKS_TO``."""
    return str(kind or "related").replace("-", "_").upper()


def value(v: Any) -> str:
    """A Cypher literal of a property value (None and NaN give ``null``)."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (list, tuple, set)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{ident(k)}: {value(x)}" for k, x in v.items()) + "}"
    return cypher_string(str(v))


def _batches(rows: list[str]):
    for i in range(0, len(rows), BATCH):
        yield ",\n  ".join(rows[i : i + BATCH])


def _node_statements(G: nx.DiGraph) -> tuple[list[str], list[str]]:
    by_label: dict[str, list[str]] = defaultdict(list)
    for n, d in G.nodes(data=True):
        props = {k: v for k, v in d.items() if k != "id"}
        by_label[label_for(d.get("kind"))].append(
            "{id: " + cypher_string(str(n)) + ", props: " + value(props) + "}"
        )
    constraints = [
        f"CREATE CONSTRAINT {ident(label.lower() + '_id')} IF NOT EXISTS "
        f"FOR (n:{ident(label)}) REQUIRE n.id IS UNIQUE;"
        for label in sorted(by_label)
    ]
    merges = [
        f"UNWIND [\n  {batch}\n] AS row\nMERGE (n:{ident(label)} {{id: row.id}}) SET n += row.props;"
        for label in sorted(by_label)
        for batch in _batches(by_label[label])
    ]
    return constraints, merges


def _edge_statements(G: nx.DiGraph) -> list[str]:
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        key = (label_for(G.nodes[u].get("kind")), rel_type_for(d.get("kind")),
               label_for(G.nodes[v].get("kind")))  # fmt: skip
        groups[key].append(
            "{s: " + cypher_string(str(u)) + ", t: " + cypher_string(str(v))
            + ", props: " + value(dict(d)) + "}"
        )  # fmt: skip
    return [
        f"UNWIND [\n  {batch}\n] AS row\nMATCH (a:{ident(a)} {{id: row.s}}), (b:{ident(b)} {{id: row.t}})\n"
        f"MERGE (a)-[r:{ident(rel)}]->(b) SET r += row.props;"
        for (a, rel, b) in sorted(groups)
        for batch in _batches(groups[(a, rel, b)])
    ]


def to_cypher(G: nx.DiGraph) -> str:
    """The whole script: constraints, nodes, relationships."""
    constraints, merges = _node_statements(G)
    head = "// nlpmap export: run with `cypher-shell -f FILE` (constraints, nodes, relationships)"
    return "\n\n".join([head, *constraints, *merges, *_edge_statements(G)]) + "\n"


def write_cypher(G: nx.DiGraph, path: Path) -> Path:
    """Write :func:`to_cypher` to ``path``."""
    path = Path(path)
    path.write_text(to_cypher(G), encoding="utf-8")
    return path
