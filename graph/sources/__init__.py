"""Where a map's notes come from: a local folder, or a git repository cloned into the cache.

:func:`resolve_source` turns what the user typed (``notes/``, ``https://github.com/o/r``,
``git@github.com:o/r.git``, ``file:///srv/notes.git``) into a local folder. A git URL is
fetched shallowly (``--depth 1``) into ``<cache>/sources/`` and fetched again on the next
call; nothing is written outside the cache. Imports :mod:`graph.errors` only.
"""

from graph.sources.git import is_git_url, resolve_source, source_folder

__all__ = ["is_git_url", "resolve_source", "source_folder"]
