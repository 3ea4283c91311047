"""Live graphs for ``nlpmap serve --watch``: the graph swapped in, the page told of it.

:func:`init_app` registers ``GET /api/live`` (``{"ok", "version", "error", "built_at"}``)
and keeps a :class:`LiveState` in ``app.extensions["nlpmap_live"]``. A watcher thread calls
:func:`swap_graph` after each successful rebuild: the new :class:`~webapp.state.Explorer`
is built completely, then put in ``app.extensions["nlpmap"]`` in one assignment, so a
request sees either the old graph or the new one. :func:`report_error` records a failed
rebuild; the last good graph is still served. The explorer page loads
``static/live.js`` (see its header) which polls ``/api/live`` and redraws on a new version.
"""

from __future__ import annotations

import datetime as _dt
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, Flask, current_app, jsonify

__all__ = ["LiveState", "bp", "init_app", "report_error", "swap_graph"]

bp = Blueprint("live", __name__)


@dataclass
class LiveState:
    """The served graph's version (bumped on each swap) and the last rebuild error."""

    version: int = 1
    error: str | None = None
    built_at: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def init_app(app: Flask) -> LiveState:
    """Register ``/api/live`` and the live state on ``app``."""
    state = LiveState(built_at=str(app.extensions["nlpmap"].graph.graph.get("built_at", "")))
    app.extensions["nlpmap_live"] = state
    app.register_blueprint(bp)
    return state


def swap_graph(app: Flask, graph_file: str | Path) -> int:
    """Load ``graph_file`` and serve it from now on; return the new version."""
    from webapp.state import load_explorer

    explorer = load_explorer(graph_file, app.config["NLPMAP_WORKSPACE"])
    state: LiveState = app.extensions["nlpmap_live"]
    with state.lock:
        app.extensions["nlpmap"] = explorer
        state.version += 1
        state.error = None
        state.built_at = str(explorer.graph.graph.get("built_at", ""))
        return state.version


def report_error(app: Flask, error: Exception | str) -> None:
    """Record a failed rebuild (shown by the page; the last good graph stays)."""
    state: LiveState = app.extensions["nlpmap_live"]
    with state.lock:
        state.error = str(error) or type(error).__name__
        state.built_at = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


@bp.get("/api/live")
def live():
    """The served graph's version and the last rebuild error (None when it succeeded)."""
    state: LiveState = current_app.extensions["nlpmap_live"]
    with state.lock:
        body = {
            "ok": True,
            "version": state.version,
            "error": state.error,
            "built_at": state.built_at,
        }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response
