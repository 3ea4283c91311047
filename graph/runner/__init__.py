"""Running the per-file work of a build: in process, cached by content hash, or on a Dask cluster.

A build does two things per file that need nothing of the other files: parsing its Markdown
(:func:`graph.workspace.parse_markdown`) and scanning its texts with the spaCy pipeline
(:func:`graph.concepts.extract.scan_texts`). A runner does both for many texts at once and
returns plain records; the build assembles the graph from them. :class:`LocalRunner` works in
process, :class:`CachedRunner` keeps the results of unchanged texts in a
:class:`ResultStore` (keyed by content hash, nlpmap's code and the ontology), and
:class:`graph.runner.cluster.DaskRunner` maps batches over a Dask cluster.

Imports :mod:`graph.workspace`, :mod:`graph.ontology`, :mod:`graph.concepts`, :mod:`graph.store`.
"""

from __future__ import annotations

from graph.models import Ontology
from graph.runner.cache import CachedRunner, ResultStore, code_version
from graph.runner.local import LocalRunner, Runner

__all__ = [
    "CachedRunner",
    "LocalRunner",
    "ResultStore",
    "Runner",
    "close_runner",
    "code_version",
    "make_runner",
]


def make_runner(
    ontology: Ontology, executor: str | None = None, store: ResultStore | None = None
) -> Runner:
    """The runner of a build.

    Parameters
    ----------
    ontology : Ontology
        The validated ontology.
    executor : str, optional
        ``local`` (or None) for this process; ``dask`` for a new LocalCluster;
        ``dask=ADDRESS`` (``tcp://host:8786``) for a running scheduler.
    store : ResultStore, optional
        Cached results: only texts it lacks are processed.

    Returns
    -------
    Runner
        Close it with :func:`close_runner` (a cluster runner holds a client).

    Raises
    ------
    ValueError
        On an unknown executor.
    """
    name, _, address = (executor or "local").partition("=")
    if name == "local" and not address:
        runner: Runner = LocalRunner(ontology, store=store)
    elif name == "dask":
        from graph.runner.cluster import DaskRunner

        runner = DaskRunner(ontology, address or None)
    else:
        raise ValueError(f"unknown executor {executor!r}: use local, dask or dask=ADDRESS")
    return CachedRunner(runner, store) if store is not None else runner


def close_runner(runner: Runner) -> None:
    """Release what a runner holds (a cluster's client); a no-op for the others."""
    inner = getattr(runner, "inner", runner)
    close = getattr(inner, "close", None)
    if close is not None:
        close()
