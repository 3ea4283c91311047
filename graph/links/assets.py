"""Images a document shows that are not on disk: reported apart from unresolved article links."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from graph.links.index import LinkIndex
from graph.models import Document, Image, Workspace
from graph.workspace.text import normalize

__all__ = ["missing_images"]

_WEB_PREFIXES = ("http://", "https://", "//", "data:", "mailto:")


def missing_images(ws: Workspace, index: LinkIndex | None = None) -> list[tuple[Document, Image]]:
    """Every local image of the hub and the articles that names no file of the workspace.

    A source is looked for beside its document, then from the workspace root, each corpus
    root and each site root, and in a Hugo ``static/`` folder; a site's base path
    (``/blog``) is dropped first. Web images are not checked (no network).

    Returns
    -------
    list of (Document, Image)
        Hub first, then the articles in path order.
    """
    index = index or LinkIndex.from_workspace(ws, git_remote=False)
    docs = ([ws.hub] if ws.hub is not None else []) + list(ws.articles)
    names: set[str] | None = None
    missing = []
    for doc in docs:
        for image in doc.markdown.images:
            if _found(index, doc, image.src):
                continue
            bare = unquote(image.src.strip())
            if "/" not in bare:  # ``![[x.png]]``: Obsidian finds an attachment anywhere
                names = _file_names(index.root) if names is None else names
                if bare in names:
                    continue
            missing.append((doc, image))
    return missing


def _file_names(root: Path) -> set[str]:
    """The names of every visible file of the workspace."""
    names: set[str] = set()
    for _, folders, files in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith(".")]
        names.update(files)
    return names


def _found(index: LinkIndex, doc: Document, src: str) -> bool:
    """True when ``src`` is a web image or a file of the workspace."""
    raw = src.strip()
    if not raw or normalize(raw).startswith(_WEB_PREFIXES):
        return True
    path = unquote(raw.split("#", 1)[0].split("?", 1)[0]).strip()
    return any((index.root / full).is_file() for full in _places(index, doc, path))


def _places(index: LinkIndex, doc: Document, path: str) -> Iterator[str]:
    """Where an image path may be, relative to the workspace root."""
    site = index.site
    paths = [path]
    for corpus, root in index.corpus_roots.items():  # the author's checkout: /Users/me/<corpus>/x
        _, marker, inner = path.partition(f"/{corpus}/")
        if marker and root:
            paths.append(f"/{root}/{inner}")
    for base in site.base_paths:
        if path.startswith(base + "/"):
            paths.append(path[len(base) :])
    roots = ["", *index.corpus_roots.values(), *site.site_roots]
    roots += [posixpath.join(root, "static") if root else "static" for root in site.site_roots]
    for candidate in paths:
        bases = roots if candidate.startswith("/") else [posixpath.dirname(doc.path), *roots]
        for base in dict.fromkeys(bases):
            joined = posixpath.normpath(posixpath.join(base, candidate.lstrip("/")))
            if joined != ".." and not joined.startswith("../"):
                yield joined
