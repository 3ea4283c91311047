"""Link resolution: which article each Markdown link of a workspace reaches, and by which method.

:mod:`~graph.links.index` holds the lookups over a workspace's articles, :mod:`~graph.links.match`
the file-name and title keys, :mod:`~graph.links.resolve` the methods in order, and
:mod:`~graph.links.titles` the article titles a hub gives. Imports :mod:`graph.workspace` only.
"""

from graph.links.assets import missing_images
from graph.links.index import LinkIndex, workspace_repo
from graph.links.match import name_keys
from graph.links.resolve import (
    PATH_METHODS,
    link_anchor,
    repo_file_paths,
    repo_of,
    resolve_link,
    resolve_workspace,
    unresolved_links,
)
from graph.links.titles import distinct_labels, with_hub_titles

__all__ = [
    "PATH_METHODS",
    "LinkIndex",
    "distinct_labels",
    "link_anchor",
    "missing_images",
    "name_keys",
    "repo_file_paths",
    "repo_of",
    "workspace_repo",
    "resolve_link",
    "resolve_workspace",
    "unresolved_links",
    "with_hub_titles",
]
