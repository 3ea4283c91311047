"""What the explorer keeps in ``app.extensions["nlpmap"]``: the graph and its indices.

Everything here is computed once when the app is created, from the graph file
and the workspace folder; views only read it.
"""

from __future__ import annotations

import json
import posixpath
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import networkx as nx
from jinja2.utils import htmlsafe_json_dumps

from graph.errors import CorpusNotFound, GraphFileError
from graph.query import QueryIndex
from graph.query.paths import path_index
from graph.query.search import SearchIndex
from webapp.drawing import drawing_data

__all__ = ["Explorer", "IMAGE_SUFFIXES", "article_url", "concept_url", "href_key", "load_explorer"]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def href_key(href: str) -> str:
    """Normalise a link target for lookups: percent-decoded, NFC, trimmed, no fragment."""
    target = href.split("#", 1)[0]
    return unicodedata.normalize("NFC", unquote(target).strip())


def article_url(corpus: str, corpus_path: str) -> str:
    """The explorer URL of an article (or any file) of a corpus."""
    return f"/links/{quote(corpus, safe='')}/{quote(corpus_path, safe='/')}"


def concept_url(node_id: str) -> str:
    """The explorer URL of a concept node (``concept:<id>``)."""
    return f"/concept/{quote(node_id.removeprefix('concept:'), safe='')}"


@dataclass(frozen=True)
class Explorer:
    """The loaded graph and the lookups the views need (read-only after creation).

    ``corpus_roots`` maps each corpus name to its folder; ``articles`` maps
    ``(corpus, corpus_path)`` to an article node id; ``link_targets`` maps a
    source node (``hub`` or an article) to ``{href_key: target node}`` from
    its ``links_to`` edges; ``drawing`` is the data of the explorer page
    (``drawing_json`` the same, serialised once, safe inside ``<script>``),
    ``graph_json`` the node-link JSON of ``/api/graph`` and ``query_index``
    the label lookups of ``/api/related``, ``search_index`` the name
    index of ``/api/search`` and ``path_costs`` the edge costs of
    ``/api/path``, built once; ``repos`` the workspace's own GitHub
    repositories (``owner/repo``: its links the build resolved as ``repo``,
    and its git remote), whose raw image URLs are served from the workspace.
    """

    graph: nx.DiGraph
    workspace: Path
    layout: str
    corpus_roots: Mapping[str, Path]
    articles: Mapping[tuple[str, str], str]
    link_targets: Mapping[str, Mapping[str, str]]
    drawing: Mapping = field(repr=False)
    drawing_json: str = field(repr=False, default="{}")
    graph_json: bytes = field(repr=False, default=b"")
    query_index: QueryIndex = field(repr=False, default_factory=QueryIndex)
    search_index: SearchIndex = field(repr=False, default_factory=SearchIndex)
    path_costs: nx.Graph = field(repr=False, default_factory=nx.Graph)
    repos: frozenset[str] = frozenset()

    def node_url(self, node_id: str) -> str | None:
        """The page URL of a node, or None for nodes without a page (sections)."""
        return node_page_url(self.graph, node_id)

    def resolve_href(self, source: str, doc_path: str, href: str) -> str | None:
        """The explorer URL an ``href`` written in a document should point at.

        ``source`` is the document's node id and ``doc_path`` its
        workspace-relative path. Links the build resolved (``links_to``
        edges) go to their article; other relative paths are resolved against
        the document's folder; anchors and web links are kept; paths leaving
        the workspace give None.
        """
        href = href.strip()
        if not href or href.startswith("#"):
            return href or None
        fragment = "#" + href.split("#", 1)[1] if "#" in href else ""
        target = self.link_targets.get(source, {}).get(href_key(href))
        if target is not None:
            url = self.node_url(target)
            if url is not None:
                return url + fragment
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return href
        return self.file_url(doc_path, href_key(href), fragment)

    def resolve_src(self, doc_path: str, src: str) -> str | None:
        """The explorer URL of an image source; None for web images (never fetched)."""
        parts = urlsplit(src.strip())
        if parts.scheme or parts.netloc:
            return None
        rel = href_key(src)
        return self.file_url(doc_path, rel) or self.workspace_image_url(doc_path, rel)

    def repo_image_url(self, src: str) -> str | None:
        """The local URL of a GitHub ``raw``/``blob`` URL of the workspace's own repository
        naming an image the workspace holds (at its root or a corpus root); None otherwise."""
        from graph.links import repo_file_paths

        for inner in repo_file_paths(src.strip(), self.repos):
            if not inner.lower().endswith(IMAGE_SUFFIXES) or any(p.startswith(".") for p in inner.split("/")):
                continue
            for corpus, root in self.corpus_roots.items():
                if (root / inner).is_file() and root != self.workspace:
                    return article_url(corpus, inner)
            url = self.workspace_image_url("", inner) if self.layout == "links" else None
            if url is None and self.layout == "plain" and (self.workspace / inner).is_file():
                url = article_url(next(iter(self.corpus_roots)), inner)
            if url is not None:
                return url
        return None

    def workspace_image_url(self, doc_path: str, rel: str) -> str | None:
        """The ``/files/`` URL of an image of the workspace outside the corpora
        (a screenshot beside the hub); None when it is no existing image."""
        if not rel or rel.startswith("/") or not rel.lower().endswith(IMAGE_SUFFIXES):
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(doc_path), rel))
        if joined == ".." or joined.startswith("../") or any(p.startswith(".") for p in joined.split("/")):
            return None
        if not (self.workspace / joined).is_file():
            return None
        return "/files/" + quote(joined)

    def file_url(self, doc_path: str, rel: str, fragment: str = "") -> str | None:
        """The explorer URL of ``rel``, relative to the folder of ``doc_path``; None outside.

        An absolute path is tried as a path from the author's own checkout
        (``/Users/me/.../<corpus>/<inner path>``): it maps to the corpus when
        the inner path names a file of it.
        """
        if rel.startswith("/"):
            return self.rooted_url(rel, fragment)
        if not rel:
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(doc_path), rel))
        if joined == ".." or joined.startswith("../") or joined.startswith("/"):
            return None
        if self.layout == "plain":
            corpus = next(iter(self.corpus_roots), self.workspace.name)
            return article_url(corpus, joined) + fragment
        head, _, rest = joined.partition("/")
        corpus, _, inner = rest.partition("/")
        if head != "links" or not corpus or not inner:
            return None
        return article_url(corpus, inner) + fragment

    def rooted_url(self, path: str, fragment: str = "") -> str | None:
        """The URL of an absolute path that runs through a corpus folder of the same name."""
        for corpus, root in self.corpus_roots.items():
            marker = f"/{corpus}/"
            at = path.rfind(marker)
            inner = path[at + len(marker) :] if at >= 0 else ""
            if inner and ".." not in inner.split("/") and (root / inner).is_file():
                return article_url(corpus, inner) + fragment
        return None


