"""The ``nlpmap`` command line: a thin layer over the library.

Exit codes: 0 success; 1 nothing found (an unknown query, unresolved links
reported by ``check``); 2 bad usage or bad input (missing path, empty
workspace, broken ontology, unreadable graph file); 3 an internal error (a bug):
one line on stderr naming the file that holds the full report, never a traceback.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
import os
import sys
import time
from pathlib import Path

import click

from graph import __version__
from graph.errors import NlpmapError

EXIT_OK, EXIT_NOT_FOUND, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class NlpmapClickError(click.ClickException):
    """A library error shown as one clear line, with the error's exit code."""

    def __init__(self, error: NlpmapError):
        super().__init__(str(error))
        self.exit_code = error.exit_code


def write_crash_report(exc: BaseException) -> Path:
    """Write the traceback of an unexpected error to a report file; return its path.

    The report goes to ``<cache>/reports/`` (``tempfile.gettempdir()`` when the
    cache cannot be written) with the command line and the versions.
    """
    import platform
    import tempfile
    import traceback

    from graph.store import cache_dir

    text = "".join(
        [
            f"nlpmap {__version__}, Python {platform.python_version()}, {platform.platform()}\n",
            f"command: {sys.argv!r}\n\n",
            *traceback.format_exception(exc),
        ]
    )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for folder in (cache_dir() / "reports", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"nlpmap-crash-{stamp}-{os.getpid()}.txt"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return Path(os.devnull)


class GuardedGroup(click.Group):
    """The command group: an unexpected exception is one line and a report file, exit 3."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            raise  # the reader went away (`| head`): click's main exits quietly, no bug
        except Exception as exc:  # noqa: BLE001 - the one place that catches everything
            report = write_crash_report(exc)
            first = (str(exc).splitlines() or [""])[0][:200]
            click.echo(
                f"nlpmap: internal error ({type(exc).__name__}: {first}); "
                f"the full report is in {report}",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def _run(fn, *args, **kwargs):
    """Call the library, turning its errors into clean CLI errors."""
    try:
        return fn(*args, **kwargs)
    except NlpmapError as exc:
        raise NlpmapClickError(exc) from exc
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def _progress():
    """Progress bars per build stage on stderr (a terminal only, builds over a second)."""
    from graph.runner.progress import BuildProgress

    quiet = bool((click.get_current_context().find_root().obj or {}).get("quiet"))
    return BuildProgress(quiet=quiet)


def _build_counts(workspace: Path, output: Path | None, *, cache_dir, force, **options):
    """Build to ``output`` or the cache: ``(counts with warnings, graph file, rebuilt)``."""
    from graph.build import build_counts, build_workspace
    from graph.store import save_graph

    if output is not None:
        with _progress() as progress:
            G = _run(build_workspace, workspace, progress=progress, **options)
        path, rebuilt = _run(save_graph, G, output), True
    else:
        G, path, rebuilt = _cached_build(workspace, cache_dir=cache_dir, force=force, **options)
    return build_counts(G), path, rebuilt


def _cached_build(workspace: Path, **options):
    """:func:`graph.build.load_or_build` with progress bars: ``(graph, file, rebuilt)``."""
    from graph.build import load_or_build

    with _progress() as progress:
        return _run(load_or_build, workspace, progress=progress, **options)


def _configure_logging(verbose: int, quiet: bool) -> None:
    """Warnings by default; nlpmap's own stages with -v, its debug log with -vv.

    Other libraries (markdown-it, spaCy, distributed...) stay at warnings: their
    debug output is never nlpmap's. ``quiet`` shows errors only.
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if quiet:
        own = logging.ERROR
    else:
        own = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.getLogger().setLevel(logging.ERROR if quiet else logging.WARNING)
    for name in ("graph", "webapp"):
        logging.getLogger(name).setLevel(own)


def _executor(value: str) -> str:
    """Check an ``--executor`` value: local, dask, or dask=ADDRESS."""
    name, sep, address = value.partition("=")
    if (name == "local" and not sep) or (name == "dask" and (not sep or address)):
        return value
    raise click.BadParameter(f"{value!r}: use local, dask or dask=ADDRESS")


workspace_arg = click.argument(
    "workspace", required=False, default=".", type=click.Path(path_type=Path)
)
ontology_opt = click.option(
    "--ontology",
    "ontology_path",
    type=click.Path(path_type=Path),
    default=None,
    help="A YAML or JSON ontology merged over the built-in one.",
)
repo_opt = click.option(
    "--repo-url",
    "repo_urls",
    multiple=True,
    help="GitHub repository URL whose blob/tree links name files of this workspace (repeatable).",
)
cache_opt = click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    envvar="NLPMAP_CACHE_DIR",
    default=None,
    help="Where cached graphs live (default: the per-user cache folder).",
)


