"""Questions asked of a built graph: which node a query names, and what relates to it.

:mod:`~graph.query.lookup` resolves names, aliases, titles and paths to nodes;
:mod:`~graph.query.related` ranks related concepts and articles.
"""

from graph.query.lookup import QueryIndex, find_node, suggest
from graph.query.related import related

__all__ = ["QueryIndex", "find_node", "related", "suggest"]
