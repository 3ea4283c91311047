"""Conditional and compressed answers: a reload of an unchanged page or graph costs a 304.

Every successful GET whose body the app built (pages, ``/api/*``, exports; files sent by
``send_file`` carry their own ETag) gets a strong ``ETag`` (a hash of its body),
``Cache-Control: no-cache`` (the browser keeps it and asks again) and, when the client
accepts gzip and the body is text of 1 kB or more, a gzip body with its own ETag
(``<etag>-gz``) and ``Vary: Accept-Encoding``. ``If-None-Match`` with the ETag answers
304 with no body. Compressed bodies are kept by ETag (a few, bounded), so the graph JSON
is compressed once, not once per request.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict

from flask import Flask, Response, request

__all__ = ["MIN_COMPRESS_BYTES", "gzip_body", "init_app"]

#: Bodies smaller than this are sent as they are.
MIN_COMPRESS_BYTES = 1024
_COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")
_KEEP = 32  # compressed bodies kept
_KEEP_BYTES = 8 * 1024 * 1024  # compressed bodies larger than this are not kept

_lock = threading.Lock()
_compressed: OrderedDict[str, bytes] = OrderedDict()


def gzip_body(etag: str, data: bytes) -> bytes:
    """``data`` gzip-compressed, from the bounded cache when ``etag`` was seen."""
    with _lock:
        found = _compressed.get(etag)
        if found is not None:
            _compressed.move_to_end(etag)
            return found
    body = gzip.compress(data, compresslevel=6, mtime=0)
    if len(body) <= _KEEP_BYTES:  # the explorer page of a 50,000-node map: 11 MB, 1.9 MB compressed
        with _lock:
            _compressed[etag] = body
            while len(_compressed) > _KEEP:
                _compressed.popitem(last=False)
    return body


def _accepts_gzip() -> bool:
    """True when the request's Accept-Encoding allows gzip."""
    return request.accept_encodings["gzip"] > 0


def conditional(response: Response) -> Response:
    """Add ETag, Cache-Control and gzip to a built 200 GET answer; 304 when unchanged."""
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
    ):
        return response
    data = response.get_data()
    etag = hashlib.blake2b(data, digest_size=16).hexdigest()
    mimetype = response.mimetype or ""
    response.vary.add("Accept-Encoding")
    if len(data) >= MIN_COMPRESS_BYTES and mimetype.startswith(_COMPRESSIBLE) and _accepts_gzip():
        etag += "-gz"
        response.set_data(gzip_body(etag, data))
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag)
    response.headers.setdefault("Cache-Control", "no-cache")
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Make every built answer of ``app`` conditional and compressed."""
    app.after_request(conditional)
