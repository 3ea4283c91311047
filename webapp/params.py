"""Query-string parameters of the JSON API, validated the same way on every route.

A bad parameter raises :class:`BadParameter`, which ``init_app`` turns into
the project's JSON error (``{"ok": false, "error", "status": 400}``).
Text parameters are bounded in length (``NLPMAP_MAX_QUERY``) and may hold no
control character (NUL included); integers have bounds.
"""

from __future__ import annotations

import unicodedata

from flask import Flask, current_app, request

from webapp.responses import json_error

__all__ = ["BadParameter", "float_param", "init_app", "int_param", "list_param", "text_param"]


class BadParameter(ValueError):
    """A query-string parameter is missing, malformed or out of bounds."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


def check_text(name: str, value: str, limit: int | None = None) -> str:
    """``value`` stripped, or :class:`BadParameter` when empty, too long or holding control characters."""
    limit = limit or current_app.config["NLPMAP_MAX_QUERY"]
    if len(value) > limit:
        raise BadParameter(name, f"{name} is longer than {limit} characters.")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        raise BadParameter(name, f"{name} contains control characters.")
    value = value.strip()
    if not value:
        raise BadParameter(name, f"The {name} parameter is required.")
    return value


def text_param(name: str, *, required: bool = True, default: str = "") -> str:
    """A text parameter of the request (see :func:`check_text`)."""
    value = request.args.get(name)
    if value is None or (not required and not value.strip()):
        if required:
            raise BadParameter(name, f"The {name} parameter is required.")
        return default
    return check_text(name, value)


def int_param(name: str, default: int, low: int, high: int) -> int:
    """An integer parameter within ``[low, high]``, ``default`` when absent."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    digits = raw.strip().lstrip("+-")
    if len(raw) > 12 or not (digits.isascii() and digits.isdigit()):  # "²".isdigit(), and int() refuses it
        raise BadParameter(name, f"{name} must be an integer.")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(name, f"{name} must be between {low} and {high}.")
    return value


def float_param(name: str, low: float, high: float) -> float | None:
    """A number within ``[low, high]``, None when absent or empty."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw) if len(raw) <= 32 else float("nan")
    except ValueError:
        value = float("nan")
    if not low <= value <= high:  # NaN fails too
        raise BadParameter(name, f"{name} must be a number between {low:g} and {high:g}.")
    return value


def list_param(name: str, allowed=None, limit: int = 50) -> list[str] | None:
    """Values given as ``name=a&name=b`` or ``name=a,b`` (each a text parameter), None when
    none; with ``allowed``, any other value is a :class:`BadParameter` naming the allowed ones."""
    values = [v for raw in request.args.getlist(name) for v in raw.split(",") if v.strip()]
    if not values:
        return None
    if len(values) > limit:
        raise BadParameter(name, f"{name} takes at most {limit} values.")
    values = [check_text(name, v) for v in values]
    if allowed is not None:
        unknown = sorted(set(values) - set(allowed))
        if unknown:
            raise BadParameter(
                name, f"Unknown {name}: {', '.join(unknown)}; one of: {', '.join(sorted(allowed))}."
            )
    return values


def _bad_parameter(exc: BadParameter):
    """The JSON 400 of a bad parameter."""
    return json_error(str(exc), 400)


def init_app(app: Flask) -> None:
    """Answer :class:`BadParameter` with a JSON 400."""
    app.register_error_handler(BadParameter, _bad_parameter)
