"""Benchmark: how fast the map answers questions, in-process and over HTTP.

For each graph (the NLP_ability notes built by ``graph.build``, and a synthetic
graph of 10,000 concepts and 5,000 articles shaped like a build), times each
kind of question many times and prints p50 and p95 in milliseconds:

- ``related``: related concepts and articles of a concept name;
- ``path``: the shortest explained path between two concepts;
- ``neighbours`` at depth 1 and 2 of a concept;
- ``search``: every prefix of a name as it is typed (autocomplete keystrokes).

In-process calls reuse the per-graph indices the explorer keeps (QueryIndex,
SearchIndex); the HTTP figures come from ``nlpmap serve`` in a subprocess on
a free port, over one kept-alive connection.

    python bench/query.py                          # both graphs
    python bench/query.py --synthetic-concepts 0   # NLP_ability only
    python bench/query.py --queries 50 --json

The machine is shared: figures measured under load are noisy; compare kinds
measured in the same run.
"""

from __future__ import annotations

import http.client
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit

import click
import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from draw import running_server  # bench/draw.py: nlpmap serve on a free port

DEFAULT_WORKSPACE = ROOT.parent / "shared" / "corpus"
CONCEPT_TYPES = ("model", "method", "architecture", "task", "loss", "metric", "dataset", "concept")
SYLLABLES = "ber tra nsf or mer dis til la ti on ro al xl net crf hmm sim cse em bed ding to ken"
HANZI = "模型蒸馏注意力机制预训练语言词向量文本分类匹配命名实体识别条件随机场卷积循环神经网络编码器解码器"
WORDS = ("model", "network", "attention", "learning", "encoder", "loss", "embedding", "tagging")


def _name(rng: random.Random) -> str:
    """A made-up concept name: one or two words of syllables, sometimes a common word."""
    word = "".join(rng.choice(SYLLABLES.split()) for _ in range(rng.randint(2, 4))).capitalize()
    if rng.random() < 0.4:
        word += " " + rng.choice(WORDS)
    return word


