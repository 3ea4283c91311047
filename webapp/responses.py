"""Shared response helpers: the one JSON error shape, error pages, security headers."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from webapp.state import Explorer

__all__ = ["CSP", "explorer", "init_app", "json_error", "wants_json"]

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def explorer() -> Explorer:
    """The app's loaded graph and indices."""
    return current_app.extensions["nlpmap"]


def json_error(message: str, status: int, **extra) -> tuple[Response, int]:
    """The JSON error every endpoint returns: ``{"ok": false, "error", "status", ...}``."""
    return jsonify({"ok": False, "error": message, "status": status, **extra}), status


def wants_json() -> bool:
    """True for API routes and ``.json`` twins of pages."""
    return request.path.startswith("/api/") or request.path.endswith(".json")


def handle_http_error(exc: HTTPException):
    """Render an HTTP error as JSON for the API, as an HTML page elsewhere."""
    code = exc.code or 500
    if wants_json():
        return json_error(exc.description or exc.name, code)
    return render_template("error.html", code=code, name=exc.name, description=exc.description), code


def security_headers(response: Response) -> Response:
    """Add the CSP and friends (views may set a stricter CSP first)."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def init_app(app: Flask) -> None:
    """Register the error handlers and the security headers on ``app``."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.after_request(security_headers)
