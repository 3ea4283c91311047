"""Downloads of the map in every export format: ``/export/<format>``, thin over ``graph.export``.

The query parameters are the view filter's (:func:`graph.export.view`): ``kinds`` and ``types``
(repeated or comma-separated), ``min_weight``, ``focus`` (a node id) and ``depth``; with none,
the whole map. ``bom=1`` starts the CSV files with a byte order mark. Folder formats (csv,
neo4j-csv, graphdb) come as a zip. The html page links each node to its explorer page here.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from graph.errors import ExportError
from webapp.params import float_param, int_param, list_param, text_param
from webapp.responses import explorer, json_error

__all__ = ["MAX_DEPTH", "bp"]

bp = Blueprint("exports", __name__, url_prefix="/export")

MAX_DEPTH = 10
_VIEW_PARAMS = ("kinds", "types", "min_weight", "focus")  # depth alone cuts nothing


def _filters(G) -> dict:
    """The view filter's arguments from the query string (400 on a bad value)."""
    kinds = {d.get("kind") for _, d in G.nodes(data=True)}
    types = {d.get("type") for _, d in G.nodes(data=True) if d.get("kind") == "concept"}
    return {
        "kinds": list_param("kinds", allowed={str(k) for k in kinds if k}),
        "types": list_param("types", allowed={str(t) for t in types if t}),
        "min_weight": float_param("min_weight", -1e12, 1e12),
        "focus": text_param("focus", required=False) or None,
        "depth": int_param("depth", 1, 0, MAX_DEPTH),
    }


def file_name(fmt: str, suffix: str, folder: bool, filtered: bool) -> str:
    """``nlpmap[-view][-<format>].<ext>``: folder formats name themselves (several are zips)."""
    return "nlpmap" + ("-view" if filtered else "") + (f"-{fmt}" if folder else "") + suffix


@bp.get("/<fmt>")
def export(fmt: str):
    """The map (or the view the parameters cut) in format ``fmt``, as an attachment."""
    from graph.export import EXPORTERS, view

    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        return json_error(f"Unknown export format {fmt[:40]!r}; one of: {', '.join(EXPORTERS)}.", 404)
    try:
        if exporter.require is not None:
            exporter.require()
    except ExportError as exc:
        return json_error(str(exc), 501)
    ex = explorer()
    filters = _filters(ex.graph)
    if filters["focus"] is not None and filters["focus"] not in ex.graph:
        return json_error(f"No node {filters['focus']!r}.", 404)
    H = view(ex.graph, **filters)
    options = {}
    if fmt == "csv":
        options["bom"] = bool(int_param("bom", 0, 0, 1))
    if fmt == "html":
        root = request.host_url.rstrip("/")
        options["hrefs"] = {n: root + url for n in H for url in [ex.node_url(n)] if url}
    try:
        body = exporter.to(H, **options)
    except ExportError as exc:
        return json_error(str(exc), 500)
    filtered = any(name in request.args and request.args[name].strip() for name in _VIEW_PARAMS)
    response = Response(body, content_type=exporter.media_type)
    response.headers.set(
        "Content-Disposition", "attachment",
        filename=file_name(fmt, exporter.suffix, exporter.folder, filtered),
    )  # fmt: skip
    return response