json_opt = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def source_options(fn):
    """``SOURCE`` (a folder or a git URL, default ``.``) and ``--ref`` (a git branch, tag or commit)."""
    fn = click.option(
        "--ref", default=None, help="The branch, tag or commit of a git SOURCE (default: its HEAD)."
    )(fn)
    return click.argument("source", required=False, default=".")(fn)


def _local(source: str, ref: str | None, cache_dir: Path | None) -> Path:
    """The folder of SOURCE: itself, or its shallow git checkout in the cache (fetched anew)."""
    from graph.sources import resolve_source
    from graph.store import cache_dir as user_cache

    return _run(resolve_source, source, ref=ref, cache=user_cache(cache_dir))


def _echo_read_warnings(read_warnings) -> None:
    """Print on stderr every file the build skipped or decoded by a fallback, and why."""
    for warning in read_warnings:
        click.echo(f"warning: {warning}", err=True)


def _echo_json(data) -> None:
    """Print ``data`` as indented UTF-8 JSON."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=GuardedGroup)
@click.version_option(__version__, prog_name="nlpmap")
@click.option(
    "-v", "--verbose", count=True, help="nlpmap's stages and timings (-vv: its debug log)."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bars, errors only.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """nlpmap: a concept map of Markdown notes about NLP."""
    ctx.obj = {"quiet": quiet}
    _configure_logging(verbose, quiet)


@cli.command()
@source_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the graph here (a .json file, node-link) instead of the cache.",
)
@ontology_opt
@repo_opt
@cache_opt
@click.option("--force", is_flag=True, help="Rebuild even when the cached graph is fresh.")
@click.option(
    "--executor",
    default="local",
    show_default=True,
    callback=lambda ctx, param, value: _executor(value),
    help="Where per-file work runs: local, dask (a LocalCluster) or dask=ADDRESS (a scheduler).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def build(
    source, ref, output, ontology_path, repo_urls, cache_dir, force, executor, quiet, as_json
):
    """Build the concept map of SOURCE: a folder (default: the current one) or a git URL.

    Without -o the graph goes to the cache and the build is incremental: files
    unchanged since the last build are not parsed or scanned again.
    """
    quiet = quiet or bool((click.get_current_context().find_root().obj or {}).get("quiet"))
    if quiet:
        _configure_logging(0, True)
    if output is not None and output.suffix.lower() != ".json":
        raise click.UsageError(
            f"build -o writes node-link JSON: give a .json path, not {output.name!r}; "
            "for other formats use `nlpmap export GRAPH -o FILE`"
        )
    started = time.perf_counter()
    workspace = _local(source, ref, cache_dir)
    fresh = None
    if output is None and not force:  # nothing changed: the counts, without loading the graph
        from graph.store import fresh_summary

        fresh = fresh_summary(
            workspace, ontology_path=ontology_path, repo_urls=repo_urls, cache_dir=cache_dir
        )
    if fresh is not None:
        stats, path = fresh
        rebuilt = False
    else:
        stats, path, rebuilt = _build_counts(
            workspace, output, cache_dir=cache_dir, force=force, ontology_path=ontology_path,
            repo_urls=repo_urls, executor=executor,
        )  # fmt: skip
    seconds = time.perf_counter() - started
    warnings = int(stats.pop("warnings", 0))
    read_warnings = stats.pop("read_warnings", [])
    if not quiet:
        _echo_read_warnings(read_warnings)
    if as_json:
        _echo_json(
            {
                "ok": True,
                "rebuilt": rebuilt,
                "graph": str(path),
                "seconds": round(seconds, 3),
                **stats,
                "warnings": warnings,
                "read_warnings": read_warnings,
            }
        )
        gc.freeze()
        return
    if quiet:
        gc.freeze()
        return
    verb = "Built" if rebuilt else "Up to date:"
    click.echo(
        f"{verb} {stats['articles']} articles, {stats['concepts']} concepts, "
        f"{stats['edges']} edges ({stats['links']} links, {stats['mentions']} mentions, "
        f"{stats['relations']} relations), {stats['unresolved']} unresolved links "
        f"in {seconds:.2f} s"
    )
    click.echo(f"Graph: {path}")
    if warnings:
        click.echo(f"{warnings} files skipped or decoded by a fallback (listed above)", err=True)
    # The process ends here: spare the interpreter a last full collection of
    # the spaCy objects (about 0.1 s of a 1.5 s build).
    gc.freeze()


@cli.command()
@source_options
@repo_opt
@cache_opt
@click.option("--json", "as_json", is_flag=True, help="Print the unresolved links as JSON.")
def check(source, ref, repo_urls, cache_dir, as_json):
    """List the internal Markdown links of SOURCE (a folder or a git URL) that reach no article.

    Images that are not on disk are listed apart; only unresolved links make it exit 1.
    """
    from graph.links import missing_images
    from graph.links.resolve import unresolved_links
    from graph.workspace.reader import read_workspace

    ws = _run(read_workspace, _local(source, ref, cache_dir))
    for warning in ws.warnings:
        click.echo(f"warning: {warning}", err=True)
    missing = _run(unresolved_links, ws, repo_urls=tuple(repo_urls))
    images = missing_images(ws)
    total = len(ws.articles) + (1 if ws.hub else 0)
    if as_json:
        rows = [
            {"path": doc.path, "line": link.line, "href": link.href, "suggestion": res.suggestion}
            for doc, link, res in missing
        ]
        _echo_json(
            {
                "ok": not missing,
                "documents": total,
                "unresolved": rows,
                "missing_images": [
                    {"path": doc.path, "line": image.line, "src": image.src} for doc, image in images
                ],
                "warnings": [str(w) for w in ws.warnings],
            }
        )
    else:
        _print_check(missing, images, total)
    if missing:
        sys.exit(EXIT_NOT_FOUND)


def _print_check(missing, images, total: int) -> None:
    """The plain-text report of ``check``: unresolved links, then missing images."""
    for doc, link, res in missing:
        hint = f" (closest: {res.suggestion})" if res.suggestion else ""
        click.echo(f"{doc.path}:{link.line}: {link.href!r} resolves to no article{hint}")
    for doc, image in images:
        click.echo(f"{doc.path}:{image.line}: image {image.src!r} is not in the workspace")
    if images:
        click.echo(f"{len(images)} missing images in {total} documents", err=True)
    if missing:
        click.echo(f"{len(missing)} unresolved links in {total} documents", err=True)
    else:
        click.echo(f"All internal links of {total} documents resolve.")


@cli.command()
@source_options
@repo_opt
@cache_opt
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="Rows per list.")
@json_opt
def doctor(source, ref, repo_urls, cache_dir, limit, as_json):
    """Is the map of SOURCE trustworthy? Files read and skipped, links by method, titles, concepts."""
    from graph.query.doctor import doctor_lines, doctor_report
    from graph.workspace.reader import read_workspace

    workspace = _local(source, ref, cache_dir)
    G, _, _ = _cached_build(workspace, repo_urls=repo_urls, cache_dir=cache_dir)
    report = doctor_report(_run(read_workspace, workspace), G, repo_urls)
    _show(lambda r: doctor_lines(r, limit=limit), as_json, report)


def _graph_for(graph_file: Path | None, workspace: Path, cache_dir: Path | None):
    """The graph from a file, or the workspace's cached graph (built when stale)."""
    from graph.build import load_or_build
    from graph.store import load_graph

    if graph_file is not None:
        return _run(load_graph, graph_file)
    G, _, _ = _run(load_or_build, workspace, cache_dir=cache_dir)
    return G


