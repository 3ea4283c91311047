"""GraphML for Gephi, yEd, Cytoscape and NetworkX: typed ``<key>`` declarations, lists joined."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from graph.export.common import xml_copy

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["to_graphml", "write_graphml"]


def to_graphml(G: nx.DiGraph) -> str:
    """The GraphML document of ``G`` (every attribute found declared with its type).

    Characters XML cannot hold become U+FFFD; a carriage return is written ``&#13;`` (a raw
    one would be read back as a line feed).
    """
    import networkx as nx

    buf = io.BytesIO()  # not generate_graphml: its lines split at a carriage return in a value
    nx.write_graphml(xml_copy(G), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8").replace("\r", "&#13;")


def write_graphml(G: nx.DiGraph, path: Path) -> Path:
    """Write :func:`to_graphml` to ``path`` (UTF-8)."""
    path = Path(path)
    path.write_text(to_graphml(G), encoding="utf-8")
    return path
