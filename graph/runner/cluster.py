"""The per-file work of a build as a Dask map over batches of texts.

:class:`DaskRunner` sends batches of texts to the workers of a Dask cluster (a
``LocalCluster`` of processes when no scheduler address is given) and gathers plain
records: :class:`~graph.models.ParsedMarkdown` and
:class:`~graph.concepts.extract.TextScan`, never a spaCy Doc. Each worker builds the spaCy
pipeline once, when :class:`PipelinePlugin` is registered with it. The graph is assembled
on the client, so it equals an in-process build. dask and distributed are an optional
extra (``pip install nlpmap[dask]``).
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from graph.concepts.extract import TextScan, make_pipeline, scan_texts
from graph.concepts.matcher import MatchTables, match_tables
from graph.errors import NlpmapError
from graph.models import Ontology, ParsedMarkdown
from graph.runner.local import Progress
from graph.workspace import make_parser, parse_markdown

try:
    from distributed import WorkerPlugin
except ImportError:  # the dask extra is missing: DaskRunner says so when asked for
    WorkerPlugin = object  # type: ignore[misc,assignment]

__all__ = ["BATCH_CHARS", "DaskRunner", "ExecutorError", "PipelinePlugin"]

log = logging.getLogger(__name__)

#: About this many characters of text go to a worker per task.
BATCH_CHARS = 400_000
_PLUGIN = "nlpmap-pipeline"


class ExecutorError(NlpmapError):
    """The Dask executor cannot start (distributed missing, scheduler unreachable)."""

    exit_code = 2


class PipelinePlugin(WorkerPlugin):
    """A Dask worker plugin that builds the concept pipeline once per worker.

    Args:
        ontology (Ontology): The ontology the pipeline matches.
    """

    def __init__(self, ontology: Ontology) -> None:
        self.ontology = ontology
        self.name = f"{_PLUGIN}-{ontology.hash[:12]}"
        self.nlp: Any = None
        self.lock: Any = None

    def setup(self, worker: Any) -> None:
        """Build the pipeline (called by the worker when the plugin is registered)."""
        self.nlp = make_pipeline(self.ontology)
        self.lock = threading.Lock()  # a worker may run several tasks in threads

    def teardown(self, worker: Any) -> None:
        self.nlp = None

    def __getstate__(self) -> dict:
        return {"ontology": self.ontology, "name": self.name, "nlp": None, "lock": None}


def parse_batch(texts: list[str]) -> list[ParsedMarkdown]:
    """Parse a batch of Markdown texts (a task run on a worker)."""
    parser = make_parser()
    return [parse_markdown(text, parser) for text in texts]


def scan_batch(texts: list[str], plugin_name: str) -> list[TextScan]:
    """Scan a batch of texts with the worker's pipeline (a task run on a worker)."""
    from distributed import get_worker

    plugin = get_worker().plugins[plugin_name]
    with plugin.lock:
        return scan_texts(plugin.nlp, texts)


def batches(texts: Sequence[str], limit: int = BATCH_CHARS) -> list[list[str]]:
    """Consecutive batches of about ``limit`` characters (one text at least each)."""
    out: list[list[str]] = []
    current: list[str] = []
    size = 0
    for text in texts:
        if current and size + len(text) > limit:
            out.append(current)
            current, size = [], 0
        current.append(text)
        size += len(text)
    if current:
        out.append(current)
    return out


class DaskRunner:
    """Parse and scan on a Dask cluster.

    Args:
        ontology (Ontology): The validated ontology.
        address (str, optional): A running scheduler (``tcp://host:8786``); a new
            ``LocalCluster`` of ``n_workers`` processes when None.
        n_workers (int, optional): Workers of the LocalCluster (default: the CPU count).
        timeout (float): Seconds to wait for the scheduler at ``address``.
    """

    def __init__(
        self,
        ontology: Ontology,
        address: str | None = None,
        *,
        n_workers: int | None = None,
        timeout: float = 10,
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ExecutorError(
                "the dask executor needs dask and distributed: pip install 'nlpmap[dask]'"
            ) from exc
        self.ontology = ontology
        self._tables: MatchTables | None = None
        self._cluster = None
        try:
            if address:
                self.client = Client(address, timeout=timeout)
            else:
                workers = n_workers or max(1, min(os.cpu_count() or 1, 8))
                self._cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                self.client = Client(self._cluster)
        except OSError as exc:
            self.close()
            raise ExecutorError(f"cannot reach the Dask scheduler {address}: {exc}") from exc
        self.plugin = PipelinePlugin(ontology)
        self.client.register_plugin(self.plugin, name=self.plugin.name)
        log.info("dask: %d workers", len(self.client.scheduler_info().get("workers", {})))

    @property
    def tables(self) -> MatchTables:
        """The ontology's match tables (computed on the client)."""
        if self._tables is None:
            self._tables = match_tables(self.ontology)
        return self._tables

    def parse(self, texts: Sequence[str], progress: Progress | None = None) -> list[ParsedMarkdown]:
        """Parse the texts on the workers."""
        return self._map(parse_batch, texts, (), progress)

    def scan(self, texts: Sequence[str], progress: Progress | None = None) -> list[TextScan]:
        """Scan the texts on the workers."""
        return self._map(scan_batch, texts, (self.plugin.name,), progress)

    def _map(
        self,
        task: Callable[..., list],
        texts: Sequence[str],
        extra: tuple,
        progress: Progress | None,
    ) -> list:
        """Run ``task`` over batches of ``texts``; the results in the order of ``texts``."""
        from distributed import as_completed

        if not texts:
            return []
        parts = batches(texts)
        run = uuid.uuid4().hex[:8]
        futures = [
            self.client.submit(task, part, *extra, key=f"nlpmap-{task.__name__}-{run}-{i}")
            for i, part in enumerate(parts)
        ]
        sizes = {future.key: len(part) for future, part in zip(futures, parts)}
        done = 0
        for future in as_completed(futures):
            done += sizes[future.key]
            if progress is not None:
                progress(done, len(texts))
        results = self.client.gather(futures)
        return [item for part in results for item in part]

    def close(self) -> None:
        """Close the client, and the LocalCluster when this runner started one."""
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