@cli.command()
@click.argument("query")
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(path_type=Path),
    default=None,
    help="A graph file written by `nlpmap build -o`.",
)
@click.option(
    "-w",
    "--workspace",
    type=click.Path(path_type=Path),
    default=Path("."),
    help="The workspace whose cached graph to use (default: the current folder).",
)
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@cache_opt
def related(query, graph_file, workspace, top, as_json, cache_dir):
    """Concepts and articles related to QUERY (a concept, alias or article title)."""
    from graph.errors import QueryNotFound
    from graph.query import related as related_topics

    G = _graph_for(graph_file, workspace, cache_dir)
    try:
        result = related_topics(G, query, top=top)
    except QueryNotFound as exc:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "query": query,
                        "match": None,
                        "suggestions": exc.suggestions,
                        "known": exc.known,
                        "concepts": [],
                        "articles": [],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            click.echo(str(exc), err=True)
        sys.exit(EXIT_NOT_FOUND)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    from graph.query.text import related_lines

    click.echo("\n".join(related_lines(result)))


def graph_source(fn):
    """The options naming the graph a query reads: ``--graph FILE`` or ``-w WORKSPACE`` (cached)."""
    fn = cache_opt(fn)
    fn = click.option(
        "-w",
        "--workspace",
        type=click.Path(path_type=Path),
        default=Path("."),
        help="The workspace whose cached graph to use (default: the current folder).",
    )(fn)
    return click.option(
        "--graph",
        "graph_file",
        type=click.Path(path_type=Path),
        default=None,
        help="A graph file written by `nlpmap build -o`.",
    )(fn)


