"""An embedded graph database folder, queried with Cypher and no server (Ladybug, the maintained
fork of Kùzu: ``pip install 'nlpmap[graphdb]'``).

The folder holds ``graph.lbug`` (the database, one file) and ``schema.cypher`` (the statements
that made its tables). One node table per node kind (``concept`` -> ``Concept``), keyed by the
node id (``id STRING PRIMARY KEY``), with a typed column per attribute (``pagerank DOUBLE``,
``aliases STRING[]``...); one relationship table per edge kind (``mentions`` -> ``MENTIONS``)
with a ``FROM … TO …`` pair for every pair of node kinds it joins. Open it with::

    import ladybug
    conn = ladybug.Connection(ladybug.Database("map/graph.lbug", read_only=True))
    conn.execute("MATCH (a:Article)-[:MENTIONS]->(c:Concept {id: 'concept:bert'}) RETURN a.label")
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import ExportError
from graph.export.common import property_types, scalar
from graph.export.cypher import ident, label_for, rel_type_for

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "DATABASE_FILE", "INSTALL_HINT", "SCHEMA_FILE", "graphdb_schema", "require", "to_graphdb",
    "write_graphdb",
]  # fmt: skip

DATABASE_FILE = "graph.lbug"
SCHEMA_FILE = "schema.cypher"
INSTALL_HINT = "the graphdb format needs Ladybug: pip install 'nlpmap[graphdb]'"
_TYPES = {"boolean": "BOOLEAN", "long": "INT64", "double": "DOUBLE", "string": "STRING"}
_BUFFER_POOL = 256 * 1024 * 1024  # bytes; Ladybug's default is most of the machine's memory


def require() -> None:
    """Raise :class:`ExportError` saying how to install Ladybug when it is missing."""
    _modules()


def _modules():
    """``(ladybug, pandas)``, or :class:`ExportError` saying how to install them."""
    try:
        import ladybug
        import pandas
    except ImportError as exc:
        raise ExportError(f"{INSTALL_HINT} ({exc})") from exc
    return ladybug, pandas


def _cast(value: Any, kind: str, is_list: bool) -> Any:
    """``value`` as its column holds it: lists item by item, strings from anything else."""
    if value is None:
        return None
    if is_list:
        items = value if isinstance(value, (list, tuple, set)) else [value]
        return [_cast(v, kind, False) for v in items if v is not None]
    if kind == "string":
        return value if isinstance(value, str) else str(scalar(value))
    if kind == "double":
        return float(value)
    return value


def _columns(rows) -> dict[str, tuple[str, bool]]:
    """``{attribute: (item type, is a list)}`` of ``rows``, sorted by name."""
    types = property_types(rows)
    return {k: types[k] for k in sorted(types)}


def _ddl(columns: dict[str, tuple[str, bool]]) -> list[str]:
    return [f"{ident(k)} {_TYPES[t]}{'[]' if is_list else ''}" for k, (t, is_list) in columns.items()]


def _frame(pandas, first: dict[str, list], columns: dict[str, tuple[str, bool]], rows: list[dict]):
    """A DataFrame of object columns (None stays NULL): the ``first`` ones, then ``columns``."""
    data = {k: pandas.Series(v, dtype=object) for k, v in first.items()}
    for k, (t, is_list) in columns.items():
        data[k] = pandas.Series([_cast(r.get(k), t, is_list) for r in rows], dtype=object)
    return pandas.DataFrame(data)


def _tables(G: nx.DiGraph):
    """``(nodes, relationships)``: ``{label: (columns, ids, rows)}`` and
    ``{type: (columns, {(from label, to label): [(source, target, attributes)]})}``."""
    nodes: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for n, d in G.nodes(data=True):
        ids, rows = nodes[label_for(d.get("kind"))]
        ids.append(str(n))
        rows.append({k: v for k, v in d.items() if k != "id"})
    rels: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for u, v, d in G.edges(data=True):
        pair = (label_for(G.nodes[u].get("kind")), label_for(G.nodes[v].get("kind")))
        rels[rel_type_for(d.get("kind"))][pair].append((str(u), str(v), d))
    node_tables = {label: (_columns(rows), ids, rows) for label, (ids, rows) in sorted(nodes.items())}
    rel_tables = {
        rel: (_columns(d for edges in groups.values() for _, _, d in edges), dict(sorted(groups.items())))
        for rel, groups in sorted(rels.items())
    }
    return node_tables, rel_tables


def _schema(node_tables, rel_tables) -> list[str]:
    statements = [
        f"CREATE NODE TABLE {ident(label)}("
        + ", ".join(["`id` STRING", *_ddl(columns), "PRIMARY KEY (`id`)"]) + ");"
        for label, (columns, _, _) in node_tables.items()
    ]  # fmt: skip
    for rel, (columns, groups) in rel_tables.items():
        pairs = [f"FROM {ident(a)} TO {ident(b)}" for a, b in groups]
        statements.append(f"CREATE REL TABLE {ident(rel)}({', '.join([*pairs, *_ddl(columns)])});")
    return statements


def graphdb_schema(G: nx.DiGraph) -> str:
    """The ``CREATE NODE TABLE`` / ``CREATE REL TABLE`` statements of ``G``'s database."""
    return "\n".join(_schema(*_tables(G))) + "\n"