def synthetic_graph(
    n_concepts: int, n_articles: int, workspace: Path, *, seed: int = 11
) -> nx.DiGraph:
    """A graph shaped like an nlpmap build: concepts with aliases in both scripts, typed
    relations, articles mentioning 12 concepts each (skewed), folders, links and a hub."""
    rng = random.Random(seed)
    G = nx.DiGraph(format_version=1, workspace=str(workspace), layout="plain", unresolved=0)
    G.add_node("hub", kind="hub", label="README", path="README.md")
    concepts = [f"concept:c{i}" for i in range(n_concepts)]
    for i, node in enumerate(concepts):
        zh = "".join(rng.choice(HANZI) for _ in range(rng.randint(2, 5)))
        G.add_node(
            node,
            kind="concept",
            label=f"{_name(rng)} {i}",
            type=rng.choice(CONCEPT_TYPES),
            aliases=[zh, f"C{i}"],
            description=f"Synthetic concept {i}.",
            weak=False,
        )
    folders = [f"section:folder:synthetic/f{i}" for i in range(max(1, n_articles // 50))]
    for i, node in enumerate(folders):
        G.add_node(node, kind="section", label=f"{_name(rng)}", source="folder")
    weights = [1.0 / (1 + i) ** 0.8 for i in range(n_concepts)]
    for i in range(n_articles):
        node = f"article:f{i % len(folders)}/a{i}.md"
        G.add_node(
            node,
            kind="article",
            label=f"{_name(rng)} 笔记 {i}",
            path=f"f{i % len(folders)}/a{i}.md",
            corpus="synthetic",
            corpus_path=f"f{i % len(folders)}/a{i}.md",
            folder=f"f{i % len(folders)}",
            encoding="utf-8",
            size=2000,
        )
        G.add_edge(node, folders[i % len(folders)], kind="in_section")
        for rank, concept in enumerate(dict.fromkeys(rng.choices(concepts, weights, k=12))):
            G.add_edge(
                node,
                concept,
                kind="mentions",
                weight=rng.randint(1, 12),
                salience=round(rng.random() / (1 + rank), 4),
                primary=rank == 0,
            )
        if rng.random() < 0.3:
            G.add_edge(
                "hub", node, kind="links_to", method="exact", confidence=1.0, text="", href=""
            )
        if rng.random() < 0.2 and i:
            target = f"article:f{(i - 1) % len(folders)}/a{i - 1}.md"
            G.add_edge(
                node, target, kind="links_to", method="exact", confidence=1.0, text="", href=""
            )
    relation_types = ("is_a", "variant_of", "part_of", "uses", "distilled_from", "improves_on")
    for node in concepts:
        for _ in range(rng.randint(0, 3)):
            other = rng.choice(concepts)
            if other != node and not G.has_edge(node, other):
                G.add_edge(node, other, kind="relation", type=rng.choice(relation_types))
    ranks = nx.pagerank(G, max_iter=50, tol=1e-4)
    for node in G:
        G.nodes[node].update(
            pagerank=ranks[node],
            degree=G.degree(node),
            x=rng.uniform(-3000, 3000),
            y=rng.uniform(-3000, 3000),
        )
    return G


def percentiles(samples: list[float]) -> dict:
    """p50, p95 and max of timings in seconds, as milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(p95 * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
    }


def timed(calls: list[Callable[[], object]]) -> dict:
    """Run each call once (after one warm-up call) and summarise the timings."""
    if calls:
        calls[0]()
    samples = []
    for call in calls:
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


def workload(G: nx.DiGraph, n: int, seed: int = 3) -> dict[str, list]:
    """The questions asked of ``G``: concept names, name pairs, and typed prefixes."""
    rng = random.Random(seed)
    concepts = [
        d["label"]
        for _, d in G.nodes(data=True)
        if d.get("kind") == "concept" and d.get("type") != "candidate" and G.in_degree(_) > 0
    ]
    names = rng.sample(concepts, min(n, len(concepts)))
    pairs = [(rng.choice(concepts), rng.choice(concepts)) for _ in range(n)]
    prefixes = []
    for name in rng.sample(concepts, min(max(1, n // 4), len(concepts))):
        prefixes += [name[:k] for k in range(1, min(len(name), 8) + 1)]
    aliases = [a for _, d in G.nodes(data=True) for a in d.get("aliases") or [] if not a.isascii()]
    for alias in rng.sample(aliases, min(max(1, n // 8), len(aliases))):
        prefixes += [alias[:k] for k in range(1, len(alias) + 1)]
    return {"names": names, "pairs": pairs, "prefixes": prefixes}


def _swallow(call: Callable[[], object]) -> Callable[[], object]:
    """The call, with "nothing found" (no path, unknown name) counted as an answer."""
    from graph.errors import NlpmapError

    def run():
        try:
            return call()
        except NlpmapError:
            return None

    return run


def in_process(G: nx.DiGraph, work: dict) -> dict:
    """p50/p95 of each question answered by the library, with prebuilt indices."""
    from graph.query import QueryIndex, related
    from graph.query.neighbours import neighbours
    from graph.query.paths import path_index, shortest_path
    from graph.query.search import SearchIndex, search

    started = time.perf_counter()
    qi = QueryIndex.from_graph(G)
    si = SearchIndex.from_graph(G)
    costs = path_index(G)
    index_s = time.perf_counter() - started
    rows = {
        "related": timed(
            [_swallow(lambda q=q: related(G, q, top=10, index=qi)) for q in work["names"]]
        ),
        "path": timed(
            [
                _swallow(lambda a=a, b=b: shortest_path(G, a, b, index=qi, costs=costs))
                for a, b in work["pairs"]
            ]
        ),
        "neighbours_1": timed(
            [_swallow(lambda q=q: neighbours(G, q, 1, index=qi)) for q in work["names"]]
        ),
        "neighbours_2": timed(
            [_swallow(lambda q=q: neighbours(G, q, 2, index=qi)) for q in work["names"]]
        ),
        "search": timed([lambda p=p: search(G, p, 10, index=si) for p in work["prefixes"]]),
    }
    rows["indices_build_ms"] = round(index_s * 1000, 1)
    return rows


def over_http(base: str, work: dict) -> dict:
    """p50/p95 of each question asked of a running server, over one kept-alive connection."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def get(path: str) -> Callable[[], object]:
        def run():
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            if response.status >= 500:
                raise click.ClickException(f"{path} answered {response.status}")
            return body

        return run

    def q(text: str) -> str:
        return quote(text, safe="")

    return {
        "related": timed([get(f"/api/related?q={q(n)}") for n in work["names"]]),
        "path": timed([get(f"/api/path?from={q(a)}&to={q(b)}") for a, b in work["pairs"]]),
        "neighbours_1": timed([get(f"/api/neighbours?node={q(n)}&depth=1") for n in work["names"]]),
        "neighbours_2": timed([get(f"/api/neighbours?node={q(n)}&depth=2") for n in work["names"]]),
        "search": timed([get(f"/api/search?q={q(p)}") for p in work["prefixes"]]),
    }


def bench_graph(name: str, G: nx.DiGraph, graph_file: Path, n: int, http_too: bool) -> dict:
    """Every measure for one graph."""
    work = workload(G, n)
    row = {
        "graph": name,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "in_process": in_process(G, work),
    }
    if http_too:
        with tempfile.TemporaryDirectory() as tmp, running_server(graph_file, Path(tmp)) as base:
            row["http"] = over_http(base, work)
    return row


def report(row: dict) -> None:
    """Echo one graph's figures."""
    click.echo(
        f"\n{row['graph']}: {row['nodes']} nodes, {row['edges']} edges "
        f"(indices built in {row['in_process']['indices_build_ms']} ms)"
    )
    click.echo(
        f"  {'question':14} {'in-process p50':>15} {'p95':>9} {'HTTP p50':>10} {'p95':>9}  n"
    )
    for kind in ("related", "path", "neighbours_1", "neighbours_2", "search"):
        a = row["in_process"][kind]
        b = row.get("http", {}).get(kind)
        http_cols = f"{b['p50_ms']:10.2f} {b['p95_ms']:9.2f}" if b else f"{'-':>10} {'-':>9}"
        click.echo(f"  {kind:14} {a['p50_ms']:15.2f} {a['p95_ms']:9.2f} {http_cols}  {a['n']}")


@click.command()
@click.option(
    "--workspace", type=click.Path(path_type=Path), default=DEFAULT_WORKSPACE, show_default=True
)
@click.option("--synthetic-concepts", type=click.IntRange(0), default=10_000, show_default=True)
@click.option("--synthetic-articles", type=click.IntRange(0), default=5_000, show_default=True)
@click.option(
    "--queries",
    type=click.IntRange(5),
    default=200,
    show_default=True,
    help="Names (and name pairs) asked per kind of question.",
)
@click.option("--no-http", is_flag=True, help="In-process figures only.")
@click.option("--json", "as_json", is_flag=True)
def main(workspace, synthetic_concepts, synthetic_articles, queries, no_http, as_json):
    """p50/p95 of related, path, neighbours and search on NLP_ability and a synthetic graph."""
    from graph.build import build_workspace
    from graph.store import save_graph

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if workspace and Path(workspace).is_dir():
            G = build_workspace(workspace)
            rows.append(
                bench_graph(
                    "NLP_ability", G, save_graph(G, tmp_path / "nlp.json"), queries, not no_http
                )
            )
        if synthetic_concepts and synthetic_articles:
            folder = tmp_path / "synthetic"
            folder.mkdir()
            G = synthetic_graph(synthetic_concepts, synthetic_articles, folder)
            name = f"synthetic {synthetic_concepts} concepts, {synthetic_articles} articles"
            rows.append(
                bench_graph(
                    name, G, save_graph(G, tmp_path / "synthetic.json"), queries, not no_http
                )
            )
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        report(row)


if __name__ == "__main__":
    main()
