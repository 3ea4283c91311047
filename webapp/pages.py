"""HTML pages: the explorer, the hub, concept pages, and vis-network from pyvis."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, render_template, send_from_directory, url_for

from webapp.articles import url_rewriter
from webapp.context import concept_context, hub_context
from webapp.mentions import PlainTexts
from webapp.render import read_text, render_markdown
from webapp.responses import explorer

__all__ = ["VIS_FILES", "VIS_VERSION", "bp", "vis_dir"]

bp = Blueprint("pages", __name__)

VIS_VERSION = "9.1.2"
VIS_FILES = frozenset({"vis-network.min.js", "vis-network.css"})


def vis_dir() -> Path:
    """The folder of the vis-network build shipped inside the installed pyvis."""
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "lib" / f"vis-{VIS_VERSION}"


@bp.get("/")
def index():
    """The interactive graph."""
    ex = explorer()
    return render_template(
        "index.html",
        drawing=ex.drawing,
        drawing_json=ex.drawing_json,
        nodes=ex.graph.number_of_nodes(),
        edges=ex.graph.number_of_edges(),
    )


@bp.get(f"/vendor/vis-network-{VIS_VERSION}/<name>")
def vendor(name: str):
    """vis-network's script and stylesheet, straight from the pyvis package."""
    if name not in VIS_FILES:
        abort(404)
    return send_from_directory(vis_dir(), name, max_age=86400)


@bp.get("/hub")
def hub():
    """The hub README, its links pointing at the articles they resolve to."""
    ex = explorer()
    if "hub" not in ex.graph:
        abort(404, description="This workspace has no hub README.")
    doc_path = ex.graph.nodes["hub"].get("path", "README.md")
    path = ex.workspace / doc_path
    if not path.is_file():
        abort(404, description="The hub README is missing.")

    rewrite = url_rewriter(ex, "hub", doc_path)
    html = render_markdown(read_text(path, ex.graph.nodes["hub"].get("encoding")), rewrite)
    return render_template("hub.html", body=html, stats=hub_context(ex.graph))


def _concept_node(cid: str) -> str:
    """The node id of concept ``cid``, or a 404."""
    node = f"concept:{cid}"
    ex = explorer()
    if node not in ex.graph or ex.graph.nodes[node].get("kind") != "concept":
        abort(404, description=f"No concept has the id {cid!r}.")
    return node


def _concept_page(node: str) -> dict:
    """What a concept page shows: its context with snippets and related concepts."""
    from graph.errors import NlpmapError
    from graph.query import related

    ex = explorer()
    texts = current_app.extensions.setdefault("nlpmap_plain_texts", PlainTexts())
    try:
        answer = related(ex.graph, node, top=10, index=ex.query_index)
    except (NlpmapError, ValueError):
        answer = None

    def text_of(article: str) -> str | None:
        attrs = ex.graph.nodes[article]
        path = ex.workspace / str(attrs.get("path") or "")
        if not attrs.get("path") or not path.is_file():
            return None
        try:
            return texts.get(path, lambda: read_text(path, attrs.get("encoding")))
        except OSError:
            return None

    return concept_context(ex.graph, node, text_of=text_of, related=answer)


@bp.get("/concept/<cid>")
def concept(cid: str):
    """A concept: record, relations as sentences, articles with snippets, related concepts, local graph."""
    ctx = _concept_page(_concept_node(cid))
    json_url = url_for("pages.concept_json", cid=cid)
    headers = {"Link": f'<{json_url}>; rel="alternate"; type="application/json"'}
    return render_template("concept.html", concept=ctx, json_url=json_url), headers


@bp.get("/concept/<cid>.json")
def concept_json(cid: str):
    """The JSON twin of a concept page."""
    return jsonify({"ok": True, **_concept_page(_concept_node(cid))})
