"""JSON API: the graph and related topics. Errors share one JSON shape."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from flask import Blueprint, Response, current_app, jsonify, request

from graph.errors import QueryNotFound
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
    """The whole graph as node-link JSON (edges under ``links``)."""
    return Response(explorer().graph_json, mimetype="application/json")


@bp.get("/related")
def related():
    """Related concepts and articles of ``q`` (``top`` of each, default 10)."""
    query = request.args.get("q", "").strip()
    limit = current_app.config["NLPMAP_MAX_QUERY"]
    if not query:
        return json_error("The q parameter is required.", 400)
    if len(query) > limit:
        return json_error(f"q is longer than {limit} characters.", 400)
    max_top = current_app.config["NLPMAP_MAX_TOP"]
    try:
        top = int(request.args.get("top", "10"))
    except ValueError:
        return json_error("top must be an integer.", 400)
    if not 1 <= top <= max_top:
        return json_error(f"top must be between 1 and {max_top}.", 400)
    from graph.query import related as find_related

    try:
        ex = explorer()
        result = find_related(ex.graph, query, top=top, index=ex.query_index)
    except QueryNotFound as exc:
        return json_error(str(exc), 404, suggestions=exc.suggestions)
    return jsonify({"ok": True, **_as_dict(result)})