def _answer(fn, as_json: bool, *args, **kwargs) -> dict:
    """Run a query; nothing found exits 1 with the error (and suggestions) as text or JSON."""
    from graph.errors import NoPath, QueryNotFound

    try:
        return _run(fn, *args, **kwargs)
    except NlpmapClickError as exc:
        cause = exc.__cause__
        if not isinstance(cause, (QueryNotFound, NoPath)):
            raise
        if as_json:
            suggestions = getattr(cause, "suggestions", [])
            _echo_json({"ok": False, "error": str(cause), "suggestions": suggestions})
        else:
            click.echo(str(cause), err=True)
        sys.exit(EXIT_NOT_FOUND)


def _show(lines, as_json: bool, result: dict) -> None:
    """Print a result as JSON or as the lines ``lines(result)`` gives."""
    if as_json:
        _echo_json(result)
    else:
        click.echo("\n".join(lines(result)))


@cli.command()
@click.argument("source")
@click.argument("target")
@graph_source
@json_opt
def path(source, target, graph_file, workspace, cache_dir, as_json):
    """The shortest explained path between SOURCE and TARGET (concepts, articles or node ids)."""
    from graph.query.paths import shortest_path
    from graph.query.text import path_lines

    G = _graph_for(graph_file, workspace, cache_dir)
    _show(path_lines, as_json, _answer(shortest_path, as_json, G, source, target))


@cli.command()
@click.argument("node")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(1, 2000), default=500, show_default=True)
@graph_source
@json_opt
def neighbours(node, depth, limit, graph_file, workspace, cache_dir, as_json):
    """The nodes within DEPTH edges of NODE (a concept, an article or a node id), with reasons."""
    from graph.query.neighbours import neighbours as local_graph
    from graph.query.text import neighbours_lines

    G = _graph_for(graph_file, workspace, cache_dir)
    result = _answer(local_graph, as_json, G, node, depth=depth, limit=limit)
    _show(neighbours_lines, as_json, result)


@cli.command()
@click.argument("prefix")
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True)
@graph_source
@json_opt
def search(prefix, top, graph_file, workspace, cache_dir, as_json):
    """Nodes whose names or aliases (English or Chinese) start with or contain PREFIX."""
    from graph.query.search import search as search_names
    from graph.query.text import search_lines

    if not prefix.strip():
        raise click.UsageError("the search prefix is empty")
    G = _graph_for(graph_file, workspace, cache_dir)
    result = _run(search_names, G, prefix, limit=top)
    if as_json:
        _echo_json(result)
    elif result["hits"]:
        click.echo("\n".join(search_lines(result)))
    else:
        names = ", ".join(s["label"] for s in result["suggestions"])
        hint = f" Did you mean: {names}?" if names else ""
        click.echo(f"No name matches {prefix!r}.{hint}", err=True)
    if not result["hits"]:
        sys.exit(EXIT_NOT_FOUND)


