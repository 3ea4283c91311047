"""Bounds on what a request may ask, and answers that never leak a traceback.

``init_app`` caps request bodies (``MAX_CONTENT_LENGTH``), refuses overlong paths and
query strings with a 414 before any view runs, and answers an unexpected exception with
the ordinary error page (or the JSON error of the API): the traceback goes to the
server's log, never to the client, whatever ``DEBUG`` says.
"""

from __future__ import annotations

import logging

from flask import Flask, abort, request
from werkzeug.exceptions import HTTPException, InternalServerError

__all__ = ["MAX_PATH", "MAX_QUERY_STRING", "init_app"]

log = logging.getLogger(__name__)

#: The longest URL path accepted (characters, percent-escapes counted as written).
MAX_PATH = 16 * 1024
#: The longest query string accepted (bytes).
MAX_QUERY_STRING = 16 * 1024


def _bounded() -> None:
    """Refuse overlong paths and query strings with 414."""
    raw_path = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.path
    if len(raw_path.split("?", 1)[0]) > MAX_PATH or len(request.path) > MAX_PATH:
        abort(414, description=f"The path is longer than {MAX_PATH} characters.")
    if len(request.query_string) > MAX_QUERY_STRING:
        abort(414, description=f"The query string is longer than {MAX_QUERY_STRING} bytes.")


def _unexpected(exc: Exception):
    """Log an unexpected exception and answer the plain 500 page (no traceback)."""
    if isinstance(exc, HTTPException):
        return exc
    log.error("unexpected error on %s %s", request.method, request.path, exc_info=exc)
    from webapp.responses import handle_http_error

    return handle_http_error(InternalServerError(description="An unexpected error happened."))


def init_app(app: Flask) -> None:
    """Register the bounds and the 500 handler; the debugger stays off."""
    app.config.setdefault("MAX_CONTENT_LENGTH", 64 * 1024)
    app.debug = False
    app.before_request(_bounded)
    app.register_error_handler(Exception, _unexpected)
