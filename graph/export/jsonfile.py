"""Node-link JSON: the store's own schema (``networkx.node_link_data(G, edges="links")``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from graph.store import to_json

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["to_node_link", "write_node_link"]


def to_node_link(G: nx.DiGraph) -> str:
    """The node-link JSON text of ``G`` (Chinese kept as is)."""
    return json.dumps(to_json(G), ensure_ascii=False)


def write_node_link(G: nx.DiGraph, path: Path) -> Path:
    """Write :func:`to_node_link` to ``path``."""
    path = Path(path)
    path.write_text(to_node_link(G), encoding="utf-8")
    return path