@cli.command()
@click.argument("target", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True)
@json_opt
@cache_opt
def info(target, top, as_json, cache_dir):
    """Counts, main concepts, communities, orphans and unresolved links of TARGET's map.

    TARGET is a graph file or a workspace folder (its cached graph, built when stale).
    """
    from graph.query.info import graph_info
    from graph.query.text import info_lines

    if target.is_file():
        G = _graph_for(target, target, cache_dir)
    else:
        G = _graph_for(None, target, cache_dir)
    _show(info_lines, as_json, graph_info(G, top=top))


@cli.command()
@source_options
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True)
@ontology_opt
@cache_opt
@click.option(
    "--watch",
    is_flag=True,
    help="Rebuild (incrementally) when a Markdown file changes; open pages redraw.",
)
def serve(source, ref, host, port, ontology_path, cache_dir, watch):
    """Serve the explorer for SOURCE: a workspace folder, a git URL or a graph file."""
    from graph.errors import GraphFileError
    from graph.store import load_graph

    target = _local(source, ref, cache_dir)
    if watch and target.is_file():
        raise click.UsageError("--watch needs a workspace folder, not a graph file")
    if target.is_file():
        G = _run(load_graph, target)
        graph_file = target
        workspace = Path(G.graph.get("workspace", ""))
        if not workspace.is_dir():
            raise NlpmapClickError(
                GraphFileError(f"{target} was built from {workspace}, which is not a folder here")
            )
    else:
        G, graph_file, rebuilt = _cached_build(
            target, ontology_path=ontology_path, cache_dir=cache_dir
        )
        workspace = target
        _echo_read_warnings(G.graph.get("read_warnings", []))
        if rebuilt:
            click.echo(f"Built the graph of {target.resolve()}")
    from webapp import create_app

    app = create_app(
        {
            "NLPMAP_GRAPH": str(Path(graph_file).resolve()),
            "NLPMAP_WORKSPACE": str(Path(workspace).resolve()),
            "NLPMAP_LIVE": watch,
        }
    )
    server = _bind(app, host, port)
    if watch:
        _start_watch(app, target, ontology_path=ontology_path, cache_dir=cache_dir)
        click.echo(f"Watching {target.resolve()} for changes")
    click.echo(f"Serving nlpmap on {_server_url(server)} (Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.")


def _bind(app, host: str, port: int):
    """Bind first: a port in use is one line and exit 2, before any "Serving"; warn on 0.0.0.0."""
    from webapp.serving import BindError, bind_server, listens_everywhere

    try:
        server = bind_server(app, host, port)
    except BindError as exc:
        raise NlpmapClickError(NlpmapError(str(exc))) from exc  # exit 2
    if listens_everywhere(host):
        click.echo(
            f"warning: listening on every interface ({host}): anyone who can reach this "
            "machine can read the notes; use --host 127.0.0.1 to keep them local",
            err=True,
        )
    return server


def _server_url(server) -> str:
    """The URL a bound server answers on."""
    from webapp.serving import server_url

    return server_url(server)


def _start_watch(app, workspace: Path, **options) -> None:
    """Rebuild ``workspace`` on changes in a daemon thread; swap each new graph into ``app``."""
    import threading

    from graph.build import load_or_build
    from graph.runner import ResultStore
    from graph.runner.watch import watch_workspace
    from webapp import live

    store = ResultStore()  # kept in memory between rebuilds: read from disk once

    def rebuild() -> Path:
        return load_or_build(workspace, store=store, **options)[1]

    def swap(graph_file: Path) -> None:
        try:
            live.swap_graph(app, graph_file)
        except Exception as exc:  # a graph the app cannot load: keep the old one, say why
            live.report_error(app, exc)

    extra = [options["ontology_path"]] if options.get("ontology_path") else []
    threading.Thread(
        target=watch_workspace,
        args=(workspace, rebuild, swap, lambda exc: live.report_error(app, exc)),
        kwargs={"extra_files": extra},
        name="nlpmap-watch",
        daemon=True,
    ).start()


