"""Exporting a graph to files other tools open: one module per format, one EXPORTERS table.

Every exporter has ``to_<fmt>(G)`` (the document: ``str`` or ``bytes``) and
``write_<fmt>(G, path)``; none mutates the graph. The view filter
(:func:`graph.export.view.view`) cuts the graph first. The CLI (`nlpmap export`) and
the HTTP route read :data:`EXPORTERS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from graph.errors import ExportError
from graph.export.common import LIST_SEPARATOR
from graph.export.csvfiles import to_csv, write_csv
from graph.export.cypher import to_cypher, write_cypher
from graph.export.gexf import to_gexf, write_gexf
from graph.export.graphdb import require as require_graphdb
from graph.export.graphdb import to_graphdb, write_graphdb
from graph.export.graphml import to_graphml, write_graphml
from graph.export.html import to_html, write_html
from graph.export.jsonfile import to_node_link, write_node_link
from graph.export.neo4jcsv import to_neo4j_csv, write_neo4j_csv
from graph.export.view import view

__all__ = [
    "EXPORTERS",
    "LIST_SEPARATOR",
    "Exporter",
    "format_for",
    "view",
    "write_export",
]


@dataclass(frozen=True)
class Exporter:
    """One format: its functions, file extension, media type and whether its output is a folder."""

    name: str
    to: Callable
    write: Callable
    suffix: str
    media_type: str
    folder: bool = False
    require: Callable[[], None] | None = None  # raises ExportError when an optional extra is missing


EXPORTERS: dict[str, Exporter] = {
    "graphml": Exporter("graphml", to_graphml, write_graphml, ".graphml", "application/graphml+xml"),
    "gexf": Exporter("gexf", to_gexf, write_gexf, ".gexf", "application/gexf+xml"),
    "json": Exporter("json", to_node_link, write_node_link, ".json", "application/json"),
    "csv": Exporter("csv", to_csv, write_csv, ".zip", "application/zip", folder=True),
    "cypher": Exporter("cypher", to_cypher, write_cypher, ".cypher", "text/plain; charset=utf-8"),
    "neo4j-csv": Exporter("neo4j-csv", to_neo4j_csv, write_neo4j_csv, ".zip", "application/zip",
                          folder=True),
    "graphdb": Exporter("graphdb", to_graphdb, write_graphdb, ".zip", "application/zip", folder=True,
                        require=require_graphdb),
    "html": Exporter("html", to_html, write_html, ".html", "text/html; charset=utf-8"),
}

_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".csv": "csv",
             ".zip": "csv", ".cypher": "cypher", ".cql": "cypher", ".html": "html", ".htm": "html"}  # fmt: skip


def format_for(fmt: str | None, output: Path | None) -> str:
    """The format named by ``--format`` or by the extension of ``output``; they must agree.

    Raises
    ------
    ExportError
        Unknown format, no way to tell one, or a format that the extension contradicts.
    """
    by_suffix = _SUFFIXES.get(output.suffix.lower()) if output is not None and output.suffix else None
    if fmt is not None and fmt not in EXPORTERS:
        raise ExportError(f"unknown export format {fmt!r}; one of: {', '.join(EXPORTERS)}")
    if fmt is None:
        if by_suffix is None:
            raise ExportError("say --format (one of: " + ", ".join(EXPORTERS) + ") or give -o a known extension")
        return by_suffix
    if by_suffix == "csv" and output.suffix.lower() == ".zip" and EXPORTERS[fmt].folder:
        return fmt  # every folder format can be written as a zip
    if output is not None and output.suffix and by_suffix != fmt:
        raise ExportError(f"--format {fmt} does not match the extension of {output.name!r}")
    return fmt


def write_export(G, fmt: str, path: Path, **options) -> Path:
    """Write ``G`` in format ``fmt`` to ``path`` through :data:`EXPORTERS`."""
    return EXPORTERS[fmt].write(G, Path(path), **options)
