"""Time each export format and measure its output size.

Usage: python bench/export.py [WORKSPACE] [--synthetic 10000] [--runs 3] [--formats html,graphdb]

Builds WORKSPACE (default: ../shared/corpus, NLP_ability) once, makes a synthetic map of
``--synthetic`` nodes (concepts and articles with Chinese labels, aliases, mentions and
relations, about 4 edges a node), then writes every format of ``graph.export.EXPORTERS``
(graphml, gexf, json, csv, cypher, neo4j-csv, graphdb: the Ladybug folder, html: the
standalone page) to a temporary folder ``--runs`` times; prints the best time (so not the
one-off imports of ladybug and pandas or the first read of the vis-network assets) and the
first run's time, and the size on disk (all files of a folder format).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from graph.export import EXPORTERS  # noqa: E402

DEFAULT_WORKSPACE = ROOT.parent / "shared" / "corpus"


def synthetic(n: int, seed: int = 7) -> nx.DiGraph:
    """A map of ``n`` nodes shaped like a built one (a fifth articles, the rest concepts)."""
    rng = random.Random(seed)
    G = nx.DiGraph()
    articles = [f"article:a{i}.md" for i in range(n // 5)]
    concepts = [f"concept:c{i}" for i in range(n - len(articles))]
    for i, a in enumerate(articles):
        G.add_node(a, kind="article", label=f"文章 {i} note", path=a[8:], pagerank=rng.random(),
                   degree=0, x=rng.uniform(-1, 1), y=rng.uniform(-1, 1))  # fmt: skip
    for i, c in enumerate(concepts):
        G.add_node(c, kind="concept", label=f"概念{i} concept", type="model", weak=False,
                   aliases=[f"c{i}", f"概念{i}"], pagerank=rng.random(), degree=0,
                   x=rng.uniform(-1, 1), y=rng.uniform(-1, 1))  # fmt: skip
    for a in articles:
        for c in rng.sample(concepts, 15):
            G.add_edge(a, c, kind="mentions", weight=rng.randint(1, 9), salience=rng.random())
    for c in concepts:
        G.add_edge(c, rng.choice(concepts), kind="relation", type="related_to")
    return G


def measure(G: nx.DiGraph, runs: int, formats=None) -> list[tuple[str, float, float, int]]:
    """(format, best seconds, first run's seconds, bytes written) for each exporter (or those
    of ``formats``)."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, exporter in EXPORTERS.items():
            if formats and name not in formats:
                continue
            times = []
            for run in range(runs):
                out = Path(tmp) / f"{name}{run}{'' if exporter.folder else exporter.suffix}"
                started = time.perf_counter()
                exporter.write(G, out)
                times.append(time.perf_counter() - started)
            files = [out] if out.is_file() else [p for p in out.rglob("*") if p.is_file()]
            results.append((name, min(times), times[0], sum(p.stat().st_size for p in files)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", nargs="?", type=Path, default=DEFAULT_WORKSPACE)
    parser.add_argument("--synthetic", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="", help="comma-separated (default: every format)")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f] or None
    from graph.build import build_workspace

    maps = {args.workspace.name: build_workspace(args.workspace),
            f"synthetic-{args.synthetic}": synthetic(args.synthetic)}  # fmt: skip
    print("| map | nodes | edges | format | best s | first s | size (kB) |")
    print("|---|---|---|---|---|---|---|")
    for label, G in maps.items():
        for name, best, first, size in measure(G, args.runs, formats):
            print(f"| {label} | {G.number_of_nodes()} | {G.number_of_edges()} | {name} "
                  f"| {best:.3f} | {first:.3f} | {size / 1024:.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
