"""Article titles from the hub: the text of the hub's link to each article."""

from __future__ import annotations

import dataclasses

from graph.links.index import LinkIndex
from graph.links.resolve import PATH_METHODS, resolve_link
from graph.models import Workspace

__all__ = ["with_hub_titles"]


def with_hub_titles(workspace: Workspace) -> Workspace:
    """Title each article the hub links with the hub's link text."""
    if workspace.hub is None:
        return workspace
    index = LinkIndex.from_workspace(workspace, git_remote=False)
    titles: dict[str, str] = {}
    for link in workspace.hub.markdown.links:
        if not link.text:
            continue
        resolution = resolve_link(index, workspace.hub, link)
        if resolution.target and resolution.method in PATH_METHODS:
            titles.setdefault(resolution.target, link.text)
    if not titles:
        return workspace
    articles = tuple(
        dataclasses.replace(doc, title=titles[doc.path]) if doc.path in titles else doc
        for doc in workspace.articles
    )
    return dataclasses.replace(workspace, articles=articles)
