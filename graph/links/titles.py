"""Article titles from the hub (the text of the hub's link to each article), made distinct."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from graph.links.index import LinkIndex
from graph.links.resolve import PATH_METHODS, link_anchor, resolve_link
from graph.models import Document, Link, Workspace
from graph.workspace.text import normalize

__all__ = ["distinct_labels", "with_hub_titles"]


def with_hub_titles(workspace: Workspace) -> Workspace:
    """Title each article the hub links with the hub's link text (see :func:`names_its_article`).

    Articles the hub does not link keep their own title (front matter, file name, first
    heading or folder: :func:`graph.workspace.titles.own_title`); :func:`distinct_labels`
    tells apart the titles several articles share.
    """
    titles: dict[str, str] = {}
    if workspace.hub is not None:
        index = LinkIndex.from_workspace(workspace, git_remote=False)
        for link in workspace.hub.markdown.links:
            if not link.text or not names_its_article(link):
                continue
            resolution = resolve_link(index, workspace.hub, link)
            if resolution.target and resolution.method in PATH_METHODS:
                titles.setdefault(resolution.target, link.text)
    articles = tuple(
        dataclasses.replace(doc, title=titles[doc.path], title_source="hub")
        if doc.path in titles
        else doc
        for doc in workspace.articles
    )
    if not titles:
        return workspace
    return dataclasses.replace(workspace, articles=articles)


def names_its_article(link: Link) -> bool:
    """True when a hub link's text may title the article it reaches.

    A link to a section (``notes.md#bleu``) names the section, and a wiki-link's text is
    what the note tools show in place of the note's own name (``[[Subword units|BPE]]``):
    neither titles the article, which keeps its own title.
    """
    return not (link_anchor(link.href) or link.href.startswith(_WIKI_SCHEME))


def distinct_labels(articles: tuple[Document, ...]) -> dict[str, str]:
    """The label of each article's node: its title, told apart where several share it.

    In a group of articles with one title, the one titled by the hub, its front matter or
    its file name keeps it when it is the only such one; the others get their folder's name
    (``readme (NER)``, ``readme (CRF)``), or where that is alike too the folder path, then
    the file name. The titles themselves (read for concepts) do not change.

    Returns
    -------
    dict
        Article path to label.
    """
    labels = {doc.path: doc.title for doc in articles}
    for stage in range(3):
        groups: dict[str, list[Document]] = defaultdict(list)
        for doc in articles:
            groups[normalize(labels[doc.path])].append(doc)
        clashes = [group for group in groups.values() if len(group) > 1]
        if not clashes:
            break
        for group in clashes:
            named = [doc for doc in group if doc.title_source in _NAMING_SOURCES]
            for doc in group:
                if len(named) == 1 and doc is named[0]:
                    continue
                tells = _tells(doc)
                labels[doc.path] = f"{doc.title} ({tells[min(stage, len(tells) - 1)]})"
    return labels


def _tells(doc: Document) -> list[str]:
    """What may tell an article apart, shortest first: its folder's name, folder path, file stem.

    A folder named like the title itself tells nothing and is left out.
    """
    title = normalize(doc.title)
    folder = doc.folder or doc.corpus
    tells = [folder.rsplit("/", 1)[-1], folder]
    kept = [t for t in dict.fromkeys(tells) if normalize(t.rsplit("/", 1)[-1]) != title]
    name = doc.corpus_path.rsplit("/", 1)[-1]
    return [*kept, name.rsplit(".", 1)[0] if "." in name else name]


#: The pseudo-scheme of a rewritten wiki-link (:mod:`graph.workspace.dialects`).
_WIKI_SCHEME = "wiki:"

#: Where a title names its article on purpose (kept when it is the only one of a clash).
_NAMING_SOURCES = frozenset({"hub", "front matter", "file name"})
