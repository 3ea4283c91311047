"""Questions asked of a built graph: which node a query names, and what relates to it.

:mod:`~graph.query.lookup` resolves names, aliases, titles and paths to nodes;
:mod:`~graph.query.related` ranks related concepts and articles;
:mod:`~graph.query.search` finds names by prefix (autocomplete);
:mod:`~graph.query.neighbours` gives a node's neighbourhood at depth 1-3;
:mod:`~graph.query.paths` the shortest explained path between two nodes;
:mod:`~graph.query.info` a node's details and the map's summary;
:mod:`~graph.query.edges` says why two nodes are joined.
"""

from graph.query.edges import edge_reason
from graph.query.info import graph_info, node_info
from graph.query.lookup import QueryIndex, find_node, suggest
from graph.query.neighbours import neighbours
from graph.query.paths import path_index, shortest_path
from graph.query.related import related
from graph.query.search import SearchIndex, search

__all__ = [
    "QueryIndex",
    "SearchIndex",
    "edge_reason",
    "find_node",
    "graph_info",
    "neighbours",
    "node_info",
    "path_index",
    "related",
    "search",
    "shortest_path",
    "suggest",
]
