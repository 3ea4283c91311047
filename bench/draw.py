"""Benchmark: how fast the explorer draws, in headless Chromium against the real server.

Starts ``nlpmap serve`` (``python -m graph.cli serve GRAPH_FILE``) in a subprocess,
opens ``/`` N times in a fresh browser context each, and measures from
navigation start to the first stable drawing (``window.nlpmapFirstDraw``, set on
the first ``afterDrawing``, once ``window.nlpmapReady`` says the view is drawn;
physics is off, so that frame shows the final positions; a big map draws its most
central nodes first), plus DOMContentLoaded from ``performance.timing``. Then the
same on synthetic graphs (schema of docs/ARCHITECTURE.md, laid out by
``graph.layout.layout_positions`` as a build would). Targets: the median of the
runs at most 0.8 s for the workspace, 2.5 s for a synthetic map.

    python bench/draw.py                           # NLP_ability + 10,000- and 50,000-node graphs
    python bench/draw.py --synthetic 0 --screenshot docs/screenshot.png
"""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import click
import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WORKSPACE = ROOT.parent / "shared" / "corpus"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TARGET_MS = {"workspace": 800.0, "synthetic": 2500.0}
CONCEPT_TYPES = ("model", "method", "architecture", "task", "loss", "metric", "dataset", "concept")


