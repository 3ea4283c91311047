"""Storing graphs: node-link JSON files written atomically, and a per-user cache.

A graph file is ``networkx.node_link_data(G, edges="links")`` with the build's
metadata in its ``graph`` mapping (``format_version``, ``nlpmap_version``,
``workspace``, ``ontology_hash``, ``fingerprint``, ...). Nothing is ever written
into a workspace: without an explicit output path, graphs live in the
per-user cache folder, one file per workspace, rebuilt when a file of the
workspace, the ontology or nlpmap's version changes.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from graph import __version__
from graph.errors import GraphFileError
from graph.workspace.files import MARKDOWN_SUFFIXES

if TYPE_CHECKING:  # networkx is imported where a graph is made: `nlpmap build` on a fresh
    import networkx as nx  # cache answers from the summary without it (about 0.2 s)

__all__ = [
    "few_collections",
    "FORMAT",
    "FORMAT_VERSION",
    "build_fingerprint",
    "cache_dir",
    "cache_path",
    "fresh_summary",
    "load_graph",
    "ontology_fingerprint",
    "remove_stale_temps",
    "save_graph",
    "temp_beside",
    "to_json",
    "workspace_fingerprint",
    "write_summary",
]

log = logging.getLogger(__name__)

FORMAT = "nlpmap-graph"
FORMAT_VERSION = 1


def to_json(G: nx.DiGraph) -> dict:
    """Return the node-link mapping of ``G`` (edges under ``links``).

    Examples
    --------
    >>> G = nx.DiGraph(format_version=1); G.add_edge("a", "b", kind="links_to")
    >>> sorted(to_json(G))
    ['directed', 'graph', 'links', 'multigraph', 'nodes']
    """
    import networkx as nx

    data = nx.node_link_data(G, edges="links")
    data["graph"] = {"format": FORMAT, "format_version": FORMAT_VERSION, **data["graph"]}
    return data


#: What a damaged graph file's message says to do.
REBUILD_HINT = "rebuild it with `nlpmap build WORKSPACE -o FILE` (or `nlpmap build --force`)"
#: A temporary file whose writer's process id cannot be read is stale after this long.
STALE_TEMP_SECONDS = 3600


#: Allocations between two young-generation collections while building (Python's default: 700).
BUILD_GC_THRESHOLD = 50_000


@contextlib.contextmanager
def few_collections(threshold: int = BUILD_GC_THRESHOLD):
    """Collect cyclic garbage less often inside the block, then as before.

    A build allocates millions of small objects that live to its end (tokens, mentions,
    graph attributes, unpickled results), so the collector's default rhythm rescans them
    again and again: a fifth of a small rebuild went there. Cycles are still collected,
    only less often, so memory stays bounded.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def temp_beside(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``: ``.NAME.PID.XXXXXXXX.tmp``, open for writing.

    Temporary files that killed writers left beside ``path`` are removed first
    (:func:`remove_stale_temps`): a ``kill -9`` during a save leaves nothing for long.
    """
    remove_stale_temps(path)
    return tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)


def _alive(pid: int) -> bool:
    """True when a process ``pid`` exists (ours or another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(path: str | os.PathLike) -> list[Path]:
    """Remove the temporary files of ``path`` whose writer is gone; return them.

    ``.NAME.PID.XXXX.tmp`` is stale when process PID no longer runs; a name
    without a process id (``.NAME.XXXX.tmp``, older nlpmap) when it is older
    than :data:`STALE_TEMP_SECONDS`. Files of running writers are kept.
    """
    import time

    path = Path(path)
    prefix = f".{path.name}."
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid, dot, _ = name[len(prefix) : -len(".tmp")].partition(".")
        try:
            if dot and pid.isdigit():
                stale = not _alive(int(pid))
            else:
                stale = time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS
            if stale:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    if removed:
        log.info("removed %d temporary files left by killed writers of %s", len(removed), path)
    return removed


def save_graph(G: nx.DiGraph, path: str | os.PathLike) -> Path:
    """Write ``G`` to ``path`` as node-link JSON, atomically.

    The JSON goes to a temporary file in the same folder, is flushed to disk,
    then renamed over ``path``: a build killed halfway leaves the previous file
    intact.

    Parameters
    ----------
    G : networkx.DiGraph
        The graph; it is not modified.
    path : path-like
        Destination file; its folder is created if needed.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    GraphFileError
        When the folder cannot be created or written.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = temp_beside(path)
    except OSError as exc:
        raise GraphFileError(f"cannot write the graph to {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            # one string: json.dumps uses the C encoder, json.dump (chunked) the Python one
            fh.write(json.dumps(to_json(G), ensure_ascii=False, separators=(",", ":")))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise GraphFileError(
                f"cannot write the graph to {path}: {exc.strerror or exc}"
            ) from exc
        raise
    return path


def load_graph(path: str | os.PathLike) -> nx.DiGraph:
    """Read a graph file written by :func:`save_graph`.

    Raises
    ------
    GraphFileError
        When the file is missing, not JSON, or not an nlpmap graph of a
        format version this nlpmap reads.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise GraphFileError(f"graph file not found: {path}") from exc
    except OSError as exc:
        raise GraphFileError(f"cannot read the graph file {path}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GraphFileError(
            f"{path} is not a graph file (invalid JSON: {exc}); if a build was cut short, "
            f"{REBUILD_HINT}"
        ) from exc
    meta = data.get("graph") if isinstance(data, dict) else None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise GraphFileError(f"{path} is not an nlpmap graph file")
    if meta.get("format_version") != FORMAT_VERSION:
        raise GraphFileError(
            f"{path} has graph format version {meta.get('format_version')!r}; "
            f"this nlpmap reads version {FORMAT_VERSION}: rebuild it with `nlpmap build`"
        )
    import networkx as nx

    try:
        return nx.node_link_graph(data, directed=True, multigraph=False, edges="links")
    except (KeyError, TypeError, nx.NetworkXError) as exc:
        raise GraphFileError(f"{path} is a damaged graph file ({exc}); {REBUILD_HINT}") from exc


def cache_dir(override: str | os.PathLike | None = None) -> Path:
    """The per-user cache folder (``override`` or ``$NLPMAP_CACHE_DIR`` first)."""
    if override:
        return Path(override)
    env = os.environ.get("NLPMAP_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("nlpmap", appauthor=False))


def cache_path(workspace: str | os.PathLike, *, directory: str | os.PathLike | None = None) -> Path:
    """The cache file of a workspace, keyed by its absolute path."""
    root = Path(os.path.realpath(workspace))  # no error on a symlink loop
    key = hashlib.sha256(os.fsencode(root)).hexdigest()[:16]
    return cache_dir(directory) / f"{root.name or 'root'}-{key}.json"


#: Site configurations (Jekyll, Hugo): they change how links resolve, so they count too.
_SITE_CONFIGS = frozenset(
    {"_config.yml", "_config.yaml", "hugo.toml", "hugo.yaml", "config.toml", "config.yaml"}
)


def workspace_fingerprint(workspace: str | os.PathLike, *extra: str) -> str:
    """Hash of the Markdown files and site configurations (path, size, mtime) plus ``extra``.

    ``extra`` carries what else invalidates a build: the ontology hash,
    nlpmap's version, build options.
    """
    root = Path(os.path.realpath(workspace))
    h = hashlib.sha256()
    for part in (__version__, *extra):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not (
                name.lower().endswith(MARKDOWN_SUFFIXES) or name in _SITE_CONFIGS
            ):
                continue
            full = os.path.join(dirpath, name)
            try:
                st = os.stat(full)
            except OSError:
                continue
            rel = os.path.relpath(full, root)
            h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def ontology_fingerprint(ontology_path: str | os.PathLike | None) -> str:
    """Hash of the built-in ontology file and the user's, without parsing them."""
    from importlib.resources import files

    h = hashlib.sha256()
    builtin = files("graph") / "ontology" / "data" / "ontology.yaml"
    h.update(builtin.read_bytes() if builtin.is_file() else b"")
    if ontology_path:
        try:
            h.update(Path(ontology_path).read_bytes())
        except OSError:
            h.update(str(ontology_path).encode())  # the build reports the real error
    return h.hexdigest()


def build_fingerprint(
    workspace: str | os.PathLike,
    ontology_path: str | os.PathLike | None = None,
    repo_urls: tuple[str, ...] | list[str] = (),
) -> str:
    """What a cached graph must match to be fresh: files, ontology files, options, version."""
    return workspace_fingerprint(
        workspace, ontology_fingerprint(ontology_path), "repo=" + ",".join(repo_urls)
    )


def summary_path(graph_file: str | os.PathLike) -> Path:
    """The small JSON beside a cached graph: its fingerprint and counts."""
    graph_file = Path(graph_file)
    return graph_file.with_name(graph_file.stem + ".summary.json")


def write_summary(graph_file: str | os.PathLike, fingerprint: str, counts: dict) -> None:
    """Record a cached graph's fingerprint and counts (best effort: it only saves time)."""
    target = summary_path(graph_file)
    try:
        fd, tmp = temp_beside(target)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"fingerprint": fingerprint, "counts": counts}, fh)
        os.replace(tmp, target)
    except OSError as exc:
        log.debug("no summary for %s: %s", graph_file, exc)


def fresh_summary(
    workspace: str | os.PathLike,
    *,
    ontology_path: str | os.PathLike | None = None,
    repo_urls: tuple[str, ...] | list[str] = (),
    cache_dir: str | os.PathLike | None = None,
) -> tuple[dict, Path] | None:
    """The counts and file of the workspace's cached graph when it is fresh, else None.

    Reads only the summary beside the graph (no graph, no networkx): the answer
    of ``nlpmap build`` when nothing changed.
    """
    target = cache_path(workspace, directory=cache_dir)
    try:
        data = json.loads(summary_path(target).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not target.is_file() or not isinstance(data, dict):
        return None
    if data.get("fingerprint") != build_fingerprint(workspace, ontology_path, repo_urls):
        return None
    counts = data.get("counts")
    return (counts, target) if isinstance(counts, dict) else None
