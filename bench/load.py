"""Benchmark of load: a bounded burst of mixed requests to ``nlpmap serve`` on 127.0.0.1.

Builds the workspace (NLP_ability beside the project by default) into a graph file, starts
``nlpmap serve`` on a free port of 127.0.0.1 (never another host), sends a warm-up round,
sends a warm-up burst of the same size, reads the server's resident memory, then sends the burst: ``--requests`` requests (at
least 2,000) from ``--concurrency`` threads (50), each on its own kept-alive connection,
asking for a mix of the explorer page, the hub, article and concept pages, the graph JSON
(gzip, and half of those again with ``If-None-Match``: a reload), API questions (search,
related, neighbours, path, node, info) and the exports when the app has them. Reports
throughput, p50/p99 latency by kind and overall, errors (any answer but 200/304, any
connection failure) and the server's memory before and after the burst.

    python bench/load.py
    python bench/load.py --requests 5000 --concurrency 50 --json
    python bench/load.py --workspace links/nlp-notes

The machine is shared: figures measured under load are noisy; compare kinds measured in
the same run.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"  # the only target this script ever sends to


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _rss_kb(pid: int) -> int:
    """The resident memory of process ``pid`` in kB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _mix(G, rng: random.Random, exports: list[str]) -> list[tuple[str, str, dict]]:
    """A list of (kind, path, headers) to draw the burst from."""
    from webapp.state import node_page_url

    articles = [n for n, a in G.nodes(data=True) if a.get("kind") == "article"]
    concepts = [n for n, a in G.nodes(data=True) if a.get("kind") == "concept"]
    labels = [str(G.nodes[n].get("label", "")) for n in concepts]
    gz = {"Accept-Encoding": "gzip"}
    mix: list[tuple[str, str, dict]] = [("page", "/", gz), ("page", "/hub", gz)]
    mix += [("article", node_page_url(G, n), gz) for n in rng.sample(articles, min(40, len(articles)))]
    mix += [("concept", node_page_url(G, n), gz) for n in rng.sample(concepts, min(40, len(concepts)))]
    mix += [("graph", "/api/graph", gz)] * 6 + [("graph-reload", "/api/graph", gz)] * 6
    for label in rng.sample(labels, min(30, len(labels))):
        q = quote(label[: max(1, len(label) // 2)])
        mix += [("api", f"/api/search?q={q}", gz), ("api", f"/api/related?q={quote(label)}", gz)]
    for node in rng.sample(concepts, min(30, len(concepts))):
        other = rng.choice(concepts)
        mix += [("api", f"/api/neighbours?node={quote(node)}", gz),
                ("api", f"/api/path?from={quote(node)}&to={quote(other)}", gz),
                ("api", f"/api/node/{quote(node, safe='')}", gz)]
    mix.append(("api", "/api/info", gz))
    mix += [("export", path, gz) for path in exports]
    return mix


def _exports(app) -> list[str]:
    """The export URLs of the app, when it has export routes (``/export/<format>``)."""
    try:
        from graph import export
    except ImportError:
        return []
    formats = getattr(export, "FORMATS", None) or getattr(export, "EXPORTERS", None) or {}
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/export"):
            if rule.arguments:
                paths += [rule.rule.split("<")[0] + str(name) for name in formats]
            else:
                paths.append(rule.rule)
    return paths


class _Client(threading.local):
    """One kept-alive connection per thread."""

    def __init__(self) -> None:
        self.conn: http.client.HTTPConnection | None = None


def _send(local: _Client, port: int, item, etags: dict) -> tuple[str, float, int | None, int]:
    """One request: (kind, seconds, status or None on failure, body bytes)."""
    kind, path, headers = item
    headers = dict(headers)
    if kind == "graph-reload" and etags.get(path):
        headers["If-None-Match"] = etags[path]
    started = time.perf_counter()
    for attempt in (1, 2):  # a kept-alive connection the server closed is opened again once
        try:
            if local.conn is None:
                local.conn = http.client.HTTPConnection(HOST, port, timeout=60)
            local.conn.request("GET", path, headers=headers)
            response = local.conn.getresponse()
            body = response.read()
            if response.getheader("ETag") and kind == "graph":
                etags[path] = response.getheader("ETag")
            return kind, time.perf_counter() - started, response.status, len(body)
        except (OSError, http.client.HTTPException):
            if local.conn is not None:
                local.conn.close()
            local.conn = None
            if attempt == 2:
                return kind, time.perf_counter() - started, None, 0
    return kind, time.perf_counter() - started, None, 0


def _burst(port: int, items: list, concurrency: int, etags: dict) -> tuple[list, float]:
    """Send ``items`` from ``concurrency`` threads; (results, seconds)."""
    local = _Client()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda item: _send(local, port, item, etags), items))
    return results, time.perf_counter() - started


def _quantile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def _report(results: list, seconds: float, rss_before: int, rss_after: int) -> dict:
    """Throughput, latency by kind, errors, memory."""
    errors = [r for r in results if r[2] not in (200, 304)]
    by_kind: dict[str, list[float]] = {}
    for kind, took, _, _ in results:
        by_kind.setdefault(kind, []).append(took * 1000)
    every = [took * 1000 for _, took, _, _ in results]
    return {
        "requests": len(results),
        "seconds": round(seconds, 2),
        "throughput_rps": round(len(results) / seconds, 1),
        "p50_ms": round(_quantile(every, 0.5), 1),
        "p99_ms": round(_quantile(every, 0.99), 1),
        "by_kind": {k: {"n": len(v), "p50_ms": round(_quantile(v, 0.5), 1),
                        "p99_ms": round(_quantile(v, 0.99), 1)} for k, v in sorted(by_kind.items())},
        "not_modified_304": sum(1 for r in results if r[2] == 304),
        "bytes": sum(r[3] for r in results),
        "errors": len(errors),
        "error_samples": [(k, s) for k, _, s, _ in errors[:5]],
        "rss_kb_before": rss_before,
        "rss_kb_after": rss_after,
        "rss_growth_pct": round(100 * (rss_after - rss_before) / max(rss_before, 1), 1),
    }


def run(workspace: Path, requests: int, concurrency: int, seed: int, work: Path) -> dict:
    """Build, serve, warm up, burst; the report."""
    from graph.store import load_graph
    from webapp import create_app

    env = {**os.environ, "PYTHONPATH": str(ROOT), "NLPMAP_CACHE_DIR": str(work / "cache")}
    graph_file = work / "graph.json"
    subprocess.run([sys.executable, "-m", "graph.cli", "build", str(workspace), "-o",
                    str(graph_file), "-q"], env=env, check=True)
    G = load_graph(graph_file)
    app = create_app({"NLPMAP_GRAPH": str(graph_file), "NLPMAP_WORKSPACE": str(workspace)})
    rng = random.Random(seed)
    mix = _mix(G, rng, _exports(app))
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", str(graph_file),
                               "--host", HOST, "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/api/info", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise click.ClickException("the server did not start") from None
                time.sleep(0.2)
        etags: dict = {}
        rss_start = _rss_kb(server.pid)
        # warm-up to a steady state: every URL twice, then a burst of the same size as the
        # measured one (memory after it is the baseline: lazy indices, buffers, arenas)
        _burst(port, mix * 2 + [rng.choice(mix) for _ in range(requests)], concurrency, etags)
        rss_warm = _rss_kb(server.pid)
        items = [rng.choice(mix) for _ in range(requests)]
        rss_before = _rss_kb(server.pid)
        results, seconds = _burst(port, items, concurrency, etags)
        rss_after = _rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = _report(results, seconds, rss_before, rss_after)
    return {"workspace": str(workspace), "seed": seed, "concurrency": concurrency,
            "distinct_urls": len({path for _, path, _ in mix}), "rss_kb_start": rss_start,
            "rss_kb_after_warmup": rss_warm, **report}


@click.command()
@click.option("--workspace", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=ROOT.parent / "shared" / "corpus", show_default=True)
@click.option("--requests", type=click.IntRange(2000, 100_000), default=2400, show_default=True)
@click.option("--concurrency", type=click.IntRange(1, 200), default=50, show_default=True)
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def main(workspace: Path, requests: int, concurrency: int, seed: int, as_json: bool) -> None:
    """Send a bounded burst of mixed requests to a local nlpmap server and report."""
    with tempfile.TemporaryDirectory(prefix="nlpmap-load-") as tmp:
        report = run(workspace.resolve(), requests, concurrency, seed, Path(tmp))
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            click.echo(f"{key:18} {value}")
    ok = report["errors"] == 0 and abs(report["rss_growth_pct"]) <= 10
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
