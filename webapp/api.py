"""JSON API: the graph, related topics, search, neighbourhoods, paths, nodes and the map's summary.

Errors share one JSON shape; parameters are checked by :mod:`webapp.params`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for

from graph.errors import QueryNotFound
from webapp.params import int_param, text_param
from webapp.responses import explorer, json_error

__all__ = ["bp"]

bp = Blueprint("api", __name__, url_prefix="/api")


def _as_dict(result) -> dict:
    """A related-topics result as a dict (a dict, a dataclass, or anything with ``to_dict``)."""
    if isinstance(result, Mapping):
        return dict(result)
    if dataclasses.is_dataclass(result):
        return dataclasses.asdict(result)
    return result.to_dict()


@bp.get("/graph")
def graph():
    """The whole graph as node-link JSON (edges under ``links``); ``format=F`` redirects to
    ``/export/F`` (never node-link JSON under another name), an unknown one is a 400."""
    fmt = request.args.get("format", "").strip()
    if fmt and fmt != "json":
        from graph.export import EXPORTERS

        if fmt not in EXPORTERS:
            return json_error(f"Unknown format {fmt[:40]!r}; one of: {', '.join(EXPORTERS)}.", 400)
        query = {k: v for k, v in request.args.to_dict(flat=False).items() if k != "format"}
        return redirect(url_for("exports.export", fmt=fmt, **query), code=307)
    return Response(explorer().graph_json, mimetype="application/json")


@bp.get("/related")
def related():
    """Related concepts and articles of ``q`` (``top`` of each, default 10)."""
    query = text_param("q")
    top = int_param("top", 10, 1, current_app.config["NLPMAP_MAX_TOP"])
    from graph.query import related as find_related

    try:
        ex = explorer()
        result = find_related(ex.graph, query, top=top, index=ex.query_index)
    except QueryNotFound as exc:
        return json_error(str(exc), 404, suggestions=exc.suggestions, known=exc.known)
    return jsonify({"ok": True, **_as_dict(result)})


def _with_urls(items: list[dict]) -> list[dict]:
    """Items with the page ``url`` of their node (None for sections)."""
    ex = explorer()
    return [{**item, "url": ex.node_url(item["id"])} for item in items]


@bp.get("/search")
def search():
    """Nodes whose labels or aliases match the prefix ``q``, best first, with suggestions."""
    from graph.query.search import search as search_names

    query = text_param("q")
    top = int_param("top", 10, 1, current_app.config["NLPMAP_MAX_TOP"])
    ex = explorer()
    result = search_names(ex.graph, query, limit=top, index=ex.search_index)
    return jsonify(
        {
            "ok": True,
            "query": query,
            "hits": _with_urls(result["hits"]),
            "suggestions": _with_urls(result["suggestions"]),
        }
    )


@bp.get("/neighbours")
def neighbours():
    """The neighbourhood of ``node`` (an id or a name) at ``depth`` 1-3, at most ``limit`` nodes."""
    from graph.query.neighbours import MAX_DEPTH, MAX_LIMIT
    from graph.query.neighbours import neighbours as local_graph

    node = text_param("node")
    depth = int_param("depth", 1, 1, MAX_DEPTH)
    limit = int_param("limit", 500, 1, MAX_LIMIT)
    ex = explorer()
    try:
        result = local_graph(ex.graph, node, depth=depth, limit=limit, index=ex.query_index)
    except QueryNotFound as exc:
        return json_error(str(exc), 404, suggestions=exc.suggestions)
    (center,) = _with_urls([result["center"]])
    return jsonify({"ok": True, **result, "center": center, "nodes": _with_urls(result["nodes"])})


@bp.get("/path")
def path():
    """The shortest explained path between ``from`` and ``to`` (ids or names)."""
    from graph.errors import NoPath
    from graph.query.paths import shortest_path

    source, target = text_param("from"), text_param("to")
    ex = explorer()
    try:
        result = shortest_path(ex.graph, source, target, index=ex.query_index, costs=ex.path_costs)
    except QueryNotFound as exc:
        return json_error(str(exc), 404, suggestions=exc.suggestions)
    except NoPath as exc:
        return json_error(str(exc), 404)
    ends = _with_urls([result["from"], result["to"]])
    nodes = _with_urls(result["nodes"])
    return jsonify({"ok": True, **result, "from": ends[0], "to": ends[1], "nodes": nodes})


@bp.get("/node/<path:node_id>")
def node(node_id: str):
    """One node's details: attributes, relations, mentions, links, sections."""
    from graph.query.info import node_info
    from webapp.params import check_text

    node_id = check_text("node", node_id)
    top = int_param("top", 20, 1, current_app.config["NLPMAP_MAX_TOP"])
    ex = explorer()
    if node_id not in ex.graph:
        return json_error(f"No node {node_id!r}.", 404)
    info = node_info(ex.graph, node_id, top=top)
    for key in ("relations", "mentions", "links", "backlinks", "sections", "members"):
        if key in info:
            info[key] = _with_urls(info[key])
    return jsonify({"ok": True, **info, "url": ex.node_url(node_id)})


@bp.get("/info")
def info():
    """Counts, main concepts, communities, orphan articles and unresolved links of the map."""
    from graph.query.info import graph_info

    top = int_param("top", 10, 1, current_app.config["NLPMAP_MAX_TOP"])
    return jsonify({"ok": True, **graph_info(explorer().graph, top=top)})