@cli.command("export")
@source_options
@click.option("--format", "fmt", default=None,
              help="graphml, gexf, json, csv, cypher, neo4j-csv, graphdb or html (else from -o).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Where to write (csv, neo4j-csv, graphdb: a folder, or a .zip); "
                   "without it the export goes to stdout.")
@click.option("--kind", "kinds", multiple=True, help="Keep only nodes of this kind (repeatable).")
@click.option("--type", "types", multiple=True, help="Keep only concepts of this type (repeatable).")
@click.option("--min-weight", type=float, default=None, help="Drop edges lighter than this.")
@click.option("--focus", default=None, help="Keep only the neighbourhood of this node id.")
@click.option("--depth", type=click.IntRange(0, 20), default=1, show_default=True)
@click.option("--bom", is_flag=True, help="csv: start each file with a UTF-8 byte order mark.")
@cache_opt
def export(source, ref, fmt, output, kinds, types, min_weight, focus, depth, bom, cache_dir):
    """Export SOURCE (a graph file, a workspace folder or a git URL; default: the current folder)."""
    from graph.export import EXPORTERS, format_for, view

    fmt = _run(format_for, fmt, output)
    exporter = EXPORTERS[fmt]
    if exporter.require is not None:
        _run(exporter.require)  # a missing extra says how to install it, before any build
    target = _local(source, ref, cache_dir)
    is_file = target.is_file()
    G = _graph_for(target if is_file else None, target, cache_dir)
    H = _run(view, G, kinds=kinds, types=types, min_weight=min_weight, focus=focus, depth=depth)
    options = {"bom": bom} if fmt == "csv" else {}
    if output is None:
        data = exporter.to(H, **options)
        # bytes go to the binary stdout as they are (click 8.5 deprecates get_binary_stream)
        click.echo(data if isinstance(data, bytes) else data.encode("utf-8"), nl=False)
        return
    if exporter.folder and output.suffix.lower() == ".zip":
        output.write_bytes(_run(exporter.to, H, **options))
        written = output
    else:
        written = _run(exporter.write, H, output, **options)
    if fmt == "neo4j-csv" and written.is_dir():
        click.echo((written / "import.sh").read_text(encoding="utf-8"), nl=False)
    if fmt == "graphdb" and written.is_dir():
        click.echo(f'Query it with Cypher: ladybug.Connection(ladybug.Database("{written / "graph.lbug"}"))')
    click.echo(f"Exported {H.number_of_nodes()} nodes, {H.number_of_edges()} edges ({fmt}): {written}", err=True)


@cli.command()
@workspace_arg
@ontology_opt
@click.option("--min-count", type=click.IntRange(1), default=2, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def candidates(workspace, ontology_path, min_count, as_json):
    """Terms of WORKSPACE that look like concepts but are not in the ontology."""
    from graph.concepts.candidates.discover import find_candidates
    from graph.concepts.extract import extract_mentions, make_pipeline
    from graph.links.titles import with_hub_titles
    from graph.workspace.reader import read_workspace
    from graph.ontology.load import load_ontology

    ws = with_hub_titles(_run(read_workspace, workspace))
    ontology = _run(load_ontology, ontology_path)
    documents = ([ws.hub] if ws.hub else []) + list(ws.articles)
    mentions = extract_mentions(make_pipeline(ontology), documents)
    found = [c for c in find_candidates(documents, ontology, mentions) if c.count >= min_count]
    if as_json:
        rows = [dataclasses.asdict(c) for c in found]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for c in found:
        click.echo(f"{c.count:5}  {c.term}  ({c.doc_count} articles)")
        for example in c.examples[:2]:
            click.echo(f"         {example}")


def main() -> None:  # pragma: no cover - console entry
    cli()


if __name__ == "__main__":  # pragma: no cover
    cli()
