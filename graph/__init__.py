"""nlpmap: turn a workspace of Markdown notes about NLP into a concept map.

The ``graph`` package is the library: it reads workspaces, extracts concepts,
resolves links, builds and stores the NetworkX graph and answers queries.
It never imports Flask or :mod:`webapp`.
"""

__version__ = "0.1.0"