def _load(conn, pandas, node_tables, rel_tables) -> None:
    """Fill the tables with ``COPY … FROM $frame`` (a DataFrame per node label, per pair)."""
    for label, (columns, ids, rows) in node_tables.items():
        frame = _frame(pandas, {"id": ids}, columns, rows)
        conn.execute(f"COPY {ident(label)} FROM $frame", {"frame": frame})
    for rel, (columns, groups) in rel_tables.items():
        for (a, b), edges in groups.items():
            ends = {"from": [u for u, _, _ in edges], "to": [v for _, v, _ in edges]}
            frame = _frame(pandas, ends, columns, [d for _, _, d in edges])
            conn.execute(f"COPY {ident(rel)} FROM $frame (from={_quoted(a)}, to={_quoted(b)})", {"frame": frame})


def _quoted(name: str) -> str:
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def write_graphdb(G: nx.DiGraph, path: Path) -> Path:
    """Write the database of ``G`` into the folder ``path`` (created if missing; an earlier
    ``graph.lbug`` there is replaced).

    Raises
    ------
    ExportError
        When Ladybug (the ``graphdb`` extra) is not installed, or ``path`` is a file.
    """
    ladybug, pandas = _modules()
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ExportError(f"{path} is a file; the graphdb export is a folder")
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob(DATABASE_FILE + "*"):
        old.unlink()
    node_tables, rel_tables = _tables(G)
    schema = _schema(node_tables, rel_tables)
    db = ladybug.Database(str(path / DATABASE_FILE), buffer_pool_size=_BUFFER_POOL)
    try:
        with ladybug.Connection(db) as conn:
            for statement in schema:
                conn.execute(statement)
            _load(conn, pandas, node_tables, rel_tables)
    except RuntimeError as exc:  # Ladybug reports bad data as RuntimeError
        raise ExportError(f"the graph database could not be written: {str(exc).splitlines()[0]}") from exc
    finally:
        db.close()
    (path / SCHEMA_FILE).write_text("\n".join(schema) + "\n", encoding="utf-8")
    return path


def to_graphdb(G: nx.DiGraph) -> bytes:
    """A zip of the database folder (``graph.lbug``, ``schema.cypher``)."""
    with tempfile.TemporaryDirectory(prefix="nlpmap-graphdb-") as tmp:
        folder = write_graphdb(G, Path(tmp) / "graphdb")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in (DATABASE_FILE, SCHEMA_FILE):
                archive.write(folder / name, name)
        return buf.getvalue()