def node_page_url(G: nx.DiGraph, node_id: str) -> str | None:
    """The page URL of a node of ``G``: article, concept or hub; None otherwise."""
    attrs = G.nodes.get(node_id)
    if attrs is None:
        return None
    kind = attrs.get("kind")
    if kind == "article":
        return article_url(attrs.get("corpus", ""), attrs.get("corpus_path", ""))
    if kind == "concept":
        return concept_url(node_id)
    if kind == "hub":
        return "/hub"
    return None


def load_explorer(graph_path: str | Path | None, workspace: str | Path | None) -> Explorer:
    """Load (or build) the graph and derive every lookup the views use.

    Parameters
    ----------
    graph_path : path-like or None
        A graph file written by :func:`graph.store.save_graph`. When None, the
        workspace is built in memory with :func:`graph.build.build_workspace`.
    workspace : path-like or None
        The workspace folder; defaults to the graph's ``workspace`` attribute.

    Returns
    -------
    Explorer

    Raises
    ------
    GraphFileError
        When neither a graph file nor a workspace is given, or the file is bad.
    CorpusNotFound
        When the workspace folder does not exist.
    """
    if graph_path:
        from graph.store import load_graph

        G = load_graph(graph_path)
    elif workspace:
        from graph.build import build_workspace

        G = build_workspace(workspace)
    else:
        raise GraphFileError("no graph to serve: set NLPMAP_GRAPH (a graph file) or NLPMAP_WORKSPACE")
    root = Path(workspace or G.graph.get("workspace") or "")
    if not str(root) or not root.is_dir():
        raise CorpusNotFound(f"workspace folder not found: {root}")
    root = root.resolve()
    layout = "links" if (root / "links").is_dir() else "plain"
    drawing = drawing_data(G, {n: node_page_url(G, n) for n in G})
    return Explorer(
        graph=G,
        workspace=root,
        layout=layout,
        corpus_roots=corpus_roots(G, root, layout),
        articles=article_index(G),
        link_targets=link_targets(G),
        drawing=drawing,
        drawing_json=htmlsafe_json_dumps(drawing, ensure_ascii=False, separators=(",", ":")),
        graph_json=graph_json(G),
        query_index=QueryIndex.from_graph(G),
        search_index=SearchIndex.from_graph(G),
        path_costs=path_index(G),
        repos=own_repos(G, root),
    )


def own_repos(G: nx.DiGraph, root: Path) -> frozenset[str]:
    """The workspace's GitHub repositories: those of its ``repo`` links, and its git remote."""
    from graph.links import repo_of, workspace_repo

    repos = {
        repo
        for _, _, attrs in G.edges(data=True)
        if attrs.get("method") == "repo" and (repo := repo_of(str(attrs.get("href") or "")))
    }
    if remote := workspace_repo(root):
        repos.add(remote)
    return frozenset(repos)


def corpus_roots(G: nx.DiGraph, root: Path, layout: str) -> dict[str, Path]:
    """Map every corpus name (from the folder and the graph) to its folder."""
    names = {attrs.get("corpus") for _, attrs in G.nodes(data=True) if attrs.get("kind") == "article"}
    names.discard(None)
    names.discard("")
    if layout == "plain":
        return {name: root for name in sorted(names | {root.name})}
    links = root / "links"
    found = {p.name for p in links.iterdir() if p.is_dir() and not p.name.startswith(".")}
    return {name: links / name for name in sorted(found | names)}


def article_index(G: nx.DiGraph) -> dict[tuple[str, str], str]:
    """Map ``(corpus, corpus_path)`` to the article node id."""
    return {
        (attrs.get("corpus", ""), attrs.get("corpus_path", "")): node
        for node, attrs in G.nodes(data=True)
        if attrs.get("kind") == "article"
    }


def link_targets(G: nx.DiGraph) -> dict[str, dict[str, str]]:
    """Map each source node to ``{href_key: target}`` from its ``links_to`` edges."""
    out: dict[str, dict[str, str]] = {}
    for source, target, attrs in G.edges(data=True):
        if attrs.get("kind") == "links_to" and attrs.get("href"):
            out.setdefault(source, {})[href_key(attrs["href"])] = target
    return out


def graph_json(G: nx.DiGraph) -> bytes:
    """The node-link JSON of ``G`` (edges under ``links``), UTF-8 encoded."""
    from graph.store import to_json

    return json.dumps(to_json(G), ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
