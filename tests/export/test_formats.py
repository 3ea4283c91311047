"""Exports of the NLP_ability map read back by other readers give the built graph back."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from helpers import CYPHER_LITERAL, HOSTILE_LABELS, cypher_literals

from graph.cli import cli
from graph.export import EXPORTERS, LIST_SEPARATOR, format_for, view, write_export
from graph.export.cypher import to_cypher
from graph.errors import ExportError
from graph.store import load_graph


@pytest.fixture(scope="module")
def G(nlp_ability_graph_file: Path) -> nx.DiGraph:
    return load_graph(nlp_ability_graph_file)


def _same(G: nx.DiGraph, H: nx.DiGraph) -> None:
    assert set(H) == set(G)
    assert set(H.edges) == set(G.edges)
    for n, d in G.nodes(data=True):
        assert H.nodes[n]["kind"] == d["kind"] and H.nodes[n]["label"] == d["label"], n
    for u, v, d in G.edges(data=True):
        assert H.edges[u, v]["kind"] == d["kind"]


def _has_chinese(G: nx.DiGraph) -> bool:
    return any(re.search(r"[\u4e00-\u9fff]", d["label"]) for _, d in G.nodes(data=True))


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_networkx_reads_back_the_graph(G, fmt, tmp_path):
    assert _has_chinese(G)
    before = nx.to_dict_of_dicts(G), dict(G.nodes(data="aliases"))
    path = write_export(G, fmt, tmp_path / f"map{EXPORTERS[fmt].suffix}")
    if fmt == "graphml":
        H = nx.read_graphml(path)
    elif fmt == "gexf":
        H = nx.read_gexf(path)
    else:
        import json

        H = nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="links")
    _same(G, H)
    assert (nx.to_dict_of_dicts(G), dict(G.nodes(data="aliases"))) == before  # not mutated
    concept = next(n for n, d in G.nodes(data=True) if len(d.get("aliases") or []) > 1)
    expected = G.nodes[concept]["aliases"]
    got = H.nodes[concept]["aliases"]
    assert (got if fmt == "json" else got.split(LIST_SEPARATOR)) == list(expected)


def test_gexf_is_laid_out(G):
    text = EXPORTERS["gexf"].to(G).decode("utf-8")
    assert text.count("<viz:position") == G.number_of_nodes()
    assert text.count("<viz:color") == G.number_of_nodes()
    assert text.count("<viz:size") == G.number_of_nodes()


def _read_csv(data: bytes, bom: bool) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf") == bom
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("bom", [False, True])
def test_csv_reads_back(G, bom, tmp_path):
    folder = write_export(G, "csv", tmp_path / "out", bom=bom)
    nodes = _read_csv((folder / "nodes.csv").read_bytes(), bom)
    edges = _read_csv((folder / "edges.csv").read_bytes(), bom)
    assert {r["id"]: (r["kind"], r["label"]) for r in nodes} == {
        n: (d["kind"], d["label"]) for n, d in G.nodes(data=True)
    }
    assert {(r["source"], r["target"]): r["kind"] for r in edges} == {
        (u, v): d["kind"] for u, v, d in G.edges(data=True)
    }
    with zipfile.ZipFile(io.BytesIO(EXPORTERS["csv"].to(G, bom=bom))) as archive:
        assert len(_read_csv(archive.read("nodes.csv"), bom)) == G.number_of_nodes()


def test_cypher_string_literals_parse_back():
    G = nx.DiGraph()
    for i, text in enumerate(HOSTILE_LABELS):
        G.add_node(f"concept:{text}", kind="concept", label=text, aliases=[text, "x"])
        G.add_node(f"article:{i}.md", kind="article", label=text, path=f"{text}.md")
        G.add_edge(f"article:{i}.md", f"concept:{text}", kind="mentions", weight=1, note=text)
    script = to_cypher(G)
    # Outside the literals, nothing of the hostile text may appear (no breaking out).
    outside = CYPHER_LITERAL.sub("''", script)
    assert "DROP" not in outside and "🧠" not in outside and "$" not in outside
    literals = cypher_literals(script)
    for text in HOSTILE_LABELS:
        assert literals.count(text) >= 4, text  # label, alias, article label, edge note
        assert f"concept:{text}" in literals and f"{text}.md" in literals
    assert script.count("CREATE CONSTRAINT") == 2
    assert "MERGE (a)-[r:`MENTIONS`]->(b)" in script


def test_view_filters_without_mutating(G):
    size = G.number_of_nodes(), G.number_of_edges()
    concepts = view(G, kinds=["concept"])
    assert {d["kind"] for _, d in concepts.nodes(data=True)} == {"concept"}
    hub = view(G, focus="hub", depth=1)
    assert set(hub) == {"hub", *G.successors("hub"), *G.predecessors("hub")}
    heavy = view(G, min_weight=3)
    assert all(w is None or w >= 3 for _, _, w in heavy.edges(data="weight"))
    assert heavy.number_of_edges() < G.number_of_edges()
    one_type = next(d["type"] for _, d in G.nodes(data=True) if d["kind"] == "concept")
    typed = view(G, kinds=["concept"], types=[one_type])
    assert {d["type"] for _, d in typed.nodes(data=True)} == {one_type}
    assert (G.number_of_nodes(), G.number_of_edges()) == size


def test_format_and_extension_must_agree(tmp_path):
    assert format_for(None, Path("a.gexf")) == "gexf"
    assert format_for("csv", Path("folder")) == "csv"
    assert format_for("graphdb", Path("map.zip")) == "graphdb"  # a folder format, zipped
    with pytest.raises(ExportError):
        format_for("graphml", Path("a.json"))
    with pytest.raises(ExportError):
        format_for("dot", None)


def test_cli_export_and_build_o(nlp_ability_graph_file, tmp_path):
    runner = CliRunner()
    bad = runner.invoke(cli, ["export", str(nlp_ability_graph_file), "--format", "graphml", "-o", str(tmp_path / "x.gexf")])
    assert bad.exit_code == 2 and "does not match" in bad.output and not (tmp_path / "x.gexf").exists()
    ok = runner.invoke(cli, ["export", str(nlp_ability_graph_file), "-o", str(tmp_path / "m.graphml"), "--kind", "concept"])
    assert ok.exit_code == 0, ok.output
    H = nx.read_graphml(tmp_path / "m.graphml")
    assert H.number_of_nodes() > 0 and {d["kind"] for _, d in H.nodes(data=True)} == {"concept"}
    out = runner.invoke(cli, ["export", str(nlp_ability_graph_file), "--format", "json", "--focus", "hub", "--depth", "0"])
    assert out.exit_code == 0 and '"hub"' in out.output
    build = runner.invoke(cli, ["build", str(tmp_path), "-o", str(tmp_path / "g.graphml")])
    assert build.exit_code == 2 and "nlpmap export" in build.output
    assert not (tmp_path / "g.graphml").exists()


# The header grammar of `neo4j-admin database import` (Operations Manual, "CSV header format"):
# a property is name:type with an optional [] for arrays; the special fields are :ID (with an
# optional property name and id group), :LABEL, :START_ID, :END_ID, :TYPE and :IGNORE.
_NEO4J_TYPES = "int|long|float|double|boolean|byte|short|char|string|point|date|localtime|time|localdatetime|datetime|duration"
_PROPERTY = re.compile(rf"^[^:]+:({_NEO4J_TYPES})(\[\])?$")
_ID = re.compile(r"^[^:]*:ID(\([^)]+\))?$")


def test_neo4j_csv_headers_follow_the_import_grammar(G, nlp_ability_graph_file, tmp_path):
    folder = tmp_path / "neo"
    out = CliRunner().invoke(
        cli, ["export", str(nlp_ability_graph_file), "--format", "neo4j-csv", "-o", str(folder)]
    )
    assert out.exit_code == 0 and "neo4j-admin database import full" in out.output
    files = sorted(p.name for p in folder.glob("*.csv"))
    assert "nodes_Concept.csv" in files and "relationships_MENTIONS.csv" in files
    total_nodes = total_edges = 0
    for name in files:
        with open(folder / name, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        if name.startswith("nodes_"):
            assert _ID.match(header[0]) and header[-1] == ":LABEL"
            total_nodes += len(rows) - 1
        else:
            assert header[:2] == [":START_ID", ":END_ID"] and header[-1] == ":TYPE"
            total_edges += len(rows) - 1
        special = {":LABEL", ":START_ID", ":END_ID", ":TYPE"}
        for field in header:
            assert field in special or _ID.match(field) or _PROPERTY.match(field), (name, field)
    assert (total_nodes, total_edges) == (G.number_of_nodes(), G.number_of_edges())
    with open(folder / "nodes_Concept.csv", encoding="utf-8", newline="") as f:
        concepts = {r["id:ID"]: r for r in csv.DictReader(f)}
    concept = next(n for n, d in G.nodes(data=True) if len(d.get("aliases") or []) > 1)
    assert concepts[concept]["aliases:string[]"].split(";") == list(G.nodes[concept]["aliases"])
    command = (folder / "import.sh").read_text("utf-8")
    assert command.startswith("neo4j-admin database import full") and "--nodes=" in command
