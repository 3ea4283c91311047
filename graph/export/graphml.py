"""GraphML for Gephi, yEd, Cytoscape and NetworkX: typed ``<key>`` declarations, lists joined."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graph.export.common import scalar_copy

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["to_graphml", "write_graphml"]


def to_graphml(G: nx.DiGraph) -> str:
    """The GraphML document of ``G`` (every attribute found declared with its type)."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(scalar_copy(G), encoding="utf-8")) + "\n"


def write_graphml(G: nx.DiGraph, path: Path) -> Path:
    """Write :func:`to_graphml` to ``path`` (UTF-8)."""
    path = Path(path)
    path.write_text(to_graphml(G), encoding="utf-8")
    return path
