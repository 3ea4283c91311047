"""The lookups link resolution needs over a workspace's articles.

:class:`LinkIndex` holds, once per resolution run, the article paths (as
written and case-folded), the articles of each folder, the file-name and
title keys of :mod:`graph.links.match`, the corpus roots, and the GitHub
repositories whose ``blob``/``tree`` URLs name files of the workspace.
:mod:`graph.links.resolve` reads it; nothing here resolves a link.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from graph.links.match import TITLE_MIN_CHARS, fold_path, name_keys, stem
from graph.links.pool import KeyPool
from graph.links.site import SiteIndex
from graph.models import Workspace

__all__ = ["LinkIndex", "workspace_repo"]

logger = logging.getLogger(__name__)

_REMOTE_RE = re.compile(r"github\.com[:/]+([^/\s]+)/([^/\s]+?)(?:\.git)?/?$", re.IGNORECASE)


@dataclass(frozen=True)
class LinkIndex:
    """Lookups over a workspace's articles, built once per resolution run.

    Build it with :meth:`from_workspace`; the mappings are read-only.
    """

    root: Path
    paths: frozenset[str]
    by_folded_path: Mapping[str, tuple[str, ...]]
    by_folded_folder: Mapping[str, tuple[str, ...]]
    corpus_of: Mapping[str, str]
    corpus_roots: Mapping[str, str]
    keys: Mapping[str, tuple[str, ...]]
    title_primary: Mapping[str, tuple[str, ...]]
    title_keys: Mapping[str, tuple[str, ...]]
    repos: frozenset[str]
    folder_page: Mapping[str, str]
    folder_keys: Mapping[str, tuple[str, ...]]
    folders_in: Mapping[str, tuple[str, ...]]
    site: SiteIndex
    #: :class:`KeyPool` per (kind, corpus), made on first use by :meth:`pool`.
    _pools: dict = field(default_factory=dict, compare=False, repr=False)

    def pool(self, kind: str, corpus: str = "") -> KeyPool:
        """The file-name keys of the ``articles`` (or ``folders``) of a corpus ("" for all)."""
        found = self._pools.get((kind, corpus))
        if found is None:
            table = self.keys if kind == "articles" else self.folder_keys
            paths = [p for p in table if not corpus or self.corpus_of[p] == corpus]
            found = self._pools[(kind, corpus)] = KeyPool(paths, table)
        return found

    def memo(self, name: str) -> dict:
        """A dictionary kept with the index, for results computed once per run (``titles``)."""
        return self._pools.setdefault(("memo", name), {})

    def title_choices(self) -> list[str]:
        """The title keys long enough for a near match (:func:`title_match`), listed once."""
        found = self._pools.get(("title-choices", ""))
        if found is None:
            found = self._pools[("title-choices", "")] = [
                key for key in self.title_keys if len(key) >= TITLE_MIN_CHARS
            ]
        return found

    @classmethod
    def from_workspace(
        cls,
        ws: Workspace,
        repo_urls: Iterable[str] = (),
        *,
        git_remote: bool = True,
    ) -> LinkIndex:
        """Precompute the lookups of a workspace.

        Parameters
        ----------
        ws : Workspace
            The read workspace.
        repo_urls : iterable of str
            GitHub repositories (``owner/repo`` or their URLs) whose
            ``blob``/``tree`` links name files of this workspace.
        git_remote : bool
            Also read the workspace's ``origin`` remote with git (quietly
            skipped when git or the remote is missing).

        Returns
        -------
        LinkIndex
        """
        by_path: dict[str, list[str]] = {}
        by_folder: dict[str, list[str]] = {}
        title_primary: dict[str, list[str]] = {}
        title_keys: dict[str, list[str]] = {}
        keys: dict[str, tuple[str, ...]] = {}
        corpus_of: dict[str, str] = {}
        for doc in ws.articles:
            by_path.setdefault(fold_path(doc.path), []).append(doc.path)
            by_folder.setdefault(fold_path(posixpath.dirname(doc.path)), []).append(doc.path)
            file_name = stem(posixpath.basename(doc.path))
            keys[doc.path] = name_keys(file_name)
            corpus_of[doc.path] = doc.corpus
            for name in (file_name, doc.title):
                name_key = name_keys(name)
                for table, chosen in ((title_primary, name_key[:1]), (title_keys, name_key)):
                    for key in chosen:
                        bucket = table.setdefault(key, [])
                        if doc.path not in bucket:
                            bucket.append(doc.path)
        if ws.layout == "links":
            roots = {corpus: f"links/{corpus}" for corpus in ws.corpora}
        else:
            roots = {corpus: "" for corpus in ws.corpora}
        folder_page, folder_keys, folders_in = _folder_pages(ws)
        repos = {repo for url in repo_urls if (repo := _repo_name(url))}
        if git_remote and (remote := _git_remote(ws.root)):
            repos.add(remote)
        return cls(
            root=ws.root,
            paths=frozenset(doc.path for doc in ws.articles),
            by_folded_path=_frozen(by_path),
            by_folded_folder=_frozen(by_folder),
            corpus_of=MappingProxyType(corpus_of),
            corpus_roots=MappingProxyType(roots),
            keys=MappingProxyType(keys),
            title_primary=_frozen(title_primary),
            title_keys=_frozen(title_keys),
            repos=frozenset(repos),
            folder_page=MappingProxyType(folder_page),
            folder_keys=MappingProxyType(folder_keys),
            folders_in=_frozen(folders_in),
            site=SiteIndex.from_workspace(ws, roots, repos),
        )


#: The page a link to a folder shows, best first (compared in lower case).
FOLDER_PAGES = ("readme.md", "readme.markdown", "index.md", "index.markdown", "_index.md")


def _folder_pages(
    ws: Workspace,
) -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, list[str]]]:
    """The page of each folder that has one (``README.md``, ``index.md``, ``_index.md``).

    A folder without one but holding a single Markdown file has that file as its page.

    Returns ``(page by folded folder path, name keys of each page's folder, pages by folded
    parent folder)``.
    """
    ranked_pages: dict[str, tuple[int, str]] = {}
    alone: dict[str, list[str]] = {}
    for doc in ws.articles:
        name = posixpath.basename(doc.path).lower()
        folder = fold_path(posixpath.dirname(doc.path))
        alone.setdefault(folder, []).append(doc.path)
        if name in FOLDER_PAGES:
            rank = (FOLDER_PAGES.index(name), doc.path)
            if folder not in ranked_pages or rank < ranked_pages[folder]:
                ranked_pages[folder] = rank
    for folder, paths in alone.items():  # no README, one note: a link to the folder means it
        if folder not in ranked_pages and len(paths) == 1 and folder:
            ranked_pages[folder] = (len(FOLDER_PAGES), paths[0])
    pages = {folder: path for folder, (_, path) in ranked_pages.items()}
    keys: dict[str, tuple[str, ...]] = {}
    within: dict[str, list[str]] = {}
    for path in pages.values():
        folder = posixpath.dirname(path)
        keys[path] = name_keys(posixpath.basename(folder))
        within.setdefault(fold_path(posixpath.dirname(folder)), []).append(path)
    return pages, keys, within


def _frozen(mapping: dict[str, list[str]]) -> Mapping[str, tuple[str, ...]]:
    """A read-only copy with tuple values."""
    return MappingProxyType({key: tuple(value) for key, value in mapping.items()})


def _repo_name(url: str) -> str | None:
    """``owner/repo`` (lower case) from ``owner/repo`` or a GitHub URL."""
    text = url.strip()
    match = _REMOTE_RE.search(text)
    if match:
        return f"{match.group(1)}/{match.group(2)}".lower()
    parts = [part for part in text.strip("/").split("/") if part]
    if len(parts) == 2 and ":" not in text:
        return f"{parts[0]}/{parts[1].removesuffix('.git')}".lower()
    return None


def _in_git_checkout(root: Path) -> bool:
    """True when ``root`` or a folder above it holds ``.git`` (or ``GIT_DIR`` is set).

    Lets :func:`_git_remote` skip starting git (some 50 ms) where git would
    find no repository anyway.
    """
    if os.environ.get("GIT_DIR"):
        return True
    folder = Path(root).absolute()
    return any((path / ".git").exists() for path in (folder, *folder.parents))


def workspace_repo(root: Path) -> str | None:
    """The ``owner/repo`` of a workspace's git ``origin`` on GitHub, or None (no git, no remote)."""
    return _git_remote(root)


def _git_remote(root: Path) -> str | None:
    """The ``owner/repo`` of the workspace's git ``origin``, or None (quietly)."""
    if not _in_git_checkout(root):
        return None
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        logger.debug("no git remote for %s: %s", root, error)
        return None
    if result.returncode != 0:
        return None
    return _repo_name(result.stdout.strip())
