"""Files for ``neo4j-admin database import full``: one node file per label, one relationship
file per type, with typed headers (``id:ID``, ``:LABEL``, ``pagerank:double``,
``aliases:string[]``, ``:START_ID``, ``:END_ID``, ``:TYPE``); arrays are joined with ``;``
(the tool's default ``--array-delimiter``). :func:`import_command` gives the command to run.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.export.common import property_types
from graph.export.csvfiles import csv_text
from graph.export.cypher import label_for, rel_type_for

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ARRAY_DELIMITER", "import_command", "neo4j_tables", "to_neo4j_csv", "write_neo4j_csv"]

ARRAY_DELIMITER = ";"
_TYPES = {"boolean": "boolean", "long": "long", "double": "double", "string": "string"}


def _types(rows) -> dict[str, str]:
    """Neo4j types of the properties of ``rows``; lists become arrays of their items' type."""
    return {k: _TYPES[t] + ("[]" if is_list else "") for k, (t, is_list) in property_types(rows).items()}


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return ARRAY_DELIMITER.join(_cell(v, kind[:-2]) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind.startswith("string") and not isinstance(value, str):
        return str(value)
    return str(value)


def neo4j_tables(G: nx.DiGraph) -> dict[str, str]:
    """``{file name: CSV text}``: ``nodes_<Label>.csv`` and ``relationships_<TYPE>.csv``."""
    tables: dict[str, str] = {}
    nodes: dict[str, list] = defaultdict(list)
    for n, d in G.nodes(data=True):
        nodes[label_for(d.get("kind"))].append((n, {k: v for k, v in d.items() if k != "id"}))
    for label, items in sorted(nodes.items()):
        types = _types(d for _, d in items)
        keys = sorted(types)
        header = ["id:ID", *(f"{k}:{types[k]}" for k in keys), ":LABEL"]
        rows = ([n, *(_cell(d.get(k), types[k]) for k in keys), label] for n, d in items)
        tables[f"nodes_{label}.csv"] = csv_text(header, rows)
    edges: dict[str, list] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        edges[rel_type_for(d.get("kind"))].append((u, v, dict(d)))
    for rel, items in sorted(edges.items()):
        types = _types(d for _, _, d in items)
        keys = sorted(types)
        header = [":START_ID", ":END_ID", *(f"{k}:{types[k]}" for k in keys), ":TYPE"]
        rows = ([u, v, *(_cell(d.get(k), types[k]) for k in keys), rel] for u, v, d in items)
        tables[f"relationships_{rel}.csv"] = csv_text(header, rows)
    return tables


def import_command(names, folder: str = ".") -> str:
    """The ``neo4j-admin database import full`` command line for the files ``names``."""
    parts = ["neo4j-admin database import full"]
    for name in sorted(names):
        flag = "--nodes" if name.startswith("nodes_") else "--relationships"
        parts.append(f"{flag}={folder}/{name}")
    parts.append(f"--array-delimiter='{ARRAY_DELIMITER}' --overwrite-destination neo4j")
    return " \\\n  ".join(parts)


def to_neo4j_csv(G: nx.DiGraph) -> bytes:
    """A zip of the import files and ``import.sh`` (the command)."""
    import zipfile

    tables = neo4j_tables(G)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in tables.items():
            archive.writestr(name, text.encode("utf-8"))
        archive.writestr("import.sh", import_command(tables) + "\n")
    return buf.getvalue()


def write_neo4j_csv(G: nx.DiGraph, path: Path) -> Path:
    """Write the import files and ``import.sh`` into the folder ``path`` (created if missing)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    tables = neo4j_tables(G)
    for name, text in tables.items():
        (path / name).write_text(text, encoding="utf-8")
    (path / "import.sh").write_text(import_command(tables, str(path)) + "\n", encoding="utf-8")
    return path
