"""Rebuilding a workspace when its files change (``nlpmap serve --watch``).

:func:`watch_workspace` waits for changes to the Markdown files of a workspace (and to
any extra file, such as a user ontology) with watchfiles, then calls ``rebuild`` and hands
its result to ``on_build``; an error of the rebuild goes to ``on_error`` and watching goes
on, so a server keeps its last good graph. The rebuild itself is the caller's (an
incremental :func:`graph.build.load_or_build`): this module knows nothing of the graph.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from graph.workspace import is_markdown_name

__all__ = ["DEBOUNCE_MS", "watch_workspace"]

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Changes closer together than this are one rebuild.
DEBOUNCE_MS = 300


def watch_workspace(
    path: str | Path,
    rebuild: Callable[[], T],
    on_build: Callable[[T], None],
    on_error: Callable[[Exception], None],
    *,
    extra_files: Iterable[str | Path] = (),
    stop: threading.Event | None = None,
    debounce_ms: int = DEBOUNCE_MS,
) -> None:
    """Call ``rebuild`` after each batch of changes until ``stop`` is set.

    Parameters
    ----------
    path : path-like
        The workspace folder; changes to its visible Markdown files count.
    rebuild : callable
        Builds the new result (a graph, or whatever ``on_build`` takes).
    on_build : callable
        Receives each successful result.
    on_error : callable
        Receives the exception of a failed rebuild; the watch goes on.
    extra_files : iterable of path-like
        More files whose changes count (a user ontology).
    stop : threading.Event, optional
        Set it to end the watch (checked at least every half second).
    debounce_ms : int
        Changes within this many milliseconds are gathered into one rebuild.
    """
    from watchfiles import watch

    root = Path(path).resolve()
    extras = {Path(p).resolve() for p in extra_files}

    def relevant(_change: object, name: str) -> bool:
        file = Path(name)
        if file in extras:
            return True
        try:
            parts = file.relative_to(root).parts
        except ValueError:
            return False
        return (
            bool(parts)
            and is_markdown_name(parts[-1])
            and not any(part.startswith(".") for part in parts)
        )

    watched = [root, *sorted({p.parent for p in extras})]
    for changes in watch(
        *watched, watch_filter=relevant, stop_event=stop, debounce=debounce_ms, rust_timeout=500
    ):
        log.info("%d files changed: rebuilding", len(changes))
        try:
            result = rebuild()
        except Exception as exc:  # a bad edit must not stop the server: it reports and waits
            log.warning("rebuild failed: %s", exc)
            on_error(exc)
            continue
        on_build(result)
