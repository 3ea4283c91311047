"""Progress of a build on a terminal: one bar per stage, shown once the build runs a second.

:class:`BuildProgress` is the ``progress(stage, done, total)`` callback the command line
gives :func:`graph.build.build_workspace`. It draws with rich on standard error, only when
that is a terminal, only for builds that last longer than :data:`SHOW_AFTER` seconds, and
never with ``quiet``. Library code reports progress through the callback and logs; it never
writes to the terminal itself.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

__all__ = ["SHOW_AFTER", "BuildProgress"]

#: Seconds a build runs before bars appear (short builds stay silent).
SHOW_AFTER = 1.0


class BuildProgress:
    """Rich progress bars per build stage on standard error.

    Args:
        quiet (bool): Never show anything.
        stream (TextIO, optional): Where to draw (standard error by default); nothing is
            drawn unless it is a terminal.
    """

    def __init__(self, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not quiet and _is_terminal(self.stream)
        self.started = time.perf_counter()
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            if time.perf_counter() - self.started < SHOW_AFTER:
                return
            self._start()
        task = self._tasks.get(stage)
        if task is None:
            task = self._tasks[stage] = self._progress.add_task(stage, total=max(total, 1))
        self._progress.update(task, completed=done, total=max(total, 1))

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._progress = Progress(
            "[progress.description]{task.description:<10}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=self.stream),
            transient=False,
        )
        self._progress.start()

    def close(self) -> None:
        """Stop drawing (the bars stay on screen)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> BuildProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
