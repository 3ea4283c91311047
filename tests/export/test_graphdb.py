"""The graphdb export of the NLP_ability map, opened with Ladybug's own Python API: its Cypher
answers are NetworkX's answers on the same graph."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import ladybug  # the graphdb extra, in the test extra: a missing one fails here
import networkx as nx
import pytest
from click.testing import CliRunner
from helpers import ROOT

from graph.cli import cli
from graph.export.cypher import label_for, rel_type_for
from graph.store import load_graph

@pytest.fixture(scope="module")
def G(nlp_ability_graph_file: Path) -> nx.DiGraph:
    return load_graph(nlp_ability_graph_file)


@pytest.fixture(scope="module")
def conn(nlp_ability_graph_file: Path, tmp_path_factory):
    """A read-only connection to ``nlpmap export NLP_ability --format graphdb -o DIR``."""
    folder = tmp_path_factory.mktemp("graphdb") / "map"
    out = CliRunner().invoke(cli, ["export", str(nlp_ability_graph_file), "--format", "graphdb", "-o", str(folder)])
    assert out.exit_code == 0, out.output
    assert "CREATE NODE TABLE `Concept`" in (folder / "schema.cypher").read_text("utf-8")
    db = ladybug.Database(str(folder / "graph.lbug"), read_only=True, buffer_pool_size=64 * 1024 * 1024)
    connection = ladybug.Connection(db)
    yield connection
    connection.close()
    db.close()


def _rows(conn, query: str, **params) -> list[list]:
    return conn.execute(query, params).get_all()


def _most_mentioned(G: nx.DiGraph) -> str:
    counts = Counter(v for _, v, k in G.edges(data="kind") if k == "mentions")
    return counts.most_common(1)[0][0]


def test_counts_by_kind_are_networkx_counts(G, conn):
    nodes = dict(_rows(conn, "MATCH (n) RETURN label(n), count(*)"))
    assert nodes == dict(Counter(label_for(k) for _, k in G.nodes(data="kind")))
    edges = dict(_rows(conn, "MATCH ()-[r]->() RETURN label(r), count(*)"))
    assert edges == dict(Counter(rel_type_for(k) for _, _, k in G.edges(data="kind")))
    tables = {row[1]: row[2] for row in _rows(conn, "CALL show_tables() RETURN *")}
    assert tables["Concept"] == "NODE" and tables["MENTIONS"] == "REL"


def test_neighbours_and_mentions_are_networkx_answers(G, conn):
    concept = _most_mentioned(G)
    near = _rows(conn, "MATCH (c:Concept {id: $id})-[]-(n) RETURN DISTINCT n.id", id=concept)
    assert {r[0] for r in near} == set(G.successors(concept)) | set(G.predecessors(concept))
    mentioning = _rows(conn, "MATCH (a:Article)-[:MENTIONS]->(c:Concept {id: $id}) RETURN a.id, a.label", id=concept)
    expected = {u for u, _, k in G.in_edges(concept, data="kind") if k == "mentions" and G.nodes[u]["kind"] == "article"}
    assert {r[0] for r in mentioning} == expected and len(expected) > 5
    assert {r[1] for r in mentioning} == {G.nodes[u]["label"] for u in expected}  # Chinese titles intact
    related = _rows(conn, "MATCH (:Concept {id: $id})-[r:RELATION]->(b) RETURN b.id, r.type", id=concept)
    assert set(map(tuple, related)) == {
        (v, d["type"]) for _, v, d in G.out_edges(concept, data=True) if d["kind"] == "relation"
    }


def test_typed_columns_hold_the_attributes(G, conn):
    concept = next(n for n, d in G.nodes(data=True) if d["kind"] == "concept" and len(d.get("aliases") or []) > 1)
    d = G.nodes[concept]
    ((label, aliases, pagerank, weak),) = _rows(
        conn, "MATCH (c:Concept {id: $id}) RETURN c.label, c.aliases, c.pagerank, c.weak", id=concept
    )
    assert (label, aliases, weak) == (d["label"], list(d["aliases"]), d["weak"])
    assert pagerank == pytest.approx(d["pagerank"])
    ((weight,),) = _rows(conn, "MATCH ()-[m:MENTIONS]->() RETURN sum(m.weight)")
    assert weight == sum(d["weight"] for _, _, d in G.edges(data=True) if d["kind"] == "mentions")


def test_without_ladybug_the_cli_says_how_to_install(nlp_ability_graph_file, tmp_path):
    blocker = tmp_path / "blocker" / "ladybug"
    blocker.mkdir(parents=True)  # a machine without the extra: `import ladybug` fails
    (blocker / "__init__.py").write_text("raise ImportError('No module named ladybug')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{blocker.parent}{os.pathsep}{ROOT}"}
    out = tmp_path / "db"
    proc = subprocess.run(
        [sys.executable, "-m", "graph.cli", "export", str(nlp_ability_graph_file), "--format", "graphdb", "-o", str(out)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "pip install 'nlpmap[graphdb]'" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()
