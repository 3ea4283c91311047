"""Serving the explorer with waitress: bind first, fail in one line, bounded requests.

:func:`bind_server` binds the socket before anything is printed, so a port in use or a
host that cannot be bound is a :class:`BindError` (the CLI prints one line, exit 2) and
never a traceback after a "Serving" line. Requests are bounded (headers, bodies: the
explorer only answers GET), waitress never shows a traceback to a client, and
:func:`listens_everywhere` tells the CLI when to warn.
"""

from __future__ import annotations

import ipaddress
import logging

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_HEADER_BYTES",
    "BindError",
    "bind_server",
    "listens_everywhere",
    "server_url",
]

log = logging.getLogger(__name__)

#: The largest request body accepted (the explorer only answers GET).
MAX_BODY_BYTES = 64 * 1024
#: The largest request line plus headers accepted.
MAX_HEADER_BYTES = 64 * 1024


class BindError(OSError):
    """The server could not listen on the host and port asked for."""


def listens_everywhere(host: str) -> bool:
    """True when ``host`` means every interface (``0.0.0.0``, ``::``, ``*`` or empty).

    Examples
    --------
    >>> listens_everywhere("0.0.0.0"), listens_everywhere("127.0.0.1")
    (True, False)
    """
    text = host.strip().strip("[]")
    if text in ("", "*"):
        return True
    try:
        return ipaddress.ip_address(text).is_unspecified
    except ValueError:
        return False


def bind_server(app, host: str, port: int, *, threads: int = 8):
    """A waitress server of ``app`` listening on ``host``:``port`` (not running yet).

    Parameters
    ----------
    app : WSGI application
    host : str
        An address or a name; ``0.0.0.0`` or ``::`` for every interface.
    port : int
        0 picks a free port (see :func:`server_url`).
    threads : int
        Worker threads.

    Raises
    ------
    BindError
        When the host does not resolve, the address is not this machine's, the
        port is in use or needs privileges.
    """
    from waitress.server import create_server

    try:
        return create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            max_request_body_size=MAX_BODY_BYTES,
            max_request_header_size=MAX_HEADER_BYTES,
            expose_tracebacks=False,
            ident="nlpmap",
        )
    except (OSError, ValueError) as exc:  # ValueError: waitress cannot resolve the host
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise BindError(f"cannot listen on {host}:{port}: {reason}") from exc


def server_url(server) -> str:
    """The ``http://host:port/`` a bound server answers on (its real port when 0 was asked)."""
    listening = getattr(server, "effective_listen", None)
    host, port = listening[0][:2] if listening else (server.effective_host, server.effective_port)
    if isinstance(host, str) and ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"
