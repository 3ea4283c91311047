"""What every exporter shares: scalar attributes, declared types, edge ids."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from graph.errors import ExportError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "LIST_SEPARATOR", "XML_REPLACEMENT", "attribute_types", "property_types", "scalar", "scalar_copy",
    "xml_copy", "xml_text",
]  # fmt: skip

#: Lists (aliases, ...) become one string joined with this separator in GraphML, GEXF and CSV.
LIST_SEPARATOR = " | "
#: What GraphML and GEXF write for a character XML 1.0 cannot hold (C0 controls but tab, line
#: feed and carriage return; lone surrogates; U+FFFE, U+FFFF).
XML_REPLACEMENT = "\ufffd"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def scalar(value: Any) -> Any:
    """A value GraphML/GEXF/CSV can hold: lists joined by :data:`LIST_SEPARATOR`, dicts as JSON."""
    if isinstance(value, (list, tuple, set)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    return value


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def attribute_types(items) -> dict[str, str]:
    """The type of each attribute found in ``items`` (mappings): boolean, long, double or string.

    Mixed types widen: long+double is double, anything else mixed is string.
    """
    found: dict[str, str] = {}
    for data in items:
        for key, value in data.items():
            kind = _type_of(value)
            old = found.get(key)
            if old is None or old == kind:
                found[key] = kind
            elif {old, kind} == {"long", "double"}:
                found[key] = "double"
            else:
                found[key] = "string"
    return found


def property_types(items) -> dict[str, tuple[str, bool]]:
    """For graph databases: ``{attribute: (item type, is a list)}`` of the mappings ``items``.

    A list attribute (``aliases``) is an array of its items' widened type (any item counts);
    an empty list says nothing of its items (``string`` unless another row tells).
    Scalars widen as in :func:`attribute_types`; a key that is a list in some rows and a
    scalar in others is a list (the scalar becomes a one-item list).
    """
    flat, lists = [], set()
    for data in items:
        for key, value in data.items():
            if isinstance(value, (list, tuple, set)):
                lists.add(key)
                flat.extend({key: v} for v in value if v is not None)
            elif value is not None:
                flat.append({key: value})
    found = attribute_types(flat)
    for key in lists:
        found.setdefault(key, "string")
    return {key: (kind, key in lists) for key, kind in found.items()}


def scalar_copy(G: nx.DiGraph) -> nx.DiGraph:
    """A copy of ``G`` whose node, edge and graph attributes are all scalars of one type each."""
    H = G.__class__()
    H.graph.update({k: scalar(v) for k, v in G.graph.items()})
    ntypes = attribute_types(d for _, d in G.nodes(data=True))
    etypes = attribute_types(d for _, _, d in G.edges(data=True))
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _cast(scalar(v), ntypes[k]) for k, v in d.items() if v is not None})
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, **{k: _cast(scalar(x), etypes[k]) for k, x in d.items() if x is not None})
    return H


def _cast(value: Any, kind: str) -> Any:
    if kind == "string" and not isinstance(value, str):
        return str(value)
    if kind == "double" and not isinstance(value, float):
        return float(value)
    return value


def xml_text(value: Any) -> Any:
    """``value`` with every character XML 1.0 cannot hold replaced by :data:`XML_REPLACEMENT`
    (other values as they are)."""
    return _NOT_XML.sub(XML_REPLACEMENT, value) if isinstance(value, str) else value


def xml_copy(G: nx.DiGraph) -> nx.DiGraph:
    """:func:`scalar_copy` of ``G`` whose ids, keys and strings XML 1.0 can hold (:func:`xml_text`).

    Raises
    ------
    ExportError
        When two node ids differ only by such characters (they would become one node).
    """
    H = scalar_copy(G)
    ids = {n: xml_text(n) for n in H}
    if len(set(ids.values())) < len(ids):
        raise ExportError("two node ids differ only by control characters, which XML cannot hold")
    X = H.__class__()
    X.graph.update({xml_text(k): xml_text(v) for k, v in H.graph.items()})
    for n, d in H.nodes(data=True):
        X.add_node(ids[n], **{xml_text(k): xml_text(v) for k, v in d.items()})
    for u, v, d in H.edges(data=True):
        X.add_edge(ids[u], ids[v], **{xml_text(k): xml_text(x) for k, x in d.items()})
    return X
