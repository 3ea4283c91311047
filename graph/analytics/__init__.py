"""Graph analytics computed in the build and stored on the graph.

What the articles say beyond single mentions: which concepts go together
(:mod:`~graph.analytics.cooccurrence`, ``co_occurs`` edges weighted by NPMI),
which articles are alike (:mod:`~graph.analytics.similarity`, ``similar``
edges, cosine over salience x IDF concept vectors), which pages only list
links (:mod:`~graph.analytics.indexpages`), how specific each concept is to
the corpus (:mod:`~graph.analytics.specificity`) and the map's communities
(:mod:`~graph.analytics.communities`, Louvain with a fixed seed, each named by
its most specific concepts).

Every function reads the graph and returns new data; :func:`analyse` runs them
all in order and returns an :class:`Analytics` record that the build applies.
"""

from graph.analytics.analyse import Analytics, analyse, apply_analytics
from graph.analytics.communities import communities
from graph.analytics.cooccurrence import co_occurrences
from graph.analytics.indexpages import index_pages
from graph.analytics.matrix import MentionMatrix
from graph.analytics.similarity import similar_articles
from graph.analytics.specificity import specificity

__all__ = [
    "Analytics",
    "MentionMatrix",
    "analyse",
    "apply_analytics",
    "co_occurrences",
    "communities",
    "index_pages",
    "similar_articles",
    "specificity",
]