def synthetic_graph(n: int, workspace: Path, *, seed: int = 7) -> nx.DiGraph:
    """A graph of ``n`` nodes shaped like an nlpmap build, laid out as a build would.

    About 60 % articles, 35 % concepts, the rest sections, one hub; each
    article mentions 4 concepts and sits in a section, a fifth of the
    concepts have a relation, a tenth of the articles link to another.
    """
    rng = random.Random(seed)
    G = nx.DiGraph(format_version=1, workspace=str(workspace), layout="random", unresolved=0)
    n_sections = max(1, n // 20)
    n_concepts = max(1, int(n * 0.35))
    n_articles = max(1, n - 1 - n_sections - n_concepts)
    G.add_node("hub", kind="hub", label="README", path="README.md")
    sections = [f"section:s{i}" for i in range(n_sections)]
    for i, node in enumerate(sections):
        G.add_node(node, kind="section", label=f"Section {i}", source="folder")
    concepts = [f"concept:c{i}" for i in range(n_concepts)]
    for i, node in enumerate(concepts):
        G.add_node(node, kind="concept", label=f"Concept {i}", type=CONCEPT_TYPES[i % len(CONCEPT_TYPES)],
                   aliases=[f"概念{i}"], description=f"Synthetic concept {i}.", weak=False)
    articles = [f"article:links/synthetic/a{i}.md" for i in range(n_articles)]
    for i, node in enumerate(articles):
        G.add_node(node, kind="article", label=f"文章 {i}", path=f"links/synthetic/a{i}.md", corpus="synthetic",
                   corpus_path=f"a{i}.md", folder="", encoding="utf-8", size=1000)
        G.add_edge(node, rng.choice(sections), kind="in_section")
        for concept in rng.sample(concepts, min(4, len(concepts))):
            G.add_edge(node, concept, kind="mentions", weight=rng.randint(1, 9), salience=rng.random(), primary=False)
        if i % 10 == 0:
            G.add_edge(node, rng.choice(articles), kind="links_to", method="exact", confidence=1.0, text="", href="")
    for concept in concepts[: len(concepts) // 5]:
        G.add_edge(concept, rng.choice(concepts), kind="relation", type="uses")
    from graph.layout import layout_positions

    ranks = nx.pagerank(G, max_iter=50, tol=1e-4)
    for node in G:
        G.nodes[node].update(pagerank=ranks[node], degree=G.degree(node))
    for node, (x, y) in layout_positions(G).items():
        G.nodes[node].update(x=x, y=y)
    return G


def free_port() -> int:
    """A free TCP port of 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(graph_file: Path, workdir: Path, timeout: float = 180.0):
    """``nlpmap serve GRAPH_FILE`` on a free port; yields the base URL."""
    port = free_port()
    log = workdir / f"server-{port}.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NLPMAP_CACHE_DIR": str(workdir / "cache")}
    command = [sys.executable, "-m", "graph.cli", "serve", str(graph_file), "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise click.ClickException(f"the server exited:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(base + "/", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise click.ClickException(f"the server did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def measure(browser, url: str, runs: int, timeout_ms: float) -> list[dict]:
    """Open ``url`` ``runs`` times, a fresh context each; return per-run timings (ms)."""
    results = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_function("() => window.nlpmapReady === true && window.nlpmapFirstDraw !== undefined",
                               timeout=timeout_ms)
        results.append(
            page.evaluate(
                """() => ({
                    first_draw: window.nlpmapFirstDraw,
                    dom_content_loaded:
                        performance.timing.domContentLoadedEventEnd - performance.timing.navigationStart,
                    network_built: (performance.getEntriesByName("nlpmap:network")[0] || {}).startTime,
                    nodes: window.network.body.data.nodes.length,
                    // only the links are vis-network edges; the explorer strokes the others itself
                    edges: window.nlpmapEdgeCount ?? window.network.body.data.edges.length,
                })"""
            )
        )
        context.close()
    return results


def summary(name: str, runs: list[dict], target_ms: float) -> dict:
    """Median and max of the runs' timings."""
    first = [r["first_draw"] for r in runs]
    dcl = [r["dom_content_loaded"] for r in runs]
    built = [r["network_built"] for r in runs if r.get("network_built") is not None]
    return {
        "graph": name,
        "target_ms": target_ms,
        "nodes": runs[0]["nodes"],  # drawn at first (a big map draws its most central nodes)
        "edges": runs[0]["edges"],
        "runs": len(runs),
        "first_draw_median_ms": round(statistics.median(first), 1),
        "first_draw_max_ms": round(max(first), 1),
        "dom_content_loaded_median_ms": round(statistics.median(dcl), 1),
        "dom_content_loaded_max_ms": round(max(dcl), 1),
        "network_built_median_ms": round(statistics.median(built), 1) if built else None,
    }


def report(row: dict) -> None:
    """Echo one summary row."""
    target = row["target_ms"]
    verdict = "OK" if row["first_draw_median_ms"] <= target else f"over the {target:.0f} ms target"
    click.echo(
        f"{row['graph']}: {row['nodes']} nodes drawn, {row['edges']} edges, {row['runs']} runs | first frame "
        f"median {row['first_draw_median_ms']:.0f} ms, max {row['first_draw_max_ms']:.0f} ms ({verdict}) | "
        f"DOMContentLoaded median {row['dom_content_loaded_median_ms']:.0f} ms, "
        f"max {row['dom_content_loaded_max_ms']:.0f} ms | vis.Network built at median "
        f"{row['network_built_median_ms'] or 0:.0f} ms"
    )


def screenshot(browser, url: str, path: Path, zoom: float) -> None:
    """Save a 1600x1000 screenshot of the explorer once drawn: its first view (the whole map) at
    ``zoom`` 1, else zoomed ``zoom`` times on the median node."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.nlpmapReady === true && window.nlpmapFirstDraw !== undefined",
                           timeout=60_000)
    if zoom != 1.0:
        page.evaluate(
            """(zoom) => {
                const positions = Object.values(window.network.getPositions());
                const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
                const position = {x: median(positions.map((p) => p.x)), y: median(positions.map((p) => p.y))};
                window.network.moveTo({position: position, scale: window.network.getScale() * zoom});
            }""",
            zoom,
        )
    page.wait_for_timeout(300)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    context.close()


@click.command()
@click.option("--workspace", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=DEFAULT_WORKSPACE, show_default=True, help="The workspace to build and serve.")
@click.option("--graph", "graph_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="A prebuilt graph file (skips the build).")
@click.option("--runs", type=click.IntRange(1), default=5, show_default=True)
@click.option("--synthetic", default="10000,50000", show_default=True,
              help="Nodes of each synthetic graph, comma-separated (0: none).")
@click.option("--synthetic-runs", type=click.IntRange(1), default=5, show_default=True)
@click.option("--screenshot", "shot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also save a screenshot of the explorer on the workspace graph.")
@click.option("--screenshot-zoom", type=click.FloatRange(0.1, 10), default=1.0, show_default=True,
              help="Zoom of the screenshot relative to the explorer's first view (the whole graph).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the summaries as JSON.")
def main(workspace, graph_file, runs, synthetic, synthetic_runs, shot, screenshot_zoom, json_out):
    """Time the explorer's first drawn frame in headless Chromium."""
    from playwright.sync_api import sync_playwright

    if str(ROOT) not in sys.path:  # run as a script from a checkout
        sys.path.insert(0, str(ROOT))
    from graph.store import save_graph

    try:
        sizes = [int(part) for part in str(synthetic).split(",") if part.strip() and int(part) > 0]
    except ValueError as exc:
        raise click.BadParameter(f"--synthetic takes node counts separated by commas, not {synthetic!r}") from exc
    rows = []
    with tempfile.TemporaryDirectory(prefix="nlpmap-bench-") as tmp:
        workdir = Path(tmp)
        if graph_file is None:
            from graph.build import build_workspace

            started = time.perf_counter()
            G = build_workspace(workspace)
            click.echo(f"built {workspace} in {time.perf_counter() - started:.1f} s")
            graph_file = save_graph(G, workdir / "workspace.json")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                with running_server(graph_file, workdir) as base:
                    rows.append(summary(workspace.name or str(workspace), measure(browser, base + "/", runs, 60_000),
                                        TARGET_MS["workspace"]))
                    report(rows[-1])
                    if shot is not None:
                        screenshot(browser, base + "/", shot, screenshot_zoom)
                        click.echo(f"screenshot: {shot}")
                for size in sizes:
                    synthetic_root = workdir / f"synthetic-{size}"
                    (synthetic_root / "links" / "synthetic").mkdir(parents=True)
                    started = time.perf_counter()
                    synthetic_file = save_graph(synthetic_graph(size, synthetic_root), workdir / f"synthetic-{size}.json")
                    click.echo(f"synthetic graph of {size} nodes made in {time.perf_counter() - started:.1f} s")
                    with running_server(synthetic_file, workdir) as base:
                        runs_ = measure(browser, base + "/", synthetic_runs, 180_000)
                        rows.append(summary(f"synthetic-{size}", runs_, TARGET_MS["synthetic"]))
                        report(rows[-1])
            finally:
                browser.close()
    if json_out is not None:
        json_out.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
