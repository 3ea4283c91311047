"""``nodes.csv`` and ``edges.csv`` for spreadsheets and pandas (a folder, or a zip of both).

Columns: ``id`` then every node attribute found; ``source``, ``target`` then every edge
attribute found. Lists are joined with :data:`graph.export.common.LIST_SEPARATOR`.
With ``bom=True`` each file starts with a UTF-8 byte order mark (Excel then shows Chinese).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from graph.export.common import scalar

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["csv_tables", "csv_text", "to_csv", "write_csv"]


def _columns(rows) -> list[str]:
    seen: dict[str, None] = {}
    for data in rows:
        seen.update(dict.fromkeys(data))
    return list(seen)


def csv_text(header: list[str], rows) -> str:
    """A CSV document of ``header`` and ``rows`` with RFC 4180 line ends (``\r\n``): a field
    holding either ``\r`` or ``\n`` is quoted, so a lone carriage return reads back."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def csv_tables(G: nx.DiGraph, *, bom: bool = False) -> dict[str, bytes]:
    """``{"nodes.csv": ..., "edges.csv": ...}`` as UTF-8 bytes."""
    ncols = [c for c in _columns(d for _, d in G.nodes(data=True)) if c != "id"]
    ecols = [c for c in _columns(d for _, _, d in G.edges(data=True)) if c not in ("source", "target")]
    nodes = csv_text(
        ["id", *ncols], ([n, *(scalar(d.get(c)) for c in ncols)] for n, d in G.nodes(data=True))
    )
    edges = csv_text(
        ["source", "target", *ecols],
        ([u, v, *(scalar(d.get(c)) for c in ecols)] for u, v, d in G.edges(data=True)),
    )
    enc = "utf-8-sig" if bom else "utf-8"
    return {"nodes.csv": nodes.encode(enc), "edges.csv": edges.encode(enc)}


def to_csv(G: nx.DiGraph, *, bom: bool = False) -> bytes:
    """A zip archive holding ``nodes.csv`` and ``edges.csv``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in csv_tables(G, bom=bom).items():
            archive.writestr(name, data)
    return buf.getvalue()


def write_csv(G: nx.DiGraph, path: Path, *, bom: bool = False) -> Path:
    """Write ``nodes.csv`` and ``edges.csv`` into the folder ``path`` (created if missing);
    a path ending in ``.zip`` gets the archive instead."""
    path = Path(path)
    if path.suffix.lower() == ".zip":
        path.write_bytes(to_csv(G, bom=bom))
        return path
    path.mkdir(parents=True, exist_ok=True)
    for name, data in csv_tables(G, bom=bom).items():
        (path / name).write_bytes(data)
    return path
