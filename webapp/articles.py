"""Files of the corpora: Markdown articles rendered, images served, nothing else.

``/links/<corpus>/<path>`` is percent-decoded, then joined to the corpus folder
with :func:`werkzeug.security.safe_join`; the real path must stay inside the
corpus folder (symlinks included). ``.md`` is optional, and a folder shows
its ``README.md``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

from flask import Blueprint, abort, render_template, send_file
from werkzeug.security import safe_join

from webapp.context import article_context, mention_splitter
from webapp.render import read_text, render_markdown
from webapp.responses import explorer
from webapp.state import Explorer

__all__ = ["IMAGE_TYPES", "MARKDOWN_SUFFIXES", "bp", "locate", "url_rewriter"]

bp = Blueprint("articles", __name__)

MARKDOWN_SUFFIXES = (".md", ".markdown")
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def _inside(path: str, root: str) -> bool:
    """True when the real ``path`` lies inside the real ``root``."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real.startswith(base + os.sep)


def locate(root: Path, path: str) -> Path | None:
    """The file of ``root`` that ``path`` names, or None.

    Tries ``path`` as given, then percent-decoded; for each, the file, then
    with ``.md``, then a folder's ``README.md``. Hidden names, ``..`` and
    absolute paths never match.
    """
    for candidate in dict.fromkeys([path, unquote(path)]):
        parts = candidate.strip("/").split("/")
        if candidate.startswith("/") or any(part.startswith(".") for part in parts if part):
            continue
        joined = safe_join(str(root), candidate.strip("/"))
        if joined is None:
            continue
        for option in (joined, joined + ".md", os.path.join(joined, "README.md")):
            if os.path.isfile(option) and _inside(option, str(root)):
                return Path(option)
    return None


_WEB = ("http://", "https://", "//")


def url_rewriter(ex: Explorer, source: str, doc_path: str):
    """The ``rewrite(kind, url)`` of a document's links and images.

    Images of the workspace (relative paths, or raw/blob URLs of the workspace's own
    GitHub repository) get their local URL; other web images keep theirs, to become
    placeholders (:func:`webapp.render.remote_placeholders`); links go where the build
    resolved them, a link to an own-repository image to its local copy.
    """

    def rewrite(kind: str, url: str) -> str | None:
        web = url.strip().lower().startswith(_WEB)
        if kind == "image":
            if web:
                return ex.repo_image_url(url) or url.strip()
            return ex.resolve_src(doc_path, url)
        if web and (local := ex.repo_image_url(url)):
            return local
        return ex.resolve_href(source, doc_path, url)

    return rewrite


def send_image(found: Path):
    """Serve an image file with its type (SVG sandboxed by its own CSP)."""
    suffix = found.suffix.lower()
    response = send_file(found, mimetype=IMAGE_TYPES[suffix], max_age=3600)
    if suffix == ".svg":
        response.headers["Content-Security-Policy"] = SVG_CSP
    return response


@bp.get("/files/<path:path>")
def workspace_file(path: str):
    """An image of the workspace outside its corpora (e.g. beside the hub)."""
    found = locate(explorer().workspace, path)
    if found is None or found.suffix.lower() not in IMAGE_TYPES:
        abort(404, description="Only images of the workspace are served here.")
    return send_image(found)


@bp.get("/links/<corpus>/<path:path>")
def serve(corpus: str, path: str):
    """An article page, or an image of the corpus."""
    ex = explorer()
    corpus = corpus if corpus in ex.corpus_roots else unquote(corpus)
    root = ex.corpus_roots.get(corpus)
    found = locate(root, path) if root is not None else None
    if found is None:
        abort(404, description="No article or image of the workspace has this path.")
    suffix = found.suffix.lower()
    if suffix in IMAGE_TYPES:
        return send_image(found)
    if suffix not in MARKDOWN_SUFFIXES:
        abort(404, description="Only Markdown articles and images are served.")
    corpus_path = found.relative_to(root).as_posix()
    node = ex.articles.get((corpus, corpus_path))
    doc_path = found.relative_to(ex.workspace).as_posix()
    rewrite = url_rewriter(ex, node or "", doc_path)
    encoding = ex.graph.nodes[node].get("encoding") if node else None
    ctx = article_context(ex.graph, node)
    title = ctx.get("label") or found.stem
    mentions = mention_splitter(ex.graph, node) if node else None
    body = render_markdown(read_text(found, encoding), rewrite, title=title, mentions=mentions)
    folders = corpus_path.split("/")[:-1]
    return render_template(
        "article.html", title=title, body=body, ctx=ctx, corpus=corpus, folders=folders, path=corpus_path
    )
