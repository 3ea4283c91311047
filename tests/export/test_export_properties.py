"""Property tests (hypothesis): graphs with arbitrary ids, labels and aliases (control characters,
CJK, emoji, quotes, backslashes; no lone surrogates) read back from every export format.

GraphML and GEXF are XML 1.0, which cannot hold most control characters: those become U+FFFD
(:func:`graph.export.common.xml_text`); everything else reads back exactly.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from helpers import HOSTILE_LABELS, cypher_literals
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import ExportError
from graph.export import EXPORTERS, LIST_SEPARATOR
from graph.export.common import xml_text
from graph.export.neo4jcsv import ARRAY_DELIMITER

FEW = settings(max_examples=40, deadline=None, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
CHARS = st.characters(exclude_categories=("Cs",))
TRICKY = st.text(st.sampled_from(list("'\"\\`\n\r\t$*/{}<>&;| 中文条件😀🔥\x00\x01\x1f\x7f\x85\u2028\ufeff")), max_size=20)
LABEL = st.one_of(st.text(CHARS, max_size=30), TRICKY, st.sampled_from(HOSTILE_LABELS))
NODE = st.fixed_dictionaries({
    "kind": st.sampled_from(["concept", "article", "section", "hub"]),
    "label": LABEL,
    "aliases": st.lists(LABEL, max_size=3),
    "pagerank": st.floats(0, 1),
})  # fmt: skip
GRAPHS = st.dictionaries(st.one_of(st.text(CHARS, min_size=1, max_size=20), TRICKY.filter(bool)), NODE,
                         min_size=1, max_size=6)  # fmt: skip
EDGE_KINDS = ("mentions", "links_to", "relation")


def make_graph(nodes: dict) -> nx.DiGraph:
    G = nx.DiGraph(workspace="")
    for node, attrs in nodes.items():
        G.add_node(node, **attrs)
    for i, (a, b) in enumerate(itertools.pairwise(nodes)):
        G.add_edge(a, b, kind=EDGE_KINDS[i % 3], text=G.nodes[a]["label"], weight=i)
    return G


def _xml_ids_collide(G: nx.DiGraph) -> bool:
    return len({xml_text(n) for n in G}) < len(G)


@FEW
@given(GRAPHS)
def test_graphml_and_gexf_read_back_with_networkx(nodes):
    G = make_graph(nodes)
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        if _xml_ids_collide(G):
            with pytest.raises(ExportError):
                EXPORTERS[fmt].to(G)
            continue
        data = EXPORTERS[fmt].to(G)
        H = read(io.BytesIO(data if isinstance(data, bytes) else data.encode("utf-8")))
        assert set(H) == {xml_text(n) for n in G}, fmt
        assert set(H.edges) == {(xml_text(u), xml_text(v)) for u, v in G.edges}, fmt
        for n, d in G.nodes(data=True):
            got = H.nodes[xml_text(n)]
            assert got["kind"] == d["kind"], fmt
            assert got.get("label", "") == xml_text(d["label"]), (fmt, n)
            assert got.get("aliases", "") == xml_text(LIST_SEPARATOR.join(d["aliases"])), (fmt, n)
        for u, v, d in G.edges(data=True):
            assert H.edges[xml_text(u), xml_text(v)]["text"] == xml_text(d["text"]), fmt


@FEW
@given(GRAPHS)
def test_node_link_json_reads_back_exactly(nodes):
    G = make_graph(nodes)
    H = nx.node_link_graph(json.loads(EXPORTERS["json"].to(G)), edges="links")
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(data="text")) == sorted(G.edges(data="text"))


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@FEW
@given(GRAPHS, st.booleans())
def test_csv_and_neo4j_csv_read_back_with_the_csv_module(nodes, bom):
    G = make_graph(nodes)
    with zipfile.ZipFile(io.BytesIO(EXPORTERS["csv"].to(G, bom=bom))) as archive:
        rows = _csv_rows(archive.read("nodes.csv"))
        edges = _csv_rows(archive.read("edges.csv"))
    assert {r["id"]: (r["label"], r["aliases"]) for r in rows} == {
        n: (d["label"], LIST_SEPARATOR.join(d["aliases"])) for n, d in G.nodes(data=True)
    }
    assert {(r["source"], r["target"]): r["text"] for r in edges} == {(u, v): t for u, v, t in G.edges(data="text")}
    with zipfile.ZipFile(io.BytesIO(EXPORTERS["neo4j-csv"].to(G))) as archive:
        names = archive.namelist()
        found = {}
        for name in (n for n in names if n.startswith("nodes_")):
            for r in _csv_rows(archive.read(name)):
                found[r["id:ID"]] = r
    assert set(found) == set(G)
    for n, d in G.nodes(data=True):
        assert found[n]["label:string"] == d["label"]
        if not any(ARRAY_DELIMITER in a for a in d["aliases"]):  # the import tool splits at ;
            cell = found[n]["aliases:string[]"]
            assert cell == ARRAY_DELIMITER.join(d["aliases"]) and len(cell.split(ARRAY_DELIMITER)) == max(len(d["aliases"]), 1)


@FEW
@given(GRAPHS)
def test_every_cypher_string_literal_parses_back(nodes):
    G = make_graph(nodes)
    literals = cypher_literals(EXPORTERS["cypher"].to(G))
    for n, d in G.nodes(data=True):
        assert str(n) in literals and d["label"] in literals
        for alias in d["aliases"]:
            assert alias in literals


_DATA = re.compile(r'<script type="application/json" id="graph-data">(.*?)</script>', re.S)


@FEW
@given(GRAPHS)
def test_the_html_page_holds_the_map_as_json_no_text_can_close(nodes):
    G = make_graph(nodes)
    page = EXPORTERS["html"].to(G)
    (blob,) = _DATA.findall(page)
    assert "<" not in blob and ">" not in blob and "&" not in blob
    data = json.loads(blob)
    assert [(n["name"], n["aliases"]) for n in data["nodes"]] == [
        (" ".join(d["label"].split()) or " ".join(n.split()) or n, [a for a in d["aliases"] if a])
        for n, d in G.nodes(data=True)
    ]


@settings(FEW, max_examples=8)
@given(nodes=GRAPHS)
def test_the_graph_database_holds_every_label(nodes, tmp_path_factory):
    import ladybug

    G = make_graph(nodes)
    folder = EXPORTERS["graphdb"].write(G, Path(tmp_path_factory.mktemp("gdb")) / "db")
    db = ladybug.Database(str(folder / "graph.lbug"), read_only=True, buffer_pool_size=32 * 1024 * 1024)
    try:
        with ladybug.Connection(db) as conn:
            rows = conn.execute("MATCH (n) RETURN n.id, n.label, n.aliases").get_all()
            count = conn.execute("MATCH ()-[r]->() RETURN count(*)").get_all()[0][0]
    finally:
        db.close()
    assert {r[0]: (r[1], r[2]) for r in rows} == {n: (d["label"], d["aliases"]) for n, d in G.nodes(data=True)}
    assert count == G.number_of_edges()
